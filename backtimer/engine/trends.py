"""An exercise over time: the measure a trends chart draws, session by session.

Pure functions over past sessions (:mod:`.memory`), no I/O. What is measured depends
on the exercise's sets (:func:`measure_of`):

- **weighted** rep sets: the best estimated 1RM of each session (by the
  :class:`~backtimer.engine.prs.E1rm` formula, only sets of 1–12 reps), and the
  session's volume (reps × weight);
- **bodyweight** rep sets (no weight): the most reps in a set of each session;
- **timed** sets and holds: the longest set of each session, in seconds.

Only performed work sets count (never warm-ups), as for personal records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from backtimer.engine.memory import PastSession, PastSet
from backtimer.engine.prs import E1rm, e1rm
from backtimer.routine import Unit

#: The most points a series keeps (a chart is at most a few hundred cells wide).
MAX_POINTS = 240


class Measure(StrEnum):
    """What a trend of one exercise measures."""

    E1RM = "e1rm"  # weighted rep sets: best estimated 1RM a session
    REPS = "reps"  # bodyweight rep sets: most reps in a set a session
    SECONDS = "seconds"  # timed sets and holds: longest set a session, in seconds


@dataclass(frozen=True)
class Point:
    """One session's value."""

    when: datetime
    value: float


@dataclass(frozen=True)
class Trend:
    """One exercise over time, oldest first.

    Attributes:
        measure: What :attr:`points` measure (``None``: no set performed yet).
        unit: The weight unit of a weighted exercise (its latest one; sets in
            another unit are left out of the chart), else ``None``.
        points: The measure of each session that had one, oldest first.
        volumes: Each session's volume (weighted exercises only), oldest first.
    """

    exercise: str
    measure: Measure | None
    unit: Unit | None
    points: tuple[Point, ...]
    volumes: tuple[Point, ...]

    @property
    def label(self) -> str:
        """The measure's axis label, with its unit: ``e1RM (kg)``, ``reps``, ``seconds``."""
        if self.measure is Measure.E1RM:
            return f"e1RM ({self.unit})" if self.unit is not None else "e1RM"
        if self.measure is Measure.REPS:
            return "most reps"
        if self.measure is Measure.SECONDS:
            return "longest set (s)"
        return ""


def _work(session: PastSession) -> list[PastSet]:
    return [s for s in session.work if s.performed]


def _weighted(done: PastSet) -> bool:
    return done.reps is not None and done.reps > 0 and bool(done.weight and done.weight > 0)


def measure_of(past: Sequence[PastSession]) -> Measure | None:
    """What to chart for an exercise, from its performed work sets: weighted rep sets
    first, then rep sets without weight, then timed ones; ``None`` when there are none."""
    sets = [s for session in past for s in _work(session)]
    if any(_weighted(s) for s in sets):
        return Measure.E1RM
    if any(s.reps is not None and s.reps > 0 for s in sets):
        return Measure.REPS
    if any(s.reps is None and s.seconds is not None and s.seconds > 0 for s in sets):
        return Measure.SECONDS
    return None


def _value(sets: list[PastSet], measure: Measure, unit: Unit | None, formula: E1rm) -> float | None:
    values: list[float] = []
    for s in sets:
        if measure is Measure.E1RM:
            if _weighted(s) and s.unit == unit and s.reps is not None and s.weight is not None:
                estimate = e1rm(s.weight, s.reps, formula)
                if estimate is not None:
                    values.append(estimate)
        elif measure is Measure.REPS:
            if s.reps is not None and s.reps > 0 and not _weighted(s):
                values.append(float(s.reps))
        elif s.reps is None and s.seconds is not None and s.seconds > 0:
            values.append(s.seconds)
    return max(values) if values else None


def downsample(points: Sequence[Point], limit: int = MAX_POINTS) -> tuple[Point, ...]:
    """At most ``limit`` points: runs of neighbours become their best one (a peak is kept)."""
    if len(points) <= limit:
        return tuple(points)
    size = len(points) / limit
    out = []
    for i in range(limit):
        chunk = points[round(i * size) : round((i + 1) * size)]
        if chunk:
            out.append(max(chunk, key=lambda p: p.value))
    return tuple(out)


def trend(exercise: str, past: Sequence[PastSession], formula: E1rm = E1rm.EPLEY) -> Trend:
    """The trend of ``exercise`` over ``past`` (its sessions, in any order)."""
    ordered = sorted(past, key=lambda s: (s.started, s.file))
    measure = measure_of(ordered)
    unit: Unit | None = None
    if measure is Measure.E1RM:
        unit = next(
            (s.unit for session in reversed(ordered) for s in _work(session) if _weighted(s)),
            None,
        )
    points: list[Point] = []
    volumes: list[Point] = []
    for session in ordered:
        sets = _work(session)
        if measure is not None:
            value = _value(sets, measure, unit, formula)
            if value is not None:
                points.append(Point(session.started, value))
        if measure is Measure.E1RM:
            volume = sum(
                (s.reps or 0) * (s.weight or 0.0) for s in sets if _weighted(s) and s.unit == unit
            )
            if volume > 0:
                volumes.append(Point(session.started, volume))
    return Trend(exercise, measure, unit, downsample(points), downsample(volumes))
