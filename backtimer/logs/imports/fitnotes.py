"""FitNotes' CSV export: one row per set, and no workouts: one day is one session.

``Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time`` (or
``Weight (lbs)``, with an optional ``Comment``), and newer files
``Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment``
with ``kgs``/``lbs`` on every row. ``Time`` reads ``0:05:00``. FitNotes keeps no time of
day: a session starts at 12:00 local time, which its remarks say. Cardio rows (distance
or time only) become timed sets; a row with neither is skipped and counted.

Dates are ISO (``2024-03-05``); a phone in another locale writes ``05/03/2024`` or
``05.03.2024``: the order of day and month is settled for the whole file by a part
above 12, else read day first (and said).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, tzinfo

from backtimer.logs.imports.csvtext import (
    Builder,
    Row,
    RowError,
    Table,
    clean,
    default_distance_unit,
    distance_unit,
    duration,
    make_date,
    norm,
    number,
    reps,
    shown,
    split_unit,
    wall_time,
    weight_or_bodyweight,
    weight_unit,
)
from backtimer.logs.imports.model import ImportedSet, Source
from backtimer.routine import Unit

#: A human line for the shapes known (messages).
SHAPE = (
    "FitNotes: Date,Exercise,Category,Weight (kgs)|Weight (lbs)|Weight,[Weight Unit,]"
    "Reps,Distance,Distance Unit,Time[,Comment]"
)
#: The name of every FitNotes session (FitNotes has no workout names).
SESSION_NAME = "FitNotes"
#: When a FitNotes session starts (FitNotes keeps no time of day).
NOON = time(12, 0)

_COLUMNS = {
    "date": "date",
    "exercise": "exercise",
    "category": "category",
    "weight": "weight",
    "weight unit": "weight_unit",
    "reps": "reps",
    "distance": "distance",
    "distance unit": "distance_unit",
    "time": "time",
    "comment": "comment",
}


@dataclass
class Layout:
    """Where a FitNotes file keeps what, and the unit its header names (if any)."""

    columns: dict[str, int]
    unit: Unit | None

    @property
    def shape(self) -> str:
        if "weight_unit" in self.columns:
            return "fitnotes with Weight Unit column"
        if self.unit is not None:
            return f"fitnotes ({self.unit.value})"
        return "fitnotes"


def detect(header: list[str]) -> Layout | None:
    """The layout of a FitNotes header, or ``None`` when it is not one."""
    columns: dict[str, int] = {}
    unit: Unit | None = None
    for index, cell in enumerate(header):
        base, suffix = split_unit(norm(cell))
        key = _COLUMNS.get(base)
        if key is None or key in columns:
            continue
        columns[key] = index
        if key == "weight" and suffix:
            unit = weight_unit(suffix)
    if not all(k in columns for k in ("date", "exercise", "category", "reps")):
        return None
    return Layout(columns, unit)


_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_LOCAL_DAY = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{2,4})")


def _day_first(table: Table, index: int | None) -> bool | None:
    """Whether the file's local dates put the day first: ``True``/``False`` when a part
    above 12 says so (or dots do), ``None`` when nothing tells."""
    for row in table.rows:
        m = _LOCAL_DAY.fullmatch(row.get(index))
        if not m:
            continue
        if m.group(2) == ".":
            return True
        if int(m.group(1)) > 12:
            return True
        if int(m.group(3)) > 12:
            return False
    return None


def _day(text: str, day_first: bool) -> date:
    m = _ISO_DAY.fullmatch(text)
    if m:
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    m = _LOCAL_DAY.fullmatch(text)
    if not m:
        raise RowError(f"date {shown(text)} is not a date like 2024-03-05")
    a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if year < 100:
        year += 2000
    day, month = (a, b) if day_first else (b, a)
    return make_date(year, month, day, text)


def parse(table: Table, layout: Layout, *, unit: Unit, tz: tzinfo | None) -> Builder:
    """Read a FitNotes file into one session per day (see the module's docstring)."""
    b = Builder(Source.FITNOTES, layout.shape, table)
    c = layout.columns
    if layout.unit is None and "weight_unit" not in c:
        b.assumed_unit = unit
    file_unit = layout.unit or unit
    told = _day_first(table, c.get("date"))
    day_first = True if told is None else told
    for row in b.rows():
        try:
            _row(b, row, c, file_unit, unit, day_first, told is None, tz, table.decimal_comma)
        except RowError as err:
            b.bad(row, err.reason)
    return b


def _row(
    b: Builder,
    row: Row,
    c: dict[str, int],
    file_unit: Unit,
    unit: Unit,
    day_first: bool,
    guessed_order: bool,
    tz: tzinfo | None,
    dc: bool,
) -> None:
    day_text = row.get(c.get("date"))
    day = _day(day_text, day_first)
    exercise = row.get(c.get("exercise"))
    if not exercise:
        raise RowError("the exercise name is empty")
    count = reps(row.get(c.get("reps")), decimal_comma=dc) or None
    weight = number(row.get(c.get("weight")), "weight", decimal_comma=dc)
    distance = number(row.get(c.get("distance")), "distance", decimal_comma=dc)
    seconds = duration(row.get(c.get("time")), "time")
    if count is None and not seconds and not (distance and distance > 0):
        b.skip("set without reps" if weight else "cardio row without time or distance")
        return
    w = b.workout(day, SESSION_NAME, wall_time(day, NOON, tz), row.line)
    if not w.remarks:
        w.remarks.append("FitNotes keeps no time of day: started at 12:00")
        if guessed_order and not _ISO_DAY.fullmatch(day_text):
            w.remarks.append(f"date {shown(day_text)} read day first (dd/mm/yyyy)")
    s = ImportedSet(exercise, reps=count, line=row.line)
    set_unit = file_unit
    if "weight_unit" in c:
        found = weight_unit(row.get(c["weight_unit"]))
        if found is not None:
            set_unit = found
        elif weight:
            remark = f"a weight unit is missing or not known: read as {unit.value}"
            if remark not in w.remarks:
                w.remarks.append(remark)
    weight_or_bodyweight(weight, set_unit, s)
    if seconds:
        s.seconds = clean(seconds)
    if distance and distance > 0:
        s.distance = clean(distance)
        s.distance_unit = distance_unit(row.get(c.get("distance_unit"))) or (
            default_distance_unit(set_unit)
        )
    comment = row.get(c.get("comment"))
    if comment:
        s.notes = f"{comment}\n{s.notes}" if s.notes else comment
    w.sets.append(s)
    b.ok()
