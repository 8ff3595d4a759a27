"""The yardstick: a bare Textual app with a Header, a Digits widget and a Footer.

``python bench/bare_app.py`` shows it; ``--tick`` updates the Digits once a
second with ``set_interval`` (what a minimal countdown would do); ``--big`` shows
backtimer's ``BigClock`` instead of the 3-row Digits, as large as on the session
screen at 80×24 (the CPU row's like-for-like yardstick). The bench
runs it under the same pseudo-terminal as ``backtimer run`` and compares the
two: start-up to first paint, CPU while counting, peak memory. Its header title
(:data:`TITLE`) is the marker of its first paint.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Digits, Footer, Header

TITLE = "bench bare app"
#: Rows of backtimer's big clock on the session screen at 80×24 (its digits: 10 rows).
BIG_CLOCK_ROWS = 11


class BareApp(App[None]):
    """Header, Digits, Footer; nothing else."""

    TITLE = TITLE
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, *, tick: bool = False, big: bool = False) -> None:
        super().__init__()
        self.tick = tick
        self.big = big
        self.seconds = 600

    def compose(self) -> ComposeResult:
        yield Header()
        if self.big:
            from backtimer.tui.widgets.bigclock import BigClock

            clock = BigClock(self._text())
            # The height the session screen gives it at 80×24: digits the same size.
            clock.styles.height = BIG_CLOCK_ROWS
            yield clock
        else:
            yield Digits(self._text())
        yield Footer()

    def on_mount(self) -> None:
        if self.tick:
            self.set_interval(1.0, self._count_down)

    def _text(self) -> str:
        minutes, seconds = divmod(self.seconds, 60)
        return f"{minutes}:{seconds:02d}"

    def _count_down(self) -> None:
        self.seconds = max(0, self.seconds - 1)
        if self.big:
            self.query_one("BigClock").text = self._text()  # type: ignore[attr-defined]
        else:
            self.query_one(Digits).update(self._text())


if __name__ == "__main__":
    BareApp(tick="--tick" in sys.argv[1:], big="--big" in sys.argv[1:]).run()
