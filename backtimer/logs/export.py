"""Export every logged set: our own CSV, the Strong app's CSV layout, or JSON.

The ``strong`` layout follows the CSV the Strong app exports (and other apps
import)::

    Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,
    Notes,Workout Notes,RPE   (one line in the file)

with ``Date`` as ``YYYY-MM-DD HH:MM:SS`` (the session's start, local to where it
was logged), ``Duration`` like ``1h 5m`` / ``42m`` (the workout's length), one
row per set and ``Set Order`` counting from 1 per exercise within a workout;
``Notes`` holds the notes about the set's exercise, ``Workout Notes`` the session's.
Only sets that were done are exported, a timed set cut short with the seconds it
actually ran (skipped and stopped sets are not).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from backtimer.formatting import format_number
from backtimer.logs.logfile import LogData, LogError, check_totals, read_log, scan_logs


class ExportFormat(StrEnum):
    """What ``backtimer export --format`` writes."""

    CSV = "csv"  # one column per field
    STRONG = "strong"  # the Strong app's CSV layout, which other apps import
    JSON = "json"  # an array of the same fields as csv


CSV_COLUMNS = (
    "date",
    "routine",
    "exercise",
    "kind",
    "set_number",
    "side",
    "reps",
    "weight",
    "unit",
    "rpe",
    "seconds",
    "entered",
    "log",
)
STRONG_COLUMNS = (
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
)


@dataclass
class Logs:
    """The readable logs, oldest first, and a warning per unreadable one."""

    logs: list[LogData]
    warnings: list[str]


def read_all(directory: Path, *, missing_ok: bool = True) -> Logs:
    """Read every log in ``directory``, oldest first.

    Args:
        missing_ok: Whether a missing folder means no logs (see :func:`scan_logs`).

    Raises:
        FolderError: When the folder cannot be listed; never an empty result then.
    """
    logs: list[LogData] = []
    warnings: list[str] = []
    for entry in scan_logs(directory, missing_ok=missing_ok):
        try:
            log = read_log(Path(entry.path))
            check_totals(log)
        except LogError as error:
            warnings.append(f"skipped {error.message}")
        else:
            logs.append(log)
    logs.sort(key=lambda log: (log.started, (log.path.name if log.path is not None else "")))
    return Logs(logs, warnings)


def strong_duration(seconds: float) -> str:
    """``1h 5m``, ``42m``, ``0m`` (what Strong writes in its Duration column)."""
    minutes = int(round(seconds) // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def set_rows(logs: Iterable[LogData]) -> Iterator[dict[str, object]]:
    """One dict per done set, oldest session first (the JSON export)."""
    for log in logs:
        for r in log.records:
            if not r.is_set or not r.performed:  # cut short: done, with its actual seconds
                continue
            yield {
                "date": log.started.isoformat(),
                "routine": log.routine_name,
                "exercise": r.exercise or r.name,
                "kind": str(r.kind),
                "set_number": r.set_number,
                "side": r.side,
                "reps": r.reps,
                "weight": r.weight,
                "unit": r.unit or log.unit,
                "rpe": r.rpe,
                "seconds": round(r.actual, 1),
                "entered": r.entered,
                "log": (log.path.name if log.path is not None else ""),
            }


def to_csv(logs: Iterable[LogData]) -> str:
    """Our own CSV: every column of :data:`CSV_COLUMNS`, empty when absent."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in set_rows(logs):
        cells = []
        for column in CSV_COLUMNS:
            value = row[column]
            if value is None:
                cells.append("")
            elif isinstance(value, bool):
                cells.append("yes" if value else "no")
            elif isinstance(value, float):
                cells.append(format_number(value))
            else:
                cells.append(str(value))
        writer.writerow(cells)
    return out.getvalue()


def to_strong(logs: Iterable[LogData]) -> str:
    """The Strong app's CSV layout (see the module docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STRONG_COLUMNS)
    for log in logs:
        order: Counter[str] = Counter()
        duration = strong_duration(log.active_seconds + log.paused_seconds)
        for r in log.records:
            if not r.is_set or not r.performed:  # cut short: done, with its actual seconds
                continue
            exercise = r.exercise or r.name
            order[exercise] += 1
            timed = r.planned is not None
            writer.writerow(
                [
                    log.started.strftime("%Y-%m-%d %H:%M:%S"),
                    log.routine_name,
                    duration,
                    exercise,
                    order[exercise],
                    format_number(r.weight) or "0",
                    str(r.reps) if r.reps is not None else "0",
                    "0",
                    f"{round(r.actual)}" if timed else "0",
                    log.exercise_notes.get(exercise, ""),
                    log.notes,
                    format_number(r.rpe),
                ]
            )
    return out.getvalue()


def to_json(logs: Iterable[LogData]) -> str:
    """Every done set as a JSON array."""
    return json.dumps(list(set_rows(logs)), indent=2, ensure_ascii=False) + "\n"


def export(logs: Iterable[LogData], fmt: ExportFormat) -> str:
    """The text of an export in ``fmt``."""
    writers: dict[ExportFormat, Callable[[Iterable[LogData]], str]] = {
        ExportFormat.CSV: to_csv,
        ExportFormat.STRONG: to_strong,
        ExportFormat.JSON: to_json,
    }
    return writers[fmt](logs)
