"""The end of a session: time, sets, volume, what was skipped."""

from __future__ import annotations

import os
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from backtimer.engine import Status, Summary, summary_lines


def summary_body(summary: Summary, log_path: Path | None) -> Table:
    """The summary's rows as a two-column grid: a long value wraps under itself, not
    under the labels. Values are plain text (a routine's name is the user's, never markup).

    The log's path is the longest value: it is written as its folder and, on the row
    below, its file name, so a narrow box breaks it between the two, not mid-word.
    """
    rows = summary_lines(summary, None)
    if log_path is not None:
        rows += [("Log", f"{log_path.parent}{os.sep}"), ("", log_path.name)]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        grid.add_row(label, Text(value))
    return grid


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
        with Vertical():
            yield Static(title, id="summary-title")
            yield Static(summary_body(self.summary, self.log_path), id="summary-body")
            yield Static("\n[dim]Enter to close. Past sessions: backtimer history[/dim]")
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.summary.status is not Status.COMPLETED, "-abandoned")

    def action_close(self) -> None:
        self.app.exit(self.summary)
