"""StrongLifts 5x5's CSV export: one row per exercise, its sets in column pairs.

``Date (yyyy/mm/dd),Workout,Workout Name,Program Name,Body Weight (KG),Exercise,
Sets×Reps,Sets×Time,Top Set (Reps×KG),e1RM (KG),Reps,Volume (KG),Workout Volume (KG),
Duration (hours),Start Time (h:mm),End Time (h:mm),Notes,Set 1 (Reps),Set 1 (KG),…``
(with a UTF-8 BOM; older files write ``SetsxReps`` and `` Set 1 (KG)`` with a space;
an imperial account's columns say ``LB``). A set slot with 0 reps was not done (skipped
and counted); an empty slot was never a set. The rows of one workout share its date and
``Workout`` number, so two workouts on one date stay two sessions. Times read
``10:56 PM``. A negative weight is an assisted lift (bodyweight, said in the notes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from backtimer.logs.imports.csvtext import (
    Builder,
    Row,
    RowError,
    Table,
    clean,
    clock_time,
    duration,
    end_from_duration,
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
from backtimer.logs.imports.fitnotes import NOON
from backtimer.logs.imports.model import ImportedSet, ImportedWorkout, Source
from backtimer.routine import Unit

#: A human line for the shapes known (messages).
SHAPE = (
    "StrongLifts 5x5: Date (yyyy/mm/dd),Workout,Workout Name,…,Exercise,…,"
    "Start Time (h:mm),End Time (h:mm),Notes,Set 1 (Reps),Set 1 (KG|LB),…"
)
#: A session's name when the file has no ``Workout Name``.
SESSION_NAME = "StrongLifts"

_COLUMNS = {
    "date": "date",
    "workout": "workout_no",
    "workout #": "workout_no",
    "workout name": "workout",
    "exercise": "exercise",
    "start time": "start",
    "end time": "end",
    "duration": "duration",
    "notes": "notes",
    "note": "notes",
}
_SET = re.compile(r"set (\d+) \(([^()]*)\)")
_DATE_PARTS = re.compile(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})")


@dataclass
class Slot:
    """The column indices of one set: its reps, its weight (and that weight's unit),
    its time."""

    reps: int | None = None
    weight: int | None = None
    unit: Unit | None = None
    time: int | None = None


@dataclass
class Layout:
    """Where a StrongLifts file keeps what."""

    columns: dict[str, int]
    slots: list[Slot]
    date_order: str = "ymd"
    duration_unit: str = "hours"
    unit: Unit = Unit.KG

    @property
    def shape(self) -> str:
        return f"stronglifts ({len(self.slots)} set columns, {self.unit.value})"


def detect(header: list[str]) -> Layout | None:
    """The layout of a StrongLifts header, or ``None`` when it is not one."""
    columns: dict[str, int] = {}
    slots: dict[int, Slot] = {}
    order = "ymd"
    duration_unit = "hours"
    units: list[Unit] = []
    for index, cell in enumerate(header):
        name = norm(cell)
        m = _SET.fullmatch(name)
        if m:
            slot = slots.setdefault(int(m.group(1)), Slot())
            what = m.group(2).strip()
            if what in ("reps", "rep"):
                slot.reps = index
            elif weight_unit(what) is not None:
                slot.weight = index
                slot.unit = weight_unit(what)
                units.append(weight_unit(what) or Unit.KG)
            elif what in ("time", "sec", "secs", "seconds", "s"):
                slot.time = index
            continue
        base, hint = split_unit(name)
        key = _COLUMNS.get(base)
        if key is None or key in columns:
            continue
        columns[key] = index
        if key == "date" and hint:
            letters = "".join(part[0] for part in re.findall(r"y+|m+|d+", hint))
            if sorted(letters) == ["d", "m", "y"]:
                order = letters
        if key == "duration" and hint:
            duration_unit = hint
    usable = [slots[n] for n in sorted(slots) if slots[n].reps is not None]
    if not usable or "date" not in columns or "exercise" not in columns:
        return None
    unit = max(set(units), key=units.count) if units else Unit.KG
    return Layout(columns, usable, order, duration_unit, unit)


def _day(text: str, order: str) -> date:
    m = _DATE_PARTS.fullmatch(text.split(" ")[0] if text else text)
    if not m:
        raise RowError(f"date {shown(text)} is not a date like 2024/03/05")
    parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
    if len(m.group(1)) == 4 and order[0] != "y":  # a year first whatever the header says
        parts = dict(zip("ymd", (int(g) for g in m.groups()), strict=True))
    year = parts["y"] + (2000 if parts["y"] < 100 else 0)
    return make_date(year, parts["m"], parts["d"], text)


@dataclass
class _Times:
    """A workout's start, end and duration as its first row says them."""

    start: str = ""
    end: str = ""
    duration: str = ""


def parse(table: Table, layout: Layout, *, unit: Unit, tz: tzinfo | None) -> Builder:
    """Read a StrongLifts file into workouts (see the module's docstring). ``unit`` is
    not used: the set columns name theirs."""
    del unit
    b = Builder(Source.STRONGLIFTS, layout.shape, table)
    c = layout.columns
    times: dict[int, _Times] = {}
    for row in b.rows():
        try:
            _row(b, row, layout, c, times, tz, table.decimal_comma)
        except RowError as err:
            b.bad(row, err.reason)
    for w in b.workouts.values():
        _end(w, times.get(id(w), _Times()), layout, tz)
    return b


def _row(
    b: Builder,
    row: Row,
    layout: Layout,
    c: dict[str, int],
    times: dict[int, _Times],
    tz: tzinfo | None,
    dc: bool,
) -> None:
    day = _day(row.get(c.get("date")), layout.date_order)
    exercise = row.get(c.get("exercise"))
    if not exercise:
        raise RowError("the exercise name is empty")
    start_text = row.get(c.get("start"))
    clock = None
    unreadable = ""
    if start_text:
        try:
            clock = clock_time(start_text, "start time")
        except RowError as err:
            unreadable = err.reason
    sets: list[ImportedSet] = []
    zero = 0
    for slot in layout.slots:
        count_text = row.get(slot.reps)
        time_text = row.get(slot.time)
        if not count_text and not time_text:
            continue
        count = reps(count_text, decimal_comma=dc)
        seconds = duration(time_text, "time") if time_text else None
        if not count and not seconds:
            zero += 1
            continue
        s = ImportedSet(exercise, reps=count or None, line=row.line)
        if seconds:
            s.seconds = clean(seconds)
        weight = number(row.get(slot.weight), "weight", decimal_comma=dc)
        weight_or_bodyweight(weight, slot.unit or layout.unit, s)
        sets.append(s)
    if zero:
        b.skip("0-rep slot", zero)
    if not sets:
        if not zero:
            b.skip("exercise row without sets")
        return
    number_ = row.get(c.get("workout_no"))
    name = row.get(c.get("workout")) or SESSION_NAME
    key = (day, number_) if number_ else (day, name, start_text)
    started = wall_time(day, clock or NOON, tz)
    w = b.workout(key, name, started, row.line)
    if id(w) not in times:
        start = start_text if clock is not None else ""  # an end needs a start
        times[id(w)] = _Times(start, row.get(c.get("end")), row.get(c.get("duration")))
        if unreadable:
            w.remarks.append(f"{unreadable}: started at 12:00")
        elif clock is None:
            w.remarks.append("no start time in the file: started at 12:00")
    notes = row.get(c.get("notes"))
    if notes and notes not in w.notes.split("\n"):
        w.notes = f"{w.notes}\n{notes}" if w.notes else notes
    w.sets.extend(sets)
    b.ok()


def _end(w: ImportedWorkout, t: _Times, layout: Layout, tz: tzinfo | None) -> None:
    """A workout's end: its end time (the next day when before the start), else its
    duration; left unknown when neither can be read, and never trusted past 12 h."""
    if t.start and t.end:
        try:
            clock = clock_time(t.end, "end time")
        except RowError as err:
            w.remarks.append(f"{err.reason}: its end is left unknown")
            return
        naive = datetime.combine(w.started.date(), clock)
        if naive < w.started.replace(tzinfo=None):
            naive += timedelta(days=1)
        try:
            ended = wall_time(naive.date(), naive.time(), tz)
        except RowError:
            return
        end_from_duration(w, (ended - w.started).total_seconds(), "")
        return
    if not t.duration:
        return
    try:
        value = number(t.duration, "duration")
    except RowError:
        try:
            value = duration(t.duration)
        except RowError as err:
            w.remarks.append(f"{err.reason}: its end is left unknown")
            return
        end_from_duration(w, value, t.duration)
        return
    if value is None:
        return
    factor = {"hours": 3600.0, "h": 3600.0, "min": 60.0, "minutes": 60.0}.get(
        layout.duration_unit, 1.0
    )
    end_from_duration(w, value * factor, t.duration)
