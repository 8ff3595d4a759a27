"""Training memory applied to a plan: targets that follow the logs, last time, the load.

:func:`backtimer.engine.plan.expand` asks a :class:`Training` for each set's
target (the progression's when the exercise declares one, else the routine's),
for the weight of a percent warm-up set, for what was done in the same set last
time and for the plates that load it. Everything comes from the past sessions
(:class:`~backtimer.engine.memory.Memory`) and the user's kit: the routine file
is never rewritten. ``Training()`` (no memory) plans exactly the routine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from backtimer.engine.memory import Memory, PastSession, PastSet, past_set_text
from backtimer.engine.plates import Kit, cannot_load_text, round_weight, solve
from backtimer.engine.progression import Targets, next_targets, warmup_weight
from backtimer.engine.records import Outcome
from backtimer.routine import Exercise, Stretch, Unit, WarmupSet


@dataclass(frozen=True)
class Training:
    """What a plan is built with besides the routine.

    Attributes:
        memory: The earlier sessions (none: a first session).
        kits: The user's equipment by name (``equipment = "barbell"`` in a routine).
        progression: Whether targets follow the progression rules (``run
            --no-progression``: the routine's values).
    """

    memory: Memory = field(default_factory=Memory)
    kits: Mapping[str, Kit] = field(default_factory=dict)
    progression: bool = True

    def kit(self, exercise: Exercise) -> Kit | None:
        """The kit that loads ``exercise``, if it names one the user has."""
        return self.kits.get(exercise.equipment) if exercise.equipment else None

    def rounder(self, exercise: Exercise) -> Callable[[float], float]:
        """How a computed weight becomes a loadable one: by the exercise's kit, else a
        barbell's (a progression or a percent warm-up never asks for 61.3 kg)."""
        kit = self.kit(exercise) or self.kits.get("barbell")
        if kit is None:
            return lambda weight: weight
        return lambda weight: round_weight(weight, kit)

    def targets(self, item: Exercise | Stretch, unit: Unit) -> Targets | None:
        """The next targets of ``item`` by its progression; ``None``: the routine's."""
        if not self.progression or item.progression is None:
            return None
        rounded = self.rounder(item) if isinstance(item, Exercise) else (lambda w: w)
        past = self.memory.of(item.name)
        if isinstance(item, Exercise) and item.sides:
            past = [one_per_set(session) for session in past]
        return next_targets(item, past, round_weight=rounded, unit=unit)

    def warmup_weight(self, ws: WarmupSet, exercise: Exercise, work: float | None) -> float | None:
        """A warm-up set's weight: its own, or its percent of the work weight, loadable."""
        if ws.percent is None or work is None:
            return ws.weight
        return warmup_weight(ws.percent, work, self.rounder(exercise))

    def last(
        self,
        exercise: str,
        *,
        warmup: bool,
        number: int,
        side: str | None = None,
        side_index: int = 0,
    ) -> str | None:
        """``Last: 40 kg × 11``: the same set (by kind and number) last time, if any.

        A set done per side is matched by its ``side`` too; where last time's sets do
        not say their side (an import from an app without sides), by the order they
        were done in: the ``side_index``-th set of that number.
        """
        session = self.memory.last(exercise)
        if session is None:
            return None
        same = [s for s in session.sets if s.warmup == warmup and s.number == number]
        if side is not None:
            named = [s for s in same if s.side == side]
            if named or any(s.side is not None for s in same):
                same = named
            else:
                same = same[side_index : side_index + 1]
        return f"Last: {past_set_text(same[0])}" if same else None

    def load(self, exercise: Exercise, weight: float | None) -> str | None:
        """``60 kg = bar + 20 per side``, or why it can't be loaded; ``None``: no kit."""
        kit = self.kit(exercise)
        if kit is None or weight is None:
            return None
        loading = solve(weight, kit)
        return loading.text if loading is not None else cannot_load_text(weight, kit)


def _weakest(sets: Sequence[PastSet]) -> PastSet:
    """Of one set's sides, the one that went worst: not done, cut short, fewest reps or
    seconds (the stronger side waits for the weaker)."""
    return min(
        sets,
        key=lambda s: (
            s.outcome.performed,
            s.outcome is Outcome.DONE,
            s.reps if s.reps is not None else float("inf"),
            s.seconds if s.seconds is not None else float("inf"),
        ),
    )


def one_per_set(session: PastSession) -> PastSession:
    """A past session of an exercise done per side with one set a number: the weaker
    side's, so a progression asks more only when every side got there."""
    by_set: dict[tuple[bool, int], list[PastSet]] = {}
    for done in session.sets:
        by_set.setdefault((done.warmup, done.number), []).append(done)
    sets = tuple(replace(_weakest(sides), side=None) for sides in by_set.values())
    return replace(session, sets=sets)
