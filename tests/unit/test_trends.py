"""An exercise's trend: the measure chosen by its sets, one point a session, peaks kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from backtimer.engine import Outcome
from backtimer.engine.memory import PastSession, PastSet
from backtimer.engine.trends import Measure, Point, downsample, trend
from backtimer.routine import Unit

DAY = datetime(2026, 11, 2, 18, tzinfo=UTC)


def _session(day: int, *sets: PastSet, exercise: str = "Row") -> PastSession:
    return PastSession(exercise, DAY + timedelta(days=day), f"{day}.toml", "R", sets)


def _set(reps: int | None = None, weight: float | None = None, **kw: object) -> PastSet:
    base: dict[str, object] = {"warmup": False, "number": 1, "outcome": Outcome.DONE}
    base.update(kw)
    unit = Unit.KG if weight is not None else None
    return PastSet(reps=reps, weight=weight, unit=unit, **base)  # type: ignore[arg-type]


def test_weighted_sets_give_the_best_e1rm_and_the_volume_of_each_session() -> None:
    past = [
        _session(7, _set(10, 40), _set(8, 45), _set(12, 20, warmup=True)),
        _session(0, _set(5, 50), _set(5, 50, outcome=Outcome.SKIPPED)),
    ]
    found = trend("Row", past)
    assert found.measure is Measure.E1RM and found.unit is Unit.KG
    assert found.label == "e1RM (kg)"
    assert [p.when.day for p in found.points] == [2, 9]  # oldest first
    assert [round(p.value, 2) for p in found.points] == [58.33, 57.0]
    assert [p.value for p in found.volumes] == [250, 760]  # warm-ups and skips left out


def test_bodyweight_sets_give_most_reps_and_no_volume() -> None:
    found = trend("Pull-up", [_session(0, _set(6), _set(8)), _session(3, _set(7))])
    assert found.measure is Measure.REPS and found.unit is None
    assert [p.value for p in found.points] == [8, 7] and found.volumes == ()


def test_timed_sets_give_the_longest_set() -> None:
    found = trend("Plank", [_session(0, _set(seconds=40.0), _set(seconds=55.5))])
    assert found.measure is Measure.SECONDS and [p.value for p in found.points] == [55.5]


def test_nothing_done_has_no_measure() -> None:
    found = trend("Row", [_session(0, _set(10, 40, outcome=Outcome.SKIPPED))])
    assert found.measure is None and found.points == () and found.label == ""


@given(st.lists(st.floats(0, 1000), min_size=1, max_size=2000), st.integers(1, 300))
def test_downsample_keeps_at_most_the_limit_and_the_peak(values: list[float], limit: int) -> None:
    points = [Point(DAY + timedelta(days=i), v) for i, v in enumerate(values)]
    kept = downsample(points, limit)
    assert len(kept) <= limit
    assert max(p.value for p in kept) == max(values)
    assert list(kept) == sorted(kept, key=lambda p: p.when)
