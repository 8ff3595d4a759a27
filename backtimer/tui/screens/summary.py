"""The end of a session: time, sets, volume, what was skipped."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from backtimer.engine import Status, Summary, summary_lines


class SummaryScreen(Screen[None]):
    """Shown when the session ends (completed or quit)."""

    DEFAULT_CSS = """
    SummaryScreen { align: center middle; }
    SummaryScreen > Vertical {
        width: 80%; max-width: 90; height: auto; padding: 1 2;
        border: thick $success; background: $surface;
    }
    SummaryScreen.-abandoned > Vertical { border: thick $warning; }
    #summary-title { text-style: bold; content-align: center middle; height: 3; }
    """
    BINDINGS = [Binding("enter,q,escape", "close", "Close")]

    def __init__(self, summary: Summary, log_path: Path | None) -> None:
        super().__init__()
        self.summary = summary
        self.log_path = log_path

    def compose(self) -> ComposeResult:
        done = self.summary.status is Status.COMPLETED
        title = "Well done — session complete" if done else "Session stopped"
        rows = summary_lines(self.summary, self.log_path)
        width = max(len(label) for label, _ in rows)
        body = "\n".join(f"[b]{label:<{width}}[/b]  {value}" for label, value in rows)
        with Vertical():
            yield Static(title, id="summary-title")
            yield Static(body, id="summary-body")
            yield Static("\n[dim]Enter to close. Past sessions: backtimer history[/dim]")
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.summary.status is not Status.COMPLETED, "-abandoned")

    def action_close(self) -> None:
        self.app.exit(self.summary)
