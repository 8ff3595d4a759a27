"""A modal offering to resume an interrupted session (pushed from the picker).

:func:`offer_resume` looks for a session still ``in_progress`` from the last
12 hours in the log folder; when there is one it pushes :class:`ResumeScreen`.
Continuing calls ``on_resume(resumption)`` with the session rebuilt by
:func:`~backtimer.logs.resume_session` and the log it continues;
declining marks the log abandoned.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets.button import ButtonVariant

from backtimer.engine import Clock, Status
from backtimer.engine.training import Training
from backtimer.errors import BacktimerError
from backtimer.formatting import format_hm
from backtimer.logs import (
    LogData,
    Resumption,
    SessionRow,
    mark_status,
    read_log,
    recent_interrupted,
    resume_session,
)
from backtimer.tui.screens.dialogs import Question


class ResumeScreen(Question):
    """Continue the interrupted session (True) or abandon it (False)."""

    BINDINGS = [
        Binding("enter,y", "answer(True)", "Continue"),
        Binding("escape,n", "answer(False)", "Abandon"),
    ]
    heading = "An interrupted session"
    yes: tuple[str, ButtonVariant] = ("Continue (y)", "primary")
    no: tuple[str, ButtonVariant] = ("Abandon (n)", "default")

    def __init__(self, row: SessionRow) -> None:
        super().__init__()
        self.row = row

    def body(self) -> str:
        row = self.row
        return (
            f"{row.routine}, started {row.when:%a %H:%M}: {row.steps_done} of "
            f"{row.steps_planned} steps done, {format_hm(row.active_seconds)} active.\n"
            "Continue where it stopped? Declining marks it abandoned."
        )


def offer_resume(
    screen: Screen[object],
    directory: Path,
    clock: Clock,
    on_resume: Callable[[Resumption], None],
    training: Callable[[LogData], Training] | None = None,
) -> bool:
    """Push :class:`ResumeScreen` if a recent interrupted session exists; return whether.

    A log folder that cannot be read offers nothing; the session to come says why
    when it cannot write its log there. ``training``: what the resumed session plans
    with, given its log (the App's memory without that log, the kits).
    """
    try:
        row = recent_interrupted(directory, clock.wall())
    except BacktimerError:
        return False
    if row is None:
        return False
    path = directory / row.file

    def answered(answer: bool | None) -> None:
        try:
            if answer:
                log = read_log(path)
                plan_with = training(log) if training is not None else None
                on_resume(resume_session(log, clock, training=plan_with))
            else:
                mark_status(path, Status.ABANDONED, when=clock.wall())
        except (BacktimerError, OSError) as error:
            screen.notify(str(error), title="Cannot resume", severity="error")

    screen.app.push_screen(ResumeScreen(row), answered)
    return True
