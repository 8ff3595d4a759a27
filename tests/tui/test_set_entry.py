"""Pilot tests of the set entry (issue 13): typed values, plausibility, the next set, `e`."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from textual.widgets._toast import Toast, ToastRack

from backtimer.engine import FakeClock, Session, StepKind
from backtimer.logs import read_log
from backtimer.tui.history_app import HistoryApp
from backtimer.tui.screens.dialogs import HelpScreen
from backtimer.tui.screens.history_detail import SessionDetailScreen
from backtimer.tui.screens.session import SessionScreen
from backtimer.tui.widgets.set_entry import SetEntry
from tests.conftest import DATA
from tests.tui.sessionkit import advance, make_app, small_session, spy_notifications


async def _finish_first_set(pilot: Pilot, session: Session, clock: FakeClock) -> SetEntry:
    while session.step.kind is not StepKind.SET:
        await pilot.press("s")
    await advance(pilot, clock, 30)
    await pilot.press("enter")
    await pilot.pause()
    return pilot.app.screen.query_one(SetEntry)


async def test_a_typed_value_replaces_the_field_every_time_the_cursor_enters_it(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        entry = await _finish_first_set(pilot, session, clock)
        for key in ("8", "tab", "3", "0", "shift+tab", "7"):
            await pilot.press(key)
        assert entry.values["reps"] == "7"
        assert entry.values["weight"] == "30"


async def test_a_tab_in_the_same_burst_as_a_digit_is_not_lost(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        entry = await _finish_first_set(pilot, session, clock)
        await pilot.press("8", "tab", "5")
        assert (entry.values["reps"], entry.values["weight"]) == ("8", "5")
        await pilot.press("shift+tab", "9", "tab", "tab", "6", ".", "5")
        assert entry.values == {"reps": "9", "weight": "5", "rpe": "6.5"}


# -- 2. plausibility ---------------------------------------------------------


async def test_implausible_reps_are_asked_about_before_they_are_saved(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        entry = await _finish_first_set(pilot, session, clock)
        index = entry.record.index
        await pilot.press("8", "9", "3", "enter")  # 893 reps: a typo for 8?
        assert app.screen.query(SetEntry)  # not saved: asked first
        assert "Did you mean 893 reps?" in entry.render().plain
        assert not session.records[index].entered
        await pilot.press("n")  # back to the field: the next number replaces it
        assert entry.values["reps"] == "893" and entry.field == 0
        await pilot.press("8", "enter")
        assert not app.screen.query(SetEntry)
        assert session.records[index].reps == 8


async def test_an_implausible_weight_is_saved_when_confirmed(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        entry = await _finish_first_set(pilot, session, clock)
        index = entry.record.index
        await pilot.press("tab", "9", "0", "enter")  # 90 kg planned 40: more than 2×
        assert "Did you mean 90 kg?" in entry.render().plain
        await pilot.press("escape")  # Esc goes back to the field, does not close
        assert app.screen.query(SetEntry) and entry.field == 1
        await pilot.press("enter", "y")  # asked again; y saves
        assert not app.screen.query(SetEntry)
        assert session.records[index].weight == 90
        await pilot.press("e")  # reopened, the saved values shown
        entry = app.screen.query_one(SetEntry)
        await pilot.press("tab", "6", "0", "0", "enter")  # over 500 kg: asked
        assert "Did you mean 600 kg?" in entry.render().plain
        await pilot.press("enter")  # Enter saves too
        assert session.records[index].weight == 600


async def test_rpe_takes_half_steps_and_refuses_the_rest(clock: FakeClock, tmp_path: Path) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        entry = await _finish_first_set(pilot, session, clock)
        index = entry.record.index
        await pilot.press("tab", "tab", "6", ".", "3", "enter")
        assert "half steps" in entry.error and app.screen.query(SetEntry)
        await pilot.press("backspace", "5", "enter")
        assert not app.screen.query(SetEntry)
        assert session.records[index].rpe == 6.5
    log = read_log(app.journal.path)
    assert log.records[index].rpe == 6.5


async def test_the_saved_toast_echoes_the_set_and_covers_neither_next_nor_progress(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    shown = spy_notifications(app)
    # Pilot leaves toasts out unless asked: this test looks at where they are drawn.
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _finish_first_set(pilot, session, clock)
        await pilot.press("1", "2", "tab", "5", "enter")
        await pilot.pause()
        assert ("", "Saved: Bent-over row 12 × 5 kg") in shown
        await pilot.pause()
        # Textual's own widgets are left out of a query: ask the screen's rack.
        toasts = list(app.screen.get_child_by_type(ToastRack).query(Toast))
        assert toasts
        for name in ("#next", "#progress-row"):
            region = app.screen.query_one(name).region
            for toast in toasts:
                assert not toast.region.overlaps(region), (name, toast.region, region)


# -- 3. the next set -----------------------------------------------------------


async def test_an_entry_open_when_the_next_set_starts_is_saved_and_closed(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    shown = spy_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        entry = await _finish_first_set(pilot, session, clock)
        index = entry.record.index
        await pilot.press("9")  # typed, never saved: the rest runs out
        await advance(pilot, clock, 31)
        assert session.step.kind is StepKind.SET and session.step.set_number == 2
        assert not app.screen.query(SetEntry)
        assert session.records[index].reps == 9 and session.records[index].entered
        assert ("", "Saved: Bent-over row 9 × 40 kg") in shown
        await pilot.press("enter")  # Enter belongs to the new set again
        assert session.step.kind is StepKind.REST
        assert session.records[-1].set_number == 2


async def test_an_implausible_open_entry_is_not_saved_when_the_next_set_starts(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    shown = spy_notifications(app)
    async with app.run_test(size=(80, 24)) as pilot:
        entry = await _finish_first_set(pilot, session, clock)
        index = entry.record.index
        await pilot.press("8", "9", "3")  # a typo, never confirmed
        await advance(pilot, clock, 31)
        assert session.step.set_number == 2 and not app.screen.query(SetEntry)
        assert session.records[index].reps == 10 and not session.records[index].entered
        assert any("not saved (Did you mean 893 reps?)" in text for _, text in shown)


# -- 4. correcting later -------------------------------------------------------


async def test_e_reopens_the_last_saved_set_to_correct_it(clock: FakeClock, tmp_path: Path) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        entry = await _finish_first_set(pilot, session, clock)
        index = entry.record.index
        await pilot.press("enter")  # saved as the target
        assert not app.screen.query(SetEntry)
        await pilot.press("e")
        entry = app.screen.query_one(SetEntry)
        assert entry.record.index == index and entry.values["reps"] == "10"
        await pilot.press("7", "enter")
        assert session.records[index].reps == 7
        binding = next(b for b in SessionScreen.BINDINGS if isinstance(b, Binding) and b.key == "e")
        assert binding.action == "edit_last_set"
        await pilot.press("question_mark")  # listed on the help screen (no room in the footer)
        assert isinstance(app.screen, HelpScreen)
        help_text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "Correct the last set" in help_text
    log = read_log(app.journal.path)
    assert log.records[index].reps == 7


# -- correcting in the history -------------------------------------------------


async def test_the_history_detail_edits_a_logged_set_and_marks_it_edited(tmp_path: Path) -> None:
    logs = tmp_path / "sessions"
    shutil.copytree(DATA / "logs", logs)
    app = HistoryApp(logs, today=date(2026, 11, 25))
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionDetailScreen)
        path = screen.path
        before = read_log(path)
        assert before.records[0].is_set and not before.records[0].edited
        await pilot.press("e")  # on the first row: Bent-over row 1/3
        entry = screen.query_one(SetEntry)
        await pilot.press("1", "1", "tab", "tab", "7", ".", "5", "enter")
        await pilot.pause()
        assert not screen.query(SetEntry)
        after = read_log(path)
        first = after.records[0]
        assert (first.reps, first.rpe, first.edited) == (11, 7.5, True)
        assert first.weight == before.records[0].weight
        assert [r.edited for r in after.records[1:]] == [False] * (len(after.records) - 1)
        row = screen.query_one("#steps", DataTable).get_row_at(0)
        assert "11 reps" in row[5] and "(edited)" in row[5] and row[6] == "7.5"
        assert entry.record.index == first.index
    assert "edited = true" in path.read_text()


LAST_IS_A_SET = """\
[routine]
name = "Rows only"

[defaults]
get_ready = 0

[[exercise]]
name = "Row"
sets = 1
reps = 10
weight = 40
"""


async def test_the_last_set_of_a_routine_is_entered_before_the_summary(
    clock: FakeClock, tmp_path: Path
) -> None:
    """Regression: when a rep set was the routine's last step, the summary covered its
    entry at once: what was typed went to the summary, and the log kept the target."""
    from backtimer.engine import expand
    from backtimer.routine import parse_routine
    from backtimer.tui.screens.summary import SummaryScreen

    session = Session(expand(parse_routine(LAST_IS_A_SET, "rows.toml")), clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 30)
        await pilot.press("enter")  # the last set is done: the session is over
        assert session.finished
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.query_one(SetEntry).has_focus
        await pilot.press("backspace", "backspace", "1", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert [r.reps for r in read_log(app.journal.path).records] == [12]


async def test_quitting_with_an_entry_open_keeps_it_as_shown(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        while session.step.kind is not StepKind.SET:
            app.screen.action_skip()
        await pilot.press("enter", "9")  # the entry shows 9 reps
        await pilot.press("q", "y")
        await pilot.pause()
        from backtimer.tui.screens.summary import SummaryScreen

        assert isinstance(app.screen, SummaryScreen)
        done = [r for r in read_log(app.journal.path).records if r.kind is StepKind.SET]
        assert done[0].reps == 9
