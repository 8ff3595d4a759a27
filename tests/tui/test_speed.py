"""What keeps the session screen fast (issue 3's speed targets, measured by `make bench`).

The bench times start-up to the first painted session screen and the CPU used
while a step counts down; these tests keep the fixes it led to from coming undone.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path

from rich.console import RenderableType
from textual.compose import compose
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from backtimer.engine import FakeClock, Session, expand
from backtimer.routine import parse_routine
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.session import SessionScreen
from backtimer.tui.widgets.bigclock import BigClock
from tests.tui.sessionkit import advance, make_app, small_session


@contextlib.contextmanager
def collector_off() -> Iterator[None]:
    """The garbage collector off, as ``backtimer run`` starts the App; on again after."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


#: Nothing but the clock changes for minutes (the bench's CPU routine).
ONE_LONG_MOVE = """\
[routine]
name = "One long move"

[defaults]
get_ready = 0

[[warmup]]
name = "Long warm-up move"
duration = "10m"
"""


async def test_the_first_frame_of_the_session_screen_is_drawn_not_thrown_away(
    clock: FakeClock, tmp_path: Path
) -> None:
    """Textual drops every frame drawn while the App's start-up batch is open.

    The session screen used to be pushed from ``App.on_mount``, inside that batch:
    its first, whole frame was dropped and the screen drawn again a refresh period
    later. ``App._display`` is where Textual drops it, so that is where we look.
    """
    app = make_app(small_session(clock), clock, tmp_path)
    frames: list[tuple[str, int]] = []
    display = app._display

    def spy(screen: Screen, renderable: RenderableType | None) -> None:
        if isinstance(screen, SessionScreen) and renderable is not None:
            frames.append((type(renderable).__name__, app._batch_count))
        display(screen, renderable)

    app._display = spy  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # The App's first screen: no blank default screen made and drawn before it.
        assert [type(s) for s in app.screen_stack] == [SessionScreen]
    assert frames, "the session screen was never drawn"
    kind, batch = frames[0]
    assert batch == 0, "the session screen's first frame was drawn inside a batch (dropped)"
    assert kind == "LayoutUpdate", "the first frame drawn is not the whole screen"


async def test_the_layout_is_composed_in_the_first_steps_phase(
    clock: FakeClock, tmp_path: Path
) -> None:
    """No restyle of the whole layout before the first paint: the classes are right at once."""
    app = make_app(small_session(clock), clock, tmp_path)
    async with app.run_test(size=(80, 24)):
        # What compose() gives, before on_mount: Textual's own helper runs it.
        layout = compose(SessionScreen(small_session(FakeClock())))[0]
        assert layout.id == "layout"
        assert layout.has_class("-get-ready")
        assert not layout.has_class("-paused")


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


async def test_a_second_of_countdown_renders_the_clock_and_not_the_lines_around_it(
    clock: FakeClock, tmp_path: Path, monkeypatch
) -> None:
    """Textual renders every widget whose container overlaps a repaint; the lines are grouped."""
    routine = parse_routine(ONE_LONG_MOVE, "long.toml")
    app = make_app(Session(expand(routine), clock, max_gap=None), clock, tmp_path)
    rendered: list[str] = []
    render_lines = Widget.render_lines

    def spy(widget: Widget, crop):  # noqa: ANN001, ANN202
        rendered.append(widget.id or type(widget).__name__)
        return render_lines(widget, crop)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await advance(pilot, clock, 1.5)  # past the first second's changes
        monkeypatch.setattr(Widget, "render_lines", spy)
        await advance(pilot, clock, 1)
        await pilot.pause(0.05)  # the screen's next refresh
        monkeypatch.setattr(Widget, "render_lines", render_lines)
    assert "clock" in rendered
    lines = {"banner", "name", "target", "hint", "cues", "next", "times", "progress"}
    assert not lines & set(rendered), f"rendered again though unchanged: {lines & set(rendered)}"


async def test_objects_from_start_up_are_frozen_for_the_session_and_freed_after(
    clock: FakeClock, tmp_path: Path
) -> None:
    """The garbage collector stops walking what start-up made; the App gives it back at exit.

    ``backtimer run`` starts the App with the collector off (tests/unit/test_cli.py);
    the App switches it on once its first screen is drawn.
    """
    app = make_app(small_session(clock), clock, tmp_path)
    assert gc.get_freeze_count() == 0
    with collector_off():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert gc.get_freeze_count() > 10_000
            assert gc.isenabled()
    assert gc.get_freeze_count() == 0


async def test_the_picker_switches_the_collector_back_on_too(tmp_path: Path) -> None:
    """Plain `backtimer` opens the picker; the collector must not stay off while it is open."""
    app = BacktimerApp(clock=FakeClock(), log_dir=tmp_path, quiet=True)
    with collector_off():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert gc.isenabled()


async def test_a_plain_second_redraws_the_time_and_a_step_change_everything(
    clock: FakeClock, tmp_path: Path, monkeypatch
) -> None:
    """Within a step only the time moves; every line is recomputed after an event."""
    app = make_app(small_session(clock), clock, tmp_path)
    full: list[int] = []
    refresh_view = SessionScreen.refresh_view

    def spy(screen: SessionScreen) -> None:
        full.append(screen.session.step.index)
        refresh_view(screen)

    monkeypatch.setattr(SessionScreen, "refresh_view", spy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert full == [0]  # the first draw
        await advance(pilot, clock, 1)
        await advance(pilot, clock, 1)
        assert full == [0]
        assert app.screen.query_one(BigClock).text == "0:03"
        await advance(pilot, clock, 3)  # get-ready ends
        assert full == [0, 1]
        await pilot.press("space")
        assert full == [0, 1, 1]
        assert "Paused" in str(app.screen.query_one("#hint", Static).render())
