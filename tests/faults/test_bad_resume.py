"""Logs that resume cannot continue (issue 13): a clear message naming the log file.

A ``resume_at`` that is no step of the plan (negative, or past its end) and a routine copy
in the log that is not a valid routine are the log file's fault: the message names that
file (and, for the copy, says it is the copy kept in the log, not the routine file it was
made from). No traceback, a non-zero exit, and the log is left as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from backtimer.cli import main
from backtimer.engine import FakeClock, Session, Status, expand
from backtimer.errors import BacktimerError
from backtimer.logs import open_journal, read_log, resume_session
from tests.logfactory import tiny_routine


def _interrupted(directory: Path) -> Path:
    clock = FakeClock()
    session = Session(expand(tiny_routine("/home/me/routines/tiny.toml")), clock, max_gap=None)
    session.start()
    journal = open_journal(session, directory)
    clock.advance(2)
    session.tick()
    clock.advance(30)
    session.done()
    journal.close()
    return journal.path


def _resume_yes(directory: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["resume", "-y", "--log-dir", str(directory)])
    return code, capsys.readouterr().err


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(at=st.integers(-(2**63), -1) | st.integers(6, 2**63 - 1))
@example(at=-1)
def test_a_resume_at_that_is_no_step_is_refused_naming_the_log(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], at: int
) -> None:
    directory = tmp_path_factory.mktemp("logs")
    path = _interrupted(directory)
    text = path.read_text()
    assert re.search(r"^resume_at = 2$", text, flags=re.M)
    path.write_text(re.sub(r"^resume_at = 2$", f"resume_at = {at}", text, flags=re.M))
    before = path.read_bytes()
    code, err = _resume_yes(directory, capsys)
    assert code != 0
    assert str(path) in err and "resume_at" in err, err
    assert path.read_bytes() == before
    with pytest.raises(BacktimerError, match="resume_at"):
        resume_session(read_log(path), FakeClock())


def test_an_invalid_routine_copy_blames_the_log_file_not_the_routine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _interrupted(tmp_path)
    log = read_log(path)
    assert log.routine_path == "/home/me/routines/tiny.toml"
    text = path.read_text()
    path.write_text(text.replace("sets = 2", 'sets = "two"', 1))
    code, err = _resume_yes(tmp_path, capsys)
    assert code != 0
    assert str(path) in err and "copy" in err and "kept in the log" in err, err
    for line in err.splitlines():
        assert not line.startswith("/home/me/routines/tiny.toml"), "not the routine file's fault"
    assert read_log(path).status is Status.IN_PROGRESS
