"""Random sequences of commands and clock jumps keep the session engine's invariants.

A hypothesis state machine drives a :class:`~backtimer.engine.Session` with every command
(pause, resume, toggle, done, skip, back, ±15 s on a timed step, log_set, quit), ticks after short
and long gaps, clock moves with no tick, and wall-clock jumps (a suspend the monotonic clock
did not see). Next to the engine it keeps a small model of time -- when the session started,
when a pause began, how long since the last tick -- and after every step checks:

* the remaining time is never negative and the step index is in range;
* the records are consistent: exactly one per ended step (the steps before the current one),
  matching the StepEnded/SetLogged events; done + cut short + skipped + stopped add up to
  them, only a timed step is ever cut short, and only an abandoned session has a (single,
  last) stopped step;
* a timed step that a tick ends ran exactly its planned time plus what ``+`` / ``-`` applied
  to it, and ``-`` never leaves fewer than 5 s (as the clock shows them) nor ends a step;
* paused time is excluded from active time: paused equals the model's paused time, and
  active + paused == the monotonic time since the start (until the end), to 1e-6; the only
  time that leaves both is what ``back`` throws away, the steps it will redo;
* a gap longer than ``max_gap`` pauses at the last tick without ending any step;
* once finished, no command changes anything (``log_set`` only fills in a set's numbers).

Clock moves are multiples of 1/8 s so every sum is exact in binary floating point.
"""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from backtimer.engine import (
    MIN_LEFT,
    TIME_STEP,
    Event,
    Outcome,
    Session,
    SetLogged,
    State,
    Status,
    StepEnded,
    StepKind,
    StepRecord,
    StepStarted,
    expand,
)
from backtimer.routine import load_routine, parse_routine
from tests.conftest import SHIPPED
from tests.enginekit import UNIT_ROUTINE, JumpyClock

EPS = 1e-6

#: Short steps, so small clock moves cross deadlines (several at once on a late tick).
QUICK_ROUTINE = """\
[routine]
name = "Quick"

[defaults]
rest = 4
get_ready = 2

[[warmup]]
name = "Arm circles"
duration = 3

[[exercise]]
name = "Row"
sets = 2
reps = 5
weight = 40
warmup_sets = [{ reps = 8, weight = 20 }]

[[exercise]]
name = "Plank"
sets = 2
duration = 3

[[stretch]]
name = "Lat stretch"
hold = 20
sides = ["left", "right"]
"""

PLANS = {
    "quick": expand(parse_routine(QUICK_ROUTINE, "quick.toml")),
    "unit": expand(parse_routine(UNIT_ROUTINE, "unit.toml")),
    "demo": expand(load_routine(SHIPPED / "demo.toml")),
}


def eighths(low: int, high: int) -> st.SearchStrategy[float]:
    """Seconds from low/8 to high/8, in steps of 1/8."""
    return st.integers(low, high).map(lambda n: n / 8)


def _logged_fields(record: StepRecord) -> StepRecord:
    """The record without what log_set may change."""
    return replace(record, reps=None, weight=None, rpe=None, entered=False)


class EngineMachine(RuleBasedStateMachine):
    session: Session
    clock: JumpyClock

    @initialize(
        name=st.sampled_from(sorted(PLANS)),
        max_gap=st.sampled_from([10.0, 10.0, None]),
    )
    def start(self, name: str, max_gap: float | None) -> None:
        self.clock = JumpyClock()
        self.plan = PLANS[name]
        self.max_gap = max_gap
        self.session = Session(self.plan, self.clock, max_gap=max_gap)
        self.events: list[Event] = []
        self.consumed = 0  # events already followed into self.latest
        self.session.subscribe(self.events.append)
        self.session.start()
        self.t0 = self.clock.now()
        self.since_tick = 0.0  # monotonic seconds since the engine's last tick
        self.wall_since_tick = 0.0  # wall seconds since then
        self.pause_at: float | None = None  # when the pause under way began (monotonic)
        self.paused_closed = 0.0  # paused seconds of pauses that are over
        self.discarded = 0.0  # active + paused time thrown away by back
        self.end: float | None = None  # when the session ended (monotonic)
        self.latest: dict[int, StepRecord] = {}  # what the events said each step ended as
        self.frozen: tuple | None = None  # the session as it was when it finished
        self.last_index = self.session.index
        self.last_remaining = self.session.remaining()
        self.adjusted: dict[int, int] = {}  # seconds + / - applied to each step, since it began

    # -- the model ----------------------------------------------------------------
    def now(self) -> float:
        return self.clock.now()

    def gap_due(self) -> bool:
        """Whether the next tick sees a gap (only a running session cares)."""
        if self.max_gap is None or self.session.state is not State.RUNNING:
            return False
        return (
            self.since_tick > self.max_gap or self.wall_since_tick - self.since_tick > self.max_gap
        )

    def settled(self) -> bool:
        """Whether a tick now would change nothing (no gap, no deadline passed)."""
        deadline = self.session.deadline()
        running = self.session.state is State.RUNNING
        return not self.gap_due() and not (
            running and deadline is not None and deadline <= self.now()
        )

    def projected_end(self) -> float | None:
        """When the session completes by itself if nobody touches it (all timers left)."""
        s = self.session
        deadline = s.deadline()
        if s.state is not State.RUNNING or deadline is None:
            return None
        later = s.plan.steps[s.index + 1 :]
        if any(step.duration is None for step in later):
            return None
        return deadline + sum(step.duration.seconds for step in later)  # type: ignore[union-attr]

    def command(self, act, *, quitting: bool = False) -> None:  # noqa: ANN001
        """Run a command that catches up with the clock first, and follow it in the model."""
        s = self.session
        was_finished = s.finished
        now = self.now()
        gap = self.gap_due()
        completes_at = self.projected_end()
        if gap:
            self.pause_at = now - self.since_tick  # the engine pauses at the last tick
            event("a gap paused the session")
        act()
        self.since_tick = self.wall_since_tick = 0.0
        if was_finished:
            return
        if s.finished:
            if completes_at is not None and completes_at <= now and not gap:
                self.end = completes_at  # the catch-up tick ran the last timers out
            elif quitting and self.pause_at is not None:
                self.end = self.pause_at  # quit while paused: the session ended at the pause
            else:
                self.end = now
            event(f"finished: {s.status.value}")
            if self.pause_at is not None:  # a pause under way ends with the session
                self.paused_closed += self.end - self.pause_at
            self.pause_at = None
        elif s.paused and self.pause_at is None:
            self.pause_at = now
        elif not s.paused and self.pause_at is not None:
            self.paused_closed += now - self.pause_at
            self.pause_at = None
        self.last_index = s.index
        self.last_remaining = s.remaining()

    def model_paused(self) -> float:
        if self.pause_at is None:
            return self.paused_closed
        return self.paused_closed + self.now() - self.pause_at

    # -- clock rules ----------------------------------------------------------------
    @rule(dt=eighths(1, 40))
    def tick_after_a_short_wait(self, dt: float) -> None:
        self._advance(dt)
        self._tick()

    @rule(dt=st.one_of(st.sampled_from([10.0, 10.125, 60.0, 3600.0]), eighths(81, 8 * 7200)))
    def tick_after_a_long_gap(self, dt: float) -> None:
        self._advance(dt)
        self._tick()

    @rule(dt=eighths(1, 48))
    def time_passes_without_a_tick(self, dt: float) -> None:
        self._advance(dt)

    @rule(dt=st.sampled_from([-3600.0, -5.0, 5.0, 9.875, 10.125, 600.0, 86400.0]))
    def wall_clock_jumps(self, dt: float) -> None:
        self.clock.jump_wall(dt)
        self.wall_since_tick += dt

    @rule()
    def tick(self) -> None:
        self._tick()

    def _advance(self, dt: float) -> None:
        self.clock.advance(dt)
        self.since_tick += dt
        self.wall_since_tick += dt

    def _tick(self) -> None:
        s = self.session
        gap = self.gap_due()
        was_finished = s.finished
        before = len(s.records)
        index, remaining = self.last_index, self.last_remaining
        self.command(s.tick)
        if gap:
            # paused where the last tick left it: no step ended, nothing ran down
            assert s.paused and s.index == index and s.remaining() == remaining
            assert len(s.records) == before
        elif not was_finished:
            # every step a tick ends ran to its end, + or - what was changed
            for record in s.records[before:]:
                assert record.outcome is Outcome.DONE and record.planned is not None
                assert record.actual == record.planned + self.adjusted.get(record.index, 0)

    # -- commands ---------------------------------------------------------------------
    @rule()
    def pause(self) -> None:
        self.command(self.session.pause)

    @rule()
    def resume(self) -> None:
        self.command(self.session.resume)

    @rule()
    def toggle_pause(self) -> None:
        self.command(self.session.toggle_pause)

    @rule()
    def done(self) -> None:
        s = self.session
        settled, index, timed = self.settled(), s.index, s.step.timed
        running = s.state in (State.RUNNING, State.PAUSED)
        self.command(s.done)
        if settled and running:  # Enter on a timer with time left cuts it short
            record = next(r for r in s.records if r.index == index)
            assert record.outcome is (Outcome.CUT_SHORT if timed else Outcome.DONE)
            assert record.planned is None or record.actual < record.planned + self.adjusted.get(
                index, 0
            )

    @rule()
    def skip(self) -> None:
        self.command(self.session.skip)

    @rule(catch_up_first=st.booleans())
    def back(self, catch_up_first: bool) -> None:
        s = self.session
        if catch_up_first:
            self._tick()
        was_finished, settled, old_index = s.finished, self.settled(), s.index
        total_before = s.active_seconds + s.paused_seconds  # already counts up to now
        self.command(s.back)
        if was_finished or s.finished:  # (a catch-up tick may run the last timers out)
            return
        target = s.index
        assert s.state is State.RUNNING and s.elapsed() == 0
        if settled:
            lead_ins = [p.kind is StepKind.GET_READY for p in self.plan.steps]
            if target < old_index:  # the previous step that is not a lead-in
                assert not lead_ins[target] and all(lead_ins[target + 1 : old_index])
            else:  # nothing but lead-ins before: the step restarts
                assert target == old_index and all(lead_ins[:old_index])
        # what is kept counts; the time in the steps to redo leaves both totals
        kept = s.records
        assert abs(s.active_seconds - sum(r.actual for r in kept)) < EPS
        assert abs(s.paused_seconds - sum(r.paused for r in kept)) < EPS
        self.discarded += total_before - (s.active_seconds + s.paused_seconds)
        self.paused_closed = s.paused_seconds
        self._take_events()  # (the catch-up tick may have ended steps before back)
        self.latest = {i: r for i, r in self.latest.items() if i < target}
        self.adjusted = {i: v for i, v in self.adjusted.items() if i < target}

    @rule(sign=st.sampled_from([1, -1]))
    def change_time(self, sign: int) -> None:
        s = self.session
        result: list[int] = []
        settled, index, remaining = self.settled(), s.index, s.remaining()
        timed = remaining is not None and not s.finished
        self.command(lambda: result.append(s.adjust_time(sign * TIME_STEP)))
        if result[0]:  # the step under way now is the one changed (no step ends here)
            self.adjusted[s.index] = self.adjusted.get(s.index, 0) + result[0]
        if not settled:
            return
        assert s.index == index  # a change of time never ends a step
        if not timed:
            assert result == [0] and s.remaining() == remaining
            return
        assert remaining is not None
        shown = math.ceil(remaining - 1e-6)
        if sign > 0:
            assert result == [TIME_STEP] and s.remaining() == remaining + TIME_STEP
        else:
            assert result == [-min(TIME_STEP, max(0, shown - MIN_LEFT))]
            assert s.remaining() == remaining + result[0]
            assert result == [0] or math.ceil(s.remaining() - 1e-6) >= MIN_LEFT

    @rule(really=st.integers(0, 4))
    def quit(self, really: int) -> None:
        if really == 0:  # now and then: quitting early leaves little to explore
            self.command(self.session.quit, quitting=True)

    @rule(
        data=st.data(),
        reps=st.one_of(st.none(), st.integers(-2, 30)),
        weight=st.one_of(st.none(), st.integers(-10, 400).map(lambda n: n / 2)),
        rpe=st.one_of(st.none(), st.integers(-1, 12)),
    )
    def log_set(self, data, reps: int | None, weight: float | None, rpe: int | None) -> None:  # noqa: ANN001
        s = self.session
        sets = [r.index for r in s.records if r.is_set]
        index = data.draw(st.sampled_from(sets) if sets else st.integers(-1, len(self.plan)))
        before = s.records
        bad = (
            index not in sets
            or (reps is not None and reps < 0)
            or (weight is not None and weight < 0)
            or (rpe is not None and not 1 <= rpe <= 10)
        )
        try:
            record = s.log_set(index, reps=reps, weight=weight, rpe=rpe)
        except ValueError:
            assert bad
            assert s.records == before
            return
        assert not bad
        old = next(r for r in before if r.index == index)
        assert record.reps == (old.reps if reps is None else reps)
        assert record.weight == (old.weight if weight is None else weight)
        assert record.rpe == (old.rpe if rpe is None else rpe)
        assert record.entered
        assert [_logged_fields(r) for r in s.records] == [_logged_fields(r) for r in before]
        if self.frozen is not None:
            self.frozen = self.snapshot()

    # -- invariants ---------------------------------------------------------------------
    @invariant()
    def remaining_and_index_in_range(self) -> None:
        s = self.session
        remaining = s.remaining()
        assert remaining is None or remaining >= 0
        assert s.elapsed() >= 0
        assert 0 <= s.index < len(self.plan)
        assert 0 <= s.progress() <= 1 and s.planned_remaining() >= 0
        if s.state is State.RUNNING:
            wake, deadline, now = s.next_wakeup(), s.deadline(), self.now()
            assert wake is not None
            if deadline is None or deadline > now:
                assert now < wake <= now + 1 + EPS
                assert deadline is None or wake <= deadline
        else:
            assert s.next_wakeup() is None

    @invariant()
    def records_are_consistent(self) -> None:
        s = self.session
        records = s.records
        indexes = [r.index for r in records]
        if s.finished and s.status is Status.COMPLETED:
            assert indexes == list(range(len(self.plan)))
        elif s.finished:
            assert indexes == list(range(s.index + 1))
        else:
            assert indexes == list(range(s.index))
        outcomes = [r.outcome for r in records]
        done, cut, skipped, stopped = (
            outcomes.count(o)
            for o in (Outcome.DONE, Outcome.CUT_SHORT, Outcome.SKIPPED, Outcome.STOPPED)
        )
        assert done + cut + skipped + stopped == len(records)
        assert all(r.planned is not None for r in records if r.cut_short)
        if s.status is Status.ABANDONED:
            assert stopped == 1 and outcomes[-1] is Outcome.STOPPED
        else:
            assert stopped == 0
        for record in records:
            step = self.plan.steps[record.index]
            assert (record.kind, record.name, record.planned) == (
                step.kind,
                step.name,
                step.planned_seconds,
            )
            assert record.actual >= 0 and record.paused >= 0
        self._take_events()
        assert self.latest == {r.index: r for r in records}
        if not s.finished:
            last_started = [e for e in self.events if isinstance(e, StepStarted)][-1]
            assert last_started.step == s.step

    def _take_events(self) -> None:
        """Follow the records through the events (back drops the ones it will redo)."""
        for happened in self.events[self.consumed :]:
            if isinstance(happened, StepEnded | SetLogged):
                self.latest[happened.record.index] = happened.record
        self.consumed = len(self.events)

    @invariant()
    def paused_time_is_not_active_time(self) -> None:
        s = self.session
        assert abs(s.paused_seconds - self.model_paused()) < EPS
        if not s.finished:
            assert s.paused == (self.pause_at is not None)
        until = self.end if s.finished else self.now()
        assert until is not None
        total = s.active_seconds + s.paused_seconds + self.discarded
        assert abs(total - (until - self.t0)) < EPS, (total, until - self.t0)

    @invariant()
    def nothing_changes_a_finished_session(self) -> None:
        if not self.session.finished:
            return
        if self.frozen is None:
            self.frozen = self.snapshot()
        assert self.snapshot() == self.frozen

    def snapshot(self) -> tuple:
        s = self.session
        return (
            s.state,
            s.status,
            s.index,
            s.records,
            s.active_seconds,
            s.paused_seconds,
            s.remaining(),
            s.elapsed(),
            s.deadline(),
            s.next_wakeup(),
            s.progress(),
            s.planned_remaining(),
        )


EngineMachine.TestCase.settings = settings(
    max_examples=200,
    stateful_step_count=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestEngineProperties = EngineMachine.TestCase


COMMANDS = ("tick", "done", "skip", "back", "pause", "resume", "plus", "minus", "quit")


@settings(max_examples=300, deadline=None, database=None)
@given(
    name=st.sampled_from(sorted(PLANS)),
    data=st.data(),
    lead_in=st.integers(1, 20),
    commands=st.lists(st.tuples(st.sampled_from(COMMANDS), eighths(0, 200)), max_size=40),
)
def test_a_resumed_session_gets_ready_first_and_keeps_the_plans_indices(
    name: str, data: st.DataObject, lead_in: int, commands: list[tuple[str, float]]
) -> None:
    """Resumed anywhere with a lead-in, under any commands: the records are the plan's steps.

    The first step shown is a get-ready at least ``lead_in`` long (or a rest); the lead-in
    that is not in the plan is never recorded, and while it runs the session stands at
    the step it resumes, with the records it was given.
    """
    plan = PLANS[name]
    start_at = data.draw(st.integers(0, len(plan) - 1), label="start_at")
    straight = Session(plan, JumpyClock(), max_gap=None)
    straight.start()
    while straight.index < start_at:
        straight.done()
    before = straight.records
    clock = JumpyClock(start=5000.0)
    s = Session(plan, clock, start_at=start_at, records=before, lead_in=lead_in, max_gap=None)
    ended: list[StepRecord] = []
    s.subscribe(lambda e: ended.append(e.record) if isinstance(e, StepEnded) else None)
    s.start()
    first = s.step
    remaining = s.remaining()
    assert remaining is not None
    if first.kind is StepKind.REST:
        assert s.index == start_at and not s.in_lead_in
    else:
        assert first.kind is StepKind.GET_READY and remaining >= lead_in
        assert s.index in (start_at, start_at - 1)
        assert s.in_lead_in == (first not in plan.steps)
    actions = {
        "tick": s.tick,
        "done": s.done,
        "skip": s.skip,
        "back": s.back,
        "pause": s.pause,
        "resume": s.resume,
        "plus": lambda: s.adjust_time(15),
        "minus": lambda: s.adjust_time(-15),
        "quit": s.quit,
    }
    for command, seconds in commands:
        clock.advance(seconds)
        if not s.finished:  # after a quit, whether it came during the lead-in stays known
            s.tick()  # as every command does first: the lead-in may end on this very tick
            in_lead_in = s.in_lead_in
        actions[command]()
        indexes = [r.index for r in s.records]
        if s.finished and s.status is Status.COMPLETED:
            assert indexes == list(range(len(plan)))
        elif s.finished:  # quit: the step under way is stopped, unless it was the lead-in
            assert indexes == list(range(s.index + (0 if in_lead_in else 1)))
        else:
            assert indexes == list(range(s.index))
        if s.in_lead_in:
            assert s.step.kind is StepKind.GET_READY and s.index == start_at
            assert s.records == [r for r in before if r.index < start_at]
    for record in [*ended, *s.records]:
        step = plan.steps[record.index]
        assert (record.kind, record.name, record.planned) == (
            step.kind,
            step.name,
            step.planned_seconds,
        )
