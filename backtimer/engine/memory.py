"""What was done before, as the engine needs it: past sessions of one exercise.

The logs package builds these from the session logs (:mod:`backtimer.logs.memory`);
the engine reads them to show last time beside each set, to compute the next
targets of a progression (:mod:`backtimer.engine.progression`) and to notice a
personal record the moment it falls (:mod:`backtimer.engine.prs`). Plain frozen
data, no I/O: tests build them by hand.

Exercises are matched by name, case- and space-insensitively, across routines
(:func:`exercise_key`): "Bent-over row" in one routine is "bent-over  Row" in another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from backtimer.engine.plan import StepKind
from backtimer.engine.records import Outcome, StepRecord
from backtimer.formatting import format_clock, format_number
from backtimer.routine import Unit


def exercise_key(name: str) -> str:
    """The name exercises are matched by: case-folded, runs of spaces made one."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class PastSet:
    """One set of an exercise in an earlier session.

    Attributes:
        warmup: A warm-up set (compared only with warm-up sets).
        number: Its number among the exercise's sets of its kind, from 1.
        outcome: How it ended (``performed``: done or cut short).
        reps: Reps done (a rep-based set), if logged.
        weight: Weight used, in ``unit``; ``None`` for bodyweight.
        seconds: Active seconds of a timed set (``None`` for a rep-based set).
        target_reps: The reps it aimed at (``None`` when not known: older logs).
        target_weight: The weight it aimed at, likewise.
        target_seconds: The planned length of a timed set.
        side: The side of a set done per side (``None``: both at once).
    """

    warmup: bool
    number: int
    outcome: Outcome
    reps: int | None = None
    weight: float | None = None
    unit: Unit | None = None
    seconds: float | None = None
    target_reps: int | None = None
    target_weight: float | None = None
    target_seconds: int | None = None
    side: str | None = None

    @property
    def performed(self) -> bool:
        """Whether the set was done (to its end or cut short), not skipped or stopped."""
        return self.outcome.performed


@dataclass(frozen=True)
class PastSession:
    """One exercise's sets in one earlier session, in the order they were done."""

    exercise: str
    started: datetime
    file: str
    routine: str
    sets: tuple[PastSet, ...]
    imported: bool = False

    @property
    def work(self) -> tuple[PastSet, ...]:
        """The work sets (not warm-ups)."""
        return tuple(s for s in self.sets if not s.warmup)

    @property
    def warmups(self) -> tuple[PastSet, ...]:
        """The warm-up sets."""
        return tuple(s for s in self.sets if s.warmup)

    @property
    def volume(self) -> float:
        """Reps × weight over the performed work sets."""
        return sum((s.reps or 0) * (s.weight or 0.0) for s in self.work if s.performed)


@dataclass(frozen=True)
class Memory:
    """Past sessions by exercise (keys from :func:`exercise_key`), each newest first.

    The empty memory (``Memory()``) is a first session: every target is the routine's.
    """

    sessions: Mapping[str, Sequence[PastSession]] = field(default_factory=dict)

    def of(self, exercise: str) -> Sequence[PastSession]:
        """The earlier sessions with ``exercise``, newest first (none: ``()``)."""
        return self.sessions.get(exercise_key(exercise), ())

    def without(self, file: str) -> Memory:
        """This memory without the sessions of the log ``file`` (a session resumed from
        it plans as it did at its start, not against its own first half)."""
        return Memory(
            {key: [s for s in past if s.file != file] for key, past in self.sessions.items()}
        )

    def last(self, exercise: str) -> PastSession | None:
        """The most recent earlier session that had ``exercise`` with a set performed."""
        for session in self.of(exercise):
            if any(s.performed for s in session.sets):
                return session
        return None


def past_set(record: StepRecord) -> PastSet:
    """A logged set as a past one (a set of this session becomes one of the next's past)."""
    timed = record.planned is not None
    return PastSet(
        warmup=record.kind is StepKind.WARMUP_SET,
        number=record.set_number or 1,
        outcome=record.outcome,
        reps=record.reps,
        weight=record.weight,
        unit=record.unit,
        seconds=record.actual if timed else None,
        target_reps=record.target_reps,
        target_weight=record.target_weight,
        target_seconds=record.planned,
        side=record.side,
    )


def past_set_text(done: PastSet) -> str:
    """What a past set was, as shown beside the set: ``40 kg × 11``, ``12 reps``, ``0:45``."""
    if not done.performed:
        return "skipped" if done.outcome is Outcome.SKIPPED else "not finished"
    if done.reps is not None:
        if done.weight:
            unit = f" {done.unit}" if done.unit is not None else ""
            return f"{format_number(done.weight)}{unit} × {done.reps}"
        return f"{done.reps} reps"
    if done.seconds is not None:
        text = format_clock(round(done.seconds))
        return f"{text} × {format_number(done.weight)} {done.unit}" if done.weight else text
    return "done"
