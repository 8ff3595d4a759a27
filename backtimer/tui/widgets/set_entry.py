"""A one-key entry of what was done in a set, shown while the rest runs.

Reps and weight are prefilled with the target: Enter accepts them. A typed
number replaces the field under the cursor each time the cursor enters it
(Tab and Shift+Tab move between the fields), RPE is optional (1–10 in half
steps). A value far from the target (more than 3× the reps or over 100, more
than 2× the weight or over 500 kg / 1,100 lb) is asked about before it is saved:
Enter or y saves it, n or Esc goes back to the field. Escape closes the entry
without entering anything; the target stays in the log. Keys it does not use
(space, +, -, s, b, q …) reach the session screen, so the rest timer is never
blocked.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from backtimer.engine import StepKind, StepRecord, check_rpe
from backtimer.formatting import format_number
from backtimer.routine import Unit

FIELDS = ("reps", "weight", "rpe")
#: The entry's key hint, from whole to shortest: the first that fits is shown.
HINTS = (
    "Enter saves · a number replaces · Tab next · Esc later",
    "Enter saves · Tab next field · Esc later",
    "Enter saves · Tab next · Esc later",
    "Enter saves · Esc later",
    "Enter saves",
)

#: Above these a value is asked about before it is saved ("Did you mean 893 reps?").
MAX_REPS, REPS_FACTOR = 100, 3
MAX_WEIGHT = {Unit.KG: 500.0, Unit.LB: 1100.0}
WEIGHT_FACTOR = 2


def doubt(
    reps: int | None,
    weight: float | None,
    unit: Unit | None,
    target_reps: int | None,
    target_weight: float | None,
) -> tuple[str, str] | None:
    """The field and the question to ask about an implausible value, or ``None``."""
    if reps is not None and (
        reps > MAX_REPS or (target_reps is not None and reps > REPS_FACTOR * target_reps)
    ):
        return "reps", f"Did you mean {reps} reps?"
    limit = MAX_WEIGHT[unit if unit is not None else Unit.KG]
    if weight is not None and (
        weight > limit or (target_weight and weight > WEIGHT_FACTOR * target_weight)
    ):
        shown = f"{format_number(weight)} {unit}" if unit is not None else format_number(weight)
        return "weight", f"Did you mean {shown}?"
    return None


def saved_text(record: StepRecord) -> str:
    """What a saved set holds, for the toast: ``Saved: Band row 12 × 5 kg``."""
    text = f"Saved: {record.exercise or record.name}"
    if record.side:
        text += f", {record.side}"
    if record.reps is not None:
        text += f" {record.reps}"
        if record.weight:
            text += f" × {format_number(record.weight)}"
            text += f" {record.unit}" if record.unit is not None else ""
        else:
            text += " reps"
    if record.rpe is not None:
        text += f" @ RPE {format_number(record.rpe)}"
    return text


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
    /* A row of a round's form: one line, the form's border around all rows. */
    SetEntry.-row { border: none; padding: 0; height: 1; background: $surface; }
    SetEntry.-row:focus { border: none; background: $accent 25%; }
    """

    # Every key is a binding, digits included: one dispatcher, so a key that arrives in
    # the same burst as a digit is handled in order like any other. Tab and Shift+Tab
    # are priority bindings so the App's focus moves never take them.
    BINDINGS = [
        Binding("enter", "submit", "Save", priority=False),
        Binding("y", "confirm", "Yes, save", show=False),
        Binding("n", "back", "No", show=False),
        Binding("tab", "move(1)", "Next field", show=False, priority=True),
        Binding("shift+tab", "move(-1)", "Previous field", show=False, priority=True),
        Binding("escape", "close", "Later", show=False),  # the entry's hint says it
        Binding("backspace", "erase", "Erase", show=False),
        *(Binding(str(d), f"type('{d}')", show=False) for d in range(10)),
        Binding("full_stop", "type('.')", show=False),
    ]

    field: reactive[int] = reactive(0)

    @dataclass
    class Submitted(Message):
        """The user accepted the values."""

        record: StepRecord
        reps: int | None
        weight: float | None
        rpe: float | None

    @dataclass
    class Closed(Message):
        """The user closed the entry without entering."""

        record: StepRecord

    def __init__(
        self,
        record: StepRecord,
        *,
        target_reps: int | None = None,
        target_weight: float | None = None,
        id: str | None = None,
        row: bool = False,
    ) -> None:
        super().__init__(id=id, classes="-row" if row else None)
        #: One line in a round's form (:class:`RoundEntry`), not a box of its own.
        self.row = row
        self.record = record
        self.target_reps = record.reps if target_reps is None else target_reps
        self.target_weight = record.weight if target_weight is None else target_weight
        self.values = {
            "reps": format_number(record.reps),
            "weight": format_number(record.weight),
            "rpe": format_number(record.rpe),
        }
        self._fresh = {name: True for name in FIELDS}
        self.error = ""
        self.question = ""  # an implausible value asked about: Enter/y saves, n/Esc back

    # -- editing ------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # y and n mean something only while a question is asked; else they pass on.
        if action in ("confirm", "back"):
            return bool(self.question)
        return True

    def action_type(self, char: str) -> None:
        name = FIELDS[self.field]
        if char == "." and name == "reps":
            return
        self.question = ""
        if self._fresh[name]:
            self.values[name] = ""
            self._fresh[name] = False
        if len(self.values[name]) < 6 and not (char == "." and "." in self.values[name]):
            self.values[name] += char
        self.error = ""
        self.refresh()

    def action_erase(self) -> None:
        name = FIELDS[self.field]
        self.question = ""
        self._fresh[name] = False
        self.values[name] = self.values[name][:-1]
        self.refresh()

    def action_move(self, step: int) -> None:
        self.question = ""
        self.field = (self.field + step) % len(FIELDS)

    def watch_field(self, field: int) -> None:
        # Entering a field, the next typed number replaces it (every time, not only once).
        self._fresh[FIELDS[field]] = True
        self.refresh()

    def parsed(self) -> tuple[int | None, float | None, float | None]:
        """The values as numbers; raises ValueError with a message for the user."""
        reps = int(self.values["reps"]) if self.values["reps"] else None
        weight = float(self.values["weight"]) if self.values["weight"] else None
        rpe_text = self.values["rpe"]
        rpe: float | None = None
        if rpe_text:
            rpe = float(rpe_text)
            if rpe == int(rpe):
                rpe = int(rpe)
        check_rpe(rpe)
        return reps, weight, rpe

    def doubt(self) -> tuple[str, str] | None:
        """The question to ask about the shown values (they must parse), or ``None``."""
        reps, weight, _ = self.parsed()
        return doubt(reps, weight, self.record.unit, self.target_reps, self.target_weight)

    def action_submit(self) -> None:
        try:
            reps, weight, rpe = self.parsed()
        except ValueError as error:
            self.question = ""
            self.error = str(error) if "RPE" in str(error) else "type a number"
            self.refresh()
            return
        if not self.question:
            asked = self.doubt()
            if asked is not None:
                name, self.question = asked
                self.field = FIELDS.index(name)
                self.refresh()
                return
        self.question = ""
        self.post_message(self.Submitted(self.record, reps, weight, rpe))

    def action_confirm(self) -> None:
        self.action_submit()

    def action_back(self) -> None:
        self.question = ""
        self._fresh[FIELDS[self.field]] = True
        self.refresh()

    def action_close(self) -> None:
        if self.question:
            self.action_back()
            return
        self.post_message(self.Closed(self.record))

    # -- drawing ------------------------------------------------------------
    def _fields(self) -> Text:
        unit = self.record.unit or ""
        shown = {"reps": "Reps", "weight": f"Weight ({unit})" if unit else "Weight", "rpe": "RPE"}
        text = Text()
        for i, name in enumerate(FIELDS):
            value = self.values[name] or "–"
            style = "reverse bold" if i == self.field and self.has_focus else "bold underline"
            text.append(f"{shown[name]} ")
            text.append(f" {value} ", style=style)
            text.append("   ")
        return text

    def _render_row(self) -> Text:
        """One line: the set (or the question about it, or the error) and its fields."""
        record = self.record
        fields = self._fields()
        fields.rstrip()
        width = max(10, self.content_size.width)
        room = max(4, width - fields.cell_len - 2)
        if self.question and not self.error:
            said = Text(f"{self.question} y/n", style="bold yellow")
        elif self.error:
            said = Text(self.error, style="red")
        else:
            name = record.exercise or record.name
            side = f", {record.side}" if record.side else ""
            said = Text(f"{'›' if self.has_focus else ' '} {name}{side}", style="bold")
        said.truncate(room, overflow="ellipsis")
        said.pad_right(room - said.cell_len)
        return Text.assemble(said, "  ", fields)

    def render(self) -> Text:
        if self.row:
            return self._render_row()
        record = self.record
        label = record.exercise or record.name
        kind = "warm-up set" if record.kind is StepKind.WARMUP_SET else "set"
        if record.set_number is not None:
            label += f" {kind} {record.set_number}"
        if record.set_count is not None:
            label += f" of {record.set_count}"
        if record.side:
            label += f", {record.side}"
        width = max(10, self.content_size.width)
        # One line each for the title and the fields: the hint is shortened by
        # dropping its least needed parts, never cut mid-word.
        hint = self.error or next(
            (h for h in HINTS if len("Done: ") + len(label) + 2 + len(h) <= width), ""
        )
        if self.question and not self.error:
            # The question comes first, so a narrow terminal never cuts it off.
            title = Text.assemble(
                (self.question, "bold yellow"), "  ", ("Enter/y saves · n/Esc back", "bold")
            )
        else:
            title = Text.assemble(
                ("Done: ", "bold"), (label, "bold"), "  ", (hint, "red" if self.error else "dim")
            )
        title.truncate(width, overflow="ellipsis")
        text = Text.assemble(title, "\n", self._fields())
        text.append("(RPE 1–10, optional)", style="dim")
        return text
