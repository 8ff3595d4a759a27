"""The note dialog alone on a bare App: typing, Tab between exercise and session, Enter, Esc."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from backtimer.engine import MAX_NOTE
from backtimer.tui.screens.note import NoteDialog, NoteResult

ROW = "Bent-over row"
#: Keys the session screen acts on; in the dialog they must only type or act there.
SESSION_KEYS = ("space", "q", "s", "b", "n", "enter", "question_mark", "plus", "minus")


class Under(Screen[None]):
    """Stands for the session screen: it records every key binding that reaches it."""

    BINDINGS = [Binding(key, f"hit('{key}')", key) for key in SESSION_KEYS]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("the session")

    def action_hit(self, key: str) -> None:
        self.hits.append(key)


class Bare(App[None]):
    def __init__(self, exercise: str | None) -> None:
        super().__init__()
        self.exercise = exercise
        self.under = Under()
        self.results: list[NoteResult | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.under)
        self.push_screen(NoteDialog(self.exercise), callback=self.results.append)


async def _type(pilot: Pilot, text: str) -> None:
    names = {" ": "space", "[": "left_square_bracket", "]": "right_square_bracket"}
    names |= {"/": "slash", "?": "question_mark", "+": "plus", "-": "minus"}
    await pilot.press(*(names.get(c, c) for c in text))


async def test_typing_then_enter_gives_a_note_about_the_exercise() -> None:
    app = Bare(ROW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        target = app.screen.query_one("#note-target", Static)
        assert "[x] this exercise (Bent-over row)" in str(target.render())
        await _type(pilot, "  q s b n [b]grip? +/- ")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [NoteResult("q s b n [b]grip? +/-", ROW)]
    assert app.under.hits == []


async def test_tab_switches_to_the_session_and_back() -> None:
    app = Bare(ROW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        await _type(pilot, "slept badly")
        await pilot.press("tab")
        assert dialog.target is None
        assert "[x] the session" in str(dialog.query_one("#note-target", Static).render())
        assert dialog.query_one(Input).has_focus  # Tab switches, it does not move focus
        await pilot.press("tab")
        assert dialog.target == ROW
        await pilot.press("tab", "tab")
        assert dialog.target == ROW
        await pilot.press("shift+tab", "enter")
        await pilot.pause()
    assert app.results == [NoteResult("slept badly", None)]
    assert app.under.hits == []


async def test_escape_cancels_with_none() -> None:
    app = Bare(ROW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _type(pilot, "never mind")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
    assert app.results == [None]
    assert app.under.hits == []


async def test_without_an_exercise_the_note_is_about_the_session() -> None:
    app = Bare(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert "this exercise" not in str(dialog.query_one("#note-target", Static).render())
        await pilot.press("tab")  # nothing to switch to
        assert dialog.target is None
        await _type(pilot, "ok")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [NoteResult("ok", None)]


async def test_an_empty_note_is_not_saved_and_says_why() -> None:
    app = Bare(ROW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        await pilot.press("space", "enter")
        await pilot.pause()
        assert app.screen is dialog and app.results == []
        assert "needs some text" in str(dialog.query_one("#note-error", Static).render())
        assert app.under.hits == []
        await _type(pilot, "x")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [NoteResult("x", ROW)]


async def test_the_box_is_centred_and_fits_80x24_and_the_text_is_limited() -> None:
    app = Bare("A very long exercise name that goes on and on and on")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        box = dialog.query_one("NoteDialog > Vertical")
        region = box.region
        assert region.width < 80 and region.height < 24  # a box, not the whole screen
        assert region.x > 0 and region.y > 0
        assert abs(region.x - (80 - region.right)) <= 1  # centred
        for widget in dialog.query(Static):
            assert widget.region.right <= region.right
        assert dialog.query_one(Input).max_length == MAX_NOTE
