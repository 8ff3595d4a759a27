"""The session screen on a terminal that is not UTF-8 (``ascii_only``): ``#`` digits.

The real terminal is tested in tests/faults/test_locale.py (a pty, ISO-8859-1 and
ASCII); here Pilot shows what the App itself draws: the clock, the progress bar
and the footer's keys in ASCII, and nothing changed on a UTF-8 terminal.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from backtimer.engine import FakeClock
from backtimer.tui.app import BacktimerApp
from backtimer.tui.widgets.bigclock import BigClock
from backtimer.tui.widgets.bigtext import BigText
from backtimer.tui.widgets.session_bar import SessionBar
from tests.tui.sessionkit import advance, small_session


def _screen_text(app: BacktimerApp) -> str:
    """Every character on screen (from the screenshot, spaces as the SVG writes them)."""
    return app.export_screenshot().replace("&#160;", " ")


def _drawn(widget: BigClock | BigText | SessionBar) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


async def test_ascii_only_draws_the_clock_bar_and_keys_in_ascii(
    clock: FakeClock, tmp_path: Path
) -> None:
    app = BacktimerApp(small_session(clock), clock=clock, log_dir=tmp_path, ascii_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await advance(pilot, clock, 27)  # some progress on the bar; a timed get-ready
        digits = _drawn(app.screen.query_one(BigClock))
        assert "#" in digits and "█" not in digits
        assert app.screen.query_one(BigClock).digit_rows >= 5
        name = app.screen.query_one("#name", BigText)
        assert name.is_big and "#" in _drawn(name)
        assert not set("█▀▄") & set(_drawn(name))
        bar = _drawn(app.screen.query_one(SessionBar))
        assert "=" in bar and "-" in bar and "━" not in bar
        shown = _screen_text(app)
        assert "⏎" not in shown and "enter" in shown.lower()


async def test_a_utf8_terminal_keeps_block_digits(clock: FakeClock, tmp_path: Path) -> None:
    app = BacktimerApp(small_session(clock), clock=clock, log_dir=tmp_path, ascii_only=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "█" in _drawn(app.screen.query_one(BigClock))
        assert "⏎" in _screen_text(app)


@pytest.mark.parametrize(("encoding", "ascii_only"), [("utf-8", False), ("iso-8859-1", True)])
def test_ascii_only_follows_the_stream_textual_draws_on(
    encoding: str, ascii_only: bool, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """By default: whether stderr (where Textual draws) can encode the block characters."""
    stream = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    monkeypatch.setattr(sys, "__stderr__", stream)
    assert BacktimerApp(small_session(clock), clock=clock).ascii_only is ascii_only
