"""Small modal screens: confirm quitting, and the key help."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant


class Question(ModalScreen[bool]):
    """A yes/no question in a box; dismisses with True for yes.

    Subclasses set the texts, the button labels and which answer has the focus;
    each names its keys in its own ``BINDINGS`` (``answer(True)`` / ``answer(False)``).
    """

    DEFAULT_CSS = """
    Question { align: center middle; }
    Question > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    Question Horizontal { height: auto; margin-top: 1; }
    Question Button { margin-right: 2; }
    """

    heading = ""
    yes: tuple[str, ButtonVariant] = ("Yes (y)", "primary")
    no: tuple[str, ButtonVariant] = ("No (n)", "default")
    focus_yes = True

    def body(self) -> str:
        """The text under the heading (not markup)."""
        return ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"[b]{self.heading}[/b]")
            yield Static(self.body(), markup=False)
            with Horizontal():
                yield Button(self.yes[0], variant=self.yes[1], id="yes")
                yield Button(self.no[0], variant=self.no[1], id="no")

    def on_mount(self) -> None:
        self.query_one("#yes" if self.focus_yes else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ConfirmQuit(Question):
    """Ask before stopping a session; the session goes on while asking."""

    BINDINGS = [
        Binding("y,q", "answer(True)", "Stop"),
        Binding("n,escape", "answer(False)", "Keep going"),
    ]
    heading = "Stop the session here?"
    yes: tuple[str, ButtonVariant] = ("Stop (y)", "error")
    no: tuple[str, ButtonVariant] = ("Keep going (n)", "primary")
    focus_yes = False

    def body(self) -> str:
        return (
            "Everything done so far is already saved in the session log. "
            "The timer keeps running while you decide."
        )


class HelpScreen(ModalScreen[None]):
    """Every key of the session screen, from its bindings."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: thick $accent; background: $surface;
    }
    """
    BINDINGS = [Binding("escape,question_mark,q,enter", "close", "Close")]

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        lines = ["[b]Keys[/b]", ""]
        for binding in self.bindings:
            keys = binding.key_display or binding.key.split(",")[0]
            keys = {"space": "space", "enter": "enter"}.get(keys, keys)
            lines.append(f"  [b]{keys:<8}[/b] {binding.description}")
        lines += [
            "",
            "A rest starts by itself after each set. After a rep-based set,",
            "type what you did (Enter keeps the target). The log is saved",
            "after every step: quitting or a crash loses nothing.",
        ]
        with Vertical():
            yield Static("\n".join(lines))

    def action_close(self) -> None:
        self.dismiss(None)
