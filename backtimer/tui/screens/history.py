"""The sessions table: newest first, filterable by routine; Enter opens one session."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Select, Static

from backtimer.engine import E1rm
from backtimer.formatting import NO_SESSIONS, format_hm
from backtimer.logs import History, SessionRow, plain_cells, streak

ALL = ""
#: Rows shown at once, then rows added per refresh.
FIRST_CHUNK = 100
CHUNK = 250


class HistoryScreen(Screen[None]):
    """Every past session in a table."""

    BINDINGS = [
        Binding("t", "trends", "Exercises & weeks"),
        Binding("f", "focus_filter", "Filter"),
    ]

    def __init__(
        self,
        history: History,
        *,
        routine: str | None,
        today: date,
        formula: E1rm = E1rm.EPLEY,
    ) -> None:
        super().__init__()
        self.formula = formula
        self.history = history
        self.routine = routine or ALL
        self.today = today
        self.shown: list[SessionRow] = []
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Header()
        options = [("All routines", ALL)] + [(r, r) for r in self.history.routines()]
        value = self.routine if self.routine in dict((v, v) for _, v in options) else ALL
        with Horizontal(id="filters"):
            yield Select(options, value=value, allow_blank=False, id="routine")
        yield Static(id="summary")
        if self.history.warnings:
            lines = [f"Skipped unreadable log {w}" for w in self.history.warnings]
            # At most a few lines tall (it scrolls): many bad logs never hide the sessions.
            with VerticalScroll(id="warnings-box", can_focus=False):
                yield Static("\n".join(lines), id="warnings", markup=False)
        table: DataTable[str] = DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        table.add_columns("Date", "Routine", "Status", "Duration", "Done", "Sets", "Volume")
        # No session at all: how to start one, instead of an empty table.
        table.display = bool(self.history.rows)
        yield table
        if not self.history.rows:
            yield Static(NO_SESSIONS, id="empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        value = self.query_one("#routine", Select).value
        self.routine = "\0"  # nothing shown yet
        self.fill(str(value) if value != Select.NULL else ALL)
        self.query_one(DataTable).focus()

    def fill(self, routine: str) -> None:
        """Show the sessions of ``routine`` (all for "").

        The first rows go in at once; the rest follow in chunks after each
        refresh, so the screen is interactive at once even with thousands of
        sessions (a DataTable measures every cell it is given).
        """
        self.routine = routine
        self.shown = self.history.filter(routine)
        self._generation += 1
        table = self.query_one(DataTable)
        table.clear()
        self._add_rows(self._generation, 0, FIRST_CHUNK)
        total = sum(r.active_seconds for r in self.shown)
        weeks = streak(self.shown, self.today)
        self.query_one("#summary", Static).update(
            f"{len(self.shown)} sessions · {format_hm(total)} active · "
            f"streak: {weeks} week{'s' if weeks != 1 else ''} "
            "(consecutive ISO weeks with a completed session)"
        )

    def _add_rows(self, generation: int, start: int, count: int) -> None:
        if generation != self._generation:
            return  # the filter changed meanwhile
        rows = self.shown[start : start + count]
        self.query_one(DataTable).add_rows([Text(c) for c in plain_cells(r)] for r in rows)
        if start + count < len(self.shown):
            self.call_after_refresh(self._add_rows, generation, start + count, CHUNK)

    def on_select_changed(self, event: Select.Changed) -> None:
        routine = str(event.value) if event.value != Select.NULL else ALL
        if routine != self.routine:
            self.fill(routine)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from backtimer.tui.screens.history_detail import SessionDetailScreen

        row = self.shown[event.cursor_row]
        self.app.push_screen(SessionDetailScreen(self.history.directory / row.file))

    def action_trends(self) -> None:
        from backtimer.tui.screens.history_trends import TrendsScreen

        self.app.push_screen(
            TrendsScreen(
                self.shown, today=self.today, directory=self.history.directory, formula=self.formula
            )
        )

    def action_focus_filter(self) -> None:
        self.query_one("#routine", Select).focus()
