"""The session engine: a state machine over a plan, driven by a clock and commands.

Timing rules:

* Every timed step has a deadline on the monotonic clock; remaining time is
  ``deadline - now``, never a count of ticks. Pausing moves the deadline.
* When a timed step ends by itself, the next step starts *at the deadline*,
  not at the moment :meth:`Session.tick` noticed, so nothing drifts.
* A gap between two ticks longer than ``max_gap`` seconds (the process was
  stopped, or the laptop slept while the wall clock went on) pauses the session
  at the last tick: the gap counts as paused time, never as exercise, and no
  step is skipped silently. The user resumes with one key.
* ``+`` / ``-`` (:meth:`Session.adjust_time`) move the deadline of any timed
  step by whole seconds; taking time away never ends a step: it stops when
  :data:`MIN_LEFT` seconds are left.
* Ending a timed step early (:meth:`Session.done`) records it as
  :attr:`Outcome.CUT_SHORT` with its actual seconds; one that runs out is
  :attr:`Outcome.DONE`.
* A resumed session can begin with a get-ready lead-in (``lead_in``) that is not
  a step of the plan: see :class:`Session`.

The engine records what actually happened for each step as plain data
(:class:`StepRecord`); the journal writes it to disk. It never imports Textual.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from backtimer.engine.clock import Clock
from backtimer.engine.events import (
    Countdown,
    Event,
    Halfway,
    Listener,
    NoteAdded,
    Paused,
    PlanRetargeted,
    Resumed,
    SessionEnded,
    SetLogged,
    StepEnded,
    StepStarted,
    TimeChanged,
)
from backtimer.engine.plan import Plan, Step, StepKind
from backtimer.engine.records import Outcome, Status, StepRecord, check_rpe
from backtimer.formatting import escape_char, first_unsafe
from backtimer.routine import Duration

#: Seconds that ``+`` / ``-`` add to or take from a timed step.
TIME_STEP = 15
#: ``-`` never leaves a timed step fewer seconds than this (as the clock shows them).
MIN_LEFT = 5
#: Default tick gap (seconds) after which the session pauses itself.
DEFAULT_MAX_GAP = 10.0
#: A timed step this long or longer has a halfway moment (the voice says so).
HALFWAY_FROM = 30
#: The last seconds of a timed step that are counted down (a beep each).
COUNTDOWN = 3
#: The most characters one note (:meth:`Session.add_note`) may have.
MAX_NOTE = 500


def check_note(text: str) -> str:
    """``text`` as a note keeps it: stripped of surrounding white space.

    Raises:
        ValueError: For an empty text, one longer than :data:`MAX_NOTE` characters, or
            one with a control or invisible character other than a line end (see
            :data:`~backtimer.formatting.UNSAFE_RANGES`); the message says which.
    """
    text = text.strip()
    if not text:
        raise ValueError("a note needs some text")
    if len(text) > MAX_NOTE:
        raise ValueError(f"a note is at most {MAX_NOTE} characters ({len(text)} given)")
    bad = first_unsafe(text.replace("\n", " "))
    if bad is not None:
        raise ValueError(f"a note can't hold the character {escape_char(text[bad])}")
    return text


class State(StrEnum):
    """Where the session is."""

    READY = "ready"  # created, not started
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass
class _Current:
    """Book-keeping of the step under way."""

    started: float  # monotonic time the step began
    started_wall: datetime
    paused: float = 0.0  # paused seconds so far in this step
    paused_since: float | None = None
    extra: float = 0.0  # seconds added to (or taken from) a timed step
    counted: set[int] = field(default_factory=set)  # the countdown seconds already sent
    halfway: bool = False  # Halfway was sent


class Session:
    """Walks through a plan.

    Args:
        plan: The steps to walk through.
        clock: Where time comes from (monotonic ``now()`` and aware ``wall()``).
        start_at: The step to begin with (a resumed session continues here).
        records: What was recorded before ``start_at`` (from a resumed log).
        max_gap: A gap between ticks longer than this pauses the session;
            ``None`` turns the check off.
        lead_in: Seconds of get-ready before ``start_at`` (a resumed session, so
            that nobody is dropped into a running set); 0 for none. A rest, a
            transition or a get-ready needs none and starts as it is; when the plan's step before
            ``start_at`` is a get-ready for it, the session starts there instead.
            Either get-ready of the plan is made ``lead_in`` seconds long if it
            is shorter. Otherwise a get-ready that is not in the plan runs first.

    The transient lead-in is a step of the session, not of the plan: it is shown
    (:attr:`step`, :class:`StepStarted`, :class:`Countdown`) and takes every
    command, but it has no record, sends no :class:`StepEnded` and its seconds
    count in neither total; :attr:`index` stays ``start_at`` all along. So the
    plan, the record indices and a log's ``resume_at`` are the same as in a
    straight run, and a log resumed during the lead-in resumes at the same step.
    Adding the step to the plan instead would shift every index after it.
    """

    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        *,
        start_at: int = 0,
        records: Iterable[StepRecord] = (),
        max_gap: float | None = DEFAULT_MAX_GAP,
        lead_in: int = 0,
    ) -> None:
        if not plan.steps:
            raise ValueError("a plan without steps cannot be run")
        if not 0 <= start_at < len(plan.steps):
            raise ValueError(f"start_at must be a step of the plan (0..{len(plan.steps) - 1})")
        if lead_in < 0:
            raise ValueError("lead_in can't be negative")
        #: The get-ready not in the plan that runs before :attr:`index`, while it does.
        self._lead_in: Step | None = None
        self._first_extra = 0.0  # seconds added to the plan's get-ready the session starts at
        if lead_in > 0:
            start_at = self._plan_lead_in(plan, start_at, lead_in)
        self.plan = plan
        self.clock = clock
        self.max_gap = max_gap
        self.state = State.READY
        self.status = Status.IN_PROGRESS
        self.index = start_at
        self._records: dict[int, StepRecord] = {r.index: r for r in records if r.index < start_at}
        self._current: _Current | None = None
        self._listeners: list[Listener] = []
        self._notes: list[NoteAdded] = []
        self._last_tick = clock.now()
        self._last_wall = clock.wall()

    def _plan_lead_in(self, plan: Plan, start_at: int, seconds: int) -> int:
        """Where a session with a lead-in starts; sets up the lead-in it needs."""
        target = plan.steps[start_at]
        if target.kind in (StepKind.REST, StepKind.TRANSITION):
            return start_at
        if target.kind is not StepKind.GET_READY and start_at > 0:
            before = plan.steps[start_at - 1]
            if before.kind is StepKind.GET_READY:
                start_at, target = start_at - 1, before
        if target.kind is StepKind.GET_READY:
            planned = target.planned_seconds or 0
            self._first_extra = float(max(0, seconds - planned))
            return start_at
        self._lead_in = Step(
            start_at,
            StepKind.GET_READY,
            "Get ready",
            Duration.of(seconds),
            exercise=target.name,
            unit=target.unit,
        )
        return start_at

    # -- observing ----------------------------------------------------------
    def retarget(self, plan: Plan) -> bool:
        """Take ``plan``'s targets, last time and loads for the steps still to come.

        For a plan of the same routine made with more to go on (training memory that
        was still being read when the session started): the steps must be the same
        (kind, exercise, set, side), only their numbers may differ. The step under way
        and those before it stay as they are. Returns whether anything changed.
        """
        old = self.plan.steps
        if len(plan.steps) != len(old) or any(
            (a.kind, a.exercise, a.set_number, a.side) != (b.kind, b.exercise, b.set_number, b.side)
            for a, b in zip(old, plan.steps, strict=True)
        ):
            return False
        first = self._next_index()
        steps = old[:first] + plan.steps[first:]
        if steps == old:
            return False
        self.plan = replace(self.plan, steps=steps)
        self._emit(PlanRetargeted(first))
        return True

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(event)`` for every event from now on."""
        self._listeners.append(listener)

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    @property
    def step(self) -> Step:
        """The current step (the last one once the session has finished).

        During a resumed session's lead-in, the get-ready that is not in the plan.
        """
        if self._lead_in is not None:
            return self._lead_in
        return self.plan.steps[min(self.index, len(self.plan.steps) - 1)]

    @property
    def in_lead_in(self) -> bool:
        """Whether the current step is a resumed session's lead-in (not in the plan)."""
        return self._lead_in is not None

    @property
    def records(self) -> list[StepRecord]:
        """What happened in each step so far, in plan order."""
        return [self._records[i] for i in sorted(self._records)]

    @property
    def finished(self) -> bool:
        """Whether the session is over."""
        return self.state is State.FINISHED

    @property
    def paused(self) -> bool:
        """Whether the session is paused."""
        return self.state is State.PAUSED

    def _frozen_now(self) -> float:
        """Now, or the moment the session was paused."""
        current = self._current
        if current is not None and current.paused_since is not None:
            return current.paused_since
        return self.clock.now()

    def elapsed(self) -> float:
        """Active seconds spent in the current step."""
        current = self._current
        if current is None or self.finished:
            return 0.0
        return max(0.0, self._frozen_now() - current.started - current.paused)

    def deadline(self) -> float | None:
        """When the current timed step ends (monotonic), if running."""
        current = self._current
        if current is None or self.step.duration is None or self.finished:
            return None
        return current.started + current.paused + self.step.duration.seconds + current.extra

    def remaining(self) -> float | None:
        """Seconds left in the current timed step; ``None`` for a rep-based set."""
        if self.step.duration is None:
            return None
        if self.finished:
            return 0.0
        if self._current is None:
            return float(self.step.duration.seconds)
        return max(0.0, self.step.duration.seconds + self._current.extra - self.elapsed())

    def upcoming(self, count: int = 2) -> list[Step]:
        """The next ``count`` steps after the current one, lead-ins left out."""
        later = self.plan.steps[self._next_index() :]
        return [s for s in later if s.kind is not StepKind.GET_READY][:count]

    def _next_index(self) -> int:
        """The plan index of the step after the current one (after a lead-in: its step)."""
        return self.index if self._lead_in is not None else self.index + 1

    @property
    def active_seconds(self) -> float:
        """Exercise time so far: every step's active time, paused time excluded.

        A resumed session's lead-in counts in neither total: it is never recorded.
        """
        current = 0.0 if self._lead_in is not None else self.elapsed()
        return sum(r.actual for r in self._records.values()) + current

    @property
    def paused_seconds(self) -> float:
        """Paused time so far."""
        total = sum(r.paused for r in self._records.values())
        current = self._current
        if current is not None and not self.finished and self._lead_in is None:
            total += current.paused
            if current.paused_since is not None:
                total += self.clock.now() - current.paused_since
        return total

    def planned_remaining(self) -> float:
        """The planned time left: the rest of this step and every later one."""
        if self.finished:
            return 0.0
        current = self.step.estimated_seconds - self.elapsed()
        later = sum(s.estimated_seconds for s in self.plan.steps[self._next_index() :])
        return max(0.0, current) + later

    def progress(self) -> float:
        """How far through the plan the session is, from 0 to 1 (by planned time)."""
        total: float = self.plan.estimated_seconds or 1
        if self.finished and self.status is Status.COMPLETED:
            return 1.0
        done: float = sum(s.estimated_seconds for s in self.plan.steps[: self.index])
        if self._lead_in is None:
            done += min(self.elapsed(), self.step.estimated_seconds)
        return min(1.0, done / total)

    # -- time ---------------------------------------------------------------
    def start(self) -> None:
        """Start the session at its first step (or the resumed one)."""
        if self.state is not State.READY:
            return
        self.state = State.RUNNING
        self._last_tick = self.clock.now()
        self._last_wall = self.clock.wall()
        self._begin(self.index, self._last_tick, lead_in=self._lead_in, extra=self._first_extra)

    def tick(self) -> None:
        """Catch up with the clock: end every timed step whose deadline has passed."""
        now = self.clock.now()
        wall = self.clock.wall()
        if self.state is State.RUNNING and self.max_gap is not None:
            mono_gap = now - self._last_tick
            wall_gap = (wall - self._last_wall).total_seconds()
            if mono_gap > self.max_gap or wall_gap - mono_gap > self.max_gap:
                self._settle(self._last_tick)
                if self.state is State.RUNNING and self._current is not None:
                    self._current.paused_since = self._last_tick
                    self.state = State.PAUSED
                    self._emit(Paused(auto=True, gap=max(mono_gap, wall_gap)))
        self._last_tick = now
        self._last_wall = wall
        if self.state is State.RUNNING:
            self._settle(now)
            self._count_down()

    def _count_down(self) -> None:
        """Send :class:`Countdown` once for each of the last seconds of a timed step, and
        :class:`Halfway` once half of a long one (:data:`HALFWAY_FROM`) has gone."""
        remaining = self.remaining()
        if remaining is None or self.state is not State.RUNNING or self._current is None:
            return
        length = (self.step.planned_seconds or 0) + self._current.extra
        if (
            length >= HALFWAY_FROM
            and not self._current.halfway
            and self._lead_in is None
            and remaining <= length / 2 + 1e-6
        ):
            self._current.halfway = True
            self._emit(Halfway(self.step))
        whole = math.ceil(remaining - 1e-6)
        if 0 < whole <= COUNTDOWN and whole not in self._current.counted:
            self._current.counted.add(whole)
            self._emit(Countdown(self.step, whole))

    def _settle(self, now: float) -> None:
        """End the timed steps whose deadlines are at or before ``now``."""
        while self.state is State.RUNNING:
            deadline = self.deadline()
            if deadline is None or deadline > now:
                return
            self._end(Outcome.DONE, at=deadline)
            self._advance(at=deadline)

    def next_wakeup(self) -> float | None:
        """When the display next changes: the next whole second or the deadline.

        A UI sets a one-shot timer for this moment instead of polling.
        """
        if self.state is not State.RUNNING:
            return None
        now = self.clock.now()
        deadline = self.deadline()
        if deadline is None:
            return now + (1.0 - self.elapsed() % 1.0)
        remaining = deadline - now
        fraction = remaining % 1.0 or 1.0
        return min(deadline, now + fraction)

    # -- commands -----------------------------------------------------------
    def pause(self) -> None:
        """Stop the clock for the current step."""
        self.tick()
        if self.state is State.RUNNING and self._current is not None:
            self._current.paused_since = self.clock.now()
            self.state = State.PAUSED
            self._emit(Paused())

    def resume(self) -> None:
        """Start the clock again; the deadline moves by the paused time."""
        self.tick()
        if self.state is State.PAUSED and self._current is not None:
            since = self._current.paused_since
            if since is not None:
                self._current.paused += self.clock.now() - since
            self._current.paused_since = None
            self.state = State.RUNNING
            self._last_tick = self.clock.now()
            self._emit(Resumed())

    def toggle_pause(self) -> None:
        """Pause when running, resume when paused."""
        if self.state is State.PAUSED:
            self.resume()
        else:
            self.pause()

    def done(self) -> None:
        """Finish the current step now.

        A rep-based set is :attr:`Outcome.DONE`; a timed step with time left is
        :attr:`Outcome.CUT_SHORT` (with the seconds it actually ran), one whose
        time was up by now is :attr:`Outcome.DONE` (the catch-up tick ends it).
        """
        self.tick()
        remaining = self.remaining()
        cut = remaining is not None and remaining > 0
        self._finish_now(Outcome.CUT_SHORT if cut else Outcome.DONE)

    def skip(self) -> None:
        """Skip the current step; it is recorded as skipped."""
        self._finish_now(Outcome.SKIPPED)

    def _finish_now(self, outcome: Outcome) -> None:
        self.tick()
        if self.state not in (State.RUNNING, State.PAUSED):
            return
        now = self._unpause()
        self._end(outcome, at=now)
        self._advance(at=now)

    def back(self) -> None:
        """Go to the start of the previous step (lead-ins are passed over).

        On the first step (nothing but lead-ins before it), restart it. The
        previous step's record is dropped: it will be recorded again when it ends.
        During a resumed session's lead-in, the step it leads into counts as the
        current one (with nothing before it, the lead-in restarts).
        """
        self.tick()
        if self.state not in (State.RUNNING, State.PAUSED):
            return
        now = self._unpause()
        target = self.index - 1
        while target >= 0 and self.plan.steps[target].kind is StepKind.GET_READY:
            target -= 1
        lead_in = None
        if target < 0:
            target, lead_in = self.index, self._lead_in
        for i in [i for i in self._records if i >= target]:
            del self._records[i]
        self._begin(target, now, lead_in=lead_in)

    def adjust_time(self, delta: int) -> int:
        """Lengthen (``delta`` > 0) or shorten the current timed step by whole seconds.

        Any step with a duration: a warm-up move, a timed set, a stretch hold, a
        get-ready, a rest (also while paused). Shortening never ends the step: it
        stops when the clock shows :data:`MIN_LEFT` seconds (12 s left and -15
        leaves 5, applying -7; 4 s left and -15 changes nothing). The clock shows
        the remaining time rounded up, and so does this rule.

        Returns:
            The seconds actually added (negative: taken away), also sent as
            :class:`TimeChanged`; 0 when nothing changed (a rep-based set, a
            session not started or finished, no time left to take away).
        """
        self.tick()
        if self._current is None or self.finished or self.step.duration is None:
            return 0
        applied = delta
        if delta < 0:
            shown = math.ceil((self.remaining() or 0.0) - 1e-6)
            applied = max(delta, min(0, MIN_LEFT - shown))
        if applied == 0:
            return 0
        self._current.extra += applied
        self._emit(TimeChanged(delta=applied))
        return applied

    def quit(self) -> None:
        """End the session early; the current step is recorded as stopped."""
        self.tick()
        if self.finished:
            return
        if self.state is State.READY:
            self.state = State.FINISHED
            self.status = Status.ABANDONED
            self._emit(SessionEnded(self.status))
            return
        now = self._frozen_now()
        self._end(Outcome.STOPPED, at=now)
        self._lead_in = None
        self.state = State.FINISHED
        self.status = Status.ABANDONED
        self._current = None
        self._emit(SessionEnded(self.status))

    def log_set(
        self,
        index: int,
        *,
        reps: int | None = None,
        weight: float | None = None,
        rpe: float | None = None,
    ) -> StepRecord:
        """Record what was done in a finished set; ``None`` keeps the prefilled value.

        Raises:
            ValueError: For a step that is not a finished set, or a value out of range.
        """
        record = self._records.get(index)
        if record is None or not record.is_set:
            raise ValueError(f"step {index + 1} is not a finished set")
        if reps is not None and reps < 0:
            raise ValueError("reps can't be negative")
        if weight is not None and weight < 0:
            raise ValueError("weight can't be negative")
        check_rpe(rpe)
        updated = replace(
            record,
            reps=record.reps if reps is None else reps,
            weight=record.weight if weight is None else weight,
            rpe=record.rpe if rpe is None else rpe,
            entered=True,
        )
        self._records[index] = updated
        self._emit(SetLogged(updated))
        return updated

    @property
    def notes(self) -> list[NoteAdded]:
        """The notes written in this session so far, oldest first (not those of a log
        it resumes: the journal keeps those)."""
        return list(self._notes)

    def add_note(self, text: str, *, exercise: str | None) -> None:
        """Keep a note about ``exercise`` (a name of the plan's steps' exercises) or,
        for ``None``, about the whole session; sends :class:`NoteAdded`.

        The text is stripped of surrounding white space (:func:`check_note`). A note
        may be added in any state, before the start or after the end too.

        Raises:
            ValueError: For a text :func:`check_note` refuses, or an exercise that is
                not in the plan.
        """
        text = check_note(text)
        if exercise is not None and exercise not in {s.exercise for s in self.plan.steps}:
            raise ValueError(f"{exercise!r} is no exercise of this session")
        note = NoteAdded(text, exercise)
        self._notes.append(note)
        self._emit(note)

    # -- internals ----------------------------------------------------------
    def _unpause(self) -> float:
        """Fold a pause in progress into the step; return now."""
        now = self.clock.now()
        current = self._current
        if current is not None and current.paused_since is not None:
            current.paused += now - current.paused_since
            current.paused_since = None
        if self.state is State.PAUSED:
            self.state = State.RUNNING
            self._emit(Resumed())
        return now

    def _wall_at(self, at: float) -> datetime:
        return self.clock.wall() - timedelta(seconds=max(0.0, self.clock.now() - at))

    def _begin(
        self, index: int, at: float, *, lead_in: Step | None = None, extra: float = 0.0
    ) -> None:
        """Start plan step ``index`` (``extra`` seconds longer), or first the ``lead_in``."""
        self.index = index
        self._lead_in = lead_in
        self._current = _Current(started=at, started_wall=self._wall_at(at), extra=extra)
        self._emit(StepStarted(self.step))

    def _end(self, outcome: Outcome, *, at: float) -> None:
        current = self._current
        if current is None:
            return
        if self._lead_in is not None:  # not in the plan: nothing to record
            self._current = None
            return
        step = self.step
        paused = current.paused
        if current.paused_since is not None:
            paused += at - current.paused_since
        actual = max(0.0, at - current.started - paused)
        if step.duration is not None and outcome.performed:
            actual = min(actual, float(step.duration.seconds + current.extra))
        record = StepRecord(
            index=step.index,
            kind=step.kind,
            name=step.name,
            exercise=step.exercise,
            set_number=step.set_number,
            set_count=step.set_count,
            side=step.side,
            planned=step.planned_seconds,
            actual=round(actual, 3),
            paused=round(max(0.0, paused), 3),
            outcome=outcome,
            started=current.started_wall,
            ended=self._wall_at(at),
            reps=step.reps if step.is_set and outcome.performed else None,
            weight=step.weight if step.is_set and outcome.performed else None,
            unit=step.unit if step.is_set else None,
            target_reps=step.reps if step.is_set else None,
            target_weight=step.weight if step.is_set else None,
            group=step.group,
            round=step.round,
        )
        self._records[step.index] = record
        self._current = None
        self._emit(StepEnded(record))

    def _advance(self, *, at: float) -> None:
        if self._lead_in is not None:  # the lead-in is over: its step begins
            self._begin(self.index, at)
            return
        if self.index + 1 >= len(self.plan.steps):
            self.state = State.FINISHED
            self.status = Status.COMPLETED
            self._emit(SessionEnded(self.status))
            return
        self._begin(self.index + 1, at)
