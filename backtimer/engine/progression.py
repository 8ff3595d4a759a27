"""The next session's targets of an exercise, from what was done before (issue 14).

Pure functions over the routine's entry and its past sessions (:mod:`.memory`): no I/O,
no clock. :func:`next_targets` applies the entry's ``progression`` rule:

- ``double``: each work set aims at one rep more than it did last time, up to the top of
  the range; once every set reached the top, the weight goes up by ``add`` and the reps
  start again at the bottom;
- ``linear``: the weight goes up by ``add`` after a session where every work set reached
  its reps; after ``fails`` sessions in a row that did not, it drops by ``deload`` (then
  again only after as many more);
- ``hold``: a timed set or stretch hold gets ``add`` longer after a session where every one
  was held in full, up to ``max``.

A set skipped, stopped or cut short is never a success. The weight starts from the
heaviest work weight really used last time, so loading more than asked moves on from
there. Without a rule or without history the targets are the routine's own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from backtimer.engine.memory import PastSession, PastSet
from backtimer.engine.records import Outcome
from backtimer.formatting import format_duration, format_number
from backtimer.routine import Duration, Exercise, Progression, ProgressionRule, Stretch, Unit

#: Seconds a hold may fall short of its target and still count as held in full: the
#: clock's rounding, not the user's effort.
HOLD_SLACK = 0.5


@dataclass(frozen=True)
class Targets:
    """What the next session asks of one exercise (or stretch).

    Attributes:
        reps: Target reps of each work set, in order (``None`` for a timed set or hold);
            one per work set (per side of a stretch).
        weight: The work weight, in the routine's unit (``None``: bodyweight).
        seconds: The length of each timed set or hold (``None`` for rep-based sets).
        why: Why the targets are what they are, for the screen and ``backtimer plan``.
    """

    reps: tuple[int | None, ...]
    weight: float | None
    seconds: int | None
    why: str


def _same(weight: float) -> float:
    return weight


def warmup_weight(
    percent: float, work_weight: float, round_weight: Callable[[float], float]
) -> float:
    """The weight of a warm-up set written as ``percent`` of ``work_weight``, made loadable."""
    return round_weight(work_weight * percent / 100)


def next_targets(
    exercise: Exercise | Stretch,
    past: Sequence[PastSession],
    *,
    round_weight: Callable[[float], float] = _same,
    unit: Unit = Unit.KG,
) -> Targets:
    """The targets of ``exercise``'s next session after ``past`` (newest first).

    ``past`` holds only sessions that had the exercise; ``round_weight`` turns a weight
    into one the exercise's kit can load (the identity when it has none).
    """
    routine = _routine_targets(exercise)
    progression = exercise.progression
    if progression is None:
        return routine
    if not past:
        return _why(routine, "no history: the routine's target")
    rule = _Rule(exercise, progression, past, round_weight, unit)
    if progression.rule is ProgressionRule.DOUBLE:
        return rule.double()
    if progression.rule is ProgressionRule.LINEAR:
        return rule.linear()
    return rule.hold()


def _routine_targets(entry: Exercise | Stretch) -> Targets:
    """The routine's own targets for ``entry``."""
    if isinstance(entry, Stretch):
        holds = max(1, len(entry.sides))
        return Targets((None,) * holds, None, entry.hold.seconds, "the routine's target")
    seconds = entry.duration.seconds if entry.duration is not None else None
    reps = entry.reps if entry.duration is None else None
    return Targets((reps,) * entry.sets, entry.weight, seconds, "the routine's target")


def _why(targets: Targets, why: str) -> Targets:
    return Targets(targets.reps, targets.weight, targets.seconds, why)


class _Rule:
    """One progression applied to one entry's history."""

    def __init__(
        self,
        entry: Exercise | Stretch,
        progression: Progression,
        past: Sequence[PastSession],
        round_weight: Callable[[float], float],
        unit: Unit,
    ) -> None:
        self.entry = entry
        self.progression = progression
        self.past = past
        self.round = round_weight
        self.unit = unit
        self.routine = _routine_targets(entry)
        self.count = len(self.routine.reps)
        self.last = past[0]
        self.work = sorted(self.last.work, key=lambda s: s.number)

    # -- what was done ----------------------------------------------------------------
    def set_number(self, number: int) -> PastSet | None:
        """Last session's work set ``number`` (from 1), if it was logged."""
        return next((s for s in self.work if s.number == number), None)

    def base_weight(self) -> float | None:
        """The heaviest work weight used last time, else its target, else the routine's."""
        used = [s.weight for s in self.work if s.performed and s.weight is not None]
        if used:
            return max(used)
        aimed = [s.target_weight for s in self.work if s.target_weight is not None]
        return max(aimed) if aimed else self.routine.weight

    def weight_text(self, weight: float | None) -> str:
        return "bodyweight" if weight is None else f"{format_number(weight)} {self.unit}"

    def heavier(self, base: float | None) -> float | None:
        """``base`` plus ``add``, made loadable; never lighter than ``base``."""
        add = self.progression.add
        step = add if isinstance(add, float | int) else 0.0
        if base is None:
            return self.round(step) if step > 0 else None
        return max(base, self.round(base + step))

    def reps_done(self, done: PastSet, target: int | None) -> bool:
        """Whether a rep-based set was done with at least ``target`` reps."""
        return (
            done.outcome is Outcome.DONE
            and done.reps is not None
            and (target is None or done.reps >= target)
        )

    # -- the rules --------------------------------------------------------------------
    def double(self) -> Targets:
        low = self.progression.reps_low or 1
        high = self.progression.reps_high or low
        span = f"double {low}–{high}"
        base = self.base_weight()
        sets = [self.set_number(n) for n in range(1, self.count + 1)]
        shown = "/".join(
            str(s.reps) if s is not None and s.performed and s.reps is not None else "–"
            for s in sets
        )
        last = f"{shown} @ {self.weight_text(base)}"
        if all(s is not None and self.reps_done(s, high) for s in sets):
            weight = self.heavier(base)
            if weight is not None and (base is None or weight > base):
                add = self.weight_text(weight - (base or 0.0))
                return Targets((low,) * self.count, weight, None, f"{span}: +{add} after {last}")
            return Targets(
                (high,) * self.count, base, None, f"{span}: top reached, {last}; no heavier weight"
            )
        reps: list[int | None] = []
        for done in sets:
            if done is not None and done.performed and done.reps is not None:
                aim = done.reps + 1
            elif done is not None and done.target_reps is not None:
                aim = done.target_reps  # skipped: the same target again
            else:
                aim = self.routine.reps[0] or low
            reps.append(min(max(aim, low), high))
        return Targets(tuple(reps), base, None, f"{span}: last {last}")

    def linear_success(self, session: PastSession) -> bool:
        """Whether every work set of ``session`` reached its target reps."""
        work = session.work
        fallback = self.routine.reps[0] if self.routine.reps else None
        return bool(work) and all(
            self.reps_done(s, s.target_reps if s.target_reps is not None else fallback)
            for s in work
        )

    def linear(self) -> Targets:
        base = self.base_weight()
        reps = self.routine.reps
        done = sum(
            1
            for s in self.work
            if self.reps_done(s, s.target_reps if s.target_reps is not None else reps[0])
        )
        tally = f"{done}/{max(len(self.work), self.count)} sets done"
        if self.linear_success(self.last):
            weight = self.heavier(base)
            if weight is not None and base is not None and weight > base:
                step = self.weight_text(weight - base)
                return Targets(reps, weight, None, f"linear: +{step} after {tally}")
            return Targets(reps, base, None, f"linear: {tally}; no heavier weight to load")
        failed = 0
        for session in self.past:
            if self.linear_success(session):
                break
            failed += 1
        fails = self.progression.fails
        if base is not None and failed % fails == 0:
            deload = self.progression.deload
            lighter = max(0.0, self.round(base - deload.drop(base)))
            plural = "s" if fails != 1 else ""
            return Targets(
                reps,
                min(lighter, base),
                None,
                f"linear: deload {deload} after {fails} failed session{plural}",
            )
        left = fails - failed % fails
        return Targets(
            reps,
            base,
            None,
            f"linear: {tally} last time; same weight ({left} more before a deload)",
        )

    def held_in_full(self, done: PastSet) -> bool:
        if done.outcome is not Outcome.DONE:
            return False
        if done.seconds is None or done.target_seconds is None:
            return True
        return done.seconds + HOLD_SLACK >= done.target_seconds

    def hold(self) -> Targets:
        targets = [s.target_seconds for s in self.work if s.target_seconds is not None]
        base = max(targets) if targets else (self.routine.seconds or 0)
        weight = self.base_weight() if isinstance(self.entry, Exercise) else None
        held = sum(1 for s in self.work if self.held_in_full(s))
        tally = f"{held}/{max(len(self.work), self.count)} held in full"
        if not self.work or held < len(self.work) or len(self.work) < self.count:
            return Targets(
                self.routine.reps,
                weight,
                base,
                f"hold: {tally} last time; same {format_duration(base)}",
            )
        add = self.progression.add
        step = add.seconds if isinstance(add, Duration) else int(add)
        longer = base + step
        cap = self.progression.max
        if cap is not None and longer > cap.seconds:
            longer = max(base, cap.seconds)
            why = f"hold: {format_duration(longer)}, the max, after {tally}"
        else:
            why = f"hold: +{format_duration(step)} after {tally}"
        return Targets(self.routine.reps, weight, longer, why)
