"""Past sessions: one summary row per log, read through a cache, and aggregates.

Reading thousands of TOML logs on every ``backtimer history`` would be slow, so
:func:`load_history` keeps an index, ``.history-index.json`` in the log folder,
with each log's summary row keyed by file name, ``mtime_ns`` and size. Only new
or changed logs are parsed again. The index is never trusted: a checksum covers
its entries (a damaged index is rebuilt from the logs) and each entry is checked
before use (a bad one is read again from its log). It is written atomically and
a failure to write it is harmless.

A log that cannot be read becomes a warning naming the file; it never hides the
others.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from backtimer.engine import Status
from backtimer.formatting import format_hm, format_weight, printable
from backtimer.logs.atomic import atomic_write
from backtimer.logs.lock import lock_owner
from backtimer.logs.logfile import (
    LogData,
    LogError,
    check_totals,
    is_index_int,
    is_index_number,
    read_limited,
    read_log,
    scan_logs,
)

INDEX_NAME = ".history-index.json"
INDEX_VERSION = 3  # 2: a checksum of the entries, each entry checked; 3: import source


def epley(weight: float, reps: int) -> float:
    """Estimated one-rep max (Epley): ``weight × (1 + reps / 30)``; one rep is the weight."""
    if reps <= 0 or weight <= 0:
        return 0.0
    if reps == 1:
        return float(weight)
    return weight * (1 + reps / 30)


@dataclass
class ExerciseDay:
    """One exercise in one session: its done sets, volume and best set."""

    sets: int = 0
    volume: float = 0.0
    best_weight: float = 0.0
    best_reps: int = 0
    best_1rm: float = 0.0


@dataclass
class SessionRow:
    """The summary of one session log (what the sessions table shows)."""

    file: str
    started: str  # ISO 8601 with offset
    routine: str
    status: Status
    active_seconds: float
    paused_seconds: float
    steps_done: int
    steps_planned: int
    sets: int
    volume: float
    unit: str
    notes: str = ""
    exercises: dict[str, ExerciseDay] = field(default_factory=dict)
    #: The log's ``[import]`` table: the app it came from, its source key and the
    #: import that wrote it (all ``""`` for a session run here).
    source: str = ""
    source_key: str = ""
    import_id: str = ""

    @property
    def when(self) -> datetime:
        """The start as an aware datetime."""
        return datetime.fromisoformat(self.started)

    @property
    def completed_percent(self) -> int:
        """The share of planned steps done, 0..100."""
        if not self.steps_planned:
            return 0
        return round(100 * self.steps_done / self.steps_planned)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SessionRow:
        """The inverse of :meth:`to_json`."""
        data = dict(data)
        data["status"] = Status(str(data.get("status")))
        data["exercises"] = {k: ExerciseDay(**v) for k, v in data.get("exercises", {}).items()}
        return cls(**data)


def summarize_log(log: LogData) -> SessionRow:
    """The summary row of a log read from disk."""
    exercises: dict[str, ExerciseDay] = {}
    sets = 0
    volume = 0.0
    for record in log.records:
        if not record.is_set or not record.performed:  # a set cut short was done
            continue
        sets += 1
        volume += record.volume
        day = exercises.setdefault(record.exercise or record.name, ExerciseDay())
        day.sets += 1
        day.volume += record.volume
        reps, weight = record.reps or 0, record.weight or 0.0
        one_rm = epley(weight, reps)
        if (one_rm, weight, reps) > (day.best_1rm, day.best_weight, day.best_reps):
            day.best_1rm, day.best_weight, day.best_reps = round(one_rm, 2), weight, reps
    return SessionRow(
        file=(log.path.name if log.path is not None else ""),
        started=log.started.isoformat(),
        routine=log.routine_name,
        status=log.status,
        active_seconds=log.active_seconds,
        paused_seconds=log.paused_seconds,
        steps_done=sum(1 for r in log.records if r.performed),
        steps_planned=log.steps_planned,
        sets=sets,
        volume=volume,
        unit=log.unit,
        notes=log.notes,
        exercises=exercises,
        source=log.source,
        source_key=log.source_key,
        import_id=log.import_id,
    )


@dataclass
class History:
    """Every readable session, newest first, and a warning per unreadable log.

    A warning is ``"FILE NAME: why"``; the file is in :attr:`directory`.
    """

    directory: Path
    rows: list[SessionRow]
    warnings: list[str] = field(default_factory=list)

    def routines(self) -> list[str]:
        """The routine names found, sorted."""
        return sorted({r.routine for r in self.rows})

    def filter(self, routine: str | None) -> list[SessionRow]:
        """The rows of one routine (all rows for ``None`` or "")."""
        if not routine:
            return list(self.rows)
        return [r for r in self.rows if r.routine == routine]


#: The largest index read (a row is well under 1 KB: room for 100,000 logs).
MAX_INDEX_BYTES = 128 * 1024 * 1024


def _files_text(files: object) -> str:
    return json.dumps(files, separators=(",", ":"))


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _load_index(path: Path) -> dict[str, Any]:
    """The index's entries, or none when it is missing or damaged in any way.

    Its checksum covers the entries, so a byte changed anywhere (a bad disk, a stray
    edit) makes the whole index count as missing; it is then rebuilt from the logs.
    """
    try:
        data = json.loads(read_limited(path, MAX_INDEX_BYTES))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
        return {}
    files = data.get("files")
    if not isinstance(files, dict) or data.get("sha256") != _checksum(_files_text(files)):
        return {}
    return files


_DAY_FIELDS = {
    "sets": is_index_int,
    "volume": is_index_number,
    "best_weight": is_index_number,
    "best_reps": is_index_int,
    "best_1rm": is_index_number,
}
_ROW_FIELDS = {
    "file": lambda v: isinstance(v, str),
    "started": lambda v: isinstance(v, str),
    "routine": lambda v: isinstance(v, str),
    "status": lambda v: isinstance(v, str),
    "active_seconds": is_index_number,
    "paused_seconds": is_index_number,
    "steps_done": is_index_int,
    "steps_planned": is_index_int,
    "sets": is_index_int,
    "volume": is_index_number,
    "unit": lambda v: isinstance(v, str),
    "notes": lambda v: isinstance(v, str),
    "exercises": lambda v: isinstance(v, dict),
    "source": lambda v: isinstance(v, str),
    "source_key": lambda v: isinstance(v, str),
    "import_id": lambda v: isinstance(v, str),
}
_FLOATS = {"active_seconds", "paused_seconds", "volume", "best_weight", "best_1rm"}


def _fields(data: object, checks: dict[str, Any]) -> dict[str, Any] | None:
    """``data`` when it has exactly the fields of ``checks``, each of the right type."""
    if not isinstance(data, dict) or set(data) != set(checks):
        return None
    if not all(check(data[key]) for key, check in checks.items()):
        return None
    return {k: float(v) if k in _FLOATS else v for k, v in data.items()}


def _row_from_index(name: str, data: object) -> SessionRow | None:
    """The row an index entry holds for log ``name``, or None if it is not a good one."""
    fields = _fields(data, _ROW_FIELDS)
    if fields is None or fields["file"] != name:
        return None
    try:
        when = datetime.fromisoformat(fields["started"])
        status = Status(fields["status"])
        when.isocalendar()
    except (ValueError, OverflowError):
        return None
    if when.tzinfo is None:
        return None
    exercises = {}
    for exercise, day in fields["exercises"].items():
        checked = _fields(day, _DAY_FIELDS)
        if checked is None:
            return None
        exercises[exercise] = ExerciseDay(**checked)
    return SessionRow(**{**fields, "status": status, "exercises": exercises})


def _entry(name: str, cached: object, key: list[int]) -> SessionRow | str | None:
    """What a good index entry for ``name`` says (a row or a warning), or None."""
    if not isinstance(cached, list) or len(cached) != 3 or cached[:2] != key:
        return None
    if not all(is_index_int(k) for k in cached[:2]):
        return None
    item = cached[2]
    if not isinstance(item, dict) or len(item) != 1:
        return None
    if "row" in item:
        return _row_from_index(name, item["row"])
    error = item.get("error")
    if isinstance(error, str) and error.startswith(f"{name}: "):
        return error
    return None


def _summary(path: Path) -> SessionRow | str:
    """The summary row of the log at ``path``, or a warning naming it."""
    try:
        log = read_log(path)
        check_totals(log)
        return summarize_log(log)
    except LogError as error:
        return f"{path.name}: {error.reason}"


def load_history(
    directory: Path,
    *,
    use_index: bool = True,
    missing_ok: bool = True,
    fresh: Mapping[str, LogData] | None = None,
) -> History:
    """Read every ``*.toml`` log in ``directory``.

    Args:
        use_index: Read and write the index (``False`` reads every log).
        missing_ok: Whether a missing folder means no sessions (the default folder
            before the first session) or an error (a folder the user named).
        fresh: Logs this process has just written, by file name (an import): their
            rows are made from these, not by parsing the files again.

    Raises:
        FolderError: When the folder cannot be listed (see :func:`scan_logs`).
    """
    entries = scan_logs(directory, missing_ok=missing_ok)
    index_path = directory / INDEX_NAME
    old = _load_index(index_path) if use_index else {}
    new: dict[str, list[Any]] = {}
    rows: list[SessionRow] = []
    warnings: list[str] = []
    changed = False
    for entry in entries:
        try:
            st = entry.stat()
        except OSError as error:
            if entry.is_symlink():  # a link to nothing, or to itself: say so
                warnings.append(f"{entry.name}: cannot read it: {error.strerror or error}")
            continue  # else: removed while we looked
        key = [st.st_mtime_ns, st.st_size]
        found = _entry(entry.name, old.get(entry.name), key)
        if found is None:
            changed = True
            written = fresh.get(entry.name) if fresh else None
            found = summarize_log(written) if written is not None else _summary(Path(entry.path))
        if isinstance(found, SessionRow):
            rows.append(found)
            new[entry.name] = [*key, {"row": found.to_json()}]
        else:
            warnings.append(found)
            new[entry.name] = [*key, {"error": found}]
    if use_index and (changed or set(old) != set(new)) and directory.is_dir():
        files = _files_text(new)
        data = f'{{"version":{INDEX_VERSION},"sha256":"{_checksum(files)}","files":{files}}}'
        # A read-only folder: the index is only a speed-up, history still works.
        with contextlib.suppress(OSError):
            atomic_write(index_path, data.encode("utf-8"))
    rows.sort(key=lambda r: (r.when, r.file), reverse=True)
    warnings.sort()
    return History(directory, rows, warnings)


# -- aggregates ------------------------------------------------------------------


@dataclass
class Week:
    """One ISO week: how many sessions and how much time (active + paused)."""

    year: int
    week: int
    sessions: int
    completed: int
    seconds: float

    @property
    def label(self) -> str:
        """``2026-W48``."""
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        """The week's Monday."""
        return date.fromisocalendar(self.year, self.week, 1)


def weekly(rows: list[SessionRow]) -> list[Week]:
    """Sessions and total time per ISO week, newest first (weeks without sessions left out)."""
    weeks: dict[tuple[int, int], Week] = {}
    for row in rows:
        year, week, _ = row.when.isocalendar()
        w = weeks.setdefault((year, week), Week(year, week, 0, 0, 0.0))
        w.sessions += 1
        w.completed += row.status is Status.COMPLETED
        w.seconds += row.active_seconds + row.paused_seconds
    return [weeks[k] for k in sorted(weeks, reverse=True)]


def streak(rows: list[SessionRow], today: date) -> int:
    """The current streak: consecutive ISO weeks with at least one completed session.

    It counts back from this week; a week still under way without a session yet
    does not break it (the streak then counts from last week).
    """
    done = {row.when.isocalendar()[:2] for row in rows if row.status is Status.COMPLETED}
    monday = today - timedelta(days=today.weekday())
    if monday.isocalendar()[:2] not in done:
        monday -= timedelta(weeks=1)
    count = 0
    while monday.isocalendar()[:2] in done:
        count += 1
        monday -= timedelta(weeks=1)
    return count


PLAIN_COLUMNS = ("date", "routine", "status", "duration", "completed", "sets", "volume")


def plain_cells(row: SessionRow) -> list[str]:
    """The sessions-table cells of a row, as plain text (what came from a log, escaped)."""
    local = row.when
    return [
        local.strftime("%Y-%m-%d %H:%M"),
        printable(row.routine),
        row.status,
        format_hm(row.active_seconds),
        f"{row.completed_percent}%",
        str(row.sets),
        format_weight(row.volume, row.unit),
    ]


def newest_in_progress(history: History, *, since: datetime | None = None) -> SessionRow | None:
    """The newest interrupted session (status in progress), optionally only after ``since``.

    A session still running in another process is in progress too, but not
    interrupted: it is passed over (see :func:`running_elsewhere`).
    """
    for row in history.rows:
        recent = since is None or row.when >= since
        if row.status is Status.IN_PROGRESS and recent and not _is_live(history, row):
            return row
    return None


def _is_live(history: History, row: SessionRow) -> bool:
    return lock_owner(history.directory / row.file) is not None


def running_elsewhere(history: History) -> tuple[SessionRow, int] | None:
    """The newest session whose log a live process owns, with that process's pid."""
    for row in history.rows:
        if row.status is Status.IN_PROGRESS:
            pid = lock_owner(history.directory / row.file)
            if pid is not None:
                return row, pid
    return None


#: How recent an interrupted session must be for the picker to offer it.
RECENT_HOURS = 12


def recent_interrupted(directory: Path, now: datetime) -> SessionRow | None:
    """The newest session still in progress that started in the last 12 hours."""
    since = now - timedelta(hours=RECENT_HOURS)
    return newest_in_progress(load_history(directory), since=since)
