"""Small modal screens: confirm quitting, and the key help."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmQuit(ModalScreen[bool]):
    """Ask before stopping a session; the session goes on while asking."""

    DEFAULT_CSS = """
    ConfirmQuit { align: center middle; }
    ConfirmQuit > Vertical {
        width: 60; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    ConfirmQuit Horizontal { height: auto; margin-top: 1; }
    ConfirmQuit Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("y,q", "answer(True)", "Stop"),
        Binding("n,escape", "answer(False)", "Keep going"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Stop the session here?[/b]")
            yield Static(
                "Everything done so far is already saved in the session log. "
                "The timer keeps running while you decide."
            )
            with Horizontal():
                yield Button("Stop (y)", variant="error", id="stop")
                yield Button("Keep going (n)", variant="primary", id="keep")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "stop")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


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
