"""Helpers for driving the session App on a fake clock."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from backtimer.engine import FakeClock, Session, expand
from backtimer.routine import load_routine, parse_routine
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.session import SessionScreen
from backtimer.tui.widgets.bigtext import BigText
from tests.conftest import SHIPPED

SMALL = """\
[routine]
name = "Small"

[defaults]
rest = 30
get_ready = 5

[[warmup]]
name = "Arm circles"
duration = 20
cues = ["Small circles, growing"]

[[exercise]]
name = "Bent-over row"
sets = 2
reps = 10
weight = 40
cues = ["Hinge at the hips, spine straight"]

[[exercise]]
name = "Plank"
sets = 1
duration = 30

[[stretch]]
name = "Child's pose"
hold = 20
"""


# Tests jump the fake clock by many seconds between ticks; the gap rule (which
# pauses a session after a tick gap, e.g. a laptop asleep) is off unless asked for.


def small_session(clock: FakeClock, max_gap: float | None = None) -> Session:
    return Session(expand(parse_routine(SMALL, "small.toml")), clock, max_gap=max_gap)


def shipped_session(name: str, clock: FakeClock, max_gap: float | None = None) -> Session:
    return Session(expand(load_routine(SHIPPED / f"{name}.toml")), clock, max_gap=max_gap)


def make_app(session: Session, clock: FakeClock, log_dir: Path, **kw: object) -> BacktimerApp:
    return BacktimerApp(session, clock=clock, log_dir=log_dir, quiet=True, **kw)


def text_of(app: BacktimerApp, selector: str) -> str:
    """The text a line shows (a big text's words, not its pixels)."""
    widget = app.screen.query_one(selector)
    if isinstance(widget, BigText):
        return widget.text
    assert isinstance(widget, Static)
    content = widget.content
    if isinstance(content, (str, Text)):
        return str(widget.render())
    console = Console(width=widget.size.width or 80, file=io.StringIO(), record=True)
    console.print(content)  # a table (the summary): its text as drawn
    return console.export_text()


def session_screen(app: BacktimerApp) -> SessionScreen:
    screen = next(s for s in app.screen_stack if isinstance(s, SessionScreen))
    return screen


async def advance(pilot: Pilot, clock: FakeClock, seconds: float) -> None:
    """Move the fake clock and let the screen catch up."""
    clock.advance(seconds)
    pilot.app.sync()  # type: ignore[attr-defined]
    await pilot.pause()


def spy_notifications(app: BacktimerApp) -> list[tuple[str, str]]:
    """Record every notification (title, message) the App shows, still showing them."""
    shown: list[tuple[str, str]] = []
    real = app.notify

    def notify(message: str, **kw: object) -> None:
        shown.append((str(kw.get("title", "")), str(message)))
        real(message, **kw)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return shown
