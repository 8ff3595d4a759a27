"""Personal records (backtimer.engine.prs): each measure, ties, the e1RM formulas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backtimer.engine import Outcome
from backtimer.engine.memory import PastSession, PastSet
from backtimer.engine.prs import Bests, E1rm, PersonalRecord, RecordKind, e1rm
from backtimer.routine import Unit

DAY = datetime(2026, 11, 1, 18, tzinfo=UTC)


def lift(weight: float | None, reps: int, *, warmup: bool = False, n: int = 1) -> PastSet:
    unit = Unit.KG if weight else None
    return PastSet(warmup, n, Outcome.DONE, reps=reps, weight=weight, unit=unit)


def hold(seconds: float, outcome: Outcome = Outcome.DONE) -> PastSet:
    return PastSet(False, 1, outcome, seconds=seconds, target_seconds=60)


def session(days: int, *sets: PastSet, exercise: str = "Squat") -> PastSession:
    when = DAY + timedelta(days=days)
    return PastSession(exercise, when, f"{days}.toml", "Legs", tuple(sets))


def past(*sessions: PastSession) -> list[PastSession]:
    """Newest first, as memory gives them."""
    return sorted(sessions, key=lambda s: s.started, reverse=True)


def kinds(records: list[PersonalRecord]) -> set[RecordKind]:
    return {r.kind for r in records}


def test_a_first_ever_set_is_not_a_record() -> None:
    bests = Bests.of("Squat", [])
    assert bests.check(lift(60, 5), session_volume=300) == []
    assert bests.check(hold(30), session_volume=0) == []  # nor the first hold
    assert {r.kind for r in bests.all()} >= {RecordKind.E1RM, RecordKind.DURATION}


def test_heaviest_for_reps_tells_the_largest_rep_count_beaten() -> None:
    bests = Bests.of("Squat", past(session(0, lift(40, 8), lift(50, 5))))
    records = bests.check(lift(45, 8), session_volume=0)
    heaviest = [r for r in records if r.kind is RecordKind.WEIGHT_FOR_REPS]
    assert len(heaviest) == 1
    assert heaviest[0].at_least == 8
    assert heaviest[0].text == "heaviest for 8+ reps — 45 kg × 8"
    assert heaviest[0].announcement == "New record: heaviest for 8+ reps — 45 kg × 8"
    # 45 kg × 8 is not heavier than 50 kg for 5+ (or 1+ to 5+)
    assert all(
        r.value >= 50
        for r in bests.all()
        if r.kind is RecordKind.WEIGHT_FOR_REPS and (r.at_least or 0) <= 5
    )


def test_a_tie_is_not_a_record() -> None:
    bests = Bests.of("Squat", past(session(0, lift(60, 5)), session(2, lift(50, 8))))
    assert bests.check(lift(60, 5), session_volume=100) == []
    assert bests.check(lift(50, 8), session_volume=100) == []


def test_most_reps_at_a_weight() -> None:
    bests = Bests.of("Squat", past(session(0, lift(50, 8), lift(60, 3))))
    records = bests.check(lift(50, 9), session_volume=0)
    at = [r for r in records if r.kind is RecordKind.REPS_AT_WEIGHT]
    assert [r.text for r in at] == ["most reps at 50 kg — 9"]
    # a weight never used before has nothing to beat
    assert RecordKind.REPS_AT_WEIGHT not in kinds(bests.check(lift(55, 2), session_volume=0))


def test_best_e1rm_by_epley_and_by_brzycki() -> None:
    history = past(session(0, lift(56, 1)))
    epley = Bests.of("Squat", history).check(lift(45, 8), session_volume=0)
    brzycki = Bests.of("Squat", history, E1rm.BRZYCKI).check(lift(45, 8), session_volume=0)
    (e,) = [r for r in epley if r.kind is RecordKind.E1RM]
    assert e.value == pytest.approx(45 * (1 + 8 / 30)) == pytest.approx(57.0)
    assert e.text == "best e1RM 57 kg (45 × 8)"
    # Brzycki: 45 × 36 / 29 = 55.86, under the single of 56: no record
    assert RecordKind.E1RM not in kinds(brzycki)
    assert e1rm(45, 8, E1rm.BRZYCKI) == pytest.approx(55.862, abs=1e-3)
    assert e1rm(48, 5, E1rm.BRZYCKI) == pytest.approx(54.0)
    assert e1rm(48, 5) == pytest.approx(56.0)
    assert e1rm(100, 1) == e1rm(100, 1, E1rm.BRZYCKI) == 100


def test_thirteen_reps_or_more_never_give_an_e1rm() -> None:
    assert e1rm(40, 13) is None
    assert e1rm(40, 30, E1rm.BRZYCKI) is None  # 37 − 30: the formula would still answer
    bests = Bests.of("Squat", past(session(0, lift(40, 10))))
    records = bests.check(lift(40, 20), session_volume=0)
    assert RecordKind.E1RM not in kinds(records)
    assert RecordKind.REPS_AT_WEIGHT in kinds(records)
    assert next(r for r in bests.all() if r.kind is RecordKind.E1RM).reps == 10


def test_session_volume_is_told_once_a_session() -> None:
    bests = Bests.of("Squat", past(session(0, lift(50, 5), lift(50, 5))))  # 500
    assert bests.check(lift(50, 5), session_volume=250) == []
    assert bests.check(lift(50, 5), session_volume=500) == []  # a tie
    (record,) = [r for r in bests.check(lift(50, 5), 750) if r.kind is RecordKind.VOLUME]
    assert record.text == "best session volume — 750 kg"
    assert RecordKind.VOLUME not in kinds(bests.check(lift(50, 5), session_volume=1000))
    assert next(r for r in bests.all() if r.kind is RecordKind.VOLUME).value == 1000


def test_bodyweight_sets_have_most_reps_and_never_a_weight() -> None:
    bests = Bests.of("Pull-up", past(session(0, lift(None, 6), exercise="Pull-up")))
    (record,) = bests.check(lift(None, 7), session_volume=0)
    assert record.kind is RecordKind.REPS
    assert record.text == "most reps — 7"
    texts = " ".join(r.text for r in bests.all())
    assert "kg" not in texts
    assert "e1RM" not in texts
    assert kinds(bests.all()) == {RecordKind.REPS}


def test_timed_sets_and_holds_have_the_longest() -> None:
    bests = Bests.of("Plank", past(session(0, hold(40), exercise="Plank")))
    (record,) = bests.check(hold(45, Outcome.CUT_SHORT), session_volume=0)
    assert record.kind is RecordKind.DURATION
    assert record.text == "longest hold 0:45"
    assert bests.check(hold(45), session_volume=0) == []
    assert kinds(bests.all()) == {RecordKind.DURATION}


def test_warmups_and_sets_not_done_never_count() -> None:
    bests = Bests.of("Squat", past(session(0, lift(50, 5), lift(100, 5, warmup=True))))
    skipped = PastSet(False, 2, Outcome.SKIPPED, reps=5, weight=200, unit=Unit.KG)
    assert bests.check(skipped, session_volume=0) == []
    assert bests.check(lift(120, 5, warmup=True), session_volume=0) == []
    assert max(r.value for r in bests.all() if r.kind is RecordKind.WEIGHT_FOR_REPS) == 50


def test_imported_sessions_count_and_names_match_loosely() -> None:
    imported = PastSession("back  SQUAT", DAY, "i.toml", "Strong", (lift(70, 5),), imported=True)
    bests = Bests.of("Back squat", [imported])
    assert bests.check(lift(70, 5), session_volume=0) == []  # a tie with the import
    assert bests.holders() == {"i.toml"}


def test_all_records_carry_when_they_were_set() -> None:
    bests = Bests.of("Squat", past(session(0, lift(50, 5)), session(3, lift(55, 5))))
    (e1,) = [r for r in bests.all() if r.kind is RecordKind.E1RM]
    assert e1.when == DAY + timedelta(days=3)
    assert e1.weight == 55
    assert bests.holders() == {"0.toml", "3.toml"}  # 50 × 5 is still the most reps at 50
