"""RecordWatch: records judged against training memory, and memory that arrives late."""

from __future__ import annotations

from datetime import UTC, datetime

from backtimer.engine import FakeClock, Outcome, Session, StepKind, expand
from backtimer.engine.memory import Memory, PastSession, PastSet, exercise_key
from backtimer.engine.prs import PersonalRecord
from backtimer.engine.recordwatch import RecordWatch
from backtimer.routine import Unit, parse_routine

ROUTINE = """\
[routine]
name = "Rows"

[defaults]
rest = 60
get_ready = 0

[[exercise]]
name = "Bent-over row"
sets = 3
reps = 10
weight = 40
"""


def _memory(reps: int) -> Memory:
    done = PastSet(False, 1, Outcome.DONE, reps=reps, weight=40, unit=Unit.KG)
    when = datetime(2026, 11, 27, 18, tzinfo=UTC)
    past = PastSession("Bent-over row", when, "old.toml", "Rows", (done,))
    return Memory({exercise_key("Bent-over row"): [past]})


def _set(session: Session, reps: int) -> None:
    while session.step.kind is not StepKind.SET:
        session.skip()
    index = session.step.index
    session.done()
    session.log_set(index, reps=reps, weight=40, rpe=None)


def test_memory_that_arrives_late_never_announces_what_this_session_did() -> None:
    """Before the whole memory is in, a set of 12 is a first (nothing known); once it is
    in (a best of 8 at 40 kg), a later set of 11 beats the old best but not this
    session's 12: no record. A set of 13 then is one."""
    session = Session(expand(parse_routine(ROUTINE, "rows.toml")), FakeClock(), max_gap=None)
    heard: list[list[PersonalRecord]] = []
    watch = RecordWatch(session, Memory(), on_record=heard.append)
    session.start()
    _set(session, 12)
    assert heard == []
    watch.use(_memory(8))
    _set(session, 11)
    assert heard == []
    _set(session, 13)
    assert [r.text for r in heard[0]][:1] == ["most reps at 40 kg — 13"]
