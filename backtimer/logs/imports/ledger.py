"""Past imports: their ids, ``import --list`` and ``import --undo ID``.

The logs are the truth: each imported log names its import in its ``[import]`` table,
and the history index (:mod:`backtimer.logs.history`) keeps that id per log, so listing
the imports or finding one's logs parses no log. A small ledger, ``.imports.json`` in
the log folder, adds what the logs do not hold: when each import ran and the names of
its files. Losing it loses only those (``--list`` then shows the time from the id); a
damaged one is ignored.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from backtimer.errors import BacktimerError
from backtimer.formatting import printable
from backtimer.logs.atomic import atomic_write, check_writable
from backtimer.logs.history import SessionRow
from backtimer.logs.lock import LogInUse, lock_owner
from backtimer.logs.logfile import LogError, read_limited, read_log

LEDGER_NAME = ".imports.json"
#: The lock one import holds from reading what is in the folder to writing its logs.
LOCK_NAME = ".import.lock"
#: How long an import waits for another one in the same folder before it gives up.
LOCK_WAIT = 30.0
LEDGER_VERSION = 1
#: How an import id starts: the local time it ran, sortable as text.
ID_FORMAT = "%Y%m%d-%H%M%S"
MAX_LEDGER_BYTES = 16 * 1024 * 1024


@contextlib.contextmanager
def import_lock(directory: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the folder's import lock (made with the folder if needed): two imports at once
    into one folder would each see the other's workouts as new and write them twice.

    Waits up to ``wait`` seconds (:data:`LOCK_WAIT`) for another import to finish, never
    longer.

    Raises:
        BacktimerError: another import still holds it, or the folder cannot be written.
    """
    wait = LOCK_WAIT if wait is None else wait
    check_writable(directory)  # made if missing; else says why it cannot be written
    try:
        fd = os.open(directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise BacktimerError(
            "Cannot import into this folder", f"{printable(str(directory))}: {error.strerror}"
        ) from None
    try:
        end = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= end:
                    raise BacktimerError(
                        "Another import is running",
                        f"into {printable(str(directory))}; try again when it has finished.",
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # and with it the lock


def new_import_id(now: datetime, taken: Iterable[str]) -> str:
    """A short id that sorts by time and is unique among ``taken``:
    ``20261204-164012``, then ``20261204-164012-002`` and so on (sorted as text, the
    imports of one second stay in order)."""
    base = now.strftime(ID_FORMAT)
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n:03d}" in used:
        n += 1
    return f"{base}-{n:03d}"


def id_time(import_id: str) -> datetime | None:
    """When an import ran, read from its id (``None`` if it is not of that form)."""
    try:
        return datetime.strptime(import_id[: len("20261204-164012")], ID_FORMAT).astimezone()
    except ValueError:
        return None


# -- the ledger --------------------------------------------------------------------


def read_ledger(directory: Path) -> dict[str, dict[str, Any]]:
    """The ledger's entries by import id; none when it is missing or damaged."""
    try:
        data = json.loads(read_limited(directory / LEDGER_NAME, MAX_LEDGER_BYTES))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("version") != LEDGER_VERSION:
        return {}
    imports = data.get("imports")
    if not isinstance(imports, dict):
        return {}
    return {k: v for k, v in imports.items() if isinstance(v, dict)}


def _write_ledger(directory: Path, imports: dict[str, dict[str, Any]]) -> None:
    text = json.dumps({"version": LEDGER_VERSION, "imports": imports}, indent=1)
    with contextlib.suppress(OSError):  # only names and times are lost: the logs hold the rest
        atomic_write(directory / LEDGER_NAME, text.encode("utf-8"))


def record_import(
    directory: Path, import_id: str, when: datetime, files: Sequence[str], sessions: int
) -> None:
    """Note an import in the ledger (a failure to write it is harmless)."""
    imports = read_ledger(directory)
    imports[import_id] = {
        "when": when.isoformat(timespec="seconds"),
        "files": list(files),
        "sessions": sessions,
    }
    _write_ledger(directory, imports)


def forget_import(directory: Path, import_id: str) -> None:
    """Drop an import from the ledger (after its logs were removed)."""
    imports = read_ledger(directory)
    if imports.pop(import_id, None) is not None:
        _write_ledger(directory, imports)


# -- listing -------------------------------------------------------------------------


@dataclass
class PastImport:
    """One import, as its logs and the ledger tell it.

    Attributes:
        id: The import's id.
        when: When it ran (the ledger's time, else the id's).
        sources: The apps its logs came from.
        files: Its files' names (from the ledger; empty when it has none).
        sessions: Its logs in the folder now.
        first, last: Its oldest and newest session.
    """

    id: str
    when: datetime | None
    sources: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    sessions: int = 0
    first: datetime | None = None
    last: datetime | None = None


def past_imports(rows: Iterable[SessionRow], directory: Path) -> list[PastImport]:
    """Every import that has logs in the folder, oldest first."""
    ledger = read_ledger(directory)
    found: dict[str, PastImport] = {}
    sources: dict[str, Counter[str]] = {}
    for row in rows:
        if not row.import_id:
            continue
        item = found.get(row.import_id)
        if item is None:
            item = found[row.import_id] = PastImport(row.import_id, _when(row.import_id, ledger))
            files = ledger.get(row.import_id, {}).get("files")
            if isinstance(files, list):
                item.files = [str(f) for f in files]
            sources[row.import_id] = Counter()
        item.sessions += 1
        sources[row.import_id][row.source] += 1
        when = row.when
        item.first = when if item.first is None else min(item.first, when)
        item.last = when if item.last is None else max(item.last, when)
    for key, item in found.items():
        item.sources = [s for s, _ in sources[key].most_common() if s]
    return sorted(found.values(), key=lambda i: i.id)


def _when(import_id: str, ledger: dict[str, dict[str, Any]]) -> datetime | None:
    text = ledger.get(import_id, {}).get("when")
    if isinstance(text, str):
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(text)
    return id_time(import_id)


# -- undo ----------------------------------------------------------------------------


class UnknownImport(BacktimerError):
    """``--undo ID`` of an id no log in the folder has."""

    def __init__(self, import_id: str, known: Sequence[str]) -> None:
        shown = ", ".join(known[-20:]) if known else "(none: nothing was imported here)"
        more = f" (and {len(known) - 20} older)" if len(known) > 20 else ""
        super().__init__(
            f"No import called '{printable(import_id)}'",
            f"known imports: {shown}{more}.\nSee them with: backtimer import --list",
        )


def undo_import(import_id: str, rows: Iterable[SessionRow], directory: Path) -> list[str]:
    """Remove exactly the logs of import ``import_id``; their file names.

    Each log is read again before it is removed, and only one whose ``[import]`` id is
    ``import_id`` is. Nothing is removed when one of them belongs to a running session.

    Raises:
        UnknownImport: When no log has that id (the message lists the known ones).
        LogInUse: When a running session owns one of its logs.
    """
    rows = list(rows)
    names = sorted(r.file for r in rows if r.import_id == import_id)
    if not names:
        known = sorted({r.import_id for r in rows if r.import_id})
        raise UnknownImport(import_id, known)
    mine = []
    for name in names:
        path = directory / name
        try:
            log = read_log(path)
        except LogError:
            continue  # changed or gone since the index was written: not removed
        if log.import_id != import_id:
            continue
        pid = lock_owner(path)
        if pid is not None:
            raise LogInUse(path, pid if pid > 0 else None)
        mine.append(path)
    removed: list[str] = []
    for path in mine:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise BacktimerError(
                "Cannot remove an imported log",
                f"{path}: {error.strerror or error}. Removed {len(removed)} of {len(mine)} "
                "before it; run the same command again to remove the rest.",
            ) from None
        removed.append(path.name)
    forget_import(directory, import_id)
    return removed
