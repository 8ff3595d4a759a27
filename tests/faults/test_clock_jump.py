"""The clock jumps (suspend and wake) during a session, at the App level.

The session pauses itself at the last moment it was seen running and says why: the step
under way is not skipped, its time left is what it was, and the time away is never counted
as exercise. Two kinds of jump: the monotonic clock moved on (a process stopped, or a
platform whose monotonic clock counts sleep), and only the wall clock moved (Linux's
monotonic clock stands still during suspend; only the wall clock shows the time away).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.engine import Session, StepKind
from backtimer.logs import read_log
from tests.enginekit import JumpyClock
from tests.tui.sessionkit import advance, make_app, small_session, spy_notifications, text_of

TWO_HOURS = 2 * 3600


async def _walk(pilot, clock: JumpyClock, seconds: int) -> None:  # noqa: ANN001 - a Pilot
    """Let ``seconds`` pass in ticks shorter than the 10 s gap rule (nothing pauses)."""
    while seconds > 0:
        step = min(9, seconds)
        await advance(pilot, clock, step)
        seconds -= step


async def _into_the_rest(pilot, clock: JumpyClock, session: Session) -> None:  # noqa: ANN001
    await _walk(pilot, clock, 5 + 20 + 5 + 30)  # get-ready, warm-up, get-ready, a 30 s set
    assert session.step.kind is StepKind.SET
    await pilot.press("enter", "escape")  # set done (target kept): the 30 s rest starts
    await _walk(pilot, clock, 3)
    assert session.step.kind is StepKind.REST and session.remaining() == 27


@pytest.mark.parametrize("kind", ["monotonic", "wall clock only"])
async def test_two_hours_asleep_in_a_rest_pause_it_and_count_nothing(
    tmp_path: Path, kind: str
) -> None:
    clock = JumpyClock()
    session = small_session(clock, max_gap=10)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = spy_notifications(app)
        await _into_the_rest(pilot, clock, session)
        index, active = session.index, session.active_seconds
        if kind == "monotonic":
            await advance(pilot, clock, TWO_HOURS)
        else:
            clock.jump_wall(TWO_HOURS)
            await advance(pilot, clock, 1)  # the next tick, a second later by the monotonic clock

        assert session.paused
        assert session.index == index, "no step is skipped"
        assert session.remaining() == 27, "paused at the last tick: the rest is as it was"
        assert session.active_seconds == active, "the time away is not exercise"
        assert "PAUSED" in text_of(app, "#banner")
        assert "the clock is stopped" in text_of(app, "#hint")
        (message,) = [m for title, m in shown if title == "Paused"]
        assert "2h" in message and "not counted" in message and "space" in message
        log = read_log(app.journal.path)
        assert log.resume_at == index and log.active_seconds == pytest.approx(active, abs=0.1)
        if kind == "monotonic":
            assert log.paused_seconds == pytest.approx(TWO_HOURS)

        await pilot.press("space")  # back from the break: the rest goes on where it was
        assert not session.paused and session.remaining() == 27
        await _walk(pilot, clock, 27)
        assert session.step.kind is StepKind.SET and session.index == index + 1
        rest = session.records[-1]
        assert rest.kind is StepKind.REST and rest.actual == 30
        assert session.active_seconds == active + 27


async def test_a_jump_in_a_rep_based_set_freezes_its_count_up(tmp_path: Path) -> None:
    clock = JumpyClock()
    session = small_session(clock, max_gap=10)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _walk(pilot, clock, 5 + 20 + 5 + 12)
        assert session.step.kind is StepKind.SET and session.elapsed() == 12
        await advance(pilot, clock, TWO_HOURS)
        assert session.paused and session.elapsed() == 12
        assert str(app.screen.query_one("BigClock").text) == "0:12"
        await pilot.press("space", "enter")
        assert session.records[-1].actual == 12


async def test_a_jump_while_paused_by_hand_stays_paused_quietly(tmp_path: Path) -> None:
    clock = JumpyClock()
    session = small_session(clock, max_gap=10)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = spy_notifications(app)
        await _walk(pilot, clock, 8)
        await pilot.press("space")
        index, active = session.index, session.active_seconds
        await advance(pilot, clock, TWO_HOURS)
        assert session.paused and session.index == index and session.active_seconds == active
        assert not [m for title, m in shown if title == "Paused"], "nothing new to say"
        assert session.paused_seconds == pytest.approx(TWO_HOURS)
