"""Hevy's CSV export: one row per set, the rows of a workout sharing its title and start.

``"title","start_time","end_time","description","exercise_title","superset_id",
"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",
"duration_seconds","rpe"`` (an imperial account's file says ``weight_lbs`` and
``distance_miles``: the unit is in the column's name, there is no unit column).

Times are local wall times with no zone, as ``15 Sep 2025, 07:48`` (the day padded or
not) and, in newer exports, ``Jul 5, 2026, 10:21 AM``. ``set_type`` is ``normal``,
``warmup``, ``failure`` or ``dropset``; an empty weight is a bodyweight set; notes
carry line ends as the two characters ``\\n``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from backtimer.logs.imports.csvtext import (
    MAX_TRUSTED_DURATION,
    Builder,
    RowError,
    Table,
    clean,
    end_from_duration,
    iso_datetime,
    make_date,
    make_time,
    norm,
    number,
    reps,
    rpe,
    shown,
    spaces,
    wall_time,
    weight_or_bodyweight,
)
from backtimer.logs.imports.model import ImportedSet, SetKind, Source
from backtimer.routine import Unit

#: A human line for the shapes known (messages).
SHAPE = (
    "Hevy: title,start_time,end_time,description,exercise_title,superset_id,"
    "exercise_notes,set_index,set_type,weight_kg|weight_lbs,reps,distance_km|"
    "distance_miles,duration_seconds,rpe"
)

_COLUMNS = {
    "title": "title",
    "start_time": "start",
    "end_time": "end",
    "description": "description",
    "exercise_title": "exercise",
    "superset_id": "superset",
    "exercise_notes": "notes",
    "set_index": "set_index",
    "set_type": "set_type",
    "weight_kg": "weight",
    "weight_lbs": "weight",
    "weight_lb": "weight",
    "reps": "reps",
    "distance_km": "distance",
    "distance_miles": "distance",
    "distance_meters": "distance",
    "duration_seconds": "seconds",
    "rpe": "rpe",
}
_UNITS = {"weight_kg": Unit.KG, "weight_lbs": Unit.LB, "weight_lb": Unit.LB}
_DISTANCES = {"distance_km": "km", "distance_miles": "mi", "distance_meters": "m"}
_KINDS = {
    "normal": SetKind.NORMAL,
    "warmup": SetKind.WARMUP,
    "warm_up": SetKind.WARMUP,
    "failure": SetKind.FAILURE,
    "dropset": SetKind.DROP,
    "drop_set": SetKind.DROP,
}


@dataclass
class Layout:
    """Where a Hevy file keeps what, and its units (from the column names)."""

    columns: dict[str, int]
    unit: Unit
    distance_unit: str

    @property
    def shape(self) -> str:
        return "hevy (lb)" if self.unit is Unit.LB else "hevy (kg)"


def detect(header: list[str]) -> Layout | None:
    """The layout of a Hevy header, or ``None`` when it is not one."""
    columns: dict[str, int] = {}
    unit = Unit.KG
    distance = "km"
    for index, cell in enumerate(header):
        name = norm(cell)
        key = _COLUMNS.get(name)
        if key is None or key in columns:
            continue
        columns[key] = index
        unit = _UNITS.get(name, unit)
        distance = _DISTANCES.get(name, distance)
    if not all(k in columns for k in ("title", "start", "exercise")):
        return None
    if "set_type" not in columns and "set_index" not in columns:
        return None
    if "weight" not in columns and "reps" not in columns:
        return None
    return Layout(columns, unit, distance)


_MONTHS = {
    name: number_
    for number_, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_CLOCK = r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s*m\.?)?"
#: ``15 Sep 2025, 07:48``
_DAY_FIRST = re.compile(rf"(\d{{1,2}}) ([^\W\d_]+)\.?,? (\d{{4}}),?(?: at)? {_CLOCK}", re.I)
#: ``Jul 5, 2026, 10:21 AM``
_MONTH_FIRST = re.compile(rf"([^\W\d_]+)\.? (\d{{1,2}}),? (\d{{4}}),?(?: at)? {_CLOCK}", re.I)


def hevy_time(text: str, tz: tzinfo | None, what: str = "start_time") -> datetime:
    """A Hevy time (both forms above, or ISO) as an aware time.

    Raises:
        RowError: For anything else.
    """
    s = spaces(text)
    if re.match(r"\d{4}-", s):
        return iso_datetime(s, tz, what)
    m = _DAY_FIRST.fullmatch(s)
    if m:
        day, month, year, h, mi, sec, ampm = m.groups()
    else:
        m = _MONTH_FIRST.fullmatch(s)
        if not m:
            raise RowError(
                f"{what} {shown(text)} is not a date like 15 Sep 2025, 07:48 "
                "or Jul 5, 2026, 10:21 AM"
            )
        month, day, year, h, mi, sec, ampm = m.groups()
    month_number = _MONTHS.get(month.casefold())
    if month_number is None:
        raise RowError(f"{what} {shown(text)}: {shown(month)} is not an English month")
    the_day = make_date(int(year), month_number, int(day), text)
    clock = make_time(int(h), int(mi), int(sec or 0), ampm.lower() if ampm else None, text)
    return wall_time(the_day, clock, tz)


def _text(cell: str) -> str:
    """A Hevy note: the two characters ``\\n`` are a line end."""
    return cell.replace("\\r\\n", "\n").replace("\\n", "\n").strip()


def _superset(cell: str) -> str | None:
    if not cell:
        return None
    if re.fullmatch(r"\d+\.0+", cell):
        return cell.split(".")[0]
    return cell


def parse(table: Table, layout: Layout, *, unit: Unit, tz: tzinfo | None) -> Builder:
    """Read a Hevy file into workouts (see the module's docstring). ``unit`` is not
    used: a Hevy file names its unit in its header."""
    del unit
    b = Builder(Source.HEVY, layout.shape, table)
    c = layout.columns
    dc = table.decimal_comma
    ends: dict[int, str] = {}
    noted: dict[tuple[int, str], str] = {}

    def col(name: str) -> int | None:
        return c.get(name)

    for row in b.rows():
        try:
            started = hevy_time(row.get(col("start")), tz)
        except RowError as err:
            b.bad(row, err.reason)
            continue
        name = row.get(col("title")) or "Hevy workout"
        w = b.workout((name, started.replace(tzinfo=None)), name, started, row.line)
        ends.setdefault(id(w), row.get(col("end")))
        if not w.notes:
            w.notes = _text(row.get(col("description")))
        exercise = row.get(col("exercise"))
        if not exercise:
            b.bad(row, "exercise_title is empty")
            continue
        try:
            s = ImportedSet(exercise, line=row.line)
            s.reps = reps(row.get(col("reps")), decimal_comma=dc) or None
            weight = number(row.get(col("weight")), "weight", decimal_comma=dc)
            seconds = number(row.get(col("seconds")), "duration_seconds", decimal_comma=dc)
            distance = number(row.get(col("distance")), "distance", decimal_comma=dc)
        except RowError as err:
            b.bad(row, err.reason)
            continue
        if seconds and seconds > 0:
            s.seconds = clean(seconds)
        if distance and distance > 0:
            s.distance = clean(distance)
            s.distance_unit = layout.distance_unit
        if s.reps is None and s.seconds is None and s.distance is None:
            b.skip("empty set (no reps, time or distance)")
            continue
        kind_text = row.get(col("set_type")).casefold()
        kind = _KINDS.get(kind_text)
        if kind is None:
            kind = SetKind.NORMAL
            if kind_text:
                remark = f"set_type {shown(kind_text)} is not known: read as normal"
                if remark not in w.remarks:
                    w.remarks.append(remark)
        s.kind = kind
        weight_or_bodyweight(weight, layout.unit, s)
        s.superset = _superset(row.get(col("superset")))
        notes = _text(row.get(col("notes")))
        if notes and noted.get((id(w), exercise)) != notes:
            noted[(id(w), exercise)] = notes
            s.notes = f"{notes}\n{s.notes}" if s.notes else notes
        try:
            s.rpe = rpe(row.get(col("rpe")), decimal_comma=dc)
        except RowError as err:
            w.remarks.append(f"line {row.line}: {err.reason}: RPE left out")
        w.sets.append(s)
        b.ok()

    for w in b.workouts.values():
        raw = ends.get(id(w), "")
        if not raw:
            continue
        try:
            ended = hevy_time(raw, tz, "end_time")
        except RowError as err:
            w.remarks.append(f"{err.reason}: its end is left unknown")
            continue
        seconds = (ended - w.started).total_seconds()
        if seconds < 0:
            w.remarks.append(f"end_time {shown(raw)} is before start_time: end left unknown")
        elif seconds <= MAX_TRUSTED_DURATION:
            w.ended = ended
        else:
            end_from_duration(w, seconds, "")
    return b
