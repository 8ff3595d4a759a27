"""A closed terminal, SIGTERM, Ctrl+C and SIGINT during a real ``backtimer run``.

Each leaves the log marked in progress (so ``backtimer resume`` and the picker offer it)
with every step finished before the signal, says what happened, and exits with the code
a shell expects: 129 for SIGHUP, 143 for SIGTERM, 130 for Ctrl+C and SIGINT. Ctrl+C is
the byte ``\\x03`` written to the terminal: in raw mode Textual reads it as a key.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from backtimer.engine import Status
from backtimer.logs import read_log
from tests.faults.ptykit import (
    ONE_SECOND_ROUTINE,
    PtyRun,
    assert_resumable,
    steps_logged,
    the_log,
)


def _interrupt(tmp_path: Path, how: str) -> tuple[int, str, Path, int]:
    """Run the routine, interrupt it ``how`` after a step; (code, text, log, steps before)."""
    routine = tmp_path / "fault-test.toml"
    routine.write_text(ONE_SECOND_ROUTINE)
    logs = tmp_path / "logs"
    args = ["run", str(routine), "--log-dir", str(logs)]
    with PtyRun(args, tmp_path / "home", controlling=how == "close") as run:
        run.wait_until(lambda: steps_logged(logs) >= 1)
        before = read_log(the_log(logs)).records
        if how == "close":
            run.hang_up()
        elif how == "ctrl+c":
            run.press(b"\x03")
        else:
            run.signal({"hup": signal.SIGHUP, "term": signal.SIGTERM, "int": signal.SIGINT}[how])
        code = run.wait()
        text = run.text
    path = the_log(logs)
    after = read_log(path)
    assert after.records[: len(before)] == before, "every step finished before it is kept"
    return code, text, path, len(before)


@pytest.mark.parametrize(
    ("how", "code", "says"),
    [
        ("hup", 129, "The terminal went away; the session is saved in"),
        ("term", 143, "backtimer was stopped (SIGTERM); the session is saved in"),
        ("ctrl+c", 130, "Interrupted (resume it with `backtimer resume`)"),
        ("int", 130, "Interrupted (resume it with `backtimer resume`)"),
    ],
)
def test_an_interrupted_run_is_saved_in_progress_and_says_so(
    tmp_path: Path, how: str, code: int, says: str
) -> None:
    exit_code, text, path, _ = _interrupt(tmp_path, how)
    assert exit_code == code, text[-800:]
    assert says in text
    flat = "".join(text.split())  # the path may be wrapped on the 80-column terminal
    assert "".join(str(path).split()) in flat
    assert "backtimerresume" in flat
    assert "Traceback" not in text
    log = assert_resumable(path)
    assert log.status is Status.IN_PROGRESS


def test_closing_the_terminal_saves_the_session_and_exits_129(tmp_path: Path) -> None:
    """The pty is the controlling terminal and its window goes away: SIGHUP, then no terminal.

    Printing the message then fails (EIO); that must not turn into a traceback and exit 1.
    """
    exit_code, _, path, _ = _interrupt(tmp_path, "close")
    assert exit_code == 129
    log = assert_resumable(path)
    assert log.status is Status.IN_PROGRESS


def test_a_resumed_session_interrupted_again_says_so_too(tmp_path: Path) -> None:
    """``backtimer resume`` ends like ``run``: the summary, the exit code, the same log."""
    _, _, path, before = _interrupt(tmp_path, "hup")
    logs = path.parent
    args = ["resume", "--yes", "--log-dir", str(logs)]
    with PtyRun(args, tmp_path / "home") as run:
        # It resumes with a get-ready lead-in (or at a rest): Enter ends either.
        run.wait_until(
            lambda: read_log(path).resumed == 1 and ("READY" in run.text or "REST" in run.text)
        )
        run.press(b"\r")
        run.wait_until(lambda: steps_logged(logs) > before)
        run.press(b"\x03")
        code = run.wait()
        text = run.text
    assert code == 130, text[-800:]
    assert f"Next: step {before + 1}" in text
    assert "Interrupted (resume it with `backtimer resume`)" in text
    log = assert_resumable(the_log(logs))
    assert log.resumed == 1 and len(log.records) > before
