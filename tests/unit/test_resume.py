"""Resume: an interrupted log continues at the step where it stopped, in the same file."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.engine import FakeClock, Outcome, Session, Status, StepKind, expand
from backtimer.errors import BacktimerError
from backtimer.logs import Resumption, open_journal, read_log, resume_session
from backtimer.logs.resume import RESUME_LEAD_IN
from backtimer.routine import parse_routine
from tests.logfactory import TINY_ROUTINE, tiny_routine


def _interrupted(directory: Path, clock: FakeClock) -> Path:
    """A session that stops mid-way without quitting (the process died)."""
    session = Session(expand(tiny_routine()), clock, max_gap=None)
    session.start()
    journal = open_journal(session, directory)
    clock.advance(2)
    session.tick()  # warm-up done
    clock.advance(30)
    session.done()  # set 1 done
    session.log_set(1, reps=5, weight=42.5, rpe=8)
    clock.advance(1)  # one second into the rest: then the battery dies
    journal.close()  # as the kernel does when the process dies: the log is free
    return journal.path


def test_resume_continues_at_the_right_step_with_the_right_totals(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = _interrupted(tmp_path, clock)
    log = read_log(path)
    assert log.status is Status.IN_PROGRESS and log.resume_at == 2
    later = FakeClock(start=50.0)
    resumed = resume_session(log, later, max_gap=None)
    session = resumed.session
    assert session.index == 2 and session.step.name == "Rest"
    assert [r.index for r in session.records] == [0, 1]
    assert session.records[1].weight == 42.5
    session.start()
    journal = open_journal(session, tmp_path / "elsewhere", resumed=resumed)  # as the App does
    while not session.finished:
        later.advance(3)
        session.done()
    final = read_log(path)
    assert final.status is Status.COMPLETED
    assert final.started == log.started and final.resumed == 1
    assert [r.index for r in final.records] == list(range(len(session.plan.steps)))
    assert final.records[1].rpe == 8
    # before: warm-up 2 + set 30; after: rest 3, set 2 done as it starts, stretch 3
    assert final.active_seconds == pytest.approx(2 + 30 + 3 + 0 + 3)
    assert journal.path == path and len(list(tmp_path.glob("*.toml"))) == 1


def test_resume_refuses_a_log_with_nothing_left(tmp_path: Path, clock: FakeClock) -> None:
    session = Session(expand(tiny_routine()), clock, max_gap=None)
    session.start()
    journal = open_journal(session, tmp_path)
    while not session.finished:
        clock.advance(1)
        session.done()
    log = read_log(journal.path)
    with pytest.raises(BacktimerError, match="Nothing to resume"):
        resume_session(log, clock)


def test_cli_resume_with_nothing_interrupted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["resume", "--log-dir", str(tmp_path)]) == 0
    assert "No interrupted session" in capsys.readouterr().out


def test_cli_resume_abandon_marks_it(
    tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _interrupted(tmp_path, clock)
    assert main(["resume", "--abandon", "--log-dir", str(tmp_path)]) == 0
    assert read_log(path).status is Status.ABANDONED
    assert read_log(path).records[-1].outcome is Outcome.DONE
    assert main(["resume", "--log-dir", str(tmp_path)]) == 0
    assert "No interrupted session" in capsys.readouterr().out


def test_cli_resume_without_a_terminal_asks_for_a_flag(
    tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    _interrupted(tmp_path, clock)
    assert main(["resume", "--log-dir", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "Next: step 3, Rest" in captured.out
    assert "--yes" in captured.err


@pytest.mark.parametrize(
    ("replies", "status", "asked"),
    [
        (["yqy", "maybe", "n"], Status.ABANDONED, 3),  # typos ask again; only "n" abandons
        (["", "n"], None, 1),  # Enter means yes
        ([EOFError], Status.IN_PROGRESS, 1),  # Ctrl+D leaves the log as it was
    ],
)
def test_cli_resume_prompt_never_abandons_on_a_typo(
    tmp_path: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    replies: list,
    status: Status | None,
    asked: int,
) -> None:
    """Regression: any reply but y/Enter marked the session abandoned."""
    from backtimer.commands import resume

    path = _interrupted(tmp_path, clock)
    prompts: list[str] = []

    def fake_input(prompt: str) -> str:
        prompts.append(prompt)
        reply = replies.pop(0)
        if reply is EOFError:
            raise EOFError
        return reply

    launched: list[Path] = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", fake_input)

    def fake_launch(resumption: Resumption, directory: Path, memory: object) -> int:
        launched.append(resumption.log_path)
        resumption.lock.release()
        return 0

    monkeypatch.setattr(resume, "launch", fake_launch)
    main(["resume", "--log-dir", str(tmp_path)])
    assert len(prompts) == asked
    if status is None:
        assert launched == [path]
    else:
        assert not launched
        assert read_log(path).status is status


def _interrupted_in_the_last_set(directory: Path, clock: FakeClock, get_ready: int = 0) -> Path:
    """A session that died 5 s into Row set 2 (step 3), which follows a rest: no lead-in."""
    text = TINY_ROUTINE.replace("get_ready = 0", f"get_ready = {get_ready}")
    session = Session(expand(parse_routine(text, "tiny.toml")), clock, max_gap=None)
    session.start()
    journal = open_journal(session, directory)
    while session.step.kind is StepKind.GET_READY or session.step.name != "Arm circles":
        clock.advance(1)  # the lead-in before the warm-up, if the routine has one
        session.tick()
    clock.advance(2)
    session.tick()  # the warm-up runs out
    while session.step.kind is StepKind.GET_READY:
        clock.advance(1)
        session.tick()
    clock.advance(30)
    session.done()  # set 1
    clock.advance(3)
    session.tick()  # the rest runs out: set 2 under way
    assert session.step.kind is StepKind.SET and session.step.set_number == 2
    clock.advance(5)
    journal.close()
    return journal.path


def test_a_resumed_session_gets_ready_before_the_set_it_continues(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = _interrupted_in_the_last_set(tmp_path, clock)
    log = read_log(path)
    assert log.resume_at == 3 and [r.index for r in log.records] == [0, 1, 2]
    later = FakeClock(start=50.0)
    resumed = resume_session(log, later, max_gap=None)
    session = resumed.session
    session.start()
    open_journal(session, tmp_path, resumed=resumed)
    assert session.step.kind is StepKind.GET_READY and session.index == 3
    assert session.step.title == "Get ready: Bent-over row"
    assert session.remaining() == RESUME_LEAD_IN == 10
    written = read_log(path)  # the lead-in is no step of the log
    assert written.resume_at == 3 and [r.index for r in written.records] == [0, 1, 2]
    assert written.steps_planned == log.steps_planned


def test_a_resumed_log_has_the_indices_of_a_straight_run_even_resumed_twice(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = _interrupted_in_the_last_set(tmp_path, clock)
    first = FakeClock(start=50.0)
    resumed = resume_session(read_log(path), first, max_gap=None)
    resumed.session.start()
    journal = open_journal(resumed.session, tmp_path, resumed=resumed)
    first.advance(4)  # killed during the lead-in
    resumed.session.tick()
    journal.close()
    assert read_log(path).resume_at == 3
    second = FakeClock(start=500.0)
    resumed = resume_session(read_log(path), second, max_gap=None)
    session = resumed.session
    session.start()
    open_journal(session, tmp_path, resumed=resumed)
    assert session.in_lead_in and session.index == 3
    second.advance(10)
    session.tick()  # the lead-in ran out: the set begins
    assert session.step.kind is StepKind.SET and session.step.set_number == 2
    second.advance(25)
    session.done()
    second.advance(20)
    session.tick()  # the stretch ends by itself
    assert session.finished
    final = read_log(path)
    straight = expand(tiny_routine())
    assert [r.index for r in final.records] == [s.index for s in straight.steps]
    assert [r.kind for r in final.records] == [s.kind for s in straight.steps]
    assert final.status is Status.COMPLETED and final.resumed == 2
    assert final.records[3].actual == 25 and final.records[3].outcome is Outcome.DONE
    # before: warm-up 2, set 1 30, rest 3; after: set 2 25, stretch 20 (lead-ins not counted)
    assert final.active_seconds == pytest.approx(2 + 30 + 3 + 25 + 20)


def test_a_routines_longer_get_ready_is_the_lead_in(tmp_path: Path, clock: FakeClock) -> None:
    path = _interrupted_in_the_last_set(tmp_path, clock, get_ready=12)
    log = read_log(path)
    resumed = resume_session(log, FakeClock(start=50.0), max_gap=None)
    session = resumed.session
    session.start()
    assert session.in_lead_in and session.remaining() == 12
    assert session.upcoming(1)[0].index == log.resume_at
    resumed.lock.release()
