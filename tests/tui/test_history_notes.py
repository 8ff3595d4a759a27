"""The history detail shows the session's notes and each exercise's, never as markup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Static

from backtimer.engine import FakeClock, Session, expand
from backtimer.logs import open_journal, read_log
from backtimer.tui.history_app import HistoryApp
from backtimer.tui.screens.history_detail import SessionDetailScreen, notes_text
from tests.logfactory import tiny_routine

ROW = "Bent-over row"


def _noted_log(directory: Path, clock: FakeClock) -> Path:
    session = Session(expand(tiny_routine()), clock, max_gap=None)
    session.start()
    journal = open_journal(session, directory)
    session.add_note("[b]not bold[/b] and [red]not red", exercise=ROW)
    session.add_note("Felt strong\n[link=x]second line[/link]", exercise=None)
    session.quit()
    return journal.path


def test_notes_text_lists_the_session_then_each_exercise(tmp_path: Path, clock: FakeClock) -> None:
    log = read_log(_noted_log(tmp_path, clock))
    assert notes_text(log).splitlines() == [
        "Notes: Felt strong",
        "       [link=x]second line[/link]",
        f"{ROW}: [b]not bold[/b] and [red]not red",
    ]


def test_notes_text_escapes_control_characters_from_a_log(tmp_path: Path, clock: FakeClock) -> None:
    from dataclasses import replace

    log = read_log(_noted_log(tmp_path, clock))
    log = replace(log, notes="bell\x07", exercise_notes={"Row\x1b[2J": "ok\u202e"})
    assert notes_text(log) == "Notes: bell\\x07\nRow\\x1b[2J: ok\\u202e"


async def test_the_detail_screen_shows_notes_literally(tmp_path: Path, clock: FakeClock) -> None:
    path = _noted_log(tmp_path, clock)
    app = HistoryApp(tmp_path, today=date(2026, 11, 25))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(SessionDetailScreen(path))
        await pilot.pause()
        shown = app.screen.query_one("#notes", Static).render()
        assert str(shown) == notes_text(read_log(path))
        assert "[b]not bold[/b] and [red]not red" in str(shown)
        assert not any(span.style for span in getattr(shown, "spans", []))
        assert app.screen.query_one("#steps", DataTable).has_focus


async def test_a_log_without_notes_shows_no_notes_box(tmp_path: Path, clock: FakeClock) -> None:
    session = Session(expand(tiny_routine()), clock, max_gap=None)
    session.start()
    journal = open_journal(session, tmp_path)
    session.quit()
    app = HistoryApp(tmp_path, today=date(2026, 11, 25))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(SessionDetailScreen(journal.path))
        await pilot.pause()
        assert not app.screen.query("#notes")
