"""A modal offering to resume an interrupted session (pushed from the picker).

:func:`offer_resume` looks for a session still ``in_progress`` from the last
12 hours in the log folder; when there is one it pushes :class:`ResumeScreen`.
Continuing calls ``on_resume(session)`` with a session rebuilt by
:func:`~backtimer.journal.resume_session` (its journal continues the same log);
declining marks the log abandoned.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from backtimer.clock import Clock
from backtimer.errors import BacktimerError
from backtimer.history import SessionRow, format_hm, recent_interrupted
from backtimer.journal import mark_status, read_log, resume_session
from backtimer.session import Session, Status


class ResumeScreen(ModalScreen[bool]):
    """Continue the interrupted session (True) or abandon it (False)."""

    DEFAULT_CSS = """
    ResumeScreen { align: center middle; }
    ResumeScreen > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    ResumeScreen Horizontal { height: auto; margin-top: 1; }
    ResumeScreen Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("enter,y", "answer(True)", "Continue"),
        Binding("escape,n", "answer(False)", "Abandon"),
    ]

    def __init__(self, row: SessionRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        row = self.row
        with Vertical():
            yield Static("[b]An interrupted session[/b]")
            yield Static(
                f"{row.routine}, started {row.when:%a %H:%M}: {row.steps_done} of "
                f"{row.steps_planned} steps done, {format_hm(row.active_seconds)} active.\n"
                "Continue where it stopped? Declining marks it abandoned.",
                markup=False,
            )
            with Horizontal():
                yield Button("Continue (y)", variant="primary", id="continue")
                yield Button("Abandon (n)", id="abandon")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "continue")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def offer_resume(
    screen: Screen,
    directory: Path,
    clock: Clock,
    on_resume: Callable[[Session], None],
) -> bool:
    """Push :class:`ResumeScreen` if a recent interrupted session exists; return whether."""
    row = recent_interrupted(directory, clock.wall())
    if row is None:
        return False
    path = directory / row.file

    def answered(answer: bool | None) -> None:
        try:
            if answer:
                on_resume(resume_session(read_log(path), clock))
            else:
                mark_status(path, Status.ABANDONED, when=clock.wall())
        except (BacktimerError, OSError) as error:
            screen.notify(str(error), title="Cannot resume", severity="error")

    screen.app.push_screen(ResumeScreen(row), answered)
    return True
