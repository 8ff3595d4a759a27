"""A one-key entry of what was done in a set, shown while the rest runs.

Reps and weight are prefilled with the target: Enter accepts them. Typing a
number replaces the field under the cursor (Tab moves to the next field), RPE
is optional. Escape closes it without entering anything; the target stays in
the log. Keys it does not use (space, +, -, s, b, q …) reach the session screen,
so the rest timer is never blocked.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.events import Key
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from backtimer.engine import StepKind, StepRecord, check_rpe
from backtimer.formatting import format_number

FIELDS = ("reps", "weight", "rpe")


class SetEntry(Widget, can_focus=True):
    """Entry for one finished set; posts :class:`SetEntry.Submitted` or ``Closed``."""

    DEFAULT_CSS = """
    SetEntry {
        height: auto;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    SetEntry:focus { border: round $accent-lighten-2; }
    """

    BINDINGS = [
        Binding("enter", "submit", "Save", priority=False),
        Binding("tab", "move(1)", "Next field", show=False),
        Binding("shift+tab", "move(-1)", "Previous field", show=False),
        Binding("escape", "close", "Later"),
        Binding("backspace", "erase", "Erase", show=False),
    ]

    field: reactive[int] = reactive(0)

    @dataclass
    class Submitted(Message):
        """The user accepted the values."""

        record: StepRecord
        reps: int | None
        weight: float | None
        rpe: int | None

    @dataclass
    class Closed(Message):
        """The user closed the entry without entering."""

        record: StepRecord

    def __init__(self, record: StepRecord, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.record = record
        self.values = {
            "reps": format_number(record.reps),
            "weight": format_number(record.weight),
            "rpe": format_number(record.rpe),
        }
        self._fresh = {name: True for name in FIELDS}
        self.error = ""

    # -- editing ------------------------------------------------------------
    def on_key(self, event: Key) -> None:
        char = event.character or ""
        name = FIELDS[self.field]
        if char.isdigit() or (char == "." and name == "weight"):
            event.stop()
            event.prevent_default()
            if self._fresh[name]:
                self.values[name] = ""
                self._fresh[name] = False
            if len(self.values[name]) < 6 and not (char == "." and "." in self.values[name]):
                self.values[name] += char
            self.error = ""
            self.refresh()

    def action_erase(self) -> None:
        name = FIELDS[self.field]
        self._fresh[name] = False
        self.values[name] = self.values[name][:-1]
        self.refresh()

    def action_move(self, step: int) -> None:
        self.field = (self.field + step) % len(FIELDS)

    def watch_field(self) -> None:
        self.refresh()

    def parsed(self) -> tuple[int | None, float | None, int | None]:
        """The values as numbers; raises ValueError with a message for the user."""
        reps = int(self.values["reps"]) if self.values["reps"] else None
        weight = float(self.values["weight"]) if self.values["weight"] else None
        rpe = int(self.values["rpe"]) if self.values["rpe"] else None
        check_rpe(rpe)
        return reps, weight, rpe

    def action_submit(self) -> None:
        try:
            reps, weight, rpe = self.parsed()
        except ValueError as error:
            self.error = str(error) if "RPE" in str(error) else "type a number"
            self.refresh()
            return
        self.post_message(self.Submitted(self.record, reps, weight, rpe))

    def action_close(self) -> None:
        self.post_message(self.Closed(self.record))

    # -- drawing ------------------------------------------------------------
    def render(self) -> Text:
        record = self.record
        label = record.exercise or record.name
        kind = "warm-up set" if record.kind is StepKind.WARMUP_SET else "set"
        if record.set_number is not None:
            label += f" {kind} {record.set_number}"
        if record.set_count is not None:
            label += f" of {record.set_count}"
        hint = self.error or "Enter saves · a number replaces · Tab next · Esc later"
        # One line each for the title and the fields: at 80 columns the hint is
        # cut short rather than pushing the fields out of the box.
        title = Text.assemble(
            ("Done: ", "bold"), (label, "bold"), "  ", (hint, "red" if self.error else "dim")
        )
        title.truncate(max(10, self.content_size.width), overflow="ellipsis")
        text = Text.assemble(title, "\n")
        unit = record.unit or ""
        shown = {"reps": "Reps", "weight": f"Weight ({unit})" if unit else "Weight", "rpe": "RPE"}
        for i, name in enumerate(FIELDS):
            value = self.values[name] or "–"
            style = "reverse bold" if i == self.field and self.has_focus else "bold underline"
            text.append(f"{shown[name]} ")
            text.append(f" {value} ", style=style)
            text.append("   ")
        text.append("(RPE 1–10, optional)", style="dim")
        return text
