"""The whole session's progress: a one-line bar and its percentage.

Textual's ``ProgressBar`` runs a timer of its own every second (for its ETA) and
repaints on it; this bar repaints only when its whole percent changes, which on
a 40-minute session is about every 24 seconds.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class SessionBar(Widget):
    """Shows ``percent`` (0–100) as a bar filling the width, then ``42%``."""

    COMPONENT_CLASSES = {"session-bar--done", "session-bar--left"}
    DEFAULT_CSS = """
    SessionBar { height: 1; width: 1fr; }
    SessionBar > .session-bar--done { color: $primary; }
    SessionBar > .session-bar--left { color: $surface-lighten-2; }
    """

    percent: reactive[int] = reactive(0)

    def render(self) -> Text:
        label = f"{self.percent:>4}%"
        width = max(0, self.content_size.width - len(label) - 1)
        filled = round(width * min(100, max(0, self.percent)) / 100)
        return Text.assemble(
            ("━" * filled, self.get_component_rich_style("session-bar--done")),
            ("━" * (width - filled), self.get_component_rich_style("session-bar--left")),
            " ",
            label,
        )
