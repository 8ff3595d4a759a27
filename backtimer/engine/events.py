"""The events a session sends its subscribers (the screen, the journal, the cues)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from backtimer.engine.plan import Step
from backtimer.engine.records import Status, StepRecord


@dataclass(frozen=True)
class StepStarted:
    """A step began (also sent on start, back and resume)."""

    step: Step


@dataclass(frozen=True)
class Countdown:
    """One of the last seconds of a timed step began (3, 2, 1): time for a beep."""

    step: Step
    seconds_left: int


@dataclass(frozen=True)
class Halfway:
    """Half of a timed step of at least :data:`~backtimer.engine.session.HALFWAY_FROM`
    seconds has gone (for the voice: "halfway")."""

    step: Step


@dataclass(frozen=True)
class StepEnded:
    """A step finished, was skipped or was stopped by quitting."""

    record: StepRecord


@dataclass(frozen=True)
class Paused:
    """The session was paused (``auto`` when the engine paused itself after a gap)."""

    auto: bool = False
    gap: float = 0.0


@dataclass(frozen=True)
class Resumed:
    """The session was resumed."""


@dataclass(frozen=True)
class TimeChanged:
    """The current timed step (any: a move, a timed set, a hold, a rest) was made longer
    (``delta`` > 0) or shorter by ``delta`` seconds: what was applied, not what was asked."""

    delta: int


@dataclass(frozen=True)
class SetLogged:
    """The user entered or confirmed what they did in a set."""

    record: StepRecord


@dataclass(frozen=True)
class NoteAdded:
    """The user wrote a note: about ``exercise``, or the whole session when it is ``None``.

    ``text`` is as the session keeps it: stripped, never empty (see ``Session.add_note``).
    """

    text: str
    exercise: str | None = None


@dataclass(frozen=True)
class PlanRetargeted:
    """The steps still to come took new targets (training memory that arrived after the
    start: see ``Session.retarget``); ``first`` is the index of the first one."""

    first: int


@dataclass(frozen=True)
class SessionEnded:
    """The session is over: completed, or quit (abandoned)."""

    status: Status


Event = (
    StepStarted
    | Countdown
    | Halfway
    | StepEnded
    | Paused
    | Resumed
    | TimeChanged
    | SetLogged
    | NoteAdded
    | PlanRetargeted
    | SessionEnded
)
Listener = Callable[[Event], None]
