"""One session in detail: every step, planned vs actual, sets with reps × weight and RPE."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from backtimer.formatting import format_duration, format_hm, format_weight
from backtimer.logs import LogError, read_log


def _seconds(value: float | None) -> str:
    return "—" if value is None else format_duration(round(value))


class SessionDetailScreen(Screen[None]):
    """The steps of one session log."""

    BINDINGS = [Binding("escape,backspace", "app.pop_screen", "Back")]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield Header()
        try:
            log = read_log(self.path)
        except LogError as error:
            yield Static(str(error), id="warnings", markup=False)
            yield Footer()
            return
        head = (
            f"{log.routine_name} · {log.started:%Y-%m-%d %H:%M} · {log.status} · "
            f"{format_hm(log.active_seconds)} active, {format_hm(log.paused_seconds)} paused"
        )
        if log.notes:
            head += f"\nNotes: {log.notes}"
        yield Static(head, id="summary", markup=False)
        table: DataTable[str] = DataTable(id="steps", cursor_type="row", zebra_stripes=True)
        table.add_columns("#", "Step", "Planned", "Actual", "Outcome", "Set", "RPE")
        for r in log.records:
            label = r.name
            if r.set_number:
                label += f" {r.set_number}/{r.set_count}"
            if r.side:
                label += f" ({r.side})"
            done = ""
            if r.is_set and r.reps is not None:
                done = f"{r.reps} reps"
                if r.weight:
                    done += f" × {format_weight(r.weight, r.unit or log.unit)}"
            table.add_row(
                str(r.index + 1),
                label,
                _seconds(r.planned),
                _seconds(r.actual),
                str(r.outcome),
                done,
                str(r.rpe) if r.rpe is not None else "",
            )
        yield table
        yield Footer()
