"""The whole session's progress: a one-line bar and its percentage.

Textual's ``ProgressBar`` runs a timer of its own every second (for its ETA) and
repaints on it; this bar repaints only when its whole percent changes, which on
a 40-minute session is about every 24 seconds, and draws its one line as a strip
(no Rich text to lay out again on each repaint).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget


class SessionBar(Widget):
    """Shows ``percent`` (0–100) as a bar filling the width, then ``42%``.

    With ``ascii_only`` (a terminal that is not UTF-8) the bar is ``=`` done, ``-`` left.
    """

    COMPONENT_CLASSES = {"session-bar--done", "session-bar--left"}
    DEFAULT_CSS = """
    SessionBar { height: 1; width: 1fr; }
    SessionBar > .session-bar--done { color: $primary; }
    SessionBar > .session-bar--left { color: $surface-lighten-2; }
    """

    percent: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None, ascii_only: bool = False) -> None:
        super().__init__(id=id)
        self.done_cell, self.left_cell = ("=", "-") if ascii_only else ("━", "━")

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.rich_style
        if y:
            return Strip.blank(width, style)
        label = f"{self.percent:>4}%"
        bar = max(0, width - len(label) - 1)
        filled = round(bar * min(100, max(0, self.percent)) / 100)
        segments = [
            Segment(self.done_cell * filled, self.get_component_rich_style("session-bar--done")),
            Segment(
                self.left_cell * (bar - filled), self.get_component_rich_style("session-bar--left")
            ),
            Segment(f" {label}", style),
        ]
        return Strip([s for s in segments if s.text]).adjust_cell_length(width, style)
