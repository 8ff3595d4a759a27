"""The terminal resized during a session, down to 20×5 and back: no crash, the layout recovers.

Below 40×18 the screen is compact: the time becomes plain text (never nothing), the cues
go, and the footer still offers Quit and Help; the session keeps running meanwhile, and
the full layout comes back, showing the right step and time, when the terminal grows.
"""

from __future__ import annotations

import math
from pathlib import Path

from textual.widgets._footer import FooterKey

from backtimer.engine import FakeClock, StepKind
from backtimer.formatting import format_clock
from backtimer.tui.screens.session import COMPACT_HEIGHT, COMPACT_WIDTH
from backtimer.tui.widgets.bigclock import BigClock
from backtimer.tui.widgets.set_entry import SetEntry
from tests.tui.sessionkit import advance, make_app, session_screen, small_session, text_of

#: (width, height, compact?) — the exact limits and well past them, then back.
SIZES = [
    (40, 12, True),
    (COMPACT_WIDTH - 1, 30, True),
    (100, COMPACT_HEIGHT - 1, True),
    (COMPACT_WIDTH, COMPACT_HEIGHT, False),
    (20, 5, True),
    (200, 60, False),
    (40, 12, True),
    (80, 24, False),
]


async def test_resizing_in_the_middle_of_a_step_never_stops_it_and_the_layout_recovers(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 5 + 7)  # 7 s into the 20 s warm-up move
        assert session.step.kind is StepKind.WARMUP and session.remaining() == 13
        screen = session_screen(app)
        for width, height, small in SIZES:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert screen.compact is small, (width, height)
            assert screen.query_one("#cues").display is not small
            clock_rows = screen.query_one(BigClock).rows
            time = format_clock(math.ceil(session.remaining()))
            drawn = [row.strip() for row in clock_rows if row.strip()]
            if height >= 8:
                # The time is drawn big where the digits fit, else as plain text: never gone.
                big = screen.query_one(BigClock).digit_rows >= 5
                assert big or drawn == [time], (width, height, drawn)
            if small:
                # Quit and Help are in the footer and inside the screen, at any width.
                shown = {
                    key.description
                    for key in app.screen.query(FooterKey)
                    if key.region.right <= width and key.region.width
                }
                assert {"Quit", "Help"} <= shown, (width, height, shown)
            await advance(pilot, clock, 1)  # the session goes on meanwhile
        assert session.step.kind is StepKind.WARMUP and session.remaining() == 13 - len(SIZES)
        assert "WARM-UP" in text_of(app, "#banner")
        assert text_of(app, "#name") == "Arm circles"
        assert screen.query_one(BigClock).text == format_clock(math.ceil(session.remaining()))
        await advance(pilot, clock, session.remaining())  # and it still moves on by itself
        assert session.step.kind is StepKind.GET_READY


async def test_the_set_entry_survives_a_resize_to_40x12_and_back(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 5 + 20 + 5 + 30)  # into the first rep-based set
        assert session.step.kind is StepKind.SET
        await pilot.press("enter")  # done: the rest starts and the entry opens
        assert session.step.kind is StepKind.REST
        await pilot.resize_terminal(40, 12)
        await advance(pilot, clock, 3)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        entry = app.screen.query_one(SetEntry)
        assert entry.has_focus, "hidden while small, the entry gets the focus back"
        await pilot.press("8", "enter")  # typed reps go in; Enter does not end the rest
        assert session.records[-1].reps == 8 and session.records[-1].entered
        assert session.step.kind is StepKind.REST and session.remaining() == 27
        assert "REST" in text_of(app, "#banner")
