"""The next session's targets: double, linear and hold progressions over past sessions."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.engine import Outcome, Targets, next_targets, warmup_weight
from backtimer.engine.memory import PastSession, PastSet
from backtimer.routine import (
    Deload,
    Duration,
    Exercise,
    Progression,
    ProgressionRule,
    Stretch,
    Unit,
    parse_routine,
)

ROW = Exercise(
    "Bent-over row",
    sets=3,
    reps=10,
    weight=40,
    progression=Progression(ProgressionRule.DOUBLE, reps_low=8, reps_high=12, add=2.5),
)
DEADLIFT = Exercise(
    "Deadlift",
    sets=3,
    reps=5,
    weight=80,
    progression=Progression(ProgressionRule.LINEAR, add=5.0),
)
PLANK = Exercise(
    "Plank",
    sets=2,
    duration=Duration.of(30),
    progression=Progression(ProgressionRule.HOLD, add=Duration.of(5), max=Duration.of(40)),
)
START = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


def down_to_2_5(weight: float) -> float:
    """A kit that loads multiples of 2.5, rounding down."""
    return math.floor(weight / 2.5 + 1e-9) * 2.5


def session(*sets: PastSet, days_ago: int = 1) -> PastSession:
    return PastSession("x", START - timedelta(days=days_ago), "log.json", "R", tuple(sets))


def lifted(
    *reps: int | None, weight: float = 40, target: int | None = None, skipped: tuple[int, ...] = ()
) -> PastSession:
    """A session of rep-based work sets: ``None`` reps (or a number in ``skipped``) is skipped."""
    sets = []
    for number, done in enumerate(reps, start=1):
        outcome = Outcome.SKIPPED if done is None or number in skipped else Outcome.DONE
        sets.append(
            PastSet(
                False,
                number,
                outcome,
                reps=done if outcome is Outcome.DONE else None,
                weight=weight if outcome is Outcome.DONE else None,
                unit=Unit.KG,
                target_reps=target,
                target_weight=weight,
            )
        )
    return session(*sets)


def held(*seconds: float, outcome: Outcome = Outcome.DONE, target: int = 30) -> PastSession:
    return session(
        *(
            PastSet(False, n, outcome, seconds=s, target_seconds=target)
            for n, s in enumerate(seconds, start=1)
        )
    )


# -- double ----------------------------------------------------------------------------


def test_double_at_the_top_adds_weight_and_starts_the_reps_again() -> None:
    targets = next_targets(ROW, [lifted(12, 12, 12)])
    assert (targets.reps, targets.weight) == ((8, 8, 8), 42.5)
    assert targets.why == "double 8–12: +2.5 kg after 12/12/12 @ 40 kg"


def test_double_below_the_top_adds_a_rep_to_each_set() -> None:
    targets = next_targets(ROW, [lifted(10, 11, 10)])
    assert targets == Targets((11, 12, 11), 40, None, "double 8–12: last 10/11/10 @ 40 kg")


def test_double_caps_each_set_at_the_top() -> None:
    assert next_targets(ROW, [lifted(12, 12, 11)]).reps == (12, 12, 12)


def test_no_history_is_the_routines_targets() -> None:
    targets = next_targets(ROW, [])
    assert (targets.reps, targets.weight, targets.seconds) == ((10, 10, 10), 40, None)
    assert "no history" in targets.why


def test_no_rule_is_the_routines_targets_whatever_the_history() -> None:
    plain = Exercise("Row", sets=2, reps=6, weight=30)
    targets = next_targets(plain, [lifted(12, 12)])
    assert (targets.reps, targets.weight) == ((6, 6), 30)
    assert "routine" in targets.why


def test_a_set_skipped_last_time_is_not_a_success() -> None:
    targets = next_targets(ROW, [lifted(12, None, 12, target=12)])
    assert targets.weight == 40
    assert targets.reps == (12, 12, 12)  # the skipped set aims at its target again


def test_the_weight_starts_from_what_was_lifted() -> None:
    """A user who loaded more than asked moves on from there."""
    targets = next_targets(ROW, [lifted(12, 12, 12, weight=45)])
    assert targets.weight == 47.5


def test_double_rounds_the_new_weight_to_one_that_loads() -> None:
    heavier = Exercise(
        "Row",
        sets=1,
        reps=8,
        weight=40,
        progression=Progression(ProgressionRule.DOUBLE, reps_low=8, reps_high=12, add=3),
    )
    targets = next_targets(heavier, [lifted(12, weight=40)], round_weight=down_to_2_5)
    assert targets.weight == 42.5


@settings(max_examples=200, deadline=None)
@given(
    span=st.tuples(st.integers(1, 30), st.integers(0, 10)),
    history=st.lists(
        st.lists(st.one_of(st.none(), st.integers(0, 50)), min_size=1, max_size=5),
        max_size=3,
    ),
    weight=st.sampled_from([20.0, 40.0, 41.0, 100.0]),
    add=st.sampled_from([0.0, 1.0, 2.5, 5.0]),
    rounding=st.sampled_from([down_to_2_5, lambda w: w]),
)
def test_double_never_leaves_its_range_nor_lowers_the_weight(
    span: tuple[int, int], history: list[list[int | None]], weight: float, add: float, rounding
) -> None:
    low, high = span[0], span[0] + span[1]
    exercise = Exercise(
        "Row",
        sets=3,
        reps=low,
        weight=weight,
        progression=Progression(ProgressionRule.DOUBLE, reps_low=low, reps_high=high, add=add),
    )
    past = [lifted(*reps, weight=weight) for reps in history]
    targets = next_targets(exercise, past, round_weight=rounding)
    assert len(targets.reps) == 3
    assert all(r is not None and low <= r <= high for r in targets.reps)
    assert targets.weight is not None and targets.weight >= weight


# -- linear ----------------------------------------------------------------------------


def test_linear_adds_weight_after_every_set_was_done() -> None:
    targets = next_targets(DEADLIFT, [lifted(5, 5, 5, weight=80, target=5)])
    assert targets == Targets((5, 5, 5), 85, None, "linear: +5 kg after 3/3 sets done")


def test_linear_keeps_the_weight_after_a_failed_session() -> None:
    targets = next_targets(DEADLIFT, [lifted(5, 4, 5, weight=80, target=5)])
    assert (targets.reps, targets.weight) == ((5, 5, 5), 80)
    assert "2 more before a deload" in targets.why


def test_linear_deloads_after_three_failed_sessions_to_a_loadable_weight() -> None:
    failed = [lifted(5, 4, 3, weight=82.5, target=5) for _ in range(3)]
    targets = next_targets(DEADLIFT, failed, round_weight=down_to_2_5)
    assert targets.weight == 72.5  # 82.5 - 8.25 = 74.25, down to 72.5
    assert targets.reps == (5, 5, 5)
    assert targets.why == "linear: deload 10% after 3 failed sessions"


def test_linear_does_not_deload_again_the_session_after_a_deload() -> None:
    failed = [lifted(5, 4, 3, weight=80, target=5) for _ in range(4)]
    assert next_targets(DEADLIFT, failed).weight == 80


def test_linear_deload_by_a_weight_and_after_its_own_count() -> None:
    exercise = Exercise(
        "Deadlift",
        sets=1,
        reps=5,
        weight=80,
        progression=Progression(ProgressionRule.LINEAR, add=5.0, fails=2, deload=Deload(weight=10)),
    )
    assert next_targets(exercise, [lifted(4, weight=80), lifted(3, weight=80)]).weight == 70


def test_linear_success_after_failures_adds_weight() -> None:
    past = [lifted(5, 5, 5, weight=80, target=5), lifted(5, 3, 5, weight=80, target=5)]
    assert next_targets(DEADLIFT, past).weight == 85


def test_linear_skipped_set_is_a_failure() -> None:
    targets = next_targets(DEADLIFT, [lifted(5, None, 5, weight=80, target=5)])
    assert targets.weight == 80


# -- hold ------------------------------------------------------------------------------


def test_hold_gets_longer_after_held_in_full() -> None:
    targets = next_targets(PLANK, [held(30, 30)])
    assert targets == Targets((None, None), None, 35, "hold: +5s after 2/2 held in full")


def test_hold_is_capped_at_its_max() -> None:
    targets = next_targets(PLANK, [held(38, 38, target=38)])
    assert targets.seconds == 40
    assert "the max" in targets.why
    assert next_targets(PLANK, [held(40, 40, target=40)]).seconds == 40


def test_a_cut_short_hold_is_not_a_success() -> None:
    assert next_targets(PLANK, [held(30, 25, outcome=Outcome.CUT_SHORT)]).seconds == 30
    one_short = session(
        PastSet(False, 1, Outcome.DONE, seconds=30, target_seconds=30),
        PastSet(False, 2, Outcome.CUT_SHORT, seconds=20, target_seconds=30),
    )
    targets = next_targets(PLANK, [one_short])
    assert targets.seconds == 30
    assert targets.why == "hold: 1/2 held in full last time; same 30s"


def test_a_stretch_hold_grows_too() -> None:
    stretch = Stretch(
        "Child's pose",
        Duration.of(30),
        sides=("left", "right"),
        progression=Progression(ProgressionRule.HOLD, add=Duration.of(10)),
    )
    targets = next_targets(stretch, [held(30, 30)])
    assert (targets.reps, targets.seconds) == ((None, None), 40)
    assert next_targets(stretch, []).seconds == 30


# -- warm-up sets and the loaded routine ----------------------------------------------


def test_warmup_weight_is_a_loadable_share_of_the_work_weight() -> None:
    assert warmup_weight(50, 85, lambda w: w) == 42.5
    assert warmup_weight(75, 85, down_to_2_5) == 62.5


def test_a_routine_progression_loads_into_the_model() -> None:
    routine = parse_routine(
        """\
[routine]
name = "R"

[[exercise]]
name = "Row"
sets = 3
reps = 10
weight = 40
progression = { rule = "double", reps = [8, 12], add = 2.5 }
""",
        "r.toml",
    )
    (row,) = routine.exercises
    assert row.progression == Progression(ProgressionRule.DOUBLE, reps_low=8, reps_high=12, add=2.5)
    assert next_targets(row, [lifted(12, 12, 12)], unit=Unit.LB).why.endswith("@ 40 lb")
