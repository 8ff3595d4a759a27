"""Strong's CSV export: one row per set, all rows of a workout sharing its ``Date``.

The shapes real exports have (all read here):

- classic, 12 columns: ``Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,
  Distance,Seconds,Notes,Workout Notes,RPE`` (no unit anywhere: the one assumed is said);
- 10 columns, without the two notes columns; older files without ``Duration`` and ``RPE``;
- 2019-style, ``;``-separated, with ``Weight Unit`` and ``Distance Unit`` columns (and
  ``Workout Duration``);
- 2025-style, ``;``-separated and every field quoted, with ``Workout #``,
  ``Duration (sec)``, ``Weight (kg)`` (or lb) and ``Distance (meters)``;
- the oldest, where the unit is the column's name (``lbs``, ``mi.``);
- localised headers (French). Each more language is one entry of :data:`HEADERS`
  and :data:`MARKERS`.

``Set Order`` holds ``1..n``, ``W`` (warm-up), ``D`` (drop), ``F`` (failure),
``Rest Timer`` (its ``Seconds`` are the rest after the set before it) and ``Note`` (an
exercise's note); the last two are not sets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import tzinfo

from backtimer.logs.imports.csvtext import (
    Builder,
    RowError,
    Table,
    clean,
    default_distance_unit,
    distance_unit,
    duration,
    end_from_duration,
    iso_datetime,
    norm,
    number,
    reps,
    rpe,
    shown,
    split_unit,
    weight_or_bodyweight,
    weight_unit,
)
from backtimer.logs.imports.model import ImportedSet, ImportedWorkout, SetKind, Source
from backtimer.routine import Unit

#: A human line for the shapes known (messages).
SHAPE = (
    "Strong: Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,… "
    "(12 or 10 columns, older, ;-separated with Weight Unit or with Workout #; "
    "English or French headers)"
)

#: Strong's column names by language (normalised: see :func:`~.csvtext.norm`), to the
#: column each is. A unit in parentheses is read apart: ``Weight (kg)`` is ``weight``.
HEADERS: dict[str, dict[str, str]] = {
    "English": {
        "date": "date",
        "workout #": "workout_no",
        "workout name": "workout",
        "duration": "duration",
        "workout duration": "duration",
        "exercise name": "exercise",
        "set order": "set_order",
        "weight": "weight",
        "weight unit": "weight_unit",
        "reps": "reps",
        "distance": "distance",
        "distance unit": "distance_unit",
        "seconds": "seconds",
        "notes": "notes",
        "workout notes": "workout_notes",
        "rpe": "rpe",
    },
    "French": {
        "date": "date",
        "nom de l'entraînement": "workout",
        "durée": "duration",
        "nom de l'exercice": "exercise",
        "ordre de la série": "set_order",
        "poids": "weight",
        "réps": "reps",
        "distance": "distance",
        "secondes": "seconds",
        "notes": "notes",
        "notes d'entraînement": "workout_notes",
        "rpe": "rpe",
    },
}

#: What a ``Set Order`` that is not a number says, by language (normalised).
MARKERS: dict[str, dict[str, str]] = {
    "English": {"w": "warmup", "d": "drop", "f": "failure", "rest timer": "rest", "note": "note"},
    "French": {"minuteur de repos": "rest"},
}

_REQUIRED = ("date", "exercise", "set_order")
_KINDS = {"warmup": SetKind.WARMUP, "drop": SetKind.DROP, "failure": SetKind.FAILURE}
_SET_NUMBER = re.compile(r"\d+(?:\.0+)?")
_AS = {"set": "a set", "rest": "a rest timer", "note": "a note", "empty": "nothing"}


@dataclass
class Layout:
    """Where a Strong file keeps what, and what its header says of units."""

    language: str
    columns: dict[str, int]
    weight_unit: Unit | None = None  # from the header (``Weight (kg)``, ``lbs``)
    distance_unit: str | None = None  # from the header (``Distance (meters)``, ``mi.``)
    markers: dict[str, str] = field(default_factory=dict)

    @property
    def shape(self) -> str:
        c = self.columns
        if "workout_no" in c:
            base = "strong with Workout # (2025, ;-separated)"
        elif "weight_unit" in c:
            base = "strong with Weight Unit column (2019, ;-separated)"
        elif self.weight_unit is not None:
            base = "strong with the unit in the header"
        elif "duration" not in c and "rpe" not in c:
            base = f"strong older {len(c)} columns (no Duration, no RPE)"
        else:
            base = f"strong {len(c)} columns"
        return base if self.language == "English" else f"{base}, {self.language} headers"


def detect(header: list[str]) -> Layout | None:
    """The layout of a Strong header, or ``None`` when it is not one."""
    best: Layout | None = None
    for language, names in HEADERS.items():
        columns: dict[str, int] = {}
        wunit: Unit | None = None
        dunit: str | None = None
        for index, cell in enumerate(header):
            base, unit = split_unit(norm(cell))
            key = names.get(base)
            if key is None and not unit:  # the oldest form: the unit is the name
                if weight_unit(base) is not None:
                    key, unit = "weight", base
                elif distance_unit(base) is not None:
                    key, unit = "distance", base
            if key is None or key in columns:
                continue
            columns[key] = index
            if key == "weight" and unit:
                wunit = weight_unit(unit)
            elif key == "distance" and unit:
                dunit = distance_unit(unit)
        if not all(k in columns for k in _REQUIRED):
            continue
        if "weight" not in columns and "reps" not in columns:
            continue
        if best is None or len(columns) > len(best.columns):
            markers = dict(MARKERS["English"])
            markers.update(MARKERS.get(language, {}))
            best = Layout(language, columns, wunit, dunit, markers)
    return best


@dataclass
class _Pending:
    """A workout's raw duration and the exercise notes waiting for a set."""

    duration: str = ""
    notes: dict[str, list[str]] = field(default_factory=dict)


def parse(table: Table, layout: Layout, *, unit: Unit, tz: tzinfo | None) -> Builder:
    """Read a Strong file into workouts (see the module's docstring)."""
    b = Builder(Source.STRONG, layout.shape, table)
    c = layout.columns
    has_unit = layout.weight_unit is not None or "weight_unit" in c
    if not has_unit:
        b.assumed_unit = unit
    file_unit = layout.weight_unit or unit
    file_distance = layout.distance_unit
    if file_distance is None and "distance_unit" not in c:
        file_distance = default_distance_unit(file_unit)
    dc = table.decimal_comma
    pending: dict[int, _Pending] = {}

    def col(name: str) -> int | None:
        return c.get(name)

    for row in b.rows():
        try:
            started = iso_datetime(row.get(col("date")), tz)
        except RowError as err:
            b.bad(row, err.reason)
            continue
        name = row.get(col("workout")) or "Strong workout"
        key = (row.get(col("workout_no")), started.replace(tzinfo=None), name)
        w = b.workout(key, name, started, row.line)
        extra = pending.setdefault(id(w), _Pending())
        if not extra.duration:
            extra.duration = row.get(col("duration"))
        if not w.notes:
            w.notes = row.get(col("workout_notes"))
        exercise = row.get(col("exercise"))
        order = row.get(col("set_order"))
        marker = "set" if _SET_NUMBER.fullmatch(order) else layout.markers.get(norm(order))
        if marker is None:  # a Set Order this file's language table does not know
            marker = _guess(
                row.get(col("reps")),
                row.get(col("weight")),
                row.get(col("distance")),
                row.get(col("seconds")),
                row.get(col("notes")),
                dc,
            )
            _remark(w, f"Set Order {shown(order)} is not known: read as {_AS[marker]}")
            if marker == "set":
                marker = "unknown"
        if marker == "rest":
            _rest(b, w, row.get(col("seconds")), dc)
            continue
        if marker == "note":
            text = row.get(col("notes"))
            if text:
                _exercise_note(w, extra, exercise, text)
            b.skip("note row")
            continue
        if marker == "empty":
            b.skip("unknown Set Order row")
            continue
        if not exercise:
            b.bad(row, "the exercise name is empty")
            continue
        try:
            s = ImportedSet(exercise, line=row.line)
            s.reps = reps(row.get(col("reps")), decimal_comma=dc)
            weight = number(row.get(col("weight")), "weight", decimal_comma=dc)
            seconds = number(row.get(col("seconds")), "seconds", decimal_comma=dc)
            distance = number(row.get(col("distance")), "distance", decimal_comma=dc)
        except RowError as err:
            b.bad(row, err.reason)
            continue
        if not s.reps:
            s.reps = None
        if seconds and seconds > 0:
            s.seconds = clean(seconds)
        if distance and distance > 0:
            s.distance = clean(distance)
        if s.reps is None and s.seconds is None and s.distance is None:
            b.skip("empty set (no reps, time or distance)")
            continue
        s.kind = _KINDS.get(marker, SetKind.NORMAL)
        set_unit = file_unit
        if "weight_unit" in c:
            raw_unit = row.get(c["weight_unit"])
            found = weight_unit(raw_unit)
            if found is not None:
                set_unit = found
            elif weight:
                _remark(w, f"a weight unit is missing or not known: read as {unit.value}")
        weight_or_bodyweight(weight, set_unit, s)
        if s.distance is not None:
            s.distance_unit = file_distance
            if "distance_unit" in c:
                s.distance_unit = distance_unit(row.get(c["distance_unit"])) or (
                    file_distance or default_distance_unit(set_unit)
                )
        note = row.get(col("notes"))
        if note:
            s.notes = f"{note}\n{s.notes}" if s.notes else note
        try:
            s.rpe = rpe(row.get(col("rpe")), decimal_comma=dc)
        except RowError as err:
            w.remarks.append(f"line {row.line}: {err.reason}: RPE left out")
        waiting = extra.notes.pop(exercise, None)
        if waiting:
            s.notes = "\n".join([*waiting, *([s.notes] if s.notes else [])])
        w.sets.append(s)
        b.ok()

    for w in b.workouts.values():
        extra = pending.get(id(w), _Pending())
        _leftover_notes(w, extra)
        try:
            seconds = duration(extra.duration)
        except RowError as err:
            w.remarks.append(f"{err.reason}: its end is left unknown")
            continue
        end_from_duration(w, seconds, extra.duration)
    return b


def _remark(w: ImportedWorkout, text: str) -> None:
    """Say ``text`` once per workout."""
    if text not in w.remarks:
        w.remarks.append(text)


def _guess(
    reps_text: str,
    weight_text: str,
    distance_text: str,
    seconds_text: str,
    notes: str,
    decimal_comma: bool,
) -> str:
    """What a row with an unknown ``Set Order`` (another language's "Rest Timer") is:
    a ``set`` when it holds reps, a weight or a distance (or something unreadable, so
    the set's reading says what), else a ``rest`` when it holds seconds, a ``note``
    when it holds notes, and ``empty`` otherwise."""

    def some(text: str, what: str) -> bool:
        try:
            value = number(text, what, decimal_comma=decimal_comma)
        except RowError:
            return True
        return bool(value)

    if some(reps_text, "reps") or some(weight_text, "weight") or some(distance_text, "d"):
        return "set"
    if some(seconds_text, "seconds"):
        return "rest"
    return "note" if notes else "empty"


def _rest(b: Builder, w: ImportedWorkout, text: str, decimal_comma: bool) -> None:
    """A Rest Timer row: its seconds are the rest after the workout's last set."""
    b.skip("rest timer row")
    try:
        seconds = number(text, "seconds", decimal_comma=decimal_comma)
    except RowError:
        return
    if seconds and seconds > 0 and w.sets:
        last = w.sets[-1]
        last.rest_after = (last.rest_after or 0.0) + seconds


def _exercise_note(w: ImportedWorkout, extra: _Pending, exercise: str, text: str) -> None:
    """A Note row: on the exercise's first set in the workout (Strong shows it above
    the sets), or on its next set when none came yet."""
    for s in w.sets:
        if s.exercise == exercise:
            s.notes = f"{text}\n{s.notes}" if s.notes else text
            return
    extra.notes.setdefault(exercise, []).append(text)


def _leftover_notes(w: ImportedWorkout, extra: _Pending) -> None:
    """Notes of an exercise that has no set in the workout go to the workout's notes."""
    for exercise, texts in extra.notes.items():
        line = f"{exercise}: " + "\n".join(texts)
        w.notes = f"{w.notes}\n{line}" if w.notes else line
    extra.notes.clear()
