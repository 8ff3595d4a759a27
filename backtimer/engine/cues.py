"""Cues: the bell and the voice at the session's moments, a subscriber beside the journal.

:class:`Cues` subscribes to a :class:`~backtimer.engine.Session`'s events. The bell
rings when a step starts and in the last seconds of a timed step. The voice (when
there is one) says, each part of it switchable in the config (:class:`Voice`):

- the step and its target when it starts: "Bent-over row, set 2 of 3, 8 reps at 40
  kilos"; a rest says what comes after it and its load: "Rest, 90 seconds. Next:
  Deadlift, set 1 of 3, 5 reps at 100 kilos. Load: bar plus 40 per side";
- "Switch sides" between the sides of a set or a stretch (the get-ready or the
  transition between them, or leading the next side's announcement when it follows
  straight on), and "Switch to Face pull" between the members of a superset;
- "Halfway" in a timed set, move or hold of 30 seconds or more (not in a rest);
- "3", "2", "1" before a timed step of 10 seconds or more ends;
- a record the moment it falls (the App says that one: see ``_record_broken``).

How a bell rings and how a text is spoken are given to it: the App rings the
terminal bell, and :class:`~backtimer.engine.speech.CueCommand` speaks (one text at
a time; a text that comes meanwhile waits, and only the newest waits).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from backtimer.engine.events import Countdown, Event, Halfway, StepStarted
from backtimer.engine.plan import Step, StepKind
from backtimer.engine.session import Session
from backtimer.formatting import format_number, spoken_seconds

#: A timed step this long or longer has its last seconds said aloud ("3", "2", "1").
SPOKEN_COUNTDOWN_FROM = 10
#: Units as a voice says them.
UNIT_WORDS = {"kg": "kilos", "lb": "pounds"}


@dataclass(frozen=True)
class Voice:
    """What the voice says (config ``[voice]``); everything unless switched off."""

    start: bool = True  # the step and its target when it starts
    next: bool = True  # during a rest: what comes next and its load
    halfway: bool = True  # "Halfway" in timed steps of 30 s or more
    sides: bool = True  # "Switch sides", "Switch to …"
    countdown: bool = True  # "3", "2", "1" before a timed step ends
    records: bool = True  # a record the moment it falls


def spoken(text: str) -> str:
    """A text as a voice should read it: units in words, ``+`` and ``=`` in words,
    ``×`` as "times": ``60 kg = bar + 20 per side`` → ``60 kilos is bar plus 20 per side``."""
    text = re.sub(r"\b(kg|lb)\b", lambda m: UNIT_WORDS[m.group(1)], text)
    return text.replace(" = ", " is ").replace(" + ", " plus ").replace(" × ", " times ")


def _target(step: Step) -> str:
    """ ", 8 reps at 40 kilos", ", 8 reps", ", 30 seconds", or ""."""
    if step.reps is not None:
        text = f", {step.reps} reps"
        if step.weight and step.is_set:
            text += f" at {format_number(step.weight)} {UNIT_WORDS.get(str(step.unit), '')}"
        return text.rstrip()
    if step.planned_seconds is not None and step.kind is not StepKind.TRANSITION:
        return f", {spoken_seconds(step.planned_seconds)}"
    return ""


def step_text(step: Step) -> str:
    """How a step is announced: "Deadlift, set 1 of 3, 5 reps at 100 kilos",
    "Rest, 90 seconds", "Switch sides"."""
    if step.kind is StepKind.REST:
        return f"Rest, {spoken_seconds(step.planned_seconds or 0)}"
    if step.kind is StepKind.GET_READY:
        return f"Get ready: {step.exercise}"
    if step.kind is StepKind.TRANSITION:
        return step.name
    return step.title + _target(step)


def switches_sides(step: Step | None, before: Step | None) -> bool:
    """Whether ``step`` is the next side of what ``before`` did: the same set (or
    stretch) of the same exercise, on another side."""
    return (
        step is not None
        and before is not None
        and step.side is not None
        and before.side is not None
        and step.side != before.side
        and step.kind is before.kind
        and step.exercise == before.exercise
        and step.set_number == before.set_number
    )


#: What is said between two sides.
SWITCH_SIDES = "Switch sides"


def announcement(
    step: Step, following: Step | None, voice: Voice = Voice(), before: Step | None = None
) -> str:
    """What to say when ``step`` starts (``""``: nothing), ``before`` being the step
    done just before it; a rest also says what comes after it and what to load.

    Between two sides: the get-ready between them says "Switch sides" (not "Get ready"),
    and a side that follows the other straight on starts with it.
    """
    if step.kind is StepKind.TRANSITION:
        return step.name if voice.sides else ""
    if step.kind is StepKind.GET_READY and switches_sides(following, before):
        return SWITCH_SIDES if voice.sides else ""
    text = step_text(step) if voice.start else ""
    if step.kind is StepKind.REST and following is not None and voice.next:
        coming = f"Next: {following.title}{_target(following)}"
        if following.load:
            coming += f". Load: {following.load}"
        text = f"{text}. {coming}" if text else coming
    if voice.sides and switches_sides(step, before):
        text = f"{SWITCH_SIDES}. {text}" if text else SWITCH_SIDES
    return spoken(text)


class Cues:
    """Rings and speaks for one session.

    Args:
        session: The session to follow; the cues subscribe to its events.
        bell: Rings once (the App's terminal bell, which knows about ``--quiet``).
        say: Speaks a text without blocking, if there is a voice (a text that comes
            while another is being said waits for its turn; only the newest waits).
        voice: What the voice says.
    """

    def __init__(
        self,
        session: Session,
        *,
        bell: Callable[[], None],
        say: Callable[[str], object] | None = None,
        voice: Voice = Voice(),
    ) -> None:
        self.session = session
        self.bell = bell
        self.say = say
        self.voice = voice
        session.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, StepStarted):
            self.bell()
            if self.say is not None:
                steps = self.session.plan.steps
                index = event.step.index
                later = steps[index + 1 :]
                following = next((s for s in later if s.kind is not StepKind.GET_READY), None)
                before = steps[index - 1] if index > 0 else None
                text = announcement(event.step, following, self.voice, before)
                if text:
                    self.say(text)
        elif isinstance(event, Countdown):
            self.bell()
            if self.say is not None and self._counts_aloud(event.step):
                self.say(str(event.seconds_left))
        elif isinstance(event, Halfway) and self.say is not None and self._halfway(event.step):
            self.say("Halfway")

    def _counts_aloud(self, step: Step) -> bool:
        """Whether "3, 2, 1" is said: in a step long enough for its own announcement to
        be over first (in a shorter one the numbers would wait behind it, and be late)."""
        return self.voice.countdown and (step.planned_seconds or 0) >= SPOKEN_COUNTDOWN_FROM

    def _halfway(self, step: Step) -> bool:
        """Whether "Halfway" is said: in a set, a move or a hold (not a rest)."""
        return self.voice.halfway and not step.leads_in
