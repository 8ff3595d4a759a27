"""What an import reads from another app's export, before it becomes session logs.

Each parser (one module per app) turns a file's bytes into a :class:`ParseResult`:
the workouts it found (:class:`ImportedWorkout`, one per session log to be written),
what it skipped on purpose, and the rows it could not read. Nothing here writes a file:
:mod:`backtimer.logs.imports.writer` turns workouts into ordinary
:class:`~backtimer.logs.logfile.LogData` through the core's log writer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from backtimer.errors import BacktimerError
from backtimer.routine import Unit


class Source(StrEnum):
    """The apps an import reads (``--from``)."""

    STRONG = "strong"
    HEVY = "hevy"
    FITNOTES = "fitnotes"
    STRONGLIFTS = "stronglifts"


class SetKind(StrEnum):
    """What a set was, as the other app marked it."""

    NORMAL = "normal"
    WARMUP = "warmup"
    DROP = "drop"
    FAILURE = "failure"


@dataclass
class ImportedSet:
    """One set as the other app logged it.

    Attributes:
        exercise: The app's exercise name, stripped of outer spaces (aliases are
            applied later, by the writer).
        kind: Normal, warm-up, drop or failure set.
        reps: Reps done; ``None`` for a timed or distance-only set.
        weight: Weight in ``unit``; ``None`` for a bodyweight set (an empty weight is
            bodyweight, never 0).
        unit: The weight's unit (``None`` when there is no weight).
        seconds: Seconds of a timed set (a plank, cardio), else ``None``.
        distance: Distance of a cardio set, in ``distance_unit``.
        rpe: RPE in half steps, or ``None``.
        notes: The set's or the exercise's notes (real newlines), or ``None``.
        superset: The app's superset group id within the workout (Hevy), or ``None``.
        rest_after: Seconds rested after this set when the app recorded it (Strong's
            ``Rest Timer`` rows), else ``None``.
        line: The file line the set came from (for messages).
    """

    exercise: str
    kind: SetKind = SetKind.NORMAL
    reps: int | None = None
    weight: float | None = None
    unit: Unit | None = None
    seconds: float | None = None
    distance: float | None = None
    distance_unit: str | None = None
    rpe: float | None = None
    notes: str | None = None
    superset: str | None = None
    rest_after: float | None = None
    line: int = 0


@dataclass
class ImportedWorkout:
    """One workout: it becomes one session log.

    Attributes:
        source: The app it came from.
        name: The workout's name (FitNotes has none: ``"FitNotes"``; StrongLifts:
            its workout ``A``/``B`` name when the file has one).
        started: When it started, timezone-aware (a file's local wall time is read
            in the machine's local timezone).
        ended: When it ended, if the file says or it can be derived, else ``None``.
        sets: Its sets in the order they were done.
        notes: The workout's notes, or ``""``.
        remarks: What the parser had to decide about this workout, for the summary
            (e.g. ``"duration 264h 1m looks left running: used the span of its sets"``).
        line: The first file line of the workout.
    """

    source: Source
    name: str
    started: datetime
    sets: list[ImportedSet] = field(default_factory=list)
    ended: datetime | None = None
    notes: str = ""
    remarks: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def key(self) -> str:
        """The source key an import is recognised by: kind, start time and name.

        Importing the same workout again (from the same or a newer export) finds the
        same key, so it is not written twice.
        """
        return f"{self.source}|{self.started.replace(tzinfo=None).isoformat()}|{self.name}"


@dataclass
class ParseResult:
    """What a parser read from one file.

    Attributes:
        source: The app the file was detected (or said) to come from.
        shape: A short name of the file's shape, e.g. ``"strong 12 columns"``.
        workouts: The workouts found, oldest first.
        rows: How many data rows the file had (the header not counted).
        skipped: Rows skipped on purpose, by reason (``"rest timer"``, ``"0-rep slot"``).
        bad: Rows that could not be read: ``(line, reason)``, in file order.
        assumed_unit: The weight unit assumed because the file has no unit column
            (``None`` when the file says its unit).
    """

    source: Source
    shape: str
    workouts: list[ImportedWorkout] = field(default_factory=list)
    rows: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    bad: list[tuple[int, str]] = field(default_factory=list)
    assumed_unit: Unit | None = None

    @property
    def sets(self) -> int:
        """How many sets the workouts hold."""
        return sum(len(w.sets) for w in self.workouts)


class ImportFileError(BacktimerError):
    """A file that cannot be imported (unknown shape, mostly unreadable rows): nothing
    is written, and the message says what was seen and what is known."""
