"""Pilot tests of the session screen on a fake clock: every key, the set entry, the summary."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.style import Style as RichStyle
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from backtimer.engine import (
    FakeClock,
    Outcome,
    Phase,
    Session,
    State,
    Status,
    StepKind,
    expand,
)
from backtimer.logs import read_log
from backtimer.routine import parse_routine
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.dialogs import ConfirmQuit, HelpScreen
from backtimer.tui.screens.note import NoteDialog
from backtimer.tui.screens.session import CUE_PAGE_SECONDS, SessionScreen, phase_classes
from backtimer.tui.screens.summary import SummaryScreen
from backtimer.tui.widgets.bigclock import BigClock
from backtimer.tui.widgets.bigtext import BigText
from backtimer.tui.widgets.set_entry import SetEntry
from tests.tui.sessionkit import (
    advance,
    make_app,
    session_screen,
    shipped_session,
    small_session,
    text_of,
)


async def test_first_screen_shows_get_ready_the_move_and_what_comes_next(
    clock: FakeClock, tmp_path: Path
) -> None:
    app = make_app(small_session(clock), clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Given a session, its screen is the App's first: no blank screen made and drawn
        # before it (make bench checks that this first frame is the one shown).
        assert [type(s) for s in app.screen_stack] == [SessionScreen]
        assert "GET READY" in text_of(app, "#banner")
        assert "Arm circles" in text_of(app, "#name")
        assert app.screen.query_one(BigClock).text == "0:05"
        # Arm circles is shown large: the Next line starts after it, never repeats it.
        assert text_of(app, "#next") == "Then: Bent-over row, set 1 of 2, then Rest 30s"
        assert "Small circles, growing" in text_of(app, "#cues")
        await advance(pilot, clock, 5)
        assert "WARM-UP" in text_of(app, "#banner")
        assert app.screen.query_one(BigClock).text == "0:20"
        await advance(pilot, clock, 7.5)
        assert app.screen.query_one(BigClock).text == "0:13"  # 12.5 s left shows as 13


async def test_digits_are_five_rows_at_80x24_and_grow_at_120x40(
    clock: FakeClock, tmp_path: Path
) -> None:
    heights = []
    for size in ((80, 24), (120, 40)):
        app = make_app(small_session(clock), clock, tmp_path)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            heights.append(app.screen.query_one(BigClock).digit_rows)
    assert heights[0] >= 5
    assert heights[1] > heights[0]


async def test_a_whole_routine_runs_to_the_summary(clock: FakeClock, tmp_path: Path) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        while not session.finished:
            if session.step.timed:
                await advance(pilot, clock, session.remaining() or 0)
            else:
                await advance(pilot, clock, 25)
                await pilot.press("enter")  # the set is done
                assert isinstance(app.screen.focused, SetEntry)
                await pilot.press("enter")  # keep the target
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        body = text_of(app, "#summary-body")
        assert "Completed" in body and "Sets     3 of 3" in body and "800 kg" in body
        await pilot.press("enter")
    assert app.return_value is not None
    assert app.return_value.status is Status.COMPLETED
    log = read_log(app.journal.path)
    assert log.status == Status.COMPLETED
    assert [r.entered for r in log.records if r.kind is StepKind.SET and r.reps] == [True, True]


async def test_space_pauses_and_the_clock_stops(clock: FakeClock, tmp_path: Path) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 2)
        await pilot.press("space")
        assert session.state is State.PAUSED
        assert "PAUSED" in text_of(app, "#banner")
        assert "Paused" in text_of(app, "#hint")
        assert app.screen.query_one("#layout").has_class("-paused")
        await advance(pilot, clock, 60)
        assert app.screen.query_one(BigClock).text == "0:03"
        await pilot.press("space")
        assert session.state is State.RUNNING
        assert "PAUSED" not in text_of(app, "#banner")
        await advance(pilot, clock, 3)
        assert session.step.kind is StepKind.WARMUP


async def test_skip_and_back(clock: FakeClock, tmp_path: Path) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")  # skip the get-ready
        assert session.step.kind is StepKind.WARMUP
        await pilot.press("s")  # skip the warm-up move
        assert session.step.title.startswith("Get ready: Bent-over row")
        assert session.records[1].outcome is Outcome.SKIPPED
        await pilot.press("b")
        assert session.step.kind is StepKind.WARMUP
        assert app.screen.query_one(BigClock).text == "0:20"


async def test_enter_finishes_a_timed_step_early(clock: FakeClock, tmp_path: Path) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert session.step.kind is StepKind.WARMUP
        assert session.records[0].outcome is Outcome.CUT_SHORT


async def test_plus_and_minus_change_any_timed_step(clock: FakeClock, tmp_path: Path) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("plus")
        assert session.remaining() == 20  # the get-ready: 15 s longer
        await pilot.press("minus", "minus")  # stops at 5 s left, never ends the step
        assert session.remaining() == 5 and session.step.kind is StepKind.GET_READY
        while session.step.kind is not StepKind.SET:
            await pilot.press("s")
        await pilot.press("plus")  # a rep set has no clock: nothing changes
        assert session.remaining() is None
        await pilot.press("enter")  # set done, rest of 30 s begins
        await pilot.press("escape")  # close the entry: later
        assert session.step.kind is StepKind.REST
        await pilot.press("plus")
        assert session.remaining() == 45
        assert app.screen.query_one(BigClock).text == "0:45"
        await pilot.press("minus", "minus")
        assert session.remaining() == 15
        await pilot.press("minus", "minus")  # it stops at 5 s left
        assert session.step.kind is StepKind.REST and session.remaining() == 5
        assert app.screen.query_one(BigClock).text == "0:05"


async def test_plus_on_a_rep_set_says_why_nothing_changes(clock: FakeClock, tmp_path: Path) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        while session.step.kind is not StepKind.SET:
            await pilot.press("s")
        screen = session_screen(app)
        notes: list[str] = []
        screen.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        screen.action_rest(15)
        assert session.remaining() is None
        assert notes == ["+ and - change a timed step; a rep set has no clock."]


async def test_set_entry_takes_typed_numbers_and_never_stops_the_rest(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        while session.step.kind is not StepKind.SET:
            await pilot.press("s")
        await advance(pilot, clock, 30)
        await pilot.press("enter")
        entry = app.screen.query_one(SetEntry)
        assert entry.values == {"reps": "10", "weight": "40", "rpe": ""}
        await advance(pilot, clock, 4)  # the rest runs while the entry is open
        assert app.screen.query_one(BigClock).text == "0:26"
        await pilot.press("8", "tab", "4", "2", ".", "5", "tab", "1", "1", "enter")
        assert "RPE is from 1 to 10" in entry.error  # 11 is refused, the entry stays
        await pilot.press("backspace", "enter")
        assert not app.screen.query(SetEntry)
        record = session.records[-1]
        assert (record.reps, record.weight, record.rpe, record.entered) == (8, 42.5, 1, True)
        await pilot.press("space")  # keys reach the session again
        assert session.paused
    log = read_log(app.journal.path)
    assert log.records[record.index].reps == 8


async def test_quit_asks_first_and_keeps_everything(clock: FakeClock, tmp_path: Path) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 10)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("n")
        assert not session.finished
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
        assert session.status is Status.ABANDONED
        assert isinstance(app.screen, SummaryScreen)
        assert "Stopped early" in text_of(app, "#summary-body")
    log = read_log(app.journal.path)
    assert log.status == Status.ABANDONED
    assert [r.outcome for r in log.records] == [Outcome.DONE, Outcome.STOPPED]


async def test_ctrl_c_stops_at_once_and_can_be_resumed(clock: FakeClock, tmp_path: Path) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 6)  # into the warm-up move
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 130
    assert app.return_value is not None
    assert app.return_value.status is Status.IN_PROGRESS
    log = read_log(app.journal.path)
    assert log.status == Status.IN_PROGRESS
    assert [r.outcome for r in log.records] == [Outcome.DONE]
    assert log.resume_at == 1, "the move under way is done again on resume"


async def test_help_lists_every_key(clock: FakeClock, tmp_path: Path) -> None:
    app = make_app(small_session(clock), clock, tmp_path)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("Static").render())
        for key in ("space", "enter", "s ", "b ", "+", "-", "q "):
            assert key in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_countdown_beeps_at_three_two_one_and_at_each_change(
    clock: FakeClock, tmp_path: Path
) -> None:
    app = make_app(small_session(clock), clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        start = app.bells  # the first step's change
        assert start == 1
        await advance(pilot, clock, 1)  # 4 s left: no beep
        assert app.bells == 1
        for expected in (2, 3, 4):  # 3, 2, 1 s left
            await advance(pilot, clock, 1)
            assert app.bells == expected
            assert app.screen.query_one(BigClock).has_class("-final")
        await advance(pilot, clock, 1)  # the step changes
        assert app.bells == 5
        assert not app.screen.query_one(BigClock).has_class("-final")


async def test_a_small_terminal_keeps_the_time_as_text_and_recovers(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        screen = session_screen(app)
        assert screen.compact
        assert not screen.query_one("#cues").display
        # The digits do not fit in 30×10: the time is plain text, not gone (it was).
        drawn = [row.strip() for row in screen.query_one(BigClock).rows if row.strip()]
        assert drawn == ["0:05"]
        await advance(pilot, clock, 6)  # the session goes on meanwhile
        drawn = [row.strip() for row in screen.query_one(BigClock).rows if row.strip()]
        assert drawn == ["0:19"]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not screen.compact
        assert screen.query_one(BigClock).digit_rows >= 5
        assert "WARM-UP" in text_of(app, "#banner")


async def test_a_long_gap_pauses_and_says_why(clock: FakeClock, tmp_path: Path) -> None:
    session = shipped_session("demo", clock, max_gap=10)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 1)
        await advance(pilot, clock, 600)  # the laptop slept
        assert session.paused
        assert session.index == 0  # nothing skipped silently
        assert "PAUSED" in text_of(app, "#banner")


async def test_at_80x24_the_set_entry_shows_its_fields_and_the_footer_every_key(
    clock: FakeClock, tmp_path: Path
) -> None:
    """Regression: the entry's hint wrapped and pushed the fields out of the box, and the
    footer cut off its last key."""
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        while session.step.kind is not StepKind.SET:
            await pilot.press("s")
        await pilot.press("enter")
        await pilot.pause()
        entry = app.screen.query_one(SetEntry)
        lines = entry.render().plain.splitlines()
        assert entry.content_size.height == len(lines) == 2
        assert len(lines[0]) <= entry.content_size.width
        assert not lines[0].endswith("…")  # shortened by whole hints, never cut ("Tab n…")
        assert lines[1].startswith("Reps  10 ")
        keys: list = list(app.screen.query("FooterKey"))  # Textual's footer keys, by name
        assert {key.description for key in keys} >= {"Save", "Pause", "Quit", "Help"}
        assert max(key.region.right for key in keys) <= 80


def test_bigclock_repaints_every_cell_that_changed() -> None:
    """The clock repaints only a region of itself (how small: make bench); every cell that
    changed is in it, so no stale pixel stays on screen; at another size it all redraws."""
    from backtimer.tui.widgets.bigclock import changed_region, render_big

    for before, after in (("1:30", "1:29"), ("1:00", "0:59"), ("10:00", "9:59"), ("0:01", "0:00")):
        old, new = render_big(before, 78, 13), render_big(after, 78, 13)
        region = changed_region(old, new)
        assert region is not None and region.area > 0
        for y, (was, now) in enumerate(zip(old, new, strict=True)):
            for x, (a, b) in enumerate(zip(was, now, strict=True)):
                assert a == b or region.contains(x, y), (before, after, x, y)
    assert changed_region(render_big("1:30", 78, 13), render_big("1:29", 78, 12)) is None


async def test_the_set_entry_names_a_warm_up_set_as_such(clock: FakeClock, tmp_path: Path) -> None:
    session = shipped_session("strength", clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = session_screen(app)
        while session.step.kind is not StepKind.WARMUP_SET:
            screen.action_skip()  # what s does; a key press a step costs ~0.1 s
        await pilot.press("enter")
        first_line = app.screen.query_one(SetEntry).render().plain.splitlines()[0]
        assert "warm-up set 1 of" in first_line


async def test_the_session_bar_fills_by_whole_percent_and_ends_with_the_figure() -> None:
    from textual.app import App, ComposeResult

    from backtimer.tui.widgets.session_bar import SessionBar

    class BarApp(App[None]):
        def compose(self) -> ComposeResult:
            yield SessionBar()

    app = BarApp()
    async with app.run_test(size=(30, 3)) as pilot:
        bar = app.query_one(SessionBar)
        lines = {}
        for percent in (0, 50, 100, 140):
            bar.percent = percent
            await pilot.pause()
            lines[percent] = bar.render_line(0).text
        # 30 cells: a bar of 24, a space and "  0%": every line fills the width exactly.
        assert {len(line) for line in lines.values()} == {30}
        assert lines[0] == "━" * 24 + "    0%"
        assert lines[50].endswith("   50%") and lines[100].endswith("  100%")
        assert lines[140].endswith("  140%"), "shown as it is; the bar is full, no more"
        done = bar.get_component_rich_style("session-bar--done")
        for percent, cells in ((0, 0), (50, 12), (100, 24), (140, 24)):
            bar.percent = percent
            segments = list(bar.render_line(0))
            assert sum(len(s.text) for s in segments if s.style == done) == cells
        assert bar.render_line(1).text.strip() == ""  # a one-line widget: blank below


async def test_the_first_step_rings_but_does_not_flash_and_later_changes_do(
    clock: FakeClock, tmp_path: Path
) -> None:
    """A flash marks a change on screen; on the first frame nothing changed from anything."""
    app = make_app(small_session(clock), clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        banner = app.screen.query_one("#banner")
        assert app.bells == 1
        assert not banner.has_class("-flash")
        await advance(pilot, clock, 5)  # get-ready ends: the warm-up starts
        assert app.bells > 1
        assert banner.has_class("-flash")


@contextlib.contextmanager
def collector_off() -> Iterator[None]:
    """The garbage collector off, as ``backtimer run`` starts the App; on again after."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def test_the_collector_runs_during_a_session_though_the_app_started_without_it(
    clock: FakeClock, tmp_path: Path
) -> None:
    """``backtimer run`` starts the App with the collector off (start-up speed, make bench);
    left off, a session's garbage would pile up until it ended."""
    app = make_app(small_session(clock), clock, tmp_path)
    with collector_off():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert gc.isenabled()


async def test_the_picker_switches_the_collector_back_on_too(tmp_path: Path) -> None:
    """Plain `backtimer` opens the picker; the collector must not stay off while it is open."""
    app = BacktimerApp(clock=FakeClock(), log_dir=tmp_path, quiet=True)
    with collector_off():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert gc.isenabled()


# -- read from two metres -------------------------------------------------------


async def test_a_rest_shows_the_next_set_and_its_load_large_at_80x24(
    clock: FakeClock, tmp_path: Path
) -> None:
    """Regression: a rest showed "Rest / 3m before Deadlift"; the load came with the set."""
    session = shipped_session("strength", clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = session_screen(app)
        while session.step.kind is not StepKind.SET:
            screen.action_skip()
        await pilot.press("enter", "escape")  # the set is done; the rest starts
        assert session.step.kind is StepKind.REST
        coming = session.upcoming(1)[0]
        await pilot.pause()
        assert text_of(app, "#name") == coming.name
        assert text_of(app, "#detail") == coming.label  # "Set 2 of 4"
        for selector in ("#name", "#detail", "#target"):
            assert app.screen.query_one(selector, BigText).is_big, selector
        assert screen.query_one(BigClock).digit_rows >= 5  # and the rest's time, large
        await pilot.press("plus")
        # Nothing says how long the rest was planned: after + it said "10s before …".
        shown = [str(w.render()) for w in app.screen.query(Static)]
        assert not [line for line in shown if "before" in line]


async def test_a_rep_set_makes_its_target_the_main_element(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = session_screen(app)
        while session.step.kind is not StepKind.SET:
            screen.action_skip()
        await advance(pilot, clock, 12)
        target = app.screen.query_one("#target", BigText)
        name = app.screen.query_one("#name", BigText)
        assert target.text == "10 × 40 kg" and target.is_big
        assert target.size.height > name.size.height
        # The time counting up is a plain line: the least important thing in a rep set.
        assert [row.strip() for row in screen.query_one(BigClock).rows if row.strip()] == ["0:12"]


async def test_every_form_cue_is_shown_in_turn(clock: FakeClock, tmp_path: Path) -> None:
    """Regression: cues after the third were never shown (strength's Pull-up lost one)."""
    session = shipped_session("strength", clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = session_screen(app)
        while not (session.step.kind is StepKind.SET and session.step.name == "Pull-up"):
            screen.action_skip()
        await pilot.pause()
        cues = session.step.cues
        assert len(cues) >= 4
        seen: set[str] = set()
        for _ in range(len(cues)):
            seen |= {line.removeprefix("• ") for line in text_of(app, "#cues").splitlines()}
            await advance(pilot, clock, CUE_PAGE_SECONDS)
        assert seen == set(cues)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert len(text_of(app, "#cues").splitlines()) == len(cues)  # room for all at once


async def test_the_footer_says_resume_while_paused(clock: FakeClock, tmp_path: Path) -> None:
    app = make_app(small_session(clock), clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = {key.description for key in app.screen.query(FooterKey)}
        assert "Pause" in shown and "Resume" not in shown
        await pilot.press("space")
        shown = {key.description for key in app.screen.query(FooterKey)}
        assert "Resume" in shown and "Pause" not in shown
        await pilot.press("space")
        assert not session_screen(app).session.paused


async def test_names_from_a_routine_are_shown_as_text_never_markup(
    clock: FakeClock, tmp_path: Path
) -> None:
    routine = parse_routine(
        '[routine]\nname = "x"\n[[exercise]]\nname = "[b]Row[/b]"\nsets = 2\nreps = 5\n',
        "x.toml",
    )
    session = Session(expand(routine), clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "[b]Row[/b], set 2 of 2" in text_of(app, "#next")


async def test_help_fits_80x24_lists_the_entry_keys_and_says_how_to_close(
    clock: FakeClock, tmp_path: Path
) -> None:
    """Regression: the help wrapped every line twice at 80×24 and never said how to close."""
    app = make_app(small_session(clock), clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        for text in help_screen.query(Static):
            lines = text.render().plain.splitlines()
            assert text.size.height == len(lines), "a line wrapped"
            assert max(map(len, lines)) <= text.size.width
        shown = "\n".join(str(s.render()) for s in help_screen.query(Static))
        assert "Tab" in shown and "Did you mean" in shown
        assert "closes this help" in shown
        box = help_screen.query_one(VerticalScroll)
        assert box.region.bottom <= 24 and not box.max_scroll_y
        await pilot.press("escape")
        assert isinstance(app.screen, SessionScreen)


def _contrast(style: RichStyle) -> float:
    """The WCAG contrast ratio of a style's text on its background."""

    def luminance(color: RichColor | None) -> float:
        assert color is not None and color.triplet is not None
        channels = [c / 255 for c in color.triplet]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(style.color), luminance(style.bgcolor)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "solarized-light"])
async def test_every_phase_tint_keeps_the_text_legible(
    theme: str, clock: FakeClock, tmp_path: Path
) -> None:
    """The whole screen is tinted by phase, in every theme; what is read from across the
    room keeps a contrast of at least 3:1 (WCAG's large text) on light and dark themes."""
    app = make_app(small_session(clock), clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        layout = app.screen.query_one("#layout")
        for phase in Phase:
            for paused in (False, True):
                # A rep-based set tints its target too: checked in every phase.
                layout.update_classes({**phase_classes(phase, paused), "-reps": paused})
                await pilot.pause()
                assert layout.styles.background.a > 0  # tinted, not the bare background
                for selector in ("#banner", "#name", "#detail", "#target", "#clock", "#next"):
                    style = app.screen.query_one(selector).rich_style
                    assert _contrast(style) >= 3, (theme, phase, paused, selector)


async def test_n_keeps_a_note_about_the_set_just_done_in_the_log(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = session_screen(app)
        while session.step.kind is not StepKind.SET:
            screen.action_skip()
        await pilot.press("enter")  # the row set is done: the rest and its entry open
        assert session.step.kind is StepKind.REST
        index = session.index
        await pilot.press("n")  # the entry passes n on (it answers n only to a question)
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"sb q felt heavy", "enter")
        assert isinstance(app.screen, SessionScreen)
        assert session.index == index  # the s, b and q typed were text, not commands
        log = read_log(app.journal.path)
        assert log.exercise_notes == {"Bent-over row": "sb q felt heavy"}
        await pilot.press("n", "tab", *"good day", "enter")  # Tab: about the session
        assert read_log(app.journal.path).notes == "good day"
