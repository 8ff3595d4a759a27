"""Exercises done one side at a time (issue 16): a step a side, last time by side, the
progression of the weaker side, and loads and warm-ups as for any exercise."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from backtimer.engine import (
    FakeClock,
    Outcome,
    Plan,
    Session,
    Step,
    StepKind,
    default_kits,
    expand,
)
from backtimer.engine.memory import Memory, PastSession, PastSet, exercise_key
from backtimer.engine.training import Training, one_per_set
from backtimer.errors import RoutineError
from backtimer.logs import open_journal, read_log
from backtimer.routine import Unit, parse_routine

WHEN = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)

ROW = """\
[routine]
name = "One arm"

[defaults]
get_ready = 0
transition = "10s"

[[exercise]]
name = "Single-arm dumbbell row"
sets = 2
reps = 10
weight = 20
rest = 60
sides = ["left", "right"]
equipment = "dumbbell"
warmup_sets = [{ reps = 10, percent = 50 }]
progression = { rule = "double", reps = [8, 12], add = 2.5 }
"""

PLANK = """\
[routine]
name = "Side plank"

[defaults]
get_ready = 5

[[exercise]]
name = "Side plank"
sets = 2
duration = 30
sides = ["left", "right"]
"""


def plan_of(text: str, training: Training | None = None) -> Plan:
    return expand(parse_routine(text, "sides.toml"), training)


def sets(plan: Plan) -> list[Step]:
    return [s for s in plan.steps if s.is_set]


def test_a_timed_set_times_each_side_with_the_transition_between() -> None:
    plan = plan_of(PLANK.replace("get_ready = 5", "get_ready = 5\ntransition = 8"))
    shown = [(s.kind, s.side, s.planned_seconds) for s in plan.steps]
    assert shown == [
        (StepKind.GET_READY, None, 5),
        (StepKind.SET, "left", 30),
        (StepKind.TRANSITION, None, 8),
        (StepKind.SET, "right", 30),
        (StepKind.REST, None, 90),
        (StepKind.SET, "left", 30),
        (StepKind.TRANSITION, None, 8),
        (StepKind.SET, "right", 30),
    ]
    assert plan.steps[2].title == "Switch sides"
    assert plan.steps[2].exercise == "Side plank"
    right = plan.steps[3]
    assert right.label == "Set 1 of 2, right side" and right.side_label == "Right side"
    assert right.title == "Side plank, set 1 of 2, right side"


def test_without_a_transition_the_other_side_goes_straight_on() -> None:
    plan = plan_of(PLANK)
    kinds = [s.kind for s in plan.steps]
    # No get-ready between the sides: the second follows the first at once.
    assert kinds == [
        *(StepKind.GET_READY, StepKind.SET, StepKind.SET, StepKind.REST),
        *(StepKind.SET, StepKind.SET),
    ]


def test_a_rep_set_is_a_step_a_side_each_with_its_own_reps() -> None:
    plan = plan_of(ROW)
    done = [(s.kind, s.set_number, s.side, s.reps, s.weight) for s in sets(plan)]
    assert done == [
        (StepKind.WARMUP_SET, 1, "left", 10, 10),
        (StepKind.WARMUP_SET, 1, "right", 10, 10),
        (StepKind.SET, 1, "left", 10, 20),
        (StepKind.SET, 1, "right", 10, 20),
        (StepKind.SET, 2, "left", 10, 20),
        (StepKind.SET, 2, "right", 10, 20),
    ]
    assert all(s.duration is None for s in sets(plan))  # counted up, finished with Enter
    assert plan.untimed_count == 6


def test_sides_are_two_or_more_each_once() -> None:
    for bad in ('["left"]', '["left", "left"]'):
        with pytest.raises(RoutineError) as caught:
            parse_routine(ROW.replace('["left", "right"]', bad), "sides.toml")
        (problem,) = caught.value.problems
        assert problem.line == 14 and "'sides'" in problem.message
    three = parse_routine(ROW.replace('["left", "right"]', '["front", "left", "right"]'))
    assert three.exercises[0].sides == ("front", "left", "right")


def _row_past(*sets: PastSet) -> Memory:
    session = PastSession("Single-arm dumbbell row", WHEN, "old.toml", "One arm", sets)
    return Memory({exercise_key("Single-arm dumbbell row"): [session]})


def _done(number: int, reps: int, side: str | None, weight: float = 20.0) -> PastSet:
    return PastSet(False, number, Outcome.DONE, reps=reps, weight=weight, unit=Unit.KG, side=side)


def test_last_time_is_the_same_set_on_the_same_side() -> None:
    memory = _row_past(
        _done(1, 11, "left"), _done(1, 9, "right"), _done(2, 10, "left"), _done(2, 8, "right")
    )
    work = [s for s in sets(plan_of(ROW, Training(memory))) if s.kind is StepKind.SET]
    assert [(s.side, s.last) for s in work] == [
        ("left", "Last: 20 kg × 11"),
        ("right", "Last: 20 kg × 9"),
        ("left", "Last: 20 kg × 10"),
        ("right", "Last: 20 kg × 8"),
    ]


def test_last_time_without_sides_in_memory_goes_by_the_order_they_were_done() -> None:
    """The memory cache keeps no sides: the sets of one number are in the order done."""
    memory = _row_past(_done(1, 11, None), _done(1, 9, None), _done(2, 10, None))
    work = [s for s in sets(plan_of(ROW, Training(memory))) if s.kind is StepKind.SET]
    assert [s.last for s in work] == [
        "Last: 20 kg × 11",
        "Last: 20 kg × 9",
        "Last: 20 kg × 10",
        None,
    ]


def test_the_progression_waits_for_the_weaker_side() -> None:
    memory = _row_past(
        _done(1, 12, "left"), _done(1, 9, "right"), _done(2, 12, "left"), _done(2, 12, "right")
    )
    work = [s for s in sets(plan_of(ROW, Training(memory))) if s.kind is StepKind.SET]
    # double 8–12: one rep more than the weaker side did, on both sides.
    assert [(s.side, s.reps, s.weight) for s in work] == [
        ("left", 10, 20),
        ("right", 10, 20),
        ("left", 12, 20),
        ("right", 12, 20),
    ]
    assert work[0].why == "double 8–12: last 9/12 @ 20 kg"
    # Every side at the top: heavier, both sides.
    memory = _row_past(*(_done(n, 12, side) for n in (1, 2) for side in ("left", "right")))
    work = [s for s in sets(plan_of(ROW, Training(memory))) if s.kind is StepKind.SET]
    assert {(s.reps, s.weight) for s in work} == {(8, 22.5)}


def test_one_per_set_keeps_the_side_that_went_worst() -> None:
    skipped = PastSet(False, 1, Outcome.SKIPPED, side="right")
    session = PastSession("Row", WHEN, "f", "r", (_done(1, 12, "left"), skipped))
    (kept,) = one_per_set(session).sets
    assert kept.outcome is Outcome.SKIPPED and kept.side is None


def test_percent_warm_ups_and_loads_follow_the_progression_on_each_side() -> None:
    memory = _row_past(*(_done(n, 12, side) for n in (1, 2) for side in ("left", "right")))
    plan = plan_of(ROW, Training(memory, default_kits(Unit.KG)))
    warmups = [s for s in sets(plan) if s.kind is StepKind.WARMUP_SET]
    assert [s.side for s in warmups] == ["left", "right"]
    assert (
        warmups[0].weight
        == warmups[1].weight
        == Training(kits=default_kits(Unit.KG)).warmup_weight(
            plan.routine.exercises[0].warmup_sets[0], plan.routine.exercises[0], 22.5
        )
    )
    work = [s for s in sets(plan) if s.kind is StepKind.SET]
    assert {s.load for s in work} == {"22.5 kg dumbbell"}


def test_a_grouped_sided_exercise_keeps_its_progression() -> None:
    text = ROW.replace(
        'name = "Single-arm dumbbell row"', 'name = "Single-arm dumbbell row"\ngroup = "A"'
    )
    text += '\n[[exercise]]\nname = "Face pull"\ngroup = "A"\nsets = 2\nreps = 15\n'
    memory = _row_past(*(_done(n, 12, side) for n in (1, 2) for side in ("left", "right")))
    plan = plan_of(text, Training(memory, default_kits(Unit.KG)))
    rows = [s for s in sets(plan) if s.kind is StepKind.SET and s.name.startswith("Single")]
    assert {(s.reps, s.weight, s.group) for s in rows} == {(8, 22.5, "A")}
    assert [(s.round, s.side) for s in rows] == [
        (1, "left"),
        (1, "right"),
        (2, "left"),
        (2, "right"),
    ]


def test_each_side_is_logged_as_a_set_with_its_side(tmp_path: Path, clock: FakeClock) -> None:
    session = Session(plan_of(ROW), clock, max_gap=None)
    journal = open_journal(session, tmp_path)
    session.start()
    while not session.finished:
        clock.advance(20)
        session.tick()  # a transition ends by itself
        index = session.index
        is_set = session.step.is_set
        session.done()
        if is_set:
            session.log_set(index, reps=12 if session.plan.steps[index].side == "left" else 9)
    log = read_log(journal.path)
    logged = [(r.kind, r.set_number, r.side, r.reps) for r in log.records if r.is_set]
    assert logged == [
        (StepKind.WARMUP_SET, 1, "left", 12),
        (StepKind.WARMUP_SET, 1, "right", 9),
        (StepKind.SET, 1, "left", 12),
        (StepKind.SET, 1, "right", 9),
        (StepKind.SET, 2, "left", 12),
        (StepKind.SET, 2, "right", 9),
    ]
    assert all(r.group is None and r.round is None for r in log.records)
