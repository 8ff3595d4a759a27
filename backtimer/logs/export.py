"""Export every logged set: our own CSV, the Strong or Hevy app's CSV layout, or JSON.

``docs/export.md`` shows every column. In short:

- ``strong`` follows the CSV the Strong app exports (and Hevy and other apps
  import): ``Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,
  Distance,Seconds,Notes,Workout Notes,RPE``, one row per set. ``Date`` is the
  session's start as the wall clock showed it where it was logged (its own UTC
  offset), ``YYYY-MM-DD HH:MM:SS``; ``Duration`` the workout's length rounded to
  the minute (``1h 5m``, ``42m``, at least ``1m``); ``Set Order`` counts the work
  sets of an exercise from 1, and marks a warm-up ``W``, a drop set ``D`` and a
  set to failure ``F``; a bodyweight set weighs ``0``.
- ``hevy`` follows the CSV Hevy exports: ``"title","start_time","end_time",
  "description","exercise_title","superset_id","exercise_notes","set_index",
  "set_type","weight_kg","reps","distance_km","duration_seconds","rpe"``
  (``weight_lbs`` and ``distance_miles`` in pounds), text quoted and numbers not,
  times like ``15 Sep 2025, 07:48``, notes with their line ends as the two
  characters ``\\n``; a bodyweight set has an empty weight.

Neither layout has a unit column, so their weights are all in the one unit asked
for, converted from the unit each set was logged in (1 lb = 0.45359237 kg) and
rounded to 0.01. Within a workout, the sets of one exercise are written together,
in the order the exercises were first done, as both apps list them. Only sets that
were done are exported, a timed set cut short with the seconds it actually ran
(skipped and stopped sets are not).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from backtimer.engine import StepKind, StepRecord
from backtimer.formatting import format_number
from backtimer.logs.logfile import LogData, LogError, check_totals, read_log, scan_logs
from backtimer.routine import Unit


class ExportFormat(StrEnum):
    """What ``backtimer export --format`` writes."""

    CSV = "csv"  # one column per field
    STRONG = "strong"  # the Strong app's CSV layout, which other apps import
    HEVY = "hevy"  # the Hevy app's CSV layout
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
#: Hevy's columns for a kg account; a lb account has ``weight_lbs`` and ``distance_miles``.
HEVY_COLUMNS = (
    "title",
    "start_time",
    "end_time",
    "description",
    "exercise_title",
    "superset_id",
    "exercise_notes",
    "set_index",
    "set_type",
    "weight_kg",
    "reps",
    "distance_km",
    "duration_seconds",
    "rpe",
)
#: One pound in kilograms (exactly, by definition).
KG_PER_LB = 0.45359237
#: Strong's ``Date`` column.
STRONG_DATE = "%Y-%m-%d %H:%M:%S"
#: Month names as Hevy writes them (never the machine's locale).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def hevy_columns(unit: Unit) -> tuple[str, ...]:
    """Hevy's header for an account in ``unit``."""
    if unit is Unit.KG:
        return HEVY_COLUMNS
    names = {"weight_kg": "weight_lbs", "distance_km": "distance_miles"}
    return tuple(names.get(c, c) for c in HEVY_COLUMNS)


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


# -- numbers, units, times -------------------------------------------------------


def convert_weight(weight: float, unit: Unit, to: Unit) -> float:
    """``weight`` (in ``unit``) in ``to``: converted and rounded to 0.01, else float noise
    removed (``74.99999999999999`` → 75; 1.125 stays)."""
    if unit is to:
        return round(weight, 3) + 0.0  # + 0.0: never -0.0
    factor = KG_PER_LB if unit is Unit.LB else 1 / KG_PER_LB
    return round(weight * factor, 2) + 0.0


def _decimal(value: float) -> str:
    """``40.0``, ``42.5``, ``61.23``: never an exponent, at most 3 decimals."""
    text = f"{value:.3f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _plain(value: float) -> str:
    """``40``, ``42.5``, ``61.23``: as :func:`_decimal`, without a bare ``.0``."""
    return _decimal(value).removesuffix(".0")


def _whole(seconds: float) -> int:
    """Seconds rounded half up to a whole number (never negative)."""
    return int(math.floor(max(seconds, 0.0) + 0.5))


def strong_duration(seconds: float) -> str:
    """A workout's length as Strong writes it: ``1h 5m``, ``42m``, rounded to the minute.

    Never ``0m``: an exported workout has sets, and Strong says ``1m`` for its shortest.
    """
    minutes = max(1, _whole(seconds / 60)) if math.isfinite(seconds) else 1
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def session_seconds(log: LogData) -> float:
    """How long the session lasted: its active and paused time; for a log without them
    (an import), from its start to its end, else the span of its steps."""
    seconds = log.active_seconds + log.paused_seconds
    if seconds > 0:
        return seconds
    if log.ended is not None and log.ended > log.started:
        return (log.ended - log.started).total_seconds()
    if log.records:
        return max(0.0, (max(r.ended for r in log.records) - log.started).total_seconds())
    return 0.0


def hevy_time(when: datetime) -> str:
    """``15 Sep 2025, 07:48``: the wall time ``when`` shows (day not zero-padded)."""
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}, {when:%H:%M}"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _one_line(text: str) -> str:
    """Notes as Hevy writes them: every line end as the two characters ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


# -- the workouts, exercise by exercise ----------------------------------------------


def done_sets(log: LogData) -> list[StepRecord]:
    """The sets of ``log`` that were done (or cut short), in the order they were done."""
    return [r for r in log.records if r.is_set and r.performed]


def exercise_blocks(log: LogData) -> list[tuple[str, list[StepRecord]]]:
    """The done sets of ``log`` by exercise, each exercise where it was first done."""
    blocks: dict[str, list[StepRecord]] = {}
    for r in done_sets(log):
        blocks.setdefault(r.exercise or r.name, []).append(r)
    return list(blocks.items())


def _weight(r: StepRecord, log: LogData, unit: Unit) -> float | None:
    if r.weight is None or not math.isfinite(r.weight):
        return None
    return convert_weight(r.weight, r.unit or log.unit, unit)


def _timed(r: StepRecord) -> bool:
    return r.planned is not None


def strong_set_order(sets: Iterable[StepRecord]) -> list[str]:
    """The ``Set Order`` of each of an exercise's sets: work sets ``1..n``, warm-ups ``W``,
    drop sets ``D`` and sets to failure ``F`` (which take no number, as in Strong)."""
    orders: list[str] = []
    n = 0
    for r in sets:
        if r.kind is StepKind.WARMUP_SET:
            orders.append("W")
        elif r.set_type == "drop":
            orders.append("D")
        elif r.set_type == "failure":
            orders.append("F")
        else:
            n += 1
            orders.append(str(n))
    return orders


def hevy_set_type(r: StepRecord) -> str:
    """``warmup``, ``dropset``, ``failure`` or ``normal``."""
    if r.kind is StepKind.WARMUP_SET:
        return "warmup"
    return {"drop": "dropset", "failure": "failure"}.get(r.set_type or "", "normal")


def superset_ids(blocks: Iterable[tuple[str, list[StepRecord]]]) -> dict[str, str]:
    """Each ``group`` of a workout as a Hevy superset id: a number as it is (an import
    from Hevy), any other name numbered from 0 in the order it first shows."""
    groups = list(dict.fromkeys(r.group for _, sets in blocks for r in sets if r.group))
    if all(g.isascii() and g.isdigit() for g in groups):
        return {g: str(int(g)) for g in groups}
    return {g: str(n) for n, g in enumerate(groups)}


# -- the formats --------------------------------------------------------------------


def set_rows(logs: Iterable[LogData]) -> Iterator[dict[str, object]]:
    """One dict per done set, oldest session first (the JSON export)."""
    for log in logs:
        for r in done_sets(log):  # cut short: done, with its actual seconds
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


def to_csv(logs: Iterable[LogData], unit: Unit = Unit.KG) -> str:
    """Our own CSV: every column of :data:`CSV_COLUMNS`, empty when absent.

    Weights stay in the unit each set was logged in (the ``unit`` column says
    which); ``unit`` is not used.
    """
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


def to_strong(logs: Iterable[LogData], unit: Unit = Unit.KG) -> str:
    """The Strong app's CSV layout (see the module docstring), weights in ``unit``.

    Text columns are quoted and numbers are not, as Strong writes them; an exercise's
    notes are on its first row and the session's on the workout's first row (later rows
    leave them empty, unquoted), a note keeping its line ends inside its quotes.
    """
    lines = [",".join(STRONG_COLUMNS)]
    for log in logs:
        blocks = exercise_blocks(log)
        if not blocks:
            continue
        date = log.started.strftime(STRONG_DATE)
        name = _quoted(log.routine_name)
        duration = strong_duration(session_seconds(log))
        workout_notes = _quoted(log.notes)  # on the workout's first row, as Strong
        for exercise, sets in blocks:
            notes = _quoted(log.exercise_notes.get(exercise, ""))  # on the exercise's first
            for r, order in zip(sets, strong_set_order(sets), strict=True):
                weight = _weight(r, log, unit)
                timed = _timed(r)
                cells = [
                    date,
                    name,
                    duration,
                    _quoted(exercise),
                    order,
                    _decimal(weight) if weight else "0",  # bodyweight: 0, as Strong
                    str(r.reps or 0),
                    "0",
                    str(_whole(r.actual)) if timed else "0",
                    notes,
                    workout_notes,
                    format_number(r.rpe),
                ]
                lines.append(",".join(cells))
                notes = workout_notes = ""
    return "\n".join(lines) + "\n"


def to_hevy(logs: Iterable[LogData], unit: Unit = Unit.KG) -> str:
    """The Hevy app's CSV layout (see the module docstring), weights in ``unit``."""
    lines = [",".join(_quoted(c) for c in hevy_columns(unit))]
    for log in logs:
        blocks = exercise_blocks(log)
        if not blocks:
            continue
        title = _quoted(log.routine_name)
        start = log.started
        end = start + timedelta(seconds=session_seconds(log))
        times = f"{_quoted(hevy_time(start))},{_quoted(hevy_time(end))}"
        description = _quoted(_one_line(log.notes))
        supersets = superset_ids(blocks)
        for exercise, sets in blocks:
            notes = _quoted(_one_line(log.exercise_notes.get(exercise, "")))
            for index, r in enumerate(sets):
                weight = _weight(r, log, unit)
                timed = _timed(r)
                cells = [
                    title,
                    times,
                    description,
                    _quoted(exercise),
                    supersets.get(r.group, "") if r.group else "",
                    notes,
                    str(index),
                    _quoted(hevy_set_type(r)),
                    _plain(weight) if weight is not None else "",  # bodyweight: empty
                    str(r.reps) if r.reps is not None else "",
                    "",
                    str(_whole(r.actual)) if timed else "",
                    format_number(r.rpe),
                ]
                lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def to_json(logs: Iterable[LogData], unit: Unit = Unit.KG) -> str:
    """Every done set as a JSON array (weights in the unit each was logged in)."""
    return json.dumps(list(set_rows(logs)), indent=2, ensure_ascii=False) + "\n"


def export(logs: Iterable[LogData], fmt: ExportFormat, unit: Unit = Unit.KG) -> str:
    """The text of an export in ``fmt``; ``strong`` and ``hevy`` weights in ``unit``."""
    writers: dict[ExportFormat, Callable[[Iterable[LogData], Unit], str]] = {
        ExportFormat.CSV: to_csv,
        ExportFormat.STRONG: to_strong,
        ExportFormat.HEVY: to_hevy,
        ExportFormat.JSON: to_json,
    }
    return writers[fmt](logs, unit)
