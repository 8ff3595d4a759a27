"""Cues: the bell and the voice at the session's moments, a subscriber beside the journal.

:class:`Cues` subscribes to a :class:`~backtimer.engine.Session`'s events: a step
starts (ring, and say what it is: "Rest, 90 seconds. Next: Pull-up, set 2 of 4"),
and the last seconds of a timed step count down (ring). How a bell rings and how
a text is spoken are given to it: the App rings the terminal bell, and
:class:`~backtimer.engine.speech.CueCommand` speaks through the user's command.
"""

from __future__ import annotations

from collections.abc import Callable

from backtimer.engine.events import Countdown, Event, StepStarted
from backtimer.engine.plan import Step, StepKind
from backtimer.engine.session import Session
from backtimer.formatting import spoken_seconds


def step_text(step: Step) -> str:
    """How a step is announced: "Deadlift, set 1 of 3, 5 reps", "Rest, 90 seconds"."""
    if step.kind is StepKind.REST:
        return f"Rest, {spoken_seconds(step.planned_seconds or 0)}"
    if step.kind is StepKind.GET_READY:
        return f"Get ready: {step.exercise}"
    text = step.title
    if step.reps is not None:
        text += f", {step.reps} reps"
    elif step.planned_seconds is not None:
        text += f", {spoken_seconds(step.planned_seconds)}"
    return text


def announcement(step: Step, following: Step | None) -> str:
    """What to say when ``step`` starts; a rest also says what comes after it."""
    text = step_text(step)
    if step.kind is StepKind.REST and following is not None:
        text += f". Next: {following.title}"
    return text


class Cues:
    """Rings and speaks for one session.

    Args:
        session: The session to follow; the cues subscribe to its events.
        bell: Rings once (the App's terminal bell, which knows about ``--quiet``).
        say: Speaks a text without blocking, if the user set a voice.
    """

    def __init__(
        self,
        session: Session,
        *,
        bell: Callable[[], None],
        say: Callable[[str], None] | None = None,
    ) -> None:
        self.session = session
        self.bell = bell
        self.say = say
        session.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, StepStarted):
            self.bell()
            if self.say is not None:
                later = self.session.plan.steps[event.step.index + 1 :]
                following = next((s for s in later if s.kind is not StepKind.GET_READY), None)
                self.say(announcement(event.step, following))
        elif isinstance(event, Countdown):
            self.bell()
