"""Training memory on the session screen: last time, the load, a record as it falls."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from backtimer.engine import FakeClock, Outcome, Session, StepKind, default_kits, expand
from backtimer.engine.memory import Memory, PastSession, PastSet, exercise_key
from backtimer.engine.training import Training
from backtimer.routine import Unit, parse_routine
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.summary import SummaryScreen
from tests.tui.sessionkit import advance, session_screen, text_of

ROUTINE = """\
[routine]
name = "Pull day"

[defaults]
rest = 60
get_ready = 5

[[exercise]]
name = "Bent-over row"
sets = 2
reps = 8
weight = 40
equipment = "barbell"
progression = { rule = "double", reps = [8, 12], add = 2.5 }
"""


def _memory() -> Memory:
    sets = tuple(
        PastSet(False, n, Outcome.DONE, reps=r, weight=40, unit=Unit.KG, target_reps=r)
        for n, r in ((1, 10), (2, 11))
    )
    when = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
    past = PastSession("Bent-over row", when, "last.toml", "Pull day", sets)
    return Memory({exercise_key("Bent-over row"): [past]})


async def test_last_time_the_load_and_a_record_as_it_falls(
    clock: FakeClock, tmp_path: Path
) -> None:
    memory = _memory()
    training = Training(memory, default_kits(Unit.KG))
    session = Session(expand(parse_routine(ROUTINE, "pull.toml"), training), clock)
    app = BacktimerApp(session, clock=clock, log_dir=tmp_path, quiet=True, memory=memory)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # The get-ready before set 1 already says what to load and what was done.
        assert text_of(app, "#memory") == "Last: 40 kg × 10  ·  40 kg = bar + 10 per side"
        assert text_of(app, "#target") == "11 × 40 kg"  # double 8–12: last 10 + 1
        await advance(pilot, clock, 5)
        assert session.step.kind is StepKind.SET
        assert text_of(app, "#memory").startswith("Last: 40 kg × 10")
        await advance(pilot, clock, 30)
        bells = app.bells
        await pilot.press("enter")  # set 1 done: the rest and the entry
        # During the rest: the coming set 2, its last time and its load.
        assert text_of(app, "#memory") == "Last: 40 kg × 11  ·  40 kg = bar + 10 per side"
        await pilot.press("backspace", "backspace", "1", "3", "enter")  # 13 reps: a record
        assert "NEW RECORD" in text_of(app, "#banner")
        assert "most reps at 40 kg — 13" in text_of(app, "#banner")
        await pilot.pause(0.3)
        assert app.bells >= bells + 3  # the rest's bell, then two for the record
        screen = session_screen(app)
        screen.action_skip()  # the rest
        screen.action_skip()  # and the last set
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        summary = text_of(app, "#summary-body")
        assert "most reps at 40 kg — 13" in summary
        assert "(last 40 kg × 11)" in summary  # the exercise against last time


async def test_a_first_session_of_an_exercise_announces_no_records(
    clock: FakeClock, tmp_path: Path
) -> None:
    session = Session(expand(parse_routine(ROUTINE, "pull.toml")), clock)
    app = BacktimerApp(session, clock=clock, log_dir=tmp_path, quiet=True, memory=Memory())
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 5 + 30)
        await pilot.press("enter", "enter")  # 8 × 40: the first ever
        await advance(pilot, clock, 60 + 30)
        await pilot.press("enter", "backspace", "9", "enter")  # more than set 1, still no record
        assert "RECORD" not in text_of(app, "#banner")
        assert app.records is not None and app.records.found == []


async def test_memory_that_arrives_after_the_start_retargets_what_is_to_come(
    clock: FakeClock, tmp_path: Path
) -> None:
    """A cold start plans from the newest logs; when the whole memory is in (seconds
    later), the sets to come take its targets, last time and loads, and records are
    judged against it — the step under way stays as it is."""
    import threading

    memory = _memory()
    arrived = threading.Event()

    def later() -> Memory:
        arrived.wait(5)
        return memory

    first = Training(Memory(), default_kits(Unit.KG))  # what the newest logs knew: nothing
    session = Session(expand(parse_routine(ROUTINE, "pull.toml"), first), clock)
    app = BacktimerApp(
        session,
        clock=clock,
        log_dir=tmp_path,
        quiet=True,
        memory=Memory(),
        kits=default_kits,
        memory_later=later,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert text_of(app, "#target") == "8 × 40 kg"  # the routine's: no memory yet
        assert text_of(app, "#memory") == "40 kg = bar + 10 per side"
        arrived.set()
        for _ in range(50):
            await pilot.pause(0.02)
            if app.memory is memory:
                break
        assert app.memory is memory
        assert text_of(app, "#target") == "11 × 40 kg"  # double 8–12: last 10 + 1
        assert text_of(app, "#memory") == "Last: 40 kg × 10  ·  40 kg = bar + 10 per side"
        assert [s.reps for s in session.plan.steps if s.kind is StepKind.SET] == [11, 12]
        await advance(pilot, clock, 5)
        await advance(pilot, clock, 30)
        bells = app.bells
        await pilot.press("enter")  # set 1 done: its entry opens during the rest
        await pilot.press("1", "3", "enter")  # 13 reps at 40 kg: most reps at 40 kg
        await pilot.pause()
        assert app.records is not None and app.records.found
        assert app.bells > bells


def test_retarget_takes_new_numbers_for_the_steps_to_come_only(clock: FakeClock) -> None:
    from backtimer.engine import PlanRetargeted

    routine = parse_routine(ROUTINE, "pull.toml")
    session = Session(expand(routine), clock)
    seen: list[object] = []
    session.subscribe(seen.append)
    session.start()
    session.skip()  # past the get-ready: set 1 under way
    current = session.step
    richer = expand(routine, Training(_memory(), default_kits(Unit.KG)))
    assert session.retarget(richer)
    assert session.step is current, "the set under way keeps its target"
    assert [s.reps for s in session.plan.steps if s.kind is StepKind.SET] == [8, 12]
    assert any(isinstance(e, PlanRetargeted) for e in seen)
    assert not session.retarget(richer), "nothing new: no change"
    other = expand(parse_routine(ROUTINE.replace("sets = 2", "sets = 3"), "pull.toml"))
    assert not session.retarget(other), "another shape of plan is refused"
