"""A routine expanded into its plan: the ordered steps a session walks through.

Rules of expansion (documented in docs/routines.md):

* warm-up moves, then the exercises, then the stretches (one hold per side);
* an exercise's warm-up sets come before its work sets; the warm-up sets of the members
  of a group (a superset or circuit: adjacent exercises with the same ``group``) all come
  before its first round;
* a group runs in rounds: a set of each member, in order, then a rest. A member that has
  run out of sets is left out of later rounds (3/3 sets: ``A1 B1 · A2 B2 · A3 B3``; 4/3/2:
  ``A B C · A B C · A B · A``). A straight exercise is a group of one: a set, then a rest;
* an exercise with ``sides`` does each set (warm-up sets too) once per side, back to back;
* between two members of a round, and between two sides, the exercise's ``transition``
  (else ``defaults.transition``) is a short timed step when it is more than 0; at 0 the
  next set goes straight on, with no lead-in;
* a rest follows every set, side and round except the very last of the workout: after a
  warm-up set the exercise's ``warmup_rest`` (else ``defaults.warmup_rest``), after a work
  set or a round the ``rest`` of the group's last member (else ``defaults.rest``);
* a get-ready lead-in (``defaults.get_ready`` seconds, 0 for none) comes before every
  warm-up move, set and stretch hold that does not follow a rest or a transition and
  does not go straight on within a round: the rest is already the lead-in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from backtimer.formatting import format_duration, format_weight
from backtimer.routine import Duration, Exercise, Routine, Stretch, Unit, to_duration

if TYPE_CHECKING:
    from backtimer.engine.progression import Targets
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
    #: A short timed switch within a round: to the group's next member, or to the
    #: other side of an exercise done per side (``transition``).
    TRANSITION = "transition"


class Phase(StrEnum):
    """The part of the workout a step belongs to (the banner's colour)."""

    GET_READY = "get_ready"
    WARMUP = "warmup"
    WORK = "work"
    REST = "rest"
    STRETCH = "stretch"


class GroupKind(StrEnum):
    """What a group of exercises is: a superset, or a circuit of timed moves."""

    SUPERSET = "superset"
    CIRCUIT = "circuit"  # every member timed, or ``rounds`` given


_PHASES = {
    StepKind.GET_READY: Phase.GET_READY,
    StepKind.WARMUP: Phase.WARMUP,
    StepKind.WARMUP_SET: Phase.WARMUP,
    StepKind.SET: Phase.WORK,
    StepKind.REST: Phase.REST,
    StepKind.STRETCH: Phase.STRETCH,
    StepKind.TRANSITION: Phase.REST,
}

PHASE_TITLES = {
    Phase.GET_READY: "GET READY",
    Phase.WARMUP: "WARM-UP",
    Phase.WORK: "WORK",
    Phase.REST: "REST",
    Phase.STRETCH: "STRETCH",
}

#: The steps that only lead into the next one (they show what is coming).
LEAD_INS = (StepKind.GET_READY, StepKind.REST, StepKind.TRANSITION)
#: The steps a round is made of: its sets (each side one) and the switches between them.
_IN_A_ROUND = (StepKind.SET, StepKind.WARMUP_SET, StepKind.TRANSITION)


@dataclass(frozen=True)
class Step:
    """One step of a plan.

    Attributes:
        index: Position in the plan, from 0.
        kind: What the step is.
        name: What is shown as the step's title ("Bent-over row", "Rest",
            "Switch sides", "Switch to Face pull").
        duration: Planned length; ``None`` for a rep-based set (it counts up
            until the user says it is done).
        exercise: The exercise, move or stretch the step belongs to; for a
            rest, get-ready or transition, the one that comes next.
        set_number: For sets, which set (from 1) ...
        set_count: ... of how many (warm-up sets are counted separately).
        reps: Target reps of a rep-based set.
        weight: Target weight of a set, in ``unit``.
        unit: The routine's unit of weight.
        side: For a stretch held per side, or a set done per side, which side.
        cues: Form cues to show during the step.
        last: What was done in the same set (and side) last time (``Last: 40 kg × 11``).
        why: Why the target is what it is (``double 8–12: last 12/12/11 @ 40 kg``).
        load: What to put on the bar (``60 kg = bar + 20 per side``).
        group: The superset or circuit the set (or transition) belongs to; ``None``
            for a straight exercise and for every rest.
        group_kind: What that group is (a superset, a circuit).
        round: The round of the group the step is in (from 1); ``None`` outside a
            group's rounds (a straight set, a warm-up set of a member).
        round_count: How many rounds the group runs.
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
    group: str | None = None
    group_kind: GroupKind | None = None
    round: int | None = None
    round_count: int | None = None

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
    def leads_in(self) -> bool:
        """Whether the step only leads into the next (a get-ready, rest or transition)."""
        return self.kind in LEAD_INS

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
    def side_label(self) -> str:
        """ "Left side" for a step done on one side, else ""."""
        return f"{self.side[:1].upper()}{self.side[1:]} side" if self.side else ""

    @property
    def label(self) -> str:
        """ "Set 2 of 3", "Warm-up set 1 of 2", "Set 1 of 3, left side", "Left side", or ""."""
        if self.kind is StepKind.SET:
            text = f"Set {self.set_number} of {self.set_count}"
        elif self.kind is StepKind.WARMUP_SET:
            text = f"Warm-up set {self.set_number} of {self.set_count}"
        else:
            return self.side_label
        return f"{text}, {self.side} side" if self.side else text

    @property
    def group_label(self) -> str:
        """Where the step is in its group: "Superset A · Round 2 of 3", "Circuit B", or ""."""
        if self.group is None:
            return ""
        kind = (self.group_kind or GroupKind.SUPERSET).capitalize()
        text = f"{kind} {self.group}"
        if self.round is not None:
            text += f" · Round {self.round} of {self.round_count}"
        return text

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
        """A one-line description: "Deadlift, set 1 of 3", "Rest 1m30s", "Switch sides"."""
        if self.kind is StepKind.REST:
            return f"Rest {self.duration}"
        if self.kind is StepKind.GET_READY:
            return f"Get ready: {self.exercise}"
        if self.kind is StepKind.TRANSITION:
            return self.name
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

    # -- rounds ------------------------------------------------------------------
    # A round is what runs between two rests: the sets of a group's round (every
    # member, every side) with the transitions between them; of a straight exercise,
    # one set (every side). Its sets are logged together during the rest after it.

    def _span(self, index: int) -> range | None:
        """The indices of the round step ``index`` is in (a set or a transition), if any."""
        steps = self.steps
        if not 0 <= index < len(steps) or steps[index].kind not in _IN_A_ROUND:
            return None
        start = end = index
        while start > 0 and steps[start - 1].kind in _IN_A_ROUND:
            start -= 1
        while end + 1 < len(steps) and steps[end + 1].kind in _IN_A_ROUND:
            end += 1
        return range(start, end + 1)

    def _sets_in(self, span: range | None) -> tuple[Step, ...]:
        if span is None:
            return ()
        return tuple(self.steps[i] for i in span if self.steps[i].is_set)

    def round_of(self, index: int) -> tuple[Step, ...]:
        """The sets (one step a side) of the round that step ``index`` is part of, in
        order; ``()`` for a step outside a round (a rest, a get-ready, a warm-up move,
        a stretch)."""
        return self._sets_in(self._span(index))

    def next_round(self, index: int) -> tuple[Step, ...]:
        """The sets of the first round after the one step ``index`` is in: during a rest
        or get-ready, the round it leads into; during a set, the round after this one.
        ``()`` when no set follows (the stretches are not a round)."""
        span = self._span(index)
        after = span.stop if span is not None else index + 1
        for i in range(after, len(self.steps)):
            if self.steps[i].is_set:
                return self.round_of(i)
            if self.steps[i].kind not in LEAD_INS:
                return ()  # a warm-up move or a stretch comes first
        return ()

    def previous_round(self, index: int) -> tuple[Step, ...]:
        """The sets of the last round before the one step ``index`` is in: during the
        rest after a round, that round (whose rep entries are asked for then)."""
        span = self._span(index)
        before = span.start if span is not None else index
        for i in range(before - 1, -1, -1):
            if self.steps[i].is_set:
                return self.round_of(i)
            if self.steps[i].kind not in LEAD_INS:
                return ()
        return ()


@dataclass(frozen=True)
class _Place:
    """Where a step stands among the groups: its group and round (none: a straight set)."""

    group: str | None = None
    kind: GroupKind | None = None
    round: int | None = None
    round_count: int | None = None


_STRAIGHT = _Place()


@dataclass(frozen=True)
class _Set:
    """One set of an exercise before it is split into sides: what the plan asks of it."""

    kind: StepKind
    number: int
    count: int
    reps: int | None
    duration: Duration | None
    weight: float | None


@dataclass(frozen=True)
class _Member:
    """An exercise as its group runs it: its sets, targets and pauses."""

    exercise: Exercise
    warmups: tuple[_Set, ...]
    work: tuple[_Set, ...]
    targets: Targets | None
    rest: Duration
    warmup_rest: Duration
    transition: Duration

    @property
    def name(self) -> str:
        return self.exercise.name


def groups_of(exercises: Sequence[Exercise]) -> list[list[Exercise]]:
    """The exercises as they run: each group's adjacent members together, each straight
    exercise on its own."""
    blocks: list[list[Exercise]] = []
    for ex in exercises:
        previous = blocks[-1] if blocks else None
        if ex.group is not None and previous is not None and previous[-1].group == ex.group:
            previous.append(ex)
        else:
            blocks.append([ex])
    return blocks


def group_kind(members: Sequence[Exercise]) -> GroupKind:
    """A circuit when every member is timed or the group counts ``rounds``; else a superset."""
    if members[0].rounds is not None or all(m.duration is not None for m in members):
        return GroupKind.CIRCUIT
    return GroupKind.SUPERSET


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
        straight_on: bool = False,
        set_number: int | None = None,
        set_count: int | None = None,
        reps: int | None = None,
        weight: float | None = None,
        side: str | None = None,
        cues: tuple[str, ...] = (),
        last: str | None = None,
        why: str | None = None,
        load: str | None = None,
        place: _Place = _STRAIGHT,
    ) -> None:
        """Add a move, set or hold, with a get-ready lead-in before it unless a rest or a
        transition is, or it goes ``straight_on`` from the set before it."""
        previous = self.steps[-1] if self.steps else None
        lead_in = self.routine.defaults.get_ready
        if (
            not straight_on
            and lead_in.seconds > 0
            and (previous is None or previous.kind not in (StepKind.REST, StepKind.TRANSITION))
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
            group=place.group,
            group_kind=place.kind,
            round=place.round,
            round_count=place.round_count,
        )
        self.steps.append(step)

    def rest(self, duration: Duration, upcoming: str) -> None:
        self.steps.append(
            Step(
                len(self.steps), StepKind.REST, "Rest", duration, exercise=upcoming, unit=self.unit
            )
        )

    def transition(self, duration: Duration, name: str, upcoming: str, place: _Place) -> None:
        """A switch within a round, when it takes any time (else the next set goes on)."""
        if duration.seconds <= 0:
            return
        self.steps.append(
            Step(
                len(self.steps),
                StepKind.TRANSITION,
                name,
                duration,
                exercise=upcoming,
                unit=self.unit,
                group=place.group,
                group_kind=place.kind,
                round=place.round,
                round_count=place.round_count,
            )
        )

    def member(self, ex: Exercise) -> _Member:
        """``ex``'s sets as this session asks them: the progression's targets when it has
        one and a history, else the routine's; percent warm-ups follow the work weight."""
        defaults = self.routine.defaults
        training = self.training
        targets = training.targets(ex, self.unit)
        work_weight = targets.weight if targets is not None else ex.weight
        work_duration = ex.duration
        if targets is not None and targets.seconds is not None and ex.duration is not None:
            work_duration = to_duration(targets.seconds)
        warmups = []
        for i, ws in enumerate(ex.warmup_sets, start=1):
            reps, duration = ws.reps, ws.duration
            if reps is None and duration is None:
                reps, duration = ex.reps, ex.duration
            weight = training.warmup_weight(ws, ex, work_weight)
            warmups.append(
                _Set(StepKind.WARMUP_SET, i, len(ex.warmup_sets), reps, duration, weight)
            )
        work = []
        for i in range(1, ex.sets + 1):
            reps = ex.reps
            if targets is not None and ex.reps is not None and i <= len(targets.reps):
                reps = targets.reps[i - 1] or ex.reps
            work.append(_Set(StepKind.SET, i, ex.sets, reps, work_duration, work_weight))
        return _Member(
            exercise=ex,
            warmups=tuple(warmups),
            work=tuple(work),
            targets=targets,
            rest=ex.rest or defaults.rest,
            warmup_rest=ex.warmup_rest or defaults.warmup_rest,
            transition=ex.transition if ex.transition is not None else defaults.transition,
        )

    def sides(self, m: _Member, one: _Set, *, straight_on: bool, place: _Place) -> None:
        """One set of ``m``: a step a side, the transition between sides."""
        ex = m.exercise
        warmup = one.kind is StepKind.WARMUP_SET
        for i, side in enumerate(ex.sides or (None,)):
            if i > 0:
                self.transition(m.transition, "Switch sides", ex.name, place)
            self.add(
                one.kind,
                ex.name,
                None if one.reps is not None else one.duration,
                exercise=ex.name,
                straight_on=straight_on or i > 0,
                set_number=one.number,
                set_count=one.count,
                reps=one.reps,
                weight=one.weight,
                side=side,
                cues=ex.cues,
                last=self.training.last(
                    ex.name, warmup=warmup, number=one.number, side=side, side_index=i
                ),
                why=m.targets.why if m.targets is not None and not warmup else None,
                load=self.training.load(ex, one.weight),
                place=place,
            )

    def group(self, exercises: Sequence[Exercise], next_name: str | None) -> None:
        """A group's warm-up sets, then its rounds; a straight exercise is a group of one."""
        members = [self.member(ex) for ex in exercises]
        grouped = len(members) > 1 or exercises[0].group is not None
        group = exercises[0].group if grouped else None
        kind_of_group = group_kind(exercises) if grouped else None
        rounds = max(len(m.work) for m in members)
        # The order sets run in: each member's warm-ups, then round by round.
        warmups = [(m, one) for m in members for one in m.warmups]
        play: list[tuple[int, list[tuple[_Member, _Set]]]] = [(0, [w]) for w in warmups]
        for r in range(1, rounds + 1):
            play.append((r, [(m, m.work[r - 1]) for m in members if len(m.work) >= r]))
        for n, (r, sets) in enumerate(play):
            place = _STRAIGHT
            if grouped:
                place = _Place(group, kind_of_group, r or None, rounds if r else None)
            for k, (m, one) in enumerate(sets):
                if k > 0:
                    before = sets[k - 1][0]
                    self.transition(before.transition, f"Switch to {m.name}", m.name, place)
                self.sides(m, one, straight_on=k > 0, place=place)
            upcoming = play[n + 1][1][0][0].name if n + 1 < len(play) else next_name
            if upcoming is not None:
                m, one = sets[-1]
                warmup = one.kind is StepKind.WARMUP_SET
                self.rest(m.warmup_rest if warmup else members[-1].rest, upcoming)

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
    blocks = groups_of(routine.exercises)
    for i, block in enumerate(blocks):
        next_name = blocks[i + 1][0].name if i + 1 < len(blocks) else None
        b.group(block, next_name)
    for stretch in routine.stretches:
        b.stretch(stretch)
    return Plan(routine, tuple(b.steps))
