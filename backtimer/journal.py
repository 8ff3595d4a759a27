"""Session logs on disk (interface stub; the session-log issue fills it in).

:class:`Journal` subscribes to a :class:`~backtimer.session.Session` and writes
its log atomically after every event. The TUI creates it through
:func:`open_journal` so the App does not depend on how logs are written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from backtimer.session import Session


class Journal:
    """Keeps one session's log file up to date (stub: writes nothing yet)."""

    def __init__(
        self,
        session: Session,
        directory: Path,
        *,
        on_warning: Callable[[str], None] | None = None,
        path: Path | None = None,
    ) -> None:
        self.session = session
        self.directory = directory
        self.on_warning = on_warning or (lambda message: None)
        self.path = path or directory / "session.toml"


def open_journal(
    session: Session,
    directory: Path,
    *,
    on_warning: Callable[[str], None] | None = None,
) -> Journal:
    """Start logging ``session`` into ``directory``."""
    return Journal(session, directory, on_warning=on_warning)
