"""Pilot and snapshot tests of the review screens on the fixture logs (fixed dates, fixed today)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Select, Static

from backtimer.engine import FakeClock
from backtimer.tui.history_app import HistoryApp
from backtimer.tui.screens.history import HistoryScreen
from backtimer.tui.screens.history_detail import SessionDetailScreen
from tests.conftest import DATA

TODAY = date(2026, 11, 25)


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    target = tmp_path / "sessions"
    shutil.copytree(DATA / "logs", target)
    return target


def _app(logs: Path) -> HistoryApp:
    return HistoryApp(logs, today=TODAY)


async def test_sessions_table_newest_first_with_the_broken_log_warned(logs: Path) -> None:
    app = _app(logs)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#sessions", DataTable)
        assert table.row_count == 6
        assert str(table.get_row_at(0)[0]) == "2026-11-24 18:02"
        warning = str(screen.query_one("#warnings", Static).render())
        assert "truncated.toml" in warning
        assert "streak: 4 weeks" in str(screen.query_one("#summary", Static).render())


async def test_filter_by_routine(logs: Path) -> None:
    app = _app(logs)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#routine", Select).value = "Beginner back"
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == 2
        assert {str(table.get_row_at(i)[1]) for i in range(2)} == {"Beginner back"}


async def test_enter_opens_the_session_detail_and_escape_goes_back(logs: Path) -> None:
    app = _app(logs)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailScreen)
        assert app.screen.path.name == "2026-11-19T07-45-00_beginner-back.toml"
        steps = app.screen.query_one("#steps", DataTable)
        assert steps.row_count == 8
        first = steps.get_row_at(0)
        assert first[1] == "Bent-over row 1/3" and " × " in first[5] and first[6]
        assert steps.get_row_at(7)[4] == "stopped"
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


def test_sessions_snapshot(logs: Path, snap_compare) -> None:
    assert snap_compare(_app(logs), terminal_size=(110, 24))


def test_trends_snapshot(logs: Path, snap_compare) -> None:
    async def open_trends(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("t")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(logs), terminal_size=(110, 40), run_before=open_trends)


async def test_many_sessions_show_at_once_and_fill_in_chunks(tmp_path: Path) -> None:
    from backtimer.tui.screens.history import CHUNK, FIRST_CHUNK
    from tests.logfactory import make_fake_logs

    count = FIRST_CHUNK + 2 * CHUNK + 7
    make_fake_logs(tmp_path, count, seed=5)
    app = HistoryApp(tmp_path, today=TODAY)
    async with app.run_test(size=(110, 30)) as pilot:
        table = app.screen.query_one("#sessions", DataTable)
        assert 0 < table.row_count < count, "the first rows show before the rest"
        for _ in range(50):
            if table.row_count == count:
                break
            await pilot.pause()
        assert table.row_count == count
        newest = app.history.rows[0]
        assert str(table.get_row_at(0)[0]) == newest.when.strftime("%Y-%m-%d %H:%M")


async def test_no_sessions_shows_how_to_start_one(tmp_path: Path) -> None:
    """Regression: an empty history was an empty table, with no word on what to do."""
    app = _app(tmp_path / "none-yet")
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        hint = str(screen.query_one("#empty", Static).render())
        assert "No sessions yet. Start one with: backtimer run demo" in hint
        assert not screen.query_one("#sessions", DataTable).display


def test_the_detail_says_how_long_a_timed_step_cut_short_ran() -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    from backtimer.engine import Outcome, StepKind, StepRecord
    from backtimer.tui.screens.history_detail import outcome_text

    when = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
    plank = StepRecord(
        index=7,
        kind=StepKind.SET,
        name="Plank",
        exercise="Plank",
        set_number=1,
        set_count=1,
        side=None,
        planned=60,
        actual=41.6,
        paused=0.0,
        outcome=Outcome.CUT_SHORT,
        started=when,
        ended=when,
    )
    assert outcome_text(plank) == "cut short 0:42 of 1:00"
    assert outcome_text(replace(plank, outcome=Outcome.DONE, actual=60)) == "done"
    assert outcome_text(replace(plank, outcome=Outcome.SKIPPED)) == "skipped"
    rest = replace(plank, kind=StepKind.REST, name="Rest", set_number=None, set_count=None)
    assert outcome_text(rest) == "done"  # a rest ended early is not called out


async def test_the_detail_screen_shows_a_cut_short_step(tmp_path: Path, clock: FakeClock) -> None:
    from backtimer.engine import Session, expand
    from backtimer.logs import open_journal
    from tests.logfactory import tiny_routine

    session = Session(expand(tiny_routine()), clock, max_gap=None)
    session.start()
    journal = open_journal(session, tmp_path)
    clock.advance(1)
    session.done()  # the 2 s warm-up, after 1 s
    session.quit()
    app = HistoryApp(tmp_path, today=TODAY)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        app.push_screen(SessionDetailScreen(journal.path))
        await pilot.pause()
        steps = app.screen.query_one("#steps", DataTable)
        assert steps.get_row_at(0)[4] == "cut short 0:01 of 0:02"


async def test_the_detail_of_an_imported_session_names_its_app(tmp_path: Path) -> None:
    from backtimer.logs import log_name, write_log
    from backtimer.logs.imports import parse_file
    from backtimer.logs.imports.writer import to_log

    workout = parse_file(DATA / "imports" / "hevy_kg.csv").workouts[0]
    log = to_log(workout, aliases={}, import_id="20261204-120000")
    path = log_name(log.started, log.routine_name, tmp_path)
    write_log(log, path)
    app = HistoryApp(tmp_path, today=TODAY)
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        app.push_screen(SessionDetailScreen(path))
        await pilot.pause()
        head = str(app.screen.query_one("#summary", Static).render())
        assert head.endswith("imported from Hevy")
