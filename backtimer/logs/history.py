"""Past sessions: one summary row per log, read through a cache, and aggregates.

Reading thousands of TOML logs on every ``backtimer history`` would be slow, so
:func:`load_history` keeps an index, ``.history-index.json`` in the log folder,
with each log's summary row keyed by file name, ``mtime_ns`` and size. Only new
or changed logs are parsed again; a missing or corrupt index is rebuilt; the
index is written atomically and a failure to write it is harmless.

A log that cannot be read becomes a warning naming the file; it never hides the
others.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from backtimer.engine import Outcome, Status
from backtimer.errors import BacktimerError
from backtimer.formatting import format_hm, format_weight
from backtimer.logs.atomic import atomic_write
from backtimer.logs.lock import lock_owner
from backtimer.logs.logfile import LogData, LogError, read_log

INDEX_NAME = ".history-index.json"
INDEX_VERSION = 1


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
        if not record.is_set or record.outcome is not Outcome.DONE:
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
        steps_done=sum(1 for r in log.records if r.outcome is Outcome.DONE),
        steps_planned=log.steps_planned,
        sets=sets,
        volume=volume,
        unit=log.unit,
        notes=log.notes,
        exercises=exercises,
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


def _load_index(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def load_history(directory: Path, *, use_index: bool = True) -> History:
    """Read every ``*.toml`` log in ``directory`` (missing folder: no sessions)."""
    index_path = directory / INDEX_NAME
    old = _load_index(index_path) if use_index else {}
    new: dict[str, list[Any]] = {}
    rows: list[SessionRow] = []
    warnings: list[str] = []
    changed = False
    try:
        entries = [e for e in os.scandir(directory) if e.name.endswith(".toml")]
    except FileNotFoundError:
        entries = []
    except OSError as error:
        raise BacktimerError(
            "Cannot read session logs", f"{directory}: {error.strerror or error}"
        ) from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            st = entry.stat()
        except OSError:
            continue  # removed while we looked
        key = [st.st_mtime_ns, st.st_size]
        cached = old.get(entry.name)
        item: dict[str, Any] | None = None
        if cached and isinstance(cached, list) and len(cached) == 3 and cached[:2] == key:
            item = cached[2]
        if not isinstance(item, dict):
            changed = True
            try:
                item = {"row": summarize_log(read_log(Path(entry.path))).to_json()}
            except LogError as error:
                item = {"error": f"{entry.name}: {error.reason}"}
        new[entry.name] = [*key, item]
        if "row" in item:
            try:
                rows.append(SessionRow.from_json(item["row"]))
            except (TypeError, ValueError):
                changed = True
                new.pop(entry.name)
        else:
            warnings.append(str(item.get("error", entry.name)))
    if use_index and (changed or set(old) != set(new)) and directory.is_dir():
        data = json.dumps({"version": INDEX_VERSION, "files": new}, separators=(",", ":"))
        # A read-only folder: the index is only a speed-up, history still works.
        with contextlib.suppress(OSError):
            atomic_write(index_path, data.encode("utf-8"))
    rows.sort(key=lambda r: (r.when, r.file), reverse=True)
    warnings.sort()
    return History(directory, rows, warnings)


# -- aggregates ------------------------------------------------------------------


@dataclass
class ExercisePoint:
    """One session of one exercise, in time order."""

    when: datetime
    file: str
    sets: int
    volume: float
    best_weight: float
    best_reps: int
    best_1rm: float
    record: bool  # a new best estimated 1RM was set in this session


@dataclass
class ExerciseStats:
    """An exercise over time."""

    name: str
    unit: str
    points: list[ExercisePoint]

    @property
    def best(self) -> ExercisePoint:
        """The session with the best set (highest estimated 1RM)."""
        return max(self.points, key=lambda p: (p.best_1rm, p.best_weight, p.best_reps))

    @property
    def volumes(self) -> list[float]:
        """Volume per session, oldest first (for a sparkline)."""
        return [p.volume for p in self.points]


def exercise_stats(rows: list[SessionRow]) -> list[ExerciseStats]:
    """Per exercise: every session in time order, with personal records marked."""
    by_name: dict[str, list[tuple[SessionRow, ExerciseDay]]] = defaultdict(list)
    for row in rows:
        for name, day in row.exercises.items():
            by_name[name].append((row, day))
    stats = []
    for name in sorted(by_name):
        pairs = sorted(by_name[name], key=lambda p: (p[0].when, p[0].file))
        best = 0.0
        points = []
        for row, day in pairs:
            record = day.best_1rm > best
            best = max(best, day.best_1rm)
            points.append(
                ExercisePoint(
                    row.when,
                    row.file,
                    day.sets,
                    day.volume,
                    day.best_weight,
                    day.best_reps,
                    day.best_1rm,
                    record,
                )
            )
        stats.append(ExerciseStats(name, pairs[-1][0].unit, points))
    return stats


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
    """The sessions-table cells of a row, as plain text."""
    local = row.when
    return [
        local.strftime("%Y-%m-%d %H:%M"),
        row.routine,
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
