"""The Cues subscriber on a fake clock: when it rings the bell and what it says.

Plan of the unit routine (tests/enginekit.py), index: step, seconds:
0 get-ready 5 · 1 Arm circles 20 · 2 get-ready 5 · 3 Row set 1/2 (8 reps) · 4 rest 60 ·
5 Row set 2/2 · 6 rest 60 · 7 Plank 30 · 8 get-ready 5 · 9 Lat stretch left 30 ·
10 get-ready 5 ("Switch sides") · 11 Lat stretch right 30.
"""

from __future__ import annotations

from backtimer.engine import (
    Countdown,
    Cues,
    Event,
    FakeClock,
    Session,
    StepStarted,
    announcement,
)
from backtimer.engine.cues import Voice
from tests.enginekit import make_session

#: The step starts alone (the countdown and halfway are tested on their own).
STARTS = Voice(countdown=False, halfway=False)

#: What is said at each step start of the unit routine, in order.
SPOKEN = [
    "Get ready: Arm circles",
    "Arm circles, 20 seconds",
    "Get ready: Row",
    "Row, set 1 of 2, 8 reps at 40 kilos",
    "Rest, 1 minute. Next: Row, set 2 of 2, 8 reps at 40 kilos",
    "Row, set 2 of 2, 8 reps at 40 kilos",
    "Rest, 1 minute. Next: Plank, set 1 of 1, 30 seconds",
    "Plank, set 1 of 1, 30 seconds",
    "Get ready: Lat stretch",
    "Lat stretch, left side, 30 seconds",
    "Switch sides",  # the get-ready between the sides
    "Lat stretch, right side, 30 seconds",
]


class Heard:
    """A bell and a voice that write into one list, in the order the cues use them."""

    def __init__(self) -> None:
        self.log: list[str] = []

    def bell(self) -> None:
        self.log.append("bell")

    def say(self, text: str) -> None:
        self.log.append(f"say: {text}")

    @property
    def bells(self) -> int:
        return self.log.count("bell")

    @property
    def said(self) -> list[str]:
        return [entry.removeprefix("say: ") for entry in self.log if entry != "bell"]


def run_through(session: Session, clock: FakeClock, step: float = 0.25) -> list[Event]:
    """Start the session and walk it to the end, ticking every ``step`` seconds.

    Rep-based sets are done after 10 s. Returns the StepStarted and Countdown events sent.
    """
    events: list[Event] = []
    session.subscribe(
        lambda e: events.append(e) if isinstance(e, StepStarted | Countdown) else None
    )
    session.start()
    while not session.finished:
        if session.step.timed:
            clock.advance(step)
            session.tick()
        else:
            clock.advance(10)
            session.tick()
            session.done()
    return events


def test_every_step_start_rings_then_says_what_the_step_is(clock: FakeClock) -> None:
    """Twelve steps: twelve announcements, each after its bell; a rest names what follows."""
    session = make_session(clock)
    heard = Heard()
    Cues(session, bell=heard.bell, say=heard.say, voice=STARTS)
    events = run_through(session, clock)
    assert heard.said == SPOKEN
    starts = [e for e in events if isinstance(e, StepStarted)]
    assert len(starts) == len(SPOKEN) == len(session.plan.steps)
    for index, text in enumerate(SPOKEN):
        spoken_at = heard.log.index(f"say: {text}", 1 if index else 0)
        assert heard.log[spoken_at - 1] == "bell", f"the bell rings before {text!r}"
    steps = session.plan.steps
    assert heard.said[4] == announcement(steps[4], steps[5])


def test_the_bell_rings_at_3_2_1_of_every_timed_step_once_each(clock: FakeClock) -> None:
    """Ten timed steps × three countdown bells + twelve step starts, however often it ticks."""
    session = make_session(clock)
    heard = Heard()
    Cues(session, bell=heard.bell, say=heard.say)
    events = run_through(session, clock, step=0.1)
    countdowns = [e for e in events if isinstance(e, Countdown)]
    timed = [s for s in session.plan.steps if s.timed]
    assert len(timed) == 10
    assert [c.seconds_left for c in countdowns] == [3, 2, 1] * 10
    assert heard.bells == 12 + 30 == len(events)


def test_countdown_bells_come_in_the_last_three_seconds(clock: FakeClock) -> None:
    """Second by second through the 5 s get-ready: a bell at start, at 3, 2, 1 left, then next."""
    session = make_session(clock)
    heard = Heard()
    Cues(session, bell=heard.bell, say=heard.say)
    session.start()
    bells = [heard.bells]
    for _ in range(5):
        clock.advance(1)
        session.tick()
        bells.append(heard.bells)
    assert bells == [1, 1, 2, 3, 4, 5]
    assert heard.log[-2:] == ["bell", "say: Arm circles, 20 seconds"]
    # A 5 s get-ready is too short to say "3, 2, 1" after its announcement: rung only.
    assert heard.said == SPOKEN[:2]


def test_3_2_1_is_said_before_a_step_of_10_seconds_or_more_ends(clock: FakeClock) -> None:
    session = make_session(clock)
    heard = Heard()
    Cues(session, bell=heard.bell, say=heard.say, voice=Voice(halfway=False))
    run_through(session, clock)
    assert heard.said[1:5] == [SPOKEN[1], "3", "2", "1"]  # the 20 s arm circles
    assert heard.said.count("3") == 6  # every timed step of 10 s or more (not get-readys)


def test_halfway_is_said_in_timed_steps_of_30_seconds_or_more(clock: FakeClock) -> None:
    """The 30 s plank and stretches say "Halfway" once each; the 20 s move does not."""
    session = make_session(clock)
    heard = Heard()
    Cues(session, bell=heard.bell, say=heard.say, voice=Voice(countdown=False))
    run_through(session, clock, step=0.1)
    halfway = [i for i, text in enumerate(heard.said) if text == "Halfway"]
    assert len(halfway) == 3
    assert [heard.said[i - 1] for i in halfway] == [SPOKEN[7], SPOKEN[9], SPOKEN[11]]


def test_each_part_of_the_voice_can_be_switched_off(clock: FakeClock) -> None:
    session = make_session(clock)
    heard = Heard()
    quiet = Voice(start=False, next=False, halfway=False, sides=False, countdown=False)
    Cues(session, bell=heard.bell, say=heard.say, voice=quiet)
    run_through(session, clock)
    assert heard.said == [] and heard.bells == 12 + 30


def test_only_the_switch_between_sides_is_said_with_sides_alone_on(clock: FakeClock) -> None:
    session = make_session(clock)
    heard = Heard()
    only = Voice(start=False, next=False, halfway=False, countdown=False)
    Cues(session, bell=heard.bell, say=heard.say, voice=only)
    run_through(session, clock)
    assert heard.said == ["Switch sides"]


def test_with_sides_off_the_get_ready_between_sides_says_nothing(clock: FakeClock) -> None:
    session = make_session(clock)
    heard = Heard()
    no_sides = Voice(sides=False, countdown=False, halfway=False)
    Cues(session, bell=heard.bell, say=heard.say, voice=no_sides)
    run_through(session, clock)
    assert heard.said == [text for text in SPOKEN if text != "Switch sides"]


#: A per-side set straight on (no transition), then one with a transition, and a load.
SIDES_ROUTINE = """\
[routine]
name = "Sides"

[defaults]
rest = 30
get_ready = 0

[[exercise]]
name = "Single-arm row"
sets = 2
reps = 8
weight = 20
sides = ["left", "right"]
rest = 45

[[exercise]]
name = "Side plank"
sets = 1
duration = 20
sides = ["left", "right"]
transition = 5
"""


def test_between_the_sides_of_a_set_the_voice_says_switch_sides(clock: FakeClock) -> None:
    """Straight on: the other side's announcement starts with "Switch sides"; with a
    transition, the transition says it, and the side after it is announced alone."""
    session = make_session(clock, SIDES_ROUTINE)
    heard = Heard()
    Cues(session, bell=heard.bell, say=heard.say, voice=STARTS)
    run_through(session, clock)
    assert heard.said == [
        "Single-arm row, set 1 of 2, left side, 8 reps at 20 kilos",
        "Switch sides. Single-arm row, set 1 of 2, right side, 8 reps at 20 kilos",
        "Rest, 45 seconds. Next: Single-arm row, set 2 of 2, left side, 8 reps at 20 kilos",
        "Single-arm row, set 2 of 2, left side, 8 reps at 20 kilos",
        "Switch sides. Single-arm row, set 2 of 2, right side, 8 reps at 20 kilos",
        "Rest, 45 seconds. Next: Side plank, set 1 of 1, left side, 20 seconds",
        "Side plank, set 1 of 1, left side, 20 seconds",
        "Switch sides",
        "Side plank, set 1 of 1, right side, 20 seconds",
    ]


def test_going_back_announces_the_step_again(clock: FakeClock) -> None:
    """Back (here on the first move: it restarts, lead-ins passed over) says the step again."""
    session = make_session(clock)
    heard = Heard()
    Cues(session, bell=heard.bell, say=heard.say, voice=STARTS)
    session.start()
    clock.advance(5)
    session.tick()
    session.back()
    assert heard.said == [SPOKEN[0], SPOKEN[1], SPOKEN[1]]
    assert heard.log[-2:] == ["bell", f"say: {SPOKEN[1]}"]


def test_without_a_voice_the_cues_only_ring(clock: FakeClock) -> None:
    """say=None (no cue_command): every bell still rings, nothing is spoken, nothing fails."""
    session = make_session(clock)
    heard = Heard()
    cues = Cues(session, bell=heard.bell)
    assert cues.say is None
    events = run_through(session, clock)
    assert heard.log == ["bell"] * len(events)
    assert heard.bells == 42
