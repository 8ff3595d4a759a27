"""``backtimer history``: a small App over the review screens.

``HistoryApp(directory, routine=None, today=None)`` loads the session summaries
(through the history index, so thousands of logs open at once) and shows
:class:`~backtimer.tui.screens.history.HistoryScreen`. ``today`` is injectable
so the streak is reproducible in tests.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from textual.app import App

from backtimer.engine import E1rm
from backtimer.logs import History, load_history
from backtimer.tui import terminal
from backtimer.tui.screens.history import HistoryScreen


class HistoryApp(App[None]):
    """Review past sessions."""

    CSS_PATH = "history_app.tcss"
    TITLE = "backtimer history"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(
        self,
        directory: Path,
        *,
        routine: str | None = None,
        today: date | None = None,
        history: History | None = None,
        formula: E1rm = E1rm.EPLEY,
    ) -> None:
        super().__init__()
        self.directory = directory
        self.routine = routine
        self.today = today or datetime.now(UTC).astimezone().date()
        self.history = history or load_history(directory)
        #: The estimated one-rep-max formula of records and trends (config ``e1rm``).
        self.formula = formula

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Run full screen; without a terminal (a pipe, a closed stdin) refuse instead.

        Raises:
            BacktimerError: stdin, stdout or stderr is not a terminal (not when headless).
        """
        if not kwargs.get("headless"):
            terminal.require_terminal(
                "The history review is a full-screen view",
                "To print past sessions, run `backtimer history --plain` (or --json).",
            )
        with terminal.drawing_in_cells():
            return super().run(*args, **kwargs)

    def on_mount(self) -> None:
        self.push_screen(
            HistoryScreen(
                self.history, routine=self.routine, today=self.today, formula=self.formula
            )
        )
