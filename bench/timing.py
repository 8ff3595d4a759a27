"""Row 3: how late step changes happen on the real clock, and the total against the plan.

The real :class:`~backtimer.tui.app.BacktimerApp` runs headless in this process
with the :class:`~backtimer.engine.SystemClock`, on a routine of 5-second moves
and 5-second rests (no lead-ins), so time moves only through the session
screen's own one-shot timer (``session.next_wakeup()``). For every step change
the bench notes:

* the step's start as the engine has it (its deadline minus its length: a
  timed step ends exactly at its deadline and the next one starts there);
* when the session screen had finished handling it (``SessionScreen.sync``
  returned: the engine ticked, the log was written, the view refreshed).

The lateness is the difference. As a floor, a plain ``loop.call_at`` chain in
the same event loop fires at the same deadlines; its lateness is what asyncio
alone gives on this machine at that moment. The session's real duration (first
step start to the moment the end was handled) is compared with the plan.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.routines import short_steps
from bench.table import Row
from bench.util import median, progress

MAX_LATE_MS = 20.0
DRIFT_MS = 50.0


@dataclass
class Timing:
    planned: float = 0.0
    start: float | None = None  # monotonic start of the first step
    late: list[float] = field(default_factory=list)  # seconds, per step change (handled)
    noticed: list[float] = field(default_factory=list)  # seconds, when the engine ended the step
    floor: list[float] = field(default_factory=list)  # the asyncio call_at chain
    ended: float | None = None  # when the end was handled
    changes: int = 0


async def _run(routine: Path, log_dir: Path, result: Timing) -> None:
    from backtimer.engine import Session, SessionEnded, StepStarted, SystemClock, expand
    from backtimer.routine import load_routine
    from backtimer.tui.app import BacktimerApp
    from backtimer.tui.screens.session import SessionScreen

    clock = SystemClock()
    loop = asyncio.get_running_loop()
    plan = expand(load_routine(routine))
    session = Session(plan, clock)
    result.planned = float(plan.estimated_seconds)
    app = BacktimerApp(session, clock=clock, log_dir=log_dir, quiet=True)
    pending: list[float] = []  # engine start times of changes not yet handled
    done = asyncio.Event()
    durations = [float(s.duration.seconds) for s in plan.steps if s.duration is not None]
    if len(durations) != len(plan.steps):
        raise ValueError("the timing routine must have timed steps only")

    def floor_chain(index: int, deadline: float) -> None:
        result.floor.append(loop.time() - deadline)
        if index + 1 < len(durations):
            nxt = deadline + durations[index + 1]
            loop.call_at(nxt, floor_chain, index + 1, nxt)

    def listen(event: object) -> None:
        if isinstance(event, StepStarted) and event.step.duration is not None:
            deadline = session.deadline()
            assert deadline is not None
            started = deadline - event.step.duration.seconds
            if result.start is None:
                result.start = started
                loop.call_at(started + durations[0], floor_chain, 0, started + durations[0])
            else:
                pending.append(started)
                result.noticed.append(clock.now() - started)
        elif isinstance(event, SessionEnded):
            pending.append(-1.0)  # the end: handled like a step change

    session.subscribe(listen)
    original = SessionScreen.sync

    def sync(self: SessionScreen) -> None:
        original(self)
        now = clock.now()
        for started in pending:
            if started < 0:
                result.ended = now
                done.set()
            else:
                result.late.append(now - started)
                result.changes += 1
        pending.clear()

    SessionScreen.sync = sync  # type: ignore[method-assign]
    try:
        task = asyncio.create_task(app.run_async(headless=True, size=(80, 24)))
        waiter = asyncio.create_task(done.wait())
        finished, _ = await asyncio.wait(
            {task, waiter},
            timeout=result.planned + 30,
            return_when=asyncio.FIRST_COMPLETED,
        )
        if waiter not in finished:
            waiter.cancel()
            raise RuntimeError("the session did not end in time (or the app stopped)")
        app.exit()
        await asyncio.wait_for(task, 10)
    finally:
        SessionScreen.sync = original  # type: ignore[method-assign]


def measure(tmp: Path, *, seconds: int) -> list[Row]:
    routine = short_steps(tmp, seconds)
    result = Timing()
    t0 = time.monotonic()
    asyncio.run(_run(routine, tmp / "timing-logs", result))
    progress(f"timing: {result.changes} step changes in {time.monotonic() - t0:.1f} s")
    if not result.late or result.start is None or result.ended is None:
        raise RuntimeError("no step change was seen")
    late_ms = [x * 1000 for x in result.late]
    floor_ms = [x * 1000 for x in result.floor] or [float("nan")]
    total = result.ended - result.start
    drift_ms = (total - result.planned) * 1000
    worst, typical = max(late_ms), median(late_ms)
    noticed_ms = [x * 1000 for x in result.noticed]
    floor_worst, floor_typical = max(floor_ms), median(floor_ms)
    n = result.changes
    return [
        Row(
            f"Step change handled late, max ({n} changes, {result.planned:.0f} s run)",
            f"{worst:.1f} ms",
            f"asyncio call_at, same loop: {floor_worst:.1f} ms",
            worst / floor_worst if floor_worst > 0 else None,
            f"< {MAX_LATE_MS:.0f} ms",
            worst < MAX_LATE_MS,
        ),
        Row(
            "Step change handled late, median",
            f"{typical:.1f} ms",
            f"asyncio call_at, same loop: {floor_typical:.1f} ms",
            typical / floor_typical if floor_typical > 0 else None,
            "—",
            None,
        ),
        Row(
            "Step change noticed by the engine (timer fired), max / median",
            f"{max(noticed_ms):.1f} / {median(noticed_ms):.1f} ms",
            f"asyncio call_at: {floor_worst:.1f} / {floor_typical:.1f} ms",
            max(noticed_ms) / floor_worst if floor_worst > 0 else None,
            "—",
            None,
        ),
        Row(
            "Session length, real clock vs plan (drift)",
            f"{total:.3f} s ({drift_ms:+.1f} ms)",
            f"plan: {result.planned:.3f} s",
            total / result.planned,
            f"within {DRIFT_MS:.0f} ms",
            abs(drift_ms) <= DRIFT_MS,
        ),
    ]
