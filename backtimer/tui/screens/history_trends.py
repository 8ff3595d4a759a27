"""Per exercise (best set, e1RM, volume sparkline, records) and week by week totals."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from backtimer.formatting import format_hm, format_weight
from backtimer.logs import SessionRow, exercise_stats, streak, weekly


class TrendsScreen(Screen[None]):
    """Exercises over time and weekly totals for the sessions shown."""

    BINDINGS = [Binding("escape,backspace", "app.pop_screen", "Back")]

    def __init__(self, rows: list[SessionRow], *, today: date) -> None:
        super().__init__()
        self.rows = rows
        self.today = today

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            weeks = streak(self.rows, self.today)
            yield Static(
                f"Current streak: {weeks} week{'s' if weeks != 1 else ''} in a row with at "
                "least one completed session (ISO weeks; this week counts once it has one).",
                id="summary",
            )
            for stats in exercise_stats(self.rows):
                best = stats.best
                records = [p for p in stats.points if p.record]
                with Vertical(classes="exercise"):
                    yield Static(f"[b]{stats.name}[/b]")
                    weight = format_weight(best.best_weight, stats.unit)
                    yield Static(
                        f"Best set: {weight} × {best.best_reps} on "
                        f"{best.when:%Y-%m-%d} · estimated 1RM (Epley) "
                        f"{best.best_1rm:.1f} {stats.unit} · {len(stats.points)} sessions",
                        markup=False,
                    )
                    yield Sparkline(stats.volumes, summary_function=max)
                    marks = ", ".join(f"{p.when:%Y-%m-%d} {p.best_1rm:.1f}" for p in records[-6:])
                    yield Static(f"★ Records (e1RM): {marks}", classes="record", markup=False)
            table: DataTable[str] = DataTable(id="weeks", cursor_type="row")
            table.add_columns("Week", "From", "Sessions", "Completed", "Time")
            for w in weekly(self.rows):
                table.add_row(
                    w.label,
                    f"{w.monday:%Y-%m-%d}",
                    str(w.sessions),
                    str(w.completed),
                    format_hm(w.seconds),
                )
            yield table
        yield Footer()
