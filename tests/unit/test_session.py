"""The session engine on a fake clock: every command, the odd orders, the gap rule, whole runs.

Most tests use the small routine of :mod:`tests.enginekit`, whose plan is
0 get-ready 5 · 1 warm-up 20 · 2 get-ready 5 · 3 Row set 1/2 (8 × 40 kg) · 4 rest 60 ·
5 Row set 2/2 · 6 rest 60 · 7 Plank 30 (timed set) · 8 get-ready 5 · 9 stretch left 30 ·
10 get-ready 5 · 11 stretch right 30.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from backtimer.engine import (
    MIN_LEFT,
    TIME_STEP,
    Countdown,
    Event,
    FakeClock,
    Outcome,
    Paused,
    Plan,
    Resumed,
    Session,
    SessionEnded,
    SetLogged,
    State,
    Status,
    StepEnded,
    StepKind,
    StepStarted,
    TimeChanged,
    expand,
    summarize,
    summary_lines,
)
from backtimer.routine import load_routine
from tests.conftest import SHIPPED
from tests.enginekit import UNIT_ROUTINE, JumpyClock, make_session, unit_plan

GR, WU, WS, SET, REST, ST = (
    StepKind.GET_READY,
    StepKind.WARMUP,
    StepKind.WARMUP_SET,
    StepKind.SET,
    StepKind.REST,
    StepKind.STRETCH,
)


def listen(session) -> list[Event]:  # noqa: ANN001
    events: list[Event] = []
    session.subscribe(events.append)
    return events


def started(clock: FakeClock, **kw: object):  # noqa: ANN201
    session = make_session(clock, **kw)
    session.start()
    return session


def go_to(session, clock: FakeClock, index: int) -> None:  # noqa: ANN001
    """Skip ahead to ``index`` (takes no time)."""
    while session.index < index:
        session.skip()
    assert session.index == index


def first_set_done(session, clock: FakeClock) -> None:  # noqa: ANN001
    """Go to the first Row set, do it in 20 s, and be in the rest after it."""
    go_to(session, clock, 3)
    run(session, clock, 20)
    session.done()
    assert session.index == 4


def run(session, clock: FakeClock, seconds: float, every: float = 1.0) -> None:  # noqa: ANN001
    """Let ``seconds`` pass with a tick every ``every`` seconds, as the UI does."""
    left = seconds
    while left > 1e-9:
        step = min(every, left)
        clock.advance(step)
        session.tick()
        left -= step


def kinds(events: list[Event]) -> list[str]:
    return [type(e).__name__ for e in events]


# -- starting and the clock --------------------------------------------------


def test_a_new_session_waits_for_start(clock: FakeClock) -> None:
    session = make_session(clock)
    assert session.state is State.READY and session.status is Status.IN_PROGRESS
    assert session.remaining() == 5 and session.elapsed() == 0
    clock.advance(30)
    session.tick()  # not started: time does not count
    assert session.index == 0 and session.records == []
    assert session.next_wakeup() is None


def test_start_begins_the_first_step_once(clock: FakeClock) -> None:
    session = make_session(clock)
    events = listen(session)
    session.start()
    session.start()
    assert session.state is State.RUNNING
    assert session.index == 0 and session.step.kind is GR
    assert session.deadline() == clock.now() + 5
    assert session.remaining() == 5
    assert events == [StepStarted(session.plan.steps[0])]


def test_remaining_is_deadline_minus_now_not_a_count_of_ticks(clock: FakeClock) -> None:
    session = started(clock)
    clock.advance(2.5)  # no tick at all
    assert session.remaining() == 2.5
    assert session.elapsed() == 2.5
    for _ in range(50):
        session.tick()  # ticking many times changes nothing
    assert session.remaining() == 2.5


def test_a_timed_step_ends_by_itself_at_its_deadline(clock: FakeClock) -> None:
    session = started(clock)
    clock.advance(4.999)
    session.tick()
    assert session.index == 0
    clock.advance(0.001)
    session.tick()
    assert session.index == 1 and session.step.kind is WU
    assert session.remaining() == 20
    assert session.records[0].outcome is Outcome.DONE and session.records[0].actual == 5


def test_a_late_tick_starts_the_next_step_at_the_deadline(clock: FakeClock) -> None:
    t0 = clock.now()
    session = started(clock)
    clock.advance(7.5)  # the tick comes 2.5 s after the lead-in's deadline
    session.tick()
    assert session.index == 1
    assert session.remaining() == 17.5  # the warm-up began at t0 + 5, not at t0 + 7.5
    assert session.deadline() == t0 + 25
    clock.advance(9)
    session.tick()
    clock.advance(9.25)  # late again: t0 + 25.75
    session.tick()
    assert session.index == 2
    assert session.deadline() == t0 + 30  # no drift accumulated
    assert session.remaining() == pytest.approx(4.25)
    first, second = session.records
    assert (first.actual, second.actual) == (5, 20)
    assert second.started == clock.wall() - timedelta(seconds=20.75)
    assert second.ended == clock.wall() - timedelta(seconds=0.75)


def test_one_tick_ends_every_step_whose_deadline_passed(clock: FakeClock) -> None:
    t0 = clock.now()
    session = started(clock, max_gap=None)
    clock.advance(40)
    session.tick()
    # 0 (5 s) and 1 (20 s) and 2 (5 s) ended at t0+5, t0+25, t0+30; the set began at t0+30
    assert session.index == 3 and session.step.kind is SET
    assert session.elapsed() == 10
    assert [r.actual for r in session.records] == [5, 20, 5]
    assert session.deadline() is None
    assert clock.now() - t0 == 40


def test_a_rep_based_set_counts_up_until_done(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 3)
    assert session.remaining() is None and session.deadline() is None
    run(session, clock, 95)  # far longer than any timer: it never ends by itself
    assert session.index == 3 and session.state is State.RUNNING
    assert session.elapsed() == 95
    session.done()
    record = session.records[3]
    assert record.outcome is Outcome.DONE
    assert (record.planned, record.actual) == (None, 95)
    assert (record.reps, record.weight, record.unit) == (8, 40, "kg")
    assert record.set_number == 1 and record.set_count == 2 and not record.entered


def test_the_rest_starts_by_itself_after_a_set(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 3)
    run(session, clock, 20)
    session.done()
    assert session.step.kind is REST and session.state is State.RUNNING
    assert session.remaining() == 60
    run(session, clock, 60)
    assert session.index == 5 and session.step.kind is SET


def test_a_timed_set_ends_by_itself_and_the_next_step_follows(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 7)
    assert session.step.name == "Plank" and session.remaining() == 30
    run(session, clock, 30)
    assert session.index == 8 and session.step.kind is GR
    plank = session.records[7]
    assert (plank.planned, plank.actual, plank.outcome) == (30, 30, Outcome.DONE)
    assert plank.reps is None and plank.weight is None


# -- pause and resume -----------------------------------------------------------


def test_pause_stops_the_clock_and_resume_moves_the_deadline(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 1)
    run(session, clock, 5)
    deadline = session.deadline()
    session.pause()
    assert session.paused and session.state is State.PAUSED
    run(session, clock, 100)  # ticks while paused change nothing
    assert session.index == 1
    assert session.remaining() == 15 and session.elapsed() == 5
    assert session.paused_seconds == 100
    assert session.next_wakeup() is None
    session.resume()
    assert session.state is State.RUNNING
    assert session.deadline() == deadline + 100
    assert session.remaining() == 15
    run(session, clock, 14)
    assert session.index == 1
    run(session, clock, 1)
    assert session.index == 2
    record = session.records[1]
    assert (record.actual, record.paused) == (20, 100)


def test_pause_during_the_get_ready(clock: FakeClock) -> None:
    session = started(clock)
    run(session, clock, 2)
    session.pause()
    run(session, clock, 60)
    assert session.index == 0 and session.remaining() == 3
    session.resume()
    run(session, clock, 3)
    assert session.index == 1
    assert (session.records[0].actual, session.records[0].paused) == (5, 60)


def test_pause_twice_and_resume_twice_are_harmless(clock: FakeClock) -> None:
    session = started(clock)
    events = listen(session)
    session.resume()  # running: nothing to resume
    session.pause()
    clock.advance(3)
    session.pause()
    session.resume()
    session.resume()
    assert kinds(events) == ["Paused", "Resumed"]
    assert events[0] == Paused(auto=False)
    assert session.paused_seconds == 3


def test_toggle_pause(clock: FakeClock) -> None:
    session = started(clock)
    session.toggle_pause()
    assert session.paused
    session.toggle_pause()
    assert session.state is State.RUNNING


def test_commands_before_start_do_nothing(clock: FakeClock) -> None:
    session = make_session(clock)
    events = listen(session)
    for command in (session.pause, session.resume, session.done, session.skip, session.back):
        command()
    assert session.adjust_time(TIME_STEP) == 0
    assert session.state is State.READY and session.index == 0 and events == []


# -- done and skip --------------------------------------------------------------


def test_done_cuts_a_timer_short(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 1)
    run(session, clock, 3)
    session.done()
    record = session.records[1]
    assert (record.planned, record.actual, record.outcome) == (20, 3, Outcome.CUT_SHORT)
    assert record.cut_short and record.performed and not record.skipped
    assert session.index == 2 and session.remaining() == 5


def test_a_timed_set_cut_short_keeps_its_seconds_and_weight(clock: FakeClock) -> None:
    text = UNIT_ROUTINE.replace('name = "Plank"\nsets = 1', 'name = "Plank"\nsets = 1\nweight = 10')
    session = started(clock, text=text)
    go_to(session, clock, 7)  # the plank, 30 s
    run(session, clock, 12.5)
    session.pause()
    clock.advance(4)
    session.done()  # Enter while paused: cut short at 12.5 s
    plank = session.records[7]
    assert (plank.planned, plank.actual, plank.paused) == (30, 12.5, 4)
    assert plank.outcome is Outcome.CUT_SHORT and plank.weight == 10
    assert summarize(session).sets_done == 1 and summarize(session).cut_short == 1


def test_done_on_a_rep_set_or_a_timer_that_ran_out_is_done(clock: FakeClock) -> None:
    session = started(clock)
    clock.advance(7)  # the 5 s get-ready ran out, no tick yet
    session.done()  # the catch-up tick ends it as done; Enter ends the warm-up
    assert session.records[0].outcome is Outcome.DONE
    assert session.records[1].outcome is Outcome.CUT_SHORT and session.records[1].actual == 2
    go_to(session, clock, 3)
    run(session, clock, 40)
    session.done()  # a rep-based set: done, whenever
    assert session.records[3].outcome is Outcome.DONE
    assert session.records[3].reps == 8


def test_skip_records_the_step_as_skipped_with_the_time_spent(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 3)
    run(session, clock, 4)
    session.skip()
    record = session.records[3]
    assert record.skipped and record.outcome is Outcome.SKIPPED
    assert record.actual == 4 and record.planned is None
    assert record.reps is None and record.weight is None  # a skipped set did nothing
    assert record.volume == 0
    assert session.index == 4 and session.step.kind is REST


def test_skip_while_paused_goes_on_running(clock: FakeClock) -> None:
    session = started(clock)
    run(session, clock, 1)
    session.pause()
    clock.advance(10)
    events = listen(session)
    session.skip()
    assert session.index == 1 and session.state is State.RUNNING
    assert (session.records[0].actual, session.records[0].paused) == (1, 10)
    assert kinds(events) == ["Resumed", "StepEnded", "StepStarted"]
    assert session.remaining() == 20


def test_skip_the_last_step_finishes_the_session(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 11)
    events = listen(session)
    run(session, clock, 2)
    session.skip()
    assert session.finished and session.status is Status.COMPLETED
    assert events[-1] == SessionEnded(Status.COMPLETED)
    assert len(session.records) == 12 and session.records[-1].skipped
    assert session.index == 11  # stays on the last step, in range
    assert session.next_wakeup() is None and session.deadline() is None
    assert session.progress() == 1.0 and session.planned_remaining() == 0


def test_done_on_the_last_step_finishes_the_session(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 11)
    run(session, clock, 30)
    assert session.finished and session.status is Status.COMPLETED
    assert session.records[-1].outcome is Outcome.DONE


def test_remaining_is_zero_once_finished(clock: FakeClock) -> None:
    """Regression: a finished session reported the last step's whole duration as left."""
    session = started(clock)
    go_to(session, clock, 11)
    run(session, clock, 30)
    assert session.finished
    assert session.remaining() == 0
    quitter = started(clock)
    quitter.quit()
    assert quitter.remaining() == 0 and quitter.elapsed() == 0


# -- back -----------------------------------------------------------------------


def test_back_on_the_very_first_step_restarts_it(clock: FakeClock) -> None:
    session = started(clock)
    run(session, clock, 3)
    events = listen(session)
    session.back()
    assert session.index == 0 and session.remaining() == 5
    assert session.records == []
    assert events == [StepStarted(session.plan.steps[0])]


def test_back_on_the_first_real_step_restarts_it_not_its_lead_in(clock: FakeClock) -> None:
    """Lead-ins are passed over: back from the first move restarts that move.

    Regression: back from step 1 landed on the get-ready before it.
    """
    session = started(clock)
    run(session, clock, 5)
    run(session, clock, 12)
    assert session.index == 1
    session.back()
    assert session.index == 1 and session.step.kind is WU
    assert session.remaining() == 20 and session.elapsed() == 0
    assert [r.index for r in session.records] == [0]  # the lead-in stays done


def test_back_goes_to_the_start_of_the_previous_step_passing_over_lead_ins(
    clock: FakeClock,
) -> None:
    session = started(clock)
    go_to(session, clock, 3)  # a set, after the get-ready 2, after the warm-up 1
    run(session, clock, 7)
    session.back()
    assert session.index == 1 and session.step.kind is WU
    assert session.remaining() == 20
    assert [r.index for r in session.records] == [0]  # 1 and 2 will be recorded again
    run(session, clock, 20)
    assert session.index == 2 and session.step.kind is GR  # the lead-in comes again, forward


def test_back_from_a_lead_in_goes_to_the_step_before_it(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 2)
    session.back()
    assert session.index == 1


def test_back_from_a_rest_redoes_the_set(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 3)
    run(session, clock, 20)
    session.done()
    session.log_set(3, reps=6)
    run(session, clock, 10)
    session.back()
    assert session.index == 3 and session.elapsed() == 0 and session.remaining() is None
    assert 3 not in [r.index for r in session.records]
    run(session, clock, 25)
    session.done()
    assert session.records[3].actual == 25 and session.records[3].reps == 8  # a fresh record


def test_back_while_paused_restarts_the_previous_step_running(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 4)
    session.pause()
    clock.advance(30)
    session.back()
    assert session.index == 3 and session.state is State.RUNNING
    assert session.paused_seconds == 0  # that pause belonged to the rest being dropped


# -- + / - 15 s on any timed step ------------------------------------------------


def test_adding_and_removing_rest(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 4)
    events = listen(session)
    assert session.adjust_time(TIME_STEP) == 15
    assert session.remaining() == 75
    assert session.adjust_time(TIME_STEP) == 15
    assert session.adjust_time(-TIME_STEP) == -15
    assert session.remaining() == 75
    run(session, clock, 74)
    assert session.index == 4 and session.remaining() == 1
    run(session, clock, 1)
    assert session.index == 5
    assert (session.records[4].planned, session.records[4].actual) == (60, 75)
    assert session.records[4].outcome is Outcome.DONE  # ran to its (longer) end
    assert [e.delta for e in events if isinstance(e, TimeChanged)] == [15, 15, -15]


@pytest.mark.parametrize(("index", "kind"), [(0, GR), (1, WU), (4, REST), (7, SET), (9, ST)])
def test_plus_and_minus_change_every_timed_step(
    clock: FakeClock, index: int, kind: StepKind
) -> None:
    session = started(clock)
    go_to(session, clock, index)
    assert session.step.kind is kind
    planned = session.step.planned_seconds
    assert planned is not None
    events = listen(session)
    assert session.adjust_time(TIME_STEP) == TIME_STEP
    assert session.remaining() == planned + TIME_STEP
    run(session, clock, planned + TIME_STEP - 0.5)
    assert session.index == index  # still running: it was made longer
    run(session, clock, 0.5)
    record = session.records[index]
    assert (record.actual, record.outcome) == (planned + TIME_STEP, Outcome.DONE)
    assert events[0] == TimeChanged(delta=TIME_STEP)


def test_minus_stops_at_five_seconds_left_and_never_ends_a_step(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 7)  # the plank, 30 s
    run(session, clock, 18)  # 12 s left
    events = listen(session)
    assert session.adjust_time(-TIME_STEP) == -7  # what was actually taken away
    assert session.remaining() == MIN_LEFT == 5
    assert session.adjust_time(-TIME_STEP) == 0  # nothing left to take
    run(session, clock, 1)  # 4 s left
    assert session.adjust_time(-TIME_STEP) == 0
    assert session.index == 7 and session.remaining() == 4
    assert events == [TimeChanged(delta=-7)]  # nothing sent when nothing changed
    run(session, clock, 4)  # it runs out by itself: done, 7 s shorter than planned
    assert session.records[7].actual == 30 - 7 and session.records[7].outcome is Outcome.DONE


def test_minus_goes_by_the_seconds_the_clock_shows(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 4)  # a 60 s rest
    run(session, clock, 47.5)  # 12.5 s left, shown as 13
    assert session.adjust_time(-TIME_STEP) == -8  # shown as 5 now
    assert session.remaining() == 4.5
    run(session, clock, 0.25)
    assert session.adjust_time(-TIME_STEP) == 0
    run(session, clock, 4.25)
    assert session.index == 5  # ran out by itself


def test_minus_with_less_than_fifteen_left_but_more_than_five(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 4)
    run(session, clock, 40)
    assert session.adjust_time(-TIME_STEP) == -15  # 20 -> 5
    assert session.remaining() == 5
    clock.advance(4.5)
    assert session.remaining() == 0.5
    clock.advance(3)  # no tick yet: still shown as 0, not -2.5
    assert session.remaining() == 0
    session.tick()
    assert session.index == 5


def test_adjust_time_while_paused(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 4)
    run(session, clock, 10)
    session.pause()
    assert session.adjust_time(TIME_STEP) == 15
    clock.advance(100)
    assert session.remaining() == 65 and session.paused


def test_adjust_time_on_a_rep_set_does_nothing(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 3)  # Row set 1: 8 reps, no clock
    events = listen(session)
    assert session.adjust_time(TIME_STEP) == 0
    assert session.adjust_time(-TIME_STEP) == 0
    assert session.remaining() is None and session.index == 3 and events == []


# -- quit -------------------------------------------------------------------------


def test_quit_abandons_and_records_the_current_step_as_stopped(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 3)
    run(session, clock, 12)
    events = listen(session)
    session.quit()
    assert session.finished and session.status is Status.ABANDONED
    stopped = session.records[-1]
    assert stopped.index == 3 and stopped.outcome is Outcome.STOPPED and stopped.actual == 12
    assert stopped.reps is None  # a stopped set was not done
    assert kinds(events) == ["StepEnded", "SessionEnded"]
    assert events[-1] == SessionEnded(Status.ABANDONED)
    assert len(session.records) == 4


def test_quit_before_start(clock: FakeClock) -> None:
    session = make_session(clock)
    session.quit()
    assert session.finished and session.status is Status.ABANDONED and session.records == []


def test_quit_while_paused_ends_the_step_at_the_pause(clock: FakeClock) -> None:
    """Time left paused before quitting is neither exercise nor part of the session."""
    session = started(clock)
    go_to(session, clock, 1)
    run(session, clock, 6)
    session.pause()
    paused_wall = clock.wall()
    clock.advance(300)
    session.quit()
    stopped = session.records[-1]
    assert (stopped.actual, stopped.paused) == (6, 0)
    assert stopped.ended == paused_wall
    assert session.active_seconds == 6


def test_nothing_changes_a_finished_session(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 4)
    session.quit()
    before = (session.state, session.status, session.index, session.records)
    events = listen(session)
    for command in (
        session.start,
        session.pause,
        session.resume,
        session.toggle_pause,
        session.done,
        session.skip,
        session.back,
        session.quit,
        session.tick,
    ):
        clock.advance(20)
        command()
    assert session.adjust_time(TIME_STEP) == 0
    assert (session.state, session.status, session.index, session.records) == before
    assert events == []


# -- logging a set ------------------------------------------------------------------


def test_log_set_replaces_what_was_done(clock: FakeClock) -> None:
    session = started(clock)
    first_set_done(session, clock)
    events = listen(session)
    record = session.log_set(3, reps=6, weight=42.5, rpe=8)
    assert (record.reps, record.weight, record.rpe, record.entered) == (6, 42.5, 8, True)
    assert session.records[3] == record
    assert events == [SetLogged(record)]
    assert record.volume == 6 * 42.5
    again = session.log_set(3, rpe=9)  # None keeps what was there
    assert (again.reps, again.weight, again.rpe) == (6, 42.5, 9)
    assert session.index == 4 and session.remaining() == 60  # the rest never waited


def test_log_set_confirming_the_target_keeps_it(clock: FakeClock) -> None:
    session = started(clock)
    first_set_done(session, clock)
    record = session.log_set(3)
    assert (record.reps, record.weight, record.rpe, record.entered) == (8, 40, None, True)


@pytest.mark.parametrize("rpe", [1, 10])
def test_log_set_accepts_rpe_1_to_10(clock: FakeClock, rpe: int) -> None:
    session = started(clock)
    first_set_done(session, clock)
    assert session.log_set(3, rpe=rpe).rpe == rpe


@pytest.mark.parametrize(
    ("index", "values", "message"),
    [
        (3, {"rpe": 0}, "RPE is from 1 to 10"),
        (3, {"rpe": 11}, "RPE is from 1 to 10"),
        (3, {"reps": -1}, "reps can't be negative"),
        (3, {"weight": -5}, "weight can't be negative"),
        (1, {"reps": 5}, "step 2 is not a finished set"),  # a warm-up move
        (4, {"reps": 5}, "step 5 is not a finished set"),  # the rest under way
        (5, {"reps": 5}, "step 6 is not a finished set"),  # a set not done yet
        (99, {"reps": 5}, "step 100 is not a finished set"),
    ],
)
def test_log_set_refuses_bad_values(
    clock: FakeClock, index: int, values: dict, message: str
) -> None:
    session = started(clock)
    first_set_done(session, clock)
    before = session.records
    with pytest.raises(ValueError, match=message):
        session.log_set(index, **values)
    assert session.records == before


# -- records and events --------------------------------------------------------------


def test_records_hold_planned_actual_skipped_and_paused(clock: FakeClock) -> None:
    session = started(clock)
    run(session, clock, 5)  # 0 done by itself
    run(session, clock, 4)
    session.pause()
    clock.advance(7)
    session.resume()
    run(session, clock, 16)  # 1 done by itself, 7 s paused in it
    session.skip()  # 2 skipped at once
    run(session, clock, 33)
    session.done()  # 3 done after 33 s
    rows = [(r.index, r.kind, r.planned, r.actual, r.paused, r.outcome) for r in session.records]
    assert rows == [
        (0, GR, 5, 5, 0, Outcome.DONE),
        (1, WU, 20, 20, 7, Outcome.DONE),
        (2, GR, 5, 0, 0, Outcome.SKIPPED),
        (3, SET, None, 33, 0, Outcome.DONE),
    ]
    assert session.active_seconds == 5 + 20 + 0 + 33
    assert session.paused_seconds == 7
    assert [r.name for r in session.records] == ["Get ready", "Arm circles", "Get ready", "Row"]
    walls = [(r.started, r.ended) for r in session.records]
    for (_, end), (start, _) in zip(walls, walls[1:], strict=False):
        assert end == start  # each step starts when the one before ends


def test_events_come_in_order(clock: FakeClock) -> None:
    session = make_session(clock)
    events = listen(session)
    session.start()
    run(session, clock, 5)
    session.pause()
    session.resume()
    first_set_done(session, clock)
    session.adjust_time(TIME_STEP)
    session.log_set(3, reps=7)
    session.quit()
    assert [k for k in kinds(events) if k != "Countdown"] == [
        "StepStarted",  # 0
        "StepEnded",  # 0 by itself
        "StepStarted",  # 1
        "Paused",
        "Resumed",
        "StepEnded",  # 1 skipped
        "StepStarted",  # 2
        "StepEnded",  # 2 skipped
        "StepStarted",  # 3
        "StepEnded",  # 3 done
        "StepStarted",  # 4, the rest
        "TimeChanged",
        "SetLogged",
        "StepEnded",  # 4 stopped
        "SessionEnded",
    ]
    started_steps = [e.step.index for e in events if isinstance(e, StepStarted)]
    ended_steps = [e.record.index for e in events if isinstance(e, StepEnded)]
    assert started_steps == [0, 1, 2, 3, 4] and ended_steps == [0, 1, 2, 3, 4]
    assert isinstance([e for e in events if not isinstance(e, Countdown)][4], Resumed)


def test_the_last_three_seconds_of_a_timed_step_count_down_once_each(clock: FakeClock) -> None:
    session = make_session(clock)  # a 5 s get-ready, then a 20 s warm-up move
    events = listen(session)
    session.start()
    run(session, clock, 1.5, every=0.25)  # 3.5 s left: nothing yet
    assert not [e for e in events if isinstance(e, Countdown)]
    run(session, clock, 3.0, every=0.25)  # through 3, 2 and 1 s left, ticking often
    counted = [(e.step.index, e.seconds_left) for e in events if isinstance(e, Countdown)]
    assert counted == [(0, 3), (0, 2), (0, 1)]
    session.pause()
    clock.advance(30)
    session.tick()  # paused: the clock stands, no beep
    assert len([e for e in events if isinstance(e, Countdown)]) == 3
    session.resume()
    run(session, clock, 1.0)  # the 20 s move starts
    run(session, clock, 18.0)  # 2 s left: 3 and 2 counted
    session.back()  # the move starts again, and counts down again at its end
    run(session, clock, 20.0)
    moves = [e.seconds_left for e in events if isinstance(e, Countdown) and e.step.index == 1]
    assert moves == [3, 2, 3, 2, 1]


def test_every_listener_hears_every_event(clock: FakeClock) -> None:
    session = make_session(clock)
    first, second = listen(session), listen(session)
    session.start()
    session.skip()
    assert first == second and len(first) == 3


# -- the gap rule ----------------------------------------------------------------------


def test_a_long_tick_gap_pauses_at_the_last_tick_and_counts_as_paused(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 1)
    run(session, clock, 4)
    active = session.active_seconds
    events = listen(session)
    clock.advance(11)  # > max_gap (10 s) without a tick: the laptop slept
    session.tick()
    assert session.paused and session.index == 1
    assert events == [Paused(auto=True, gap=11)]
    assert session.remaining() == 16  # as at the last tick: the sleep did not count
    assert session.active_seconds == active
    assert session.paused_seconds == 11
    session.resume()
    run(session, clock, 16)
    record = session.records[1]
    assert (record.actual, record.paused, record.outcome) == (20, 11, Outcome.DONE)


def test_a_gap_never_skips_a_step_silently(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 1)
    run(session, clock, 18)  # 2 s left
    clock.advance(3600)  # an hour asleep: far past the deadline
    session.tick()
    assert session.paused and session.index == 1 and session.remaining() == 2
    assert len(session.records) == 1
    session.resume()
    run(session, clock, 2)
    assert session.index == 2 and session.records[1].actual == 20


def test_a_gap_of_exactly_max_gap_is_not_a_pause(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 1)
    clock.advance(10)
    session.tick()
    assert session.state is State.RUNNING and session.remaining() == 10


def test_a_wall_clock_jump_pauses_too() -> None:
    """Some systems stop the monotonic clock during sleep; the wall clock still moves."""
    clock = JumpyClock()
    session = make_session(clock)
    session.start()
    go_to(session, clock, 1)
    run(session, clock, 4)
    events = listen(session)
    clock.advance(1)
    clock.jump_wall(3600)
    session.tick()
    assert session.paused and session.index == 1
    assert isinstance(events[0], Paused) and events[0].auto and events[0].gap == 3601
    assert session.remaining() == 16
    assert session.paused_seconds == 1  # the monotonic second since the last tick
    assert session.active_seconds == 4  # the lead-in was skipped at once


def test_a_wall_clock_step_back_is_not_a_gap() -> None:
    clock = JumpyClock()
    session = make_session(clock)
    session.start()
    clock.advance(1)
    clock.jump_wall(-3600)  # the clock was corrected backwards
    session.tick()
    assert session.state is State.RUNNING and session.remaining() == 4


def test_a_command_after_a_gap_sees_the_gap_first(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 3)  # a rep-based set
    run(session, clock, 10)
    clock.advance(600)  # no tick for 10 minutes, then Enter
    session.done()
    record = session.records[3]
    assert (record.actual, record.paused) == (10, 600)  # the gap is not exercise
    assert session.index == 4 and session.state is State.RUNNING


def test_pause_after_a_gap_pauses_from_the_last_tick(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 1)
    run(session, clock, 3)
    events = listen(session)
    clock.advance(30)
    session.pause()
    assert events == [Paused(auto=True, gap=30)]
    assert session.remaining() == 17 and session.paused_seconds == 30


def test_the_gap_rule_can_be_turned_off(clock: FakeClock) -> None:
    session = started(clock, max_gap=None)
    go_to(session, clock, 3)
    clock.advance(600)
    session.tick()
    assert session.state is State.RUNNING and session.elapsed() == 600


def test_a_gap_while_paused_is_just_more_pause(clock: FakeClock) -> None:
    session = started(clock)
    session.pause()
    events = listen(session)
    clock.advance(3600)
    session.tick()
    assert events == [] and session.paused_seconds == 3600


# -- next_wakeup ----------------------------------------------------------------------


def test_next_wakeup_is_the_next_displayed_second_of_a_countdown(clock: FakeClock) -> None:
    t0 = clock.now()
    session = started(clock)
    assert session.next_wakeup() == t0 + 1  # 5 -> 4
    clock.advance(0.25)
    session.tick()
    assert session.next_wakeup() == t0 + 1
    clock.advance(3.5)
    session.tick()
    assert session.next_wakeup() == t0 + 4  # 1.25 left: shows 2 until 1 s left
    clock.advance(0.5)
    session.tick()
    assert session.next_wakeup() == t0 + 5 == session.deadline()  # 0.75 left: the deadline


def test_next_wakeup_follows_a_late_start(clock: FakeClock) -> None:
    t0 = clock.now()
    session = started(clock)
    clock.advance(5.3)  # the warm-up started at t0 + 5
    session.tick()
    assert session.next_wakeup() == pytest.approx(t0 + 6)


def test_next_wakeup_of_a_rep_based_set_is_the_next_elapsed_second(clock: FakeClock) -> None:
    session = started(clock)
    go_to(session, clock, 3)
    start = clock.now()
    assert session.next_wakeup() == start + 1
    clock.advance(2.5)
    session.tick()
    assert session.next_wakeup() == start + 3


def test_no_wakeup_when_paused_or_finished(clock: FakeClock) -> None:
    session = started(clock)
    session.pause()
    assert session.next_wakeup() is None
    session.resume()
    assert session.next_wakeup() is not None
    session.quit()
    assert session.next_wakeup() is None


# -- summary and progress ------------------------------------------------------------------


def test_summarize_a_session(clock: FakeClock) -> None:
    session = started(clock)
    run(session, clock, 5)
    run(session, clock, 20)
    run(session, clock, 5)
    run(session, clock, 30)
    session.done()  # Row set 1, 30 s
    session.log_set(3, reps=10, weight=45)
    run(session, clock, 5)
    session.pause()
    clock.advance(20)
    session.resume()
    session.skip()  # the rest
    session.skip()  # Row set 2
    run(session, clock, 60)  # the rest before the plank
    run(session, clock, 30)  # the plank
    summary = summarize(session)
    assert summary.routine == "Unit" and summary.unit == "kg"
    assert summary.status is Status.IN_PROGRESS
    assert summary.sets_done == 2 and summary.sets_planned == 3
    assert summary.volume == 10 * 45
    assert summary.skipped == ["Rest", "Row"]
    assert summary.steps_done == 6 and summary.steps_planned == 12
    assert summary.active_seconds == 5 + 20 + 5 + 30 + 5 + 60 + 30
    assert summary.paused_seconds == 20
    session.quit()
    assert summarize(session).status is Status.ABANDONED


def test_summary_counts_moves_cut_short_but_not_rests_or_lead_ins(clock: FakeClock) -> None:
    session = started(clock)
    run(session, clock, 2)
    session.done()  # the get-ready, cut short
    run(session, clock, 3)
    session.done()  # the warm-up move, cut short
    go_to(session, clock, 4)  # the get-ready and Row set 1 skipped
    run(session, clock, 10)
    session.done()  # the rest, cut short
    outcomes = [r.outcome for r in session.records]
    assert outcomes == [Outcome.CUT_SHORT] * 2 + [Outcome.SKIPPED] * 2 + [Outcome.CUT_SHORT]
    summary = summarize(session)
    assert (summary.cut_short, summary.steps_done, summary.sets_done) == (1, 3, 0)
    assert ("Cut short", "1 timed step ended early") in summary_lines(summary)


def test_skipped_lead_ins_are_not_listed_as_skipped(clock: FakeClock) -> None:
    session = started(clock)
    session.skip()
    session.quit()
    assert summarize(session).skipped == []


def test_progress_planned_remaining_and_upcoming(clock: FakeClock) -> None:
    session = started(clock)
    plan = session.plan
    assert session.progress() == 0
    assert session.planned_remaining() == plan.estimated_seconds
    assert [s.index for s in session.upcoming()] == [1, 3]  # lead-ins left out
    run(session, clock, 5)
    assert session.progress() == pytest.approx(5 / plan.estimated_seconds)
    assert session.planned_remaining() == plan.estimated_seconds - 5


def test_a_plan_without_steps_or_a_bad_start_is_refused(clock: FakeClock) -> None:
    plan = unit_plan()
    with pytest.raises(ValueError, match="without steps"):
        Session(Plan(plan.routine, ()), clock)
    with pytest.raises(ValueError, match="start_at"):
        make_session(clock, start_at=12)


# -- whole shipped routines -----------------------------------------------------------------

STRENGTH_KINDS = (
    [GR, WU] * 4  # four warm-up moves, each after a lead-in
    + [GR] + [SET, REST] * 4  # pull-ups: rest after every set, the next exercise follows
    + [WS, REST] + [SET, REST] * 3  # bent-over row: after a rest, so no lead-in
    + [SET, REST] * 3  # seated cable row
    + [WS, REST] * 2 + [SET, REST] * 2 + [SET]  # deadlift: no rest after the last set
    + [GR, ST] * 4  # child's pose, lat stretch left and right, knees-to-chest
)  # fmt: skip
DEMO_KINDS = [GR, WU, GR, SET, REST, SET, REST, SET, GR, ST, GR, ST, GR, ST]


@pytest.mark.parametrize(
    ("name", "expected_kinds", "planned", "rep_sets"),
    [
        # 9 lead-ins × 5 + warm-up 30+30+40+30 + rests 4×120 + (60 + 3×120) + 3×90
        # + (2×90 + 2×180), a warm-up set's rest being warmup_rest, + stretches 4×30
        ("strength", STRENGTH_KINDS, 9 * 5 + 130 + 480 + 420 + 270 + 540 + 120, 16),
        # 5 lead-ins × 3 + arm circles 15 + rests 10 + 10 + superman 15 + stretches 3×20
        ("demo", DEMO_KINDS, 5 * 3 + 15 + 10 + 10 + 15 + 60, 2),
    ],
)
def test_a_whole_shipped_routine_runs_through(
    clock: FakeClock, name: str, expected_kinds: list[StepKind], planned: int, rep_sets: int
) -> None:
    """Driven as the UI drives it: wake at next_wakeup(), tick; Enter after each rep-based set."""
    plan = expand(load_routine(SHIPPED / f"{name}.toml"))
    assert [s.kind for s in plan.steps] == expected_kinds
    assert plan.planned_seconds == planned and plan.untimed_count == rep_sets
    session = Session(plan, clock)
    seen: list[int] = []
    session.subscribe(lambda e: seen.append(e.step.index) if isinstance(e, StepStarted) else None)
    t0 = clock.now()
    began = time.perf_counter()
    session.start()
    set_seconds = 25
    wakeups = 0
    while not session.finished:
        if session.step.timed:
            clock.advance(session.next_wakeup() - clock.now())
            session.tick()
            wakeups += 1
        else:
            run(session, clock, set_seconds)
            session.done()
    took = time.perf_counter() - began
    assert took < 2.0, f"a whole session took {took:.2f} s of real time"
    assert seen == list(range(len(plan.steps)))  # every step once, in order, none skipped
    assert [r.kind for r in session.records] == expected_kinds
    assert session.status is Status.COMPLETED
    assert all(r.outcome is Outcome.DONE for r in session.records)
    assert sum(r.planned or 0 for r in session.records) == planned
    assert all(r.actual == r.planned for r in session.records if r.planned is not None)
    assert session.active_seconds == planned + rep_sets * set_seconds
    assert clock.now() - t0 == planned + rep_sets * set_seconds  # no drift over the session
    assert session.paused_seconds == 0
    assert wakeups == planned  # one wake-up per displayed second, none wasted
    summary = summarize(session)
    assert summary.sets_done == summary.sets_planned == sum(1 for s in plan.steps if s.is_set)
    assert summary.skipped == [] and summary.steps_done == len(plan.steps)


# -- a resumed session's lead-in -----------------------------------------------------------


def _straight_records(until: int) -> list:
    """The records of the steps before ``until``, as a run on its own makes them."""
    session = started(FakeClock())
    while session.index < until:
        session.done()
    return session.records


def test_a_session_resumed_at_a_rep_set_gets_ready_first(clock: FakeClock) -> None:
    before = _straight_records(5)  # up to the rest before Row set 2
    session = make_session(clock, start_at=5, records=before, lead_in=10)
    events = listen(session)
    session.start()
    assert session.index == 5 and session.in_lead_in
    assert session.step.kind is GR and session.step not in session.plan.steps
    assert session.step.title == "Get ready: Row" and session.remaining() == 10
    assert session.upcoming(1) == [session.plan.steps[5]]  # what it leads into
    assert session.active_seconds == sum(r.actual for r in before)
    run(session, clock, 9.5)
    assert session.in_lead_in and session.records == before
    run(session, clock, 0.5)
    assert not session.in_lead_in and session.step == session.plan.steps[5]
    assert session.remaining() is None  # the set counts up: it began just now
    assert kinds(events) == [
        "StepStarted",
        "Countdown",
        "Countdown",
        "Countdown",
        "StepStarted",
    ]  # no StepEnded: the lead-in is not recorded
    run(session, clock, 20)
    session.done()
    assert [r.index for r in session.records] == [0, 1, 2, 3, 4, 5]
    assert session.records[5].actual == 20
    assert session.active_seconds == sum(r.actual for r in before) + 20  # lead-in not counted


def test_the_plans_get_ready_before_the_step_is_used_and_made_long_enough(
    clock: FakeClock,
) -> None:
    before = _straight_records(4)  # step 2 is the get-ready for Row set 1 (3)
    session = make_session(clock, start_at=3, records=before, lead_in=10)
    session.start()
    assert session.index == 2 and not session.in_lead_in
    assert session.step == session.plan.steps[2] and session.remaining() == 10
    assert [r.index for r in session.records] == [0, 1]  # step 2 is recorded again
    run(session, clock, 10)
    assert session.index == 3
    assert (session.records[2].planned, session.records[2].actual) == (5, 10)


def test_a_longer_get_ready_of_the_plan_is_kept(clock: FakeClock) -> None:
    session = make_session(clock, start_at=9, lead_in=3)  # step 8: a 5 s get-ready
    session.start()
    assert session.index == 8 and session.remaining() == 5


@pytest.mark.parametrize(("start_at", "kind"), [(4, REST), (8, GR)])
def test_a_rest_or_a_get_ready_needs_no_lead_in(
    clock: FakeClock, start_at: int, kind: StepKind
) -> None:
    session = make_session(clock, start_at=start_at, lead_in=10)
    session.start()
    assert session.index == start_at and session.step.kind is kind
    assert not session.in_lead_in
    assert session.remaining() == (60 if kind is REST else 10)


def test_no_lead_in_without_one_asked_for(clock: FakeClock) -> None:
    session = make_session(clock, start_at=5)
    session.start()
    assert session.step == session.plan.steps[5]
    with pytest.raises(ValueError, match="lead_in"):
        make_session(clock, lead_in=-1)


def test_commands_during_the_lead_in(clock: FakeClock) -> None:
    before = _straight_records(7)
    session = make_session(clock, start_at=7, records=before, lead_in=10)  # the plank
    session.start()
    assert session.adjust_time(TIME_STEP) == 15 and session.remaining() == 25
    assert session.adjust_time(-TIME_STEP) == -15
    session.pause()
    clock.advance(30)
    assert session.paused_seconds == sum(r.paused for r in before)  # not counted either
    session.resume()
    session.skip()  # the lead-in: nothing recorded, the plank begins
    assert session.step == session.plan.steps[7] and session.remaining() == 30
    assert session.records == before
    session.back()  # to the rest before the plank; its record goes
    assert session.index == 6 and not session.in_lead_in
    assert [r.index for r in session.records] == list(range(6))


def test_quitting_during_the_lead_in_records_nothing(clock: FakeClock) -> None:
    before = _straight_records(5)
    session = make_session(clock, start_at=5, records=before, lead_in=10)
    session.start()
    run(session, clock, 3)
    session.done()  # Enter on the lead-in: over, nothing recorded
    assert session.step == session.plan.steps[5]
    again = make_session(clock, start_at=5, records=before, lead_in=10)
    again.start()
    run(again, clock, 3)
    again.quit()
    assert again.status is Status.ABANDONED and again.records == before
    assert again.step == again.plan.steps[5]


def test_back_during_a_lead_in_at_the_start_restarts_it(clock: FakeClock) -> None:
    text = UNIT_ROUTINE.replace("get_ready = 5", "get_ready = 0")
    session = make_session(clock, text, start_at=0, lead_in=10)  # the warm-up move
    session.start()
    run(session, clock, 4)
    session.back()
    assert session.in_lead_in and session.remaining() == 10 and session.index == 0
