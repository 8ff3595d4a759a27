"""A routine expanded into its plan: the ordered steps a session walks through.

Rules of expansion (documented in the README):

* warm-up moves, then each exercise's warm-up sets and work sets, then the
  stretches (one hold per side);
* a rest follows every set except the very last set of the workout: after a warm-up
  set the exercise's ``warmup_rest`` (else ``defaults.warmup_rest``), after a work set
  its ``rest`` (else ``defaults.rest``);
* a get-ready lead-in (``defaults.get_ready`` seconds, 0 for none) comes before
  every warm-up move, set and stretch hold that does not follow a rest: the
  rest is already the lead-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from backtimer.formatting import format_duration, format_weight
from backtimer.routine import Duration, Exercise, Routine, Stretch, Unit, to_duration

if TYPE_CHECKING:
    from backtimer.engine.training import Training

#: How long one rep is assumed to take, for the estimated length of a routine.
SECONDS_PER_REP = 3


class StepKind(StrEnum):
    """What a step is."""

    GET_READY = "get_ready"
    WARMUP = "warmup"  # a dynamic warm-up move
    WARMUP_SET = "warmup_set"  # a lighter set before the work sets
    SET = "set"
    REST = "rest"
    STRETCH = "stretch"


class Phase(StrEnum):
    """The part of the workout a step belongs to (the banner's colour)."""

    GET_READY = "get_ready"
    WARMUP = "warmup"
    WORK = "work"
    REST = "rest"
    STRETCH = "stretch"


_PHASES = {
    StepKind.GET_READY: Phase.GET_READY,
    StepKind.WARMUP: Phase.WARMUP,
    StepKind.WARMUP_SET: Phase.WARMUP,
    StepKind.SET: Phase.WORK,
    StepKind.REST: Phase.REST,
    StepKind.STRETCH: Phase.STRETCH,
}

PHASE_TITLES = {
    Phase.GET_READY: "GET READY",
    Phase.WARMUP: "WARM-UP",
    Phase.WORK: "WORK",
    Phase.REST: "REST",
    Phase.STRETCH: "STRETCH",
}


@dataclass(frozen=True)
class Step:
    """One step of a plan.

    Attributes:
        index: Position in the plan, from 0.
        kind: What the step is.
        name: What is shown as the step's title ("Bent-over row", "Rest").
        duration: Planned length; ``None`` for a rep-based set (it counts up
            until the user says it is done).
        exercise: The exercise, move or stretch the step belongs to; for a
            rest or get-ready, the one that comes next.
        set_number: For sets, which set (from 1) ...
        set_count: ... of how many (warm-up sets are counted separately).
        reps: Target reps of a rep-based set.
        weight: Target weight of a set, in ``unit``.
        unit: The routine's unit of weight.
        side: For a stretch held per side, which side.
        cues: Form cues to show during the step.
        last: What was done in the same set last time (``Last: 40 kg × 11``).
        why: Why the target is what it is (``double 8–12: last 12/12/11 @ 40 kg``).
        load: What to put on the bar (``60 kg = bar + 20 per side``).
    """

    index: int
    kind: StepKind
    name: str
    duration: Duration | None
    exercise: str | None = None
    set_number: int | None = None
    set_count: int | None = None
    reps: int | None = None
    weight: float | None = None
    unit: Unit = Unit.KG
    side: str | None = None
    cues: tuple[str, ...] = ()
    last: str | None = None
    why: str | None = None
    load: str | None = None

    @property
    def phase(self) -> Phase:
        """The step's phase."""
        return _PHASES[self.kind]

    @property
    def timed(self) -> bool:
        """Whether the step counts down (else it counts up until done)."""
        return self.duration is not None

    @property
    def is_set(self) -> bool:
        """Whether the step is a set whose reps and weight can be logged."""
        return self.kind in (StepKind.SET, StepKind.WARMUP_SET)

    @property
    def planned_seconds(self) -> int | None:
        """The planned length in seconds, or ``None`` for a rep-based set."""
        return self.duration.seconds if self.duration is not None else None

    @property
    def estimated_seconds(self) -> int:
        """The planned length, or an estimate for a rep-based set."""
        if self.duration is not None:
            return self.duration.seconds
        return (self.reps or 1) * SECONDS_PER_REP

    @property
    def label(self) -> str:
        """ "Set 2 of 3", "Warm-up set 1 of 2", "Left side", or ""."""
        if self.kind is StepKind.SET:
            return f"Set {self.set_number} of {self.set_count}"
        if self.kind is StepKind.WARMUP_SET:
            return f"Warm-up set {self.set_number} of {self.set_count}"
        if self.side:
            return f"{self.side.capitalize()} side"
        return ""

    @property
    def target(self) -> str:
        """What to do: "10 reps × 40 kg", "40s", "Hold 30s"."""
        if self.reps is not None:
            text = f"{self.reps} reps"
        elif self.kind is StepKind.STRETCH and self.duration is not None:
            text = f"Hold {self.duration}"
        elif self.duration is not None:
            text = str(self.duration)
        else:
            text = ""
        if self.weight is not None and self.is_set:
            text += f" × {format_weight(self.weight, self.unit)}"
        return text

    @property
    def title(self) -> str:
        """A one-line description: "Deadlift, set 1 of 3", "Rest 1m30s"."""
        if self.kind is StepKind.REST:
            return f"Rest {self.duration}"
        if self.kind is StepKind.GET_READY:
            return f"Get ready: {self.exercise}"
        if self.label:
            return f"{self.name}, {self.label[0].lower()}{self.label[1:]}"
        return self.name


@dataclass(frozen=True)
class Plan:
    """The steps of a routine, in order, with their planned totals."""

    routine: Routine
    steps: tuple[Step, ...]

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def planned_seconds(self) -> int:
        """The sum of every timed step (rep-based sets have no planned length)."""
        return sum(s.planned_seconds or 0 for s in self.steps)

    @property
    def estimated_seconds(self) -> int:
        """The planned length with rep-based sets estimated at 3 s a rep."""
        return sum(s.estimated_seconds for s in self.steps)

    @property
    def untimed_count(self) -> int:
        """How many rep-based sets the plan has."""
        return sum(1 for s in self.steps if not s.timed)

    def describe_total(self) -> str:
        """ "23m40s" or "21m + 9 rep-based sets"."""
        text = format_duration(self.planned_seconds)
        if self.untimed_count:
            plural = "s" if self.untimed_count != 1 else ""
            text += f" + {self.untimed_count} rep-based set{plural}"
        return text


class _Builder:
    def __init__(self, routine: Routine, training: Training) -> None:
        self.routine = routine
        self.training = training
        self.unit = routine.defaults.unit
        self.steps: list[Step] = []

    def add(
        self,
        kind: StepKind,
        name: str,
        duration: Duration | None,
        *,
        exercise: str,
        set_number: int | None = None,
        set_count: int | None = None,
        reps: int | None = None,
        weight: float | None = None,
        side: str | None = None,
        cues: tuple[str, ...] = (),
        last: str | None = None,
        why: str | None = None,
        load: str | None = None,
    ) -> None:
        """Add a move, set or hold, with a get-ready lead-in before it unless a rest is."""
        previous = self.steps[-1] if self.steps else None
        lead_in = self.routine.defaults.get_ready
        if (
            kind is not StepKind.REST
            and lead_in.seconds > 0
            and (previous is None or previous.kind is not StepKind.REST)
        ):
            self.steps.append(
                Step(len(self.steps), StepKind.GET_READY, "Get ready", lead_in, exercise=name)
            )
        step = Step(
            len(self.steps),
            kind,
            name,
            duration,
            exercise=exercise,
            set_number=set_number,
            set_count=set_count,
            reps=reps,
            weight=weight,
            unit=self.unit,
            side=side,
            cues=cues,
            last=last,
            why=why,
            load=load,
        )
        self.steps.append(step)

    def rest(self, duration: Duration, upcoming: str) -> None:
        self.steps.append(
            Step(
                len(self.steps), StepKind.REST, "Rest", duration, exercise=upcoming, unit=self.unit
            )
        )

    def exercise(self, ex: Exercise, next_name: str | None) -> None:
        rest = ex.rest or self.routine.defaults.rest
        warmup_rest = ex.warmup_rest or self.routine.defaults.warmup_rest
        training = self.training
        # The progression's targets when the exercise has one and a history, else the
        # routine's; percent warm-ups follow the work weight, both loadable.
        targets = training.targets(ex, self.unit)
        work_weight = targets.weight if targets is not None else ex.weight
        work_duration = ex.duration
        if targets is not None and targets.seconds is not None and ex.duration is not None:
            work_duration = to_duration(targets.seconds)
        sets: list[tuple[StepKind, int, int, int | None, Duration | None, float | None]] = []
        for i, ws in enumerate(ex.warmup_sets, start=1):
            reps, duration = ws.reps, ws.duration
            if reps is None and duration is None:
                reps, duration = ex.reps, ex.duration
            weight = training.warmup_weight(ws, ex, work_weight)
            sets.append((StepKind.WARMUP_SET, i, len(ex.warmup_sets), reps, duration, weight))
        for i in range(1, ex.sets + 1):
            reps = ex.reps
            if targets is not None and ex.reps is not None and i <= len(targets.reps):
                reps = targets.reps[i - 1] or ex.reps
            sets.append((StepKind.SET, i, ex.sets, reps, work_duration, work_weight))
        for n, (kind, number, count, reps, duration, weight) in enumerate(sets):
            warmup = kind is StepKind.WARMUP_SET
            self.add(
                kind,
                ex.name,
                None if reps is not None else duration,
                exercise=ex.name,
                set_number=number,
                set_count=count,
                reps=reps,
                weight=weight,
                cues=ex.cues,
                last=training.last(ex.name, warmup=warmup, number=number),
                why=targets.why if targets is not None and not warmup else None,
                load=training.load(ex, weight),
            )
            upcoming = ex.name if n + 1 < len(sets) else next_name
            if upcoming is not None:
                self.rest(warmup_rest if warmup else rest, upcoming)

    def stretch(self, stretch: Stretch) -> None:
        hold = stretch.hold
        targets = self.training.targets(stretch, self.unit)
        if targets is not None and targets.seconds is not None:
            hold = to_duration(targets.seconds)  # a hold progression: longer when held
        for number, side in enumerate(stretch.sides or (None,), start=1):
            self.add(
                StepKind.STRETCH,
                stretch.name,
                hold,
                exercise=stretch.name,
                side=side,
                cues=stretch.cues,
                last=self.training.last(stretch.name, warmup=False, number=number),
                why=targets.why if targets is not None else None,
            )


def expand(routine: Routine, training: Training | None = None) -> Plan:
    """Expand a routine into its plan.

    With ``training`` (the logs' memory, the user's kits), targets follow the
    progressions and each set knows last time and what to load; without it, the
    plan is the routine's own values.
    """
    if training is None:
        from backtimer.engine.training import Training  # it imports this module

        training = Training()
    b = _Builder(routine, training)
    for move in routine.warmup:
        b.add(StepKind.WARMUP, move.name, move.duration, exercise=move.name, cues=move.cues)
    exercises = routine.exercises
    for i, ex in enumerate(exercises):
        next_name = exercises[i + 1].name if i + 1 < len(exercises) else None
        b.exercise(ex, next_name)
    for stretch in routine.stretches:
        b.stretch(stretch)
    return Plan(routine, tuple(b.steps))
