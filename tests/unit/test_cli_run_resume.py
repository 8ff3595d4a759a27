"""`backtimer run` mentions an interrupted session and offers it; `backtimer resume`
lets you pick one of several."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.engine import FakeClock, Status
from backtimer.errors import BacktimerError
from backtimer.logs import Resumption, read_log
from tests.conftest import REPO
from tests.unit.test_resume import _interrupted


class Started(Exception):
    """The new session would start now (raised in place of the terminal check)."""


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """`run` as in a terminal, with the App left out: returns the logs resumed."""
    from backtimer.commands import resume, run

    resumed: list[Path] = []

    def fake_launch(resumption: Resumption, directory: Path, memory: object) -> int:
        resumed.append(resumption.log_path)
        resumption.lock.release()
        return 0

    def new_session() -> None:
        raise Started

    monkeypatch.setattr(run, "_is_terminal", lambda: True)
    monkeypatch.setattr(run, "require_terminal", new_session)
    monkeypatch.setattr(resume, "launch", fake_launch)
    return resumed


def _replies(monkeypatch: pytest.MonkeyPatch, *replies: str | type[EOFError]) -> list[str]:
    prompts: list[str] = []
    queue = list(replies)

    def fake_input(prompt: str) -> str:
        prompts.append(prompt)
        reply = queue.pop(0)
        if reply is EOFError:
            raise EOFError
        assert isinstance(reply, str)
        return reply

    monkeypatch.setattr("builtins.input", fake_input)
    return prompts


def _old_clock(hours: float) -> FakeClock:
    return FakeClock(wall_start=datetime.now(UTC) - timedelta(hours=hours))


def test_run_offers_the_interrupted_session_and_y_resumes_it(
    tmp_path: Path, clock: FakeClock, terminal: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _interrupted(tmp_path, clock)
    prompts = _replies(monkeypatch, "y")
    assert main(["run", "demo", "--log-dir", str(tmp_path)]) == 0
    assert terminal == [path]
    assert len(prompts) == 1
    assert prompts[0].startswith("An interrupted session of Tiny back from ")
    assert prompts[0].endswith("(step 3 of 5). Resume it? [y/N] ")


@pytest.mark.parametrize("reply", ["", "n", "maybe", EOFError])
def test_run_starts_the_new_session_on_anything_but_y(
    tmp_path: Path,
    clock: FakeClock,
    terminal: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    reply: str | type[EOFError],
) -> None:
    path = _interrupted(tmp_path, clock)
    prompts = _replies(monkeypatch, reply)
    with pytest.raises(Started):
        main(["run", "demo", "--log-dir", str(tmp_path)])
    assert len(prompts) == 1 and terminal == []
    assert read_log(path).status is Status.IN_PROGRESS, "left for `backtimer resume`"


def test_run_without_a_routine_leaves_a_recent_one_to_the_picker(
    tmp_path: Path, clock: FakeClock, terminal: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The picker offers a session of the last 12 hours itself: not asked twice."""
    _interrupted(tmp_path, _old_clock(1))
    prompts = _replies(monkeypatch)
    with pytest.raises(Started):
        main(["run", "--log-dir", str(tmp_path)])
    assert prompts == []


def test_run_without_a_routine_asks_about_an_older_one(
    tmp_path: Path, terminal: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _interrupted(tmp_path, _old_clock(30))  # the picker would not offer it
    prompts = _replies(monkeypatch, "y")
    assert main(["run", "--log-dir", str(tmp_path)]) == 0
    assert len(prompts) == 1 and terminal == [path]


def test_run_asks_nothing_without_an_interrupted_session(
    tmp_path: Path, terminal: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    prompts = _replies(monkeypatch)
    with pytest.raises(Started):
        main(["run", "demo", "--log-dir", str(tmp_path)])
    assert prompts == []


@pytest.mark.parametrize("stdin", ["devnull", "closed"])
def test_run_without_a_terminal_notes_it_in_one_line(
    tmp_path: Path, clock: FakeClock, home: Path, stdin: str
) -> None:
    path = _interrupted(tmp_path, clock)
    done = subprocess.run(
        [sys.executable, "-m", "backtimer", "run", "demo", "--log-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL if stdin == "devnull" else None,
        env={**os.environ, "BACKTIMER_HOME": str(home)},
        cwd=REPO,
        timeout=60,
        **({"preexec_fn": lambda: os.close(0)} if stdin == "closed" else {}),  # noqa: PLW1509
    )
    assert done.returncode == 2  # and then: no terminal for the session
    notes = [line for line in done.stderr.splitlines() if "interrupted session" in line]
    assert len(notes) == 1 and "`backtimer resume`" in notes[0], done.stderr
    assert "Needs a terminal" in done.stderr and "Traceback" not in done.stderr
    assert read_log(path).status is Status.IN_PROGRESS


# -- resume: one of several ------------------------------------------------------


def _two(tmp_path: Path) -> list[Path]:
    """Two interrupted sessions, newest first."""
    return [_interrupted(tmp_path, _old_clock(1)), _interrupted(tmp_path, _old_clock(30))]


def test_resume_lists_several_and_without_a_terminal_says_how_to_pick(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newest, older = _two(tmp_path)
    assert main(["resume", "--log-dir", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "1. Tiny back, started " in captured.out and newest.name in captured.out
    assert "2. Tiny back, started " in captured.out and older.name in captured.out
    assert "`backtimer resume 1`" in captured.err
    assert all(read_log(p).status is Status.IN_PROGRESS for p in (newest, older))


def test_resume_asks_which_one_in_a_terminal(
    tmp_path: Path, terminal: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    newest, older = _two(tmp_path)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    prompts = _replies(monkeypatch, "7", "2", "y")
    assert main(["resume", "--log-dir", str(tmp_path)]) == 0
    assert prompts[0] == "Which one? [1-2] " and len(prompts) == 3
    assert terminal == [older]


def test_resume_end_of_input_at_the_choice_changes_nothing(
    tmp_path: Path, terminal: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _two(tmp_path)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    _replies(monkeypatch, EOFError)
    assert main(["resume", "--log-dir", str(tmp_path)]) == 1
    assert terminal == []
    assert all(read_log(p).status is Status.IN_PROGRESS for p in paths)


def test_resume_by_number_or_log_file_name(tmp_path: Path, terminal: list[Path]) -> None:
    newest, older = _two(tmp_path)
    assert main(["resume", "2", "--yes", "--log-dir", str(tmp_path)]) == 0
    assert main(["resume", newest.name, "--yes", "--log-dir", str(tmp_path)]) == 0
    assert main(["resume", older.stem, "--abandon", "--log-dir", str(tmp_path)]) == 0
    assert terminal == [older, newest]
    assert read_log(older).status is Status.ABANDONED


@pytest.mark.parametrize("which", ["3", "0", "nope.toml"])
def test_resume_of_an_unknown_one_is_a_clear_error(
    tmp_path: Path, which: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _two(tmp_path)
    assert main(["resume", which, "--yes", "--log-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and ("number" in err or "nope.toml" in err)


def test_resume_of_a_completed_log_by_name_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    from backtimer.logs import mark_status

    path = _interrupted(tmp_path, clock)
    mark_status(path, Status.COMPLETED, when=clock.wall())
    from backtimer.commands.resume import _by_argument
    from backtimer.logs import load_history

    history = load_history(tmp_path)
    with pytest.raises(BacktimerError, match="Not an interrupted session"):
        _by_argument(path.name, history, [])
