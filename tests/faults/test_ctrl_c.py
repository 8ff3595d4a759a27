"""Ctrl+C (and Textual's Ctrl+Q) wherever the user is in a session, on a fake clock.

Ctrl+C stops at once and keeps the session resumable: the log stays in progress with every
finished step, the step under way is done again on resume, and the App exits with 130 and
the summary so far. It works the same over the help and quit dialogs and in the set entry
(Textual would otherwise take it there: a "press Ctrl+Q" hint, or copy). On the summary it
just leaves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.engine import FakeClock, Outcome, Status, StepKind
from backtimer.logs import read_log
from backtimer.tui.screens.dialogs import HelpScreen
from backtimer.tui.screens.summary import SummaryScreen
from backtimer.tui.widgets.set_entry import SetEntry
from tests.tui.sessionkit import advance, make_app, small_session


@pytest.mark.parametrize(
    ("key", "where"),
    [
        ("ctrl+c", "session"),
        ("ctrl+c", "help"),
        ("ctrl+c", "quit dialog"),
        ("ctrl+c", "set entry"),
        ("ctrl+q", "session"),
        ("ctrl+q", "help"),
    ],
)
async def test_ctrl_c_anywhere_in_a_session_stops_it_resumable(
    clock: FakeClock, tmp_path: Path, key: str, where: str
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 5 + 20 + 5 + 30)  # into the first rep-based set
        await pilot.press("enter")  # done: the rest starts, the entry opens
        assert session.step.kind is StepKind.REST
        if where == "help":
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            assert "Stop now" in str(app.screen.query_one("Static").render())
        elif where == "quit dialog":
            await pilot.press("q")
        elif where == "set entry":
            assert isinstance(app.focused, SetEntry)
        else:
            await pilot.press("escape")
        await advance(pilot, clock, 4)
        await pilot.press(key)
        await pilot.pause()
    assert app.return_code == 130
    summary = app.return_value
    assert summary is not None and summary.status is Status.IN_PROGRESS
    assert summary.sets_done == 1
    log = read_log(app.journal.path)
    assert log.status is Status.IN_PROGRESS
    assert [r.outcome for r in log.records] == [Outcome.DONE] * 4
    assert log.resume_at == 4, "the rest under way is done again on resume"


async def test_ctrl_c_on_the_summary_just_leaves(clock: FakeClock, tmp_path: Path) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert not app.return_code
    assert app.return_value is not None and app.return_value.status is Status.ABANDONED
    assert read_log(app.journal.path).status is Status.ABANDONED
