"""Small modal screens: confirm quitting, and the key help."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
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
    """Every key of the session screen (from its bindings) and of the set entry.

    Laid out to fit 80×24 without wrapping: the session's keys in two columns,
    the set entry's below, then how to close it.
    """

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: auto; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: thick $accent; background: $surface;
    }
    HelpScreen Static { width: auto; }
    #help-close { margin-top: 1; color: $text-accent; text-style: bold; }
    """
    BINDINGS = [Binding("escape,question_mark,q,enter", "close", "Close")]

    #: The set entry's keys (a widget of its own, with keys of its own).
    ENTRY_KEYS = (
        ("0-9", "a number replaces the field under the cursor"),
        ("Tab", "next field (Shift+Tab: back)"),
        ("Enter", "saves it (untouched: the target as done)"),
        ("Esc", "later (e opens it again)"),
        ("y / n", 'answer "Did you mean …?"'),
    )

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self.bindings = bindings

    #: The widest the key lines may be (inside the border and padding at 80 columns).
    WIDTH = 74

    def _keys(self) -> list[tuple[str, str, str]]:
        """(key, what it does, in short) for each binding; one row for keys sharing a key."""
        rows: dict[str, tuple[str, str]] = {}
        for binding in self.bindings:
            key = binding.key_display or binding.key.split(",")[0]
            key = {"question_mark": "?", "ctrl+c": "ctrl+c"}.get(key, key)
            long, short = binding.tooltip or binding.description, binding.description
            if key in rows:
                had_long, had_short = rows[key]
                rows[key] = (f"{had_long} / {long.lower()}", f"{had_short} / {short.lower()}")
            else:
                rows[key] = (long, short)
        return [(key, long, short) for key, (long, short) in rows.items()]

    def compose(self) -> ComposeResult:
        keys = self._keys()
        half = (len(keys) + 1) // 2
        key_width = max(len(k) for k, _, _ in keys)
        # Two columns in WIDTH: a text too long for its column is said in short.
        column = (self.WIDTH - 3) // 2 - key_width - 4
        texts = [long if len(long) <= column else short for _, long, short in keys]
        left = list(zip([k for k, _, _ in keys][:half], texts[:half], strict=True))
        right = list(zip([k for k, _, _ in keys][half:], texts[half:], strict=True))
        text_width = max(len(t) for _, t in left)
        lines = ["[b]Keys in a session[/b]"]
        for number, (key, text) in enumerate(left):
            line = f"  [b]{key:<{key_width}}[/b]  {text:<{text_width}}"
            if number < len(right):
                other_key, other = right[number]
                line += f"   [b]{other_key:<{key_width}}[/b]  {other}"
            lines.append(line)
        lines += ["", "[b]After a rep-based set[/b] (the entry under the timer)"]
        lines += [f"  [b]{key:<6}[/b] {text}" for key, text in self.ENTRY_KEYS]
        lines += [
            "",
            "A rest starts by itself after each set. The log is saved after",
            "every step: quitting or a crash loses nothing.",
        ]
        with VerticalScroll():
            yield Static("\n".join(lines))
            yield Static("Esc, ? or Enter closes this help", id="help-close")

    def action_close(self) -> None:
        self.dismiss(None)
