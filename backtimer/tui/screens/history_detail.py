"""One session in detail: every step, planned vs actual, sets with reps × weight and RPE,
and the notes about the session and each exercise.

`e` on a set corrects its reps, weight and RPE in the same entry the session uses; the log
is rewritten atomically and the step is marked ``edited = true``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from backtimer.engine import StepKind, StepRecord
from backtimer.formatting import (
    format_clock,
    format_duration,
    format_hm,
    format_number,
    format_weight,
    printable,
)
from backtimer.logs import LogData, LogError, read_log, write_log
from backtimer.tui.widgets.set_entry import SetEntry


def _seconds(value: float | None) -> str:
    return "—" if value is None else format_duration(round(value))


def outcome_text(record: StepRecord) -> str:
    """The Outcome column: ``done``, ``skipped``, ``stopped``, ``cut short 0:42 of 1:00``.

    A move, timed set or hold ended early says how long it ran of its planned time;
    a rest or get-ready ended early is just ``done`` (its Actual column tells).
    """
    if record.cut_short and record.planned is not None:
        if record.kind in (StepKind.REST, StepKind.GET_READY):
            return "done"
        return f"cut short {format_clock(round(record.actual))} of {format_clock(record.planned)}"
    return str(record.outcome).replace("_", " ")


def _note_lines(label: str, note: str) -> list[str]:
    """``label: first line`` and the note's further lines indented under it."""
    lines = [printable(line) for line in note.split("\n")]
    indent = " " * (len(label) + 2)
    return [f"{label}: {lines[0]}", *(indent + line for line in lines[1:])]


def notes_text(log: LogData) -> str:
    """The session's notes, then each exercise's, as plain text (never markup).

    What came from the log is escaped (:func:`~backtimer.formatting.printable`), a note's
    line ends aside: every line of a note is a line of its own.
    """
    lines: list[str] = []
    if log.notes:
        lines += _note_lines("Notes", log.notes)
    for exercise, note in log.exercise_notes.items():
        if note:
            lines += _note_lines(printable(exercise), note)
    return "\n".join(lines)


#: The apps an import names, as their makers write them.
SOURCE_NAMES = {
    "strong": "Strong",
    "hevy": "Hevy",
    "fitnotes": "FitNotes",
    "stronglifts": "StrongLifts",
}


class SessionDetailScreen(Screen[None]):
    """The steps of one session log."""

    DEFAULT_CSS = """
    SessionDetailScreen #notes-box { height: auto; max-height: 8; }
    SessionDetailScreen #notes { padding: 0 2; height: auto; }
    """

    BINDINGS = [
        Binding("escape,backspace", "app.pop_screen", "Back"),
        Binding("e", "edit_set", "Edit set"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.session_log: LogData | None = None

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
        if log.source:  # written by backtimer import
            head += f" · imported from {SOURCE_NAMES.get(log.source, log.source)}"
        yield Static(head, id="summary", markup=False)
        notes = notes_text(log)
        if notes:
            # At most a few lines tall (it scrolls): many notes never hide the steps.
            with VerticalScroll(id="notes-box", can_focus=False):
                yield Static(notes, id="notes", markup=False)
        table: DataTable[str] = DataTable(id="steps", cursor_type="row", zebra_stripes=True)
        table.add_columns("#", "Step", "Planned", "Actual", "Outcome", "Set", "RPE")
        self.session_log = log
        self._fill(table, log)
        yield table
        yield Footer()

    @staticmethod
    def _fill(table: DataTable[str], log: LogData) -> None:
        for r in log.records:
            label = r.name
            if r.set_number:
                label += f" {r.set_number}/{r.set_count}"
            if r.side:
                label += f" ({r.side})"
            if r.group:  # a superset or circuit: which, and which round
                label += f" · {r.group}" + (f" round {r.round}" if r.round else "")
            done = ""
            if r.is_set and r.reps is not None:
                done = f"{r.reps} reps"
                if r.weight:
                    done += f" × {format_weight(r.weight, r.unit or log.unit)}"
                if r.edited:
                    done += " (edited)"
            table.add_row(
                str(r.index + 1),
                label,
                _seconds(r.planned),
                _seconds(r.actual),
                outcome_text(r),
                done,
                format_number(r.rpe),
            )

    # -- editing a set ------------------------------------------------------
    def action_edit_set(self) -> None:
        """Open the set entry on the set under the cursor."""
        if self.session_log is None or not self.session_log.records:
            return
        table = self.query_one("#steps", DataTable)
        record = self.session_log.records[min(table.cursor_row, len(self.session_log.records) - 1)]
        if not record.is_set or record.reps is None:
            self.notify("Only a set's reps, weight and RPE can be edited.", timeout=3)
            return
        for old in self.query(SetEntry):
            old.remove()
        entry = SetEntry(record, id="entry")
        self.mount(entry, after=table)
        entry.focus()

    def on_set_entry_submitted(self, message: SetEntry.Submitted) -> None:
        message.stop()
        if self.session_log is None:
            return
        old = message.record
        edited = replace(
            old,
            reps=old.reps if message.reps is None else message.reps,
            weight=old.weight if message.weight is None else message.weight,
            rpe=old.rpe if message.rpe is None else message.rpe,
            edited=True,
        )
        records: list[StepRecord] = [edited if r is old else r for r in self.session_log.records]
        log = replace(self.session_log, records=records)
        try:
            write_log(log, self.path)
        except (OSError, ValueError) as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False)
            return
        self.session_log = log
        self._close_entry()
        table = self.query_one("#steps", DataTable)
        row = table.cursor_row
        table.clear()
        self._fill(table, log)
        table.move_cursor(row=row)
        self.notify(f"Saved to the log: {edited.exercise or edited.name}", timeout=3)

    def on_set_entry_closed(self, message: SetEntry.Closed) -> None:
        message.stop()
        self._close_entry()

    def _close_entry(self) -> None:
        for entry in self.query(SetEntry):
            entry.remove()
        self.query_one("#steps", DataTable).focus()
