"""The note dialog (`n` in a session): one line of text, about the exercise or the session.

It only asks: the caller gives the answer to ``Session.add_note``, which keeps it and the
journal writes it. Every key typed in the box stays in it: space, q, s, b, n and Enter
type or act here, never on the session screen under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from backtimer.engine import MAX_NOTE, check_note
from backtimer.formatting import printable


@dataclass(frozen=True)
class NoteResult:
    """What was written (stripped, checked by ``check_note``) and what it is about:
    an exercise's name, or ``None`` for the whole session."""

    text: str
    exercise: str | None


class NoteDialog(ModalScreen[NoteResult | None]):
    """A box with one line of text; dismisses with a :class:`NoteResult`, or ``None``.

    Args:
        exercise: The current exercise; the note is about it unless Tab switches to the
            session. ``None``: the note is about the session (Tab does nothing).
    """

    DEFAULT_CSS = """
    NoteDialog { align: center middle; }
    NoteDialog > Vertical {
        width: 72; max-width: 100%; height: auto; padding: 1 2;
        border: thick $accent; background: $surface;
    }
    NoteDialog #note-target { margin-top: 1; }
    NoteDialog #note-error { color: $error; height: auto; margin-top: 1; display: none; }
    NoteDialog #note-keys { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", priority=True),
        Binding("tab,shift+tab", "toggle_target", "Exercise or session", priority=True),
    ]

    def __init__(self, exercise: str | None) -> None:
        super().__init__()
        self.exercise = exercise
        #: Whether the note is about the exercise (else the session).
        self.about_exercise = exercise is not None

    @property
    def target(self) -> str | None:
        """What the note is about now: the exercise's name, or ``None`` for the session."""
        return self.exercise if self.about_exercise else None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Add a note", style="bold"))
            yield Input(
                placeholder="How did it go?",
                max_length=MAX_NOTE,
                id="note-text",
            )
            yield Static(self._target_text(), id="note-target")
            yield Static("", id="note-error", markup=False)
            keys = "Enter saves · Esc cancels"
            if self.exercise is not None:
                keys = "Tab: exercise or session · " + keys
            yield Static(keys, id="note-keys", markup=False)

    def on_mount(self) -> None:
        self.query_one("#note-text", Input).focus()

    def _target_text(self) -> Text:
        """``About: [x] this exercise (Row)   [ ] the session``, as text (never markup)."""
        text = Text("About: ")
        choices: list[tuple[str, bool]] = []
        if self.exercise is not None:
            choices.append((f"this exercise ({printable(self.exercise)})", self.about_exercise))
        choices.append(("the session", not self.about_exercise))
        for number, (label, chosen) in enumerate(choices):
            if number:
                text.append("   ")
            mark = "[x] " if chosen else "[ ] "
            text.append(mark + label, style="bold" if chosen else "dim")
        return text

    def action_toggle_target(self) -> None:
        """Switch between the exercise and the session (only the session without one)."""
        if self.exercise is None:
            return
        self.about_exercise = not self.about_exercise
        self.query_one("#note-target", Static).update(self._target_text())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#note-error", Static).display = False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            text = check_note(event.value)
        except ValueError as error:
            message = str(error)
            shown = self.query_one("#note-error", Static)
            shown.update(message[0].upper() + message[1:] + ".")
            shown.display = True
            return
        self.dismiss(NoteResult(text, self.target))
