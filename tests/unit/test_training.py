"""Training memory in a session: last time, the summary against last time, records live.

Memories are built by hand (:mod:`backtimer.engine.memory`); the logs' side of it is
tested in test_memory.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from backtimer.engine import (
    FakeClock,
    Outcome,
    Plan,
    Step,
    StepKind,
    default_kits,
    expand,
    summarize,
    summary_lines,
)
from backtimer.engine.memory import Memory, PastSession, PastSet, exercise_key, past_set_text
from backtimer.engine.training import Training
from backtimer.routine import Unit, load_routine, parse_routine
from tests.enginekit import make_session

WHEN = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def row_session(*reps: int, weight: float = 40.0, name: str = "Row") -> PastSession:
    sets = tuple(
        PastSet(False, n, Outcome.DONE, reps=r, weight=weight, unit=Unit.KG)
        for n, r in enumerate(reps, start=1)
    )
    return PastSession(name, WHEN, "old.toml", "Unit", sets)


def test_exercises_match_by_name_whatever_the_case_and_spacing() -> None:
    memory = Memory({exercise_key("Bent-over  Row"): [row_session(10, name="Bent-over  Row")]})
    assert memory.last("bent-over row") is not None
    assert memory.last("BENT-OVER ROW ") is not None
    assert memory.last("Deadlift") is None


def test_a_past_set_reads_as_a_lifter_writes_it() -> None:
    assert past_set_text(PastSet(False, 1, Outcome.DONE, reps=11, weight=40, unit=Unit.KG)) == (
        "40 kg × 11"
    )
    assert past_set_text(PastSet(False, 1, Outcome.DONE, reps=12)) == "12 reps"
    assert past_set_text(PastSet(False, 1, Outcome.CUT_SHORT, seconds=44.6)) == "0:45"
    assert past_set_text(PastSet(False, 1, Outcome.SKIPPED)) == "skipped"


def test_the_summary_compares_each_exercise_with_last_time(clock: FakeClock) -> None:
    session = make_session(clock)
    session.start()
    while session.step.kind is not StepKind.SET:
        session.skip()
    session.done()  # Row set 1: 8 × 40 (the target)
    session.quit()
    memory = Memory({exercise_key("Row"): [row_session(6, 6, weight=35)]})
    summary = summarize(session, memory, records=["heaviest for 8+ reps — 40 kg × 8"])
    assert summary.compared == [
        ("Row", "volume 320 kg (last 420 kg) · best 40 kg × 8 (last 35 kg × 6)")
    ]
    rows = summary_lines(summary)
    assert ("Record", "heaviest for 8+ reps — 40 kg × 8") in rows
    assert ("Row", summary.compared[0][1]) in rows
    # No memory: nothing to compare, and no row says otherwise.
    assert summarize(session).compared == []


PROGRESSING = """\
[routine]
name = "Pull day"

[[exercise]]
name = "Bent-over row"
sets = 3
reps = 8
weight = 40
equipment = "barbell"
warmup_sets = [{ reps = 10, percent = 50 }]
progression = { rule = "double", reps = [8, 12], add = 2.5 }
"""


def _sets(plan: Plan, kind: StepKind = StepKind.SET) -> list[Step]:
    return [s for s in plan.steps if s.kind is kind]


def test_without_memory_the_plan_is_the_routines_own() -> None:
    routine = parse_routine(PROGRESSING, "pull.toml")
    plain = expand(routine)
    assert [(s.reps, s.weight) for s in _sets(plain)] == [(8, 40)] * 3
    assert all(s.last is None and s.load is None for s in plain.steps)  # no memory, no kits
    assert {s.why for s in _sets(plain)} == {"no history: the routine's target"}


def test_targets_follow_the_progression_and_each_set_knows_last_time() -> None:
    routine = parse_routine(PROGRESSING, "pull.toml")
    memory = Memory({exercise_key("Bent-over row"): [row_session(10, 11, 10)]})
    plan = expand(routine, Training(memory, default_kits(Unit.KG)))
    work = _sets(plan)
    assert [(s.reps, s.weight) for s in work] == [(11, 40), (12, 40), (11, 40)]
    assert [s.last for s in work] == ["Last: 40 kg × 10", "Last: 40 kg × 11", "Last: 40 kg × 10"]
    assert work[0].why == "double 8–12: last 10/11/10 @ 40 kg"
    assert work[0].load == "40 kg = bar + 10 per side"
    # The percent warm-up follows the work weight, as a loadable weight.
    (warmup,) = _sets(plan, StepKind.WARMUP_SET)
    assert warmup.weight == 20 and warmup.load == "20 kg = the bar"
    assert warmup.last is None  # compared with warm-ups only: there were none
    # All sets at the top: the weight goes up, the reps back to the bottom.
    memory = Memory({exercise_key("Bent-over row"): [row_session(12, 12, 12)]})
    work = _sets(expand(routine, Training(memory, default_kits(Unit.KG))))
    assert [(s.reps, s.weight) for s in work] == [(8, 42.5)] * 3
    assert work[0].load == "42.5 kg = bar + 10 + 1.25 per side"
    # run --no-progression: the routine's values, last time still shown.
    off = _sets(expand(routine, Training(memory, default_kits(Unit.KG), progression=False)))
    assert [(s.reps, s.weight) for s in off] == [(8, 40)] * 3
    assert off[0].last == "Last: 40 kg × 12"


def test_the_routine_file_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "pull.toml"
    path.write_text(PROGRESSING)
    before = path.read_bytes()
    memory = Memory({exercise_key("Bent-over row"): [row_session(12, 12, 12)]})
    expand(load_routine(path), Training(memory, default_kits(Unit.KG)))
    assert path.read_bytes() == before


ROWS = """\
[routine]
name = "Pull day"

[defaults]
get_ready = 0
rest = 60

[[exercise]]
name = "Bent-over row"
sets = 3
reps = 8
weight = 40
progression = { rule = "double", reps = [8, 12], add = 2.5 }
"""


def _logged(directory: Path, start: datetime, reps: list[int], *, finish: bool) -> Path:
    """A session of ROWS with ``reps`` entered in its first sets, logged in ``directory``."""
    from backtimer.engine import Session
    from backtimer.engine.training import Training
    from backtimer.logs import Journal, load_memory

    routine = parse_routine(ROWS, "rows.toml")
    clock = FakeClock(wall_start=start)
    plan = expand(routine, Training(load_memory(directory)))
    session = Session(plan, clock, max_gap=None)
    journal = Journal(session, directory)
    session.start()
    for count in reps:
        clock.advance(30)
        index = session.index
        session.done()
        session.log_set(index, reps=count)
        clock.advance(60)
        session.tick()
    if finish:
        while not session.finished:
            session.skip()
    journal.close()
    return journal.path


def test_a_resumed_session_plans_as_it_did_at_its_start(tmp_path: Path) -> None:
    """Not against its own first half: the interrupted log is left out of the memory."""
    from backtimer.commands.resume import resume_training
    from backtimer.logs import read_log

    _logged(tmp_path, datetime(2026, 11, 27, 18, 0, tzinfo=UTC), [10, 11, 10], finish=True)
    path = _logged(tmp_path, datetime(2026, 12, 4, 18, 0, tzinfo=UTC), [12], finish=False)
    log = read_log(path)
    plan = expand(parse_routine(log.routine_text, "copy"), resume_training(log, tmp_path))
    assert [s.reps for s in _sets(plan)] == [11, 12, 11]  # from 10/11/10, as at its start
    assert _sets(plan)[0].last == "Last: 40 kg × 10"
