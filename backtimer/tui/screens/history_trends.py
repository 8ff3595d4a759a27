"""Trends: each exercise over time (a chart of its measure and volume, its records) and
the weeks.

The exercises are read from every log of the sessions shown (through the index of
:func:`~backtimer.logs.load_all_sessions`, in a thread: the screen is up at once,
"Reading your sessions…" until they are in). Each exercise is charted by its own
measure (:mod:`backtimer.engine.trends`): weighted sets by the estimated one-rep max
and the session volume, bodyweight sets by the most reps, timed sets and holds by the
longest one — never "0 kg × 6, 1RM 0.0".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from backtimer.engine import Bests, E1rm, PersonalRecord, RecordKind
from backtimer.engine.memory import PastSession
from backtimer.engine.trends import Measure, Trend
from backtimer.engine.trends import trend as trend_of
from backtimer.formatting import format_clock, format_hm, format_number, format_volume
from backtimer.logs import SessionRow, load_all_sessions, streak, weekly

#: How the chart's x axis writes a date (plotext's form), and the same for Python.
PLOT_DATE_FORM = "Y-m-d"
DATE_FORMAT = "%Y-%m-%d"

#: Headings of the record kinds, in the order they are listed.
RECORD_HEADINGS = {
    RecordKind.E1RM: "Best estimated 1RM",
    RecordKind.WEIGHT_FOR_REPS: "Heaviest for N reps or more",
    RecordKind.REPS_AT_WEIGHT: "Most reps at a weight",
    RecordKind.VOLUME: "Best session volume",
    RecordKind.REPS: "Most reps in a set",
    RecordKind.DURATION: "Longest set or hold",
}


class TrendChart(PlotextPlot):
    """A line chart of one series over dates; it keeps what it draws (:attr:`points`),
    so a test reads the chart's numbers, not its braille."""

    def __init__(self, *, id: str) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.points: list[tuple[str, float]] = []
        self.label = ""

    def show(self, label: str, points: Sequence[tuple[str, float]]) -> None:
        """Chart ``points`` (date text, value), oldest first, under the title ``label``."""
        self.label = label
        self.points = list(points)
        self.refresh()

    def render(self) -> Text:
        plt = self.plt
        plt.clear_figure()
        plt.date_form(PLOT_DATE_FORM)
        plt.title(self.label)
        if self.points:
            dates = [d for d, _ in self.points]
            values = [v for _, v in self.points]
            if len(self.points) == 1:
                plt.scatter(dates, values, marker="●")
            else:
                plt.plot(dates, values, marker="braille")
        result = super().render()
        assert isinstance(result, Text)
        return result


def _value_text(trend: Trend, value: float) -> str:
    """One value of the trend's measure in words: ``61.3 kg``, ``14 reps``, ``0:45``."""
    if trend.measure is Measure.E1RM:
        return f"{format_number(round(value, 1))} {trend.unit or ''}".strip()
    if trend.measure is Measure.REPS:
        return f"{format_number(value)} reps"
    return format_clock(round(value))


def headline(name: str, past: Sequence[PastSession], trend: Trend) -> str:
    """The exercise in one line: its sessions, latest and best of its measure."""
    if not past:
        return name
    first = min(s.started for s in past)
    sessions = f"{len(past)} session{'s' if len(past) != 1 else ''} since {first:{DATE_FORMAT}}"
    if trend.measure is None or not trend.points:
        return f"{name} · {sessions} · no set done yet"
    what = {
        Measure.E1RM: "estimated 1RM",
        Measure.REPS: "most reps",
        Measure.SECONDS: "longest set",
    }[trend.measure]
    latest = trend.points[-1]
    best = max(trend.points, key=lambda p: p.value)
    return (
        f"{name} · {sessions} · {what}: last {_value_text(trend, latest.value)}, "
        f"best {_value_text(trend, best.value)} ({best.when:{DATE_FORMAT}})"
    )


def record_lines(records: Sequence[PersonalRecord]) -> list[str]:
    """The records under a heading per kind, each with the date it was set."""
    by_kind: dict[RecordKind, list[PersonalRecord]] = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
    lines: list[str] = []
    for kind, heading in RECORD_HEADINGS.items():
        if not by_kind[kind]:
            continue
        lines.append(heading)
        for text, record in _merged(by_kind[kind]):
            when = f" · {record.when:{DATE_FORMAT}}" if record.when is not None else ""
            lines.append(f"  ★ {text}{when}")
    return lines


def _merged(records: list[PersonalRecord]) -> list[tuple[str, PersonalRecord]]:
    """Each record's words, heaviest-for-N records held by one set made one line:
    ``heaviest for 1+ to 10+ reps — 52.5 kg × 10`` (not ten lines that say the same)."""
    out: list[tuple[str, PersonalRecord]] = []
    run: list[PersonalRecord] = []

    def same(a: PersonalRecord, b: PersonalRecord) -> bool:
        return (a.weight, a.reps, a.unit, a.when) == (b.weight, b.reps, b.unit, b.when)

    def flush() -> None:
        if len(run) > 1:
            first, last = run[0], run[-1]
            span = f"heaviest for {first.at_least}+ to {last.at_least}+ reps"
            out.append((last.text.replace(f"heaviest for {last.at_least}+ reps", span), last))
        elif run:
            out.append((run[0].text, run[0]))
        run.clear()

    for record in records:
        if record.kind is not RecordKind.WEIGHT_FOR_REPS:
            out.append((record.text, record))
            continue
        if run and not same(run[-1], record):
            flush()
        run.append(record)
    flush()
    return out


class TrendsScreen(Screen[None]):
    """Exercises over time, and weekly totals, for the sessions shown."""

    BINDINGS = [
        Binding("escape,backspace", "app.pop_screen", "Back"),
        Binding("e", "tab('exercises')", "Exercises"),
        Binding("w", "tab('weeks')", "Weeks"),
    ]

    def __init__(
        self,
        rows: list[SessionRow],
        *,
        today: date,
        directory: Path,
        formula: E1rm = E1rm.EPLEY,
    ) -> None:
        super().__init__()
        self.rows = rows
        self.today = today
        self.directory = directory
        self.formula = formula
        #: Every exercise's past sessions (newest first) once read, by its name.
        self.exercises: dict[str, list[PastSession]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="exercises"):
            with TabPane("Exercises", id="exercises"), Horizontal(id="trends-body"):
                yield OptionList(id="exercise-list")
                with VerticalScroll(id="exercise-view"):
                    yield Static("Reading your sessions…", id="headline", markup=False)
                    yield TrendChart(id="measure-chart")
                    yield TrendChart(id="volume-chart")
                    yield Static(id="records", markup=False)
            with TabPane("Weeks", id="weeks-tab"), Vertical():
                weeks = streak(self.rows, self.today)
                yield Static(
                    f"Current streak: {weeks} week{'s' if weeks != 1 else ''} in a row with "
                    "at least one completed session (ISO weeks; this week counts once it "
                    "has one).",
                    id="streak",
                )
                table: DataTable[str] = DataTable(id="weeks", cursor_type="row")
                table.add_columns("Week", "From", "Sessions", "Completed", "Time")
                for w in weekly(self.rows):
                    table.add_row(
                        w.label,
                        f"{w.monday:{DATE_FORMAT}}",
                        str(w.sessions),
                        str(w.completed),
                        format_hm(w.seconds),
                    )
                yield table
        yield Footer()

    def on_mount(self) -> None:
        for chart in self.query(TrendChart):
            chart.display = False
        self.query_one("#exercise-list", OptionList).focus()
        self._read()

    def action_tab(self, tab: str) -> None:
        """Show the exercises or the weeks, with the focus in it (focus left in a hidden
        pane would bring that pane back)."""
        weeks = tab == "weeks"
        self.query_one(TabbedContent).active = "weeks-tab" if weeks else "exercises"
        self.query_one("#weeks" if weeks else "#exercise-list").focus()

    @work(thread=True, exclusive=True)
    def _read(self) -> None:
        """Read every exercise of the sessions shown (a thread: thousands of logs)."""
        memory = load_all_sessions(self.directory)
        shown = {row.file for row in self.rows}
        found: dict[str, list[PastSession]] = {}
        for past in memory.sessions.values():
            kept = [s for s in past if s.file in shown]
            if kept:
                found[kept[0].exercise] = kept  # the name as last written
        self.app.call_from_thread(self._show_list, found)

    def _show_list(self, found: dict[str, list[PastSession]]) -> None:
        # Most recently trained first: what the lifter is working on now leads.
        order = sorted(found, key=lambda name: (-found[name][0].started.timestamp(), name))
        self.exercises = {name: found[name] for name in order}
        options = self.query_one("#exercise-list", OptionList)
        options.clear_options()
        options.add_options(Option(Text(f"{name} ({len(found[name])})"), id=name) for name in order)
        if not order:
            self.query_one("#headline", Static).update(
                "No exercise with a set in these sessions yet."
            )
            return
        options.highlighted = 0
        self.show_exercise(order[0])

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and event.option.id in self.exercises:
            self.show_exercise(event.option.id)

    def show_exercise(self, name: str) -> None:
        """Chart ``name``'s measure and volume, and list its records."""
        past = self.exercises[name]
        trend = trend_of(name, past, self.formula)
        self.query_one("#headline", Static).update(headline(name, past, trend))
        measure = self.query_one("#measure-chart", TrendChart)
        measure.display = bool(trend.points)
        measure.show(trend.label, [(f"{p.when:{DATE_FORMAT}}", p.value) for p in trend.points])
        volume = self.query_one("#volume-chart", TrendChart)
        volume.display = bool(trend.volumes)
        label = f"session volume ({trend.unit})" if trend.unit else "session volume"
        volume.show(label, [(f"{p.when:{DATE_FORMAT}}", p.value) for p in trend.volumes])
        lines = record_lines(Bests.of(name, past, self.formula).all())
        total = sum(p.value for p in trend.volumes)
        if total:
            lines.append(f"Volume over these sessions: {format_volume(total, str(trend.unit))}")
        self.query_one("#records", Static).update(
            "\n".join(lines) if lines else "No records yet: no set done."
        )
