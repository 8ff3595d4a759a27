"""A running session owns its log (issue 12, points 1-3).

Regressions, each failing before the fix:

- ``backtimer resume -y`` in a second terminal took over a session still running in the
  first: two writers on one log, each erasing the other's steps; ``--abandon`` and the
  picker's "no" marked a live session abandoned.
- Sessions started in the same second could share one log file (the name was checked with
  ``exists()`` and written later).
- A routine name of 217+ characters made every write of the log fail (its temporary file's
  name was too long), and from 231 characters ``run`` and ``new`` crashed.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.synchronize
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.engine import FakeClock, Session, Status, expand
from backtimer.logs import (
    LogInUse,
    check_writable,
    load_history,
    lock_owner,
    mark_status,
    newest_in_progress,
    open_journal,
    read_log,
    recent_interrupted,
    resume_session,
)
from backtimer.routine import MAX_SLUG, parse_routine, slugify
from tests.conftest import REPO
from tests.faults.ptykit import ONE_SECOND_ROUTINE, PtyRun, steps_logged, the_log

#: Long enough to outlast every check below (each a few seconds at most).
LONG_ROUTINE = ONE_SECOND_ROUTINE.replace("sets = 3\nduration = 1", "sets = 3\nduration = 60")


def _backtimer(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKTIMER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "backtimer", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=30,
        check=False,
    )


def test_a_running_session_is_left_alone_by_resume_abandon_and_the_picker(
    tmp_path: Path,
) -> None:
    """A second terminal cannot take over, abandon or be offered a session still running."""
    routine = tmp_path / "long.toml"
    routine.write_text(LONG_ROUTINE)
    logs = tmp_path / "logs"
    home = tmp_path / "home"
    with PtyRun(["run", str(routine), "--log-dir", str(logs)], home) as run:
        run.wait_until(lambda: steps_logged(logs) >= 1)  # the warm-up done, set 1 under way
        path = the_log(logs)
        assert lock_owner(path) == run.proc.pid

        for args in (["resume", "-y"], ["resume", "--abandon"]):
            done = _backtimer(*args, "--log-dir", str(logs), home=home)
            assert done.returncode != 0, done
            assert f"running in another terminal (pid {run.proc.pid})" in done.stderr
            assert "Traceback" not in done.stderr
        assert read_log(path).status is Status.IN_PROGRESS
        # The picker's offer and the in-process calls say the same.
        assert recent_interrupted(logs, datetime.now(UTC)) is None
        assert newest_in_progress(load_history(logs)) is None
        with pytest.raises(LogInUse, match=f"pid {run.proc.pid}"):
            mark_status(path, Status.ABANDONED)
        with pytest.raises(LogInUse):
            resume_session(read_log(path), FakeClock())

        run.signal(signal.SIGKILL)  # now it crashes: the lock dies with it
        run.wait()
    assert lock_owner(path) is None
    resumed = resume_session(read_log(path), FakeClock(), max_gap=None)
    assert resumed.log_path == path
    resumed.lock.release()


def _start_at_once(directory: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    """One process: a session of the same routine at the same wall second as the others."""
    routine = parse_routine(ONE_SECOND_ROUTINE, "same.toml")
    clock = FakeClock(wall_start=datetime(2026, 12, 4, 9, 0, 0, tzinfo=UTC))
    session = Session(expand(routine), clock, max_gap=None)
    session.start()
    barrier.wait()
    open_journal(session, Path(directory))
    while not session.finished:
        clock.advance(1)
        session.tick()


def test_sessions_started_in_the_same_second_each_get_their_own_log(tmp_path: Path) -> None:
    """Twelve sessions claim names at the same instant: twelve logs, each complete."""
    count = 12
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(count)
    workers = [
        context.Process(target=_start_at_once, args=(str(tmp_path), barrier)) for _ in range(count)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert [w.exitcode for w in workers] == [0] * count
    logs = sorted(tmp_path.glob("*.toml"))
    assert len(logs) == count
    for path in logs:
        log = read_log(path)
        assert log.status is Status.COMPLETED
        assert [r.index for r in log.records] == list(range(log.steps_planned))
    assert not list(tmp_path.glob(".*.lock")), "each lock file goes with its session"


def _finish(runs: list[PtyRun], logs: Path, count: int, timeout: float = 40.0) -> list[int]:
    """Read every terminal until ``count`` logs are complete, then leave each summary."""

    def complete() -> bool:
        found = sorted(logs.glob("*.toml"))
        return len(found) == count and all(
            read_log(path).status is Status.COMPLETED for path in found
        )

    end = time.monotonic() + timeout
    while not complete() and time.monotonic() < end:
        for run in runs:
            run.drain()
        time.sleep(0.05)
    for run in runs:
        run.press(b"\r")  # Enter closes the summary
    return [run.wait(timeout=10) for run in runs]


def test_two_sessions_and_a_resume_at_once_keep_every_step_in_exactly_one_log(
    tmp_path: Path,
) -> None:
    """Two live sessions and a resume of a crashed one, against one folder at the same time."""
    logs = tmp_path / "logs"
    home = tmp_path / "home"
    crashed = tmp_path / "crashed.toml"
    crashed.write_text(ONE_SECOND_ROUTINE)
    with PtyRun(["run", str(crashed), "--log-dir", str(logs)], home) as first:
        first.wait_until(lambda: steps_logged(logs) >= 2)
        first.signal(signal.SIGKILL)
        first.wait()
    interrupted = the_log(logs)
    before = read_log(interrupted).records

    routine = tmp_path / "short.toml"
    routine.write_text(ONE_SECOND_ROUTINE)
    # The resume owns the crashed log first: `run` would offer to resume it otherwise.
    runs = [PtyRun(["resume", "-y", "--log-dir", str(logs)], home)]
    try:
        runs[0].wait_until(lambda: lock_owner(interrupted) == runs[0].proc.pid)
        runs += [PtyRun(["run", str(routine), "--log-dir", str(logs)], home) for _ in range(2)]
        codes = _finish(runs, logs, 3)
    finally:
        for run in runs:
            run.close()
    assert codes == [0, 0, 0], [run.text[-400:] for run in runs]
    sessions = sorted(logs.glob("*.toml"))
    assert len(sessions) == 3
    for path in sessions:
        log = read_log(path)
        assert log.status is Status.COMPLETED, path
        assert [r.index for r in log.records] == list(range(log.steps_planned)), path
    resumed = read_log(interrupted)
    assert resumed.resumed == 1 and resumed.records[: len(before)] == before


def test_a_second_resume_of_the_same_log_is_refused(tmp_path: Path) -> None:
    """Two resumes at once: the first owns the log, the second is told so."""
    logs = tmp_path / "logs"
    home = tmp_path / "home"
    routine = tmp_path / "long.toml"
    routine.write_text(LONG_ROUTINE)
    with PtyRun(["run", str(routine), "--log-dir", str(logs)], home) as first:
        first.wait_until(lambda: steps_logged(logs) >= 1)
        first.signal(signal.SIGKILL)
        first.wait()
    with PtyRun(["resume", "-y", "--log-dir", str(logs)], home) as resumed:
        resumed.wait_until(lambda: read_log(the_log(logs)).resumed == 1)  # its App is up
        assert lock_owner(the_log(logs)) == resumed.proc.pid
        second = _backtimer("resume", "-y", "--log-dir", str(logs), home=home)
        assert second.returncode != 0
        assert f"running in another terminal (pid {resumed.proc.pid})" in second.stderr
        resumed.signal(signal.SIGTERM)
        assert resumed.wait() == 143


LONG_NAME = "Back day " + "with a very long name " * 14  # 317 characters


def test_a_routine_with_a_very_long_name_is_logged(tmp_path: Path) -> None:
    """Every write of a long-named routine's log works; its name stays a valid file name."""
    text = ONE_SECOND_ROUTINE.replace('name = "Fault test"', f'name = "{LONG_NAME}"')
    clock = FakeClock()
    session = Session(expand(parse_routine(text, "long.toml")), clock, max_gap=None)
    session.start()
    warnings: list[str] = []
    journal = open_journal(session, tmp_path, on_warning=warnings.append)
    while not session.finished:
        clock.advance(1)
        session.tick()
    assert warnings == []
    assert len(journal.path.name.encode()) <= 255 - len(".x.12345678.tmp")
    log = read_log(journal.path)
    assert log.routine_name == LONG_NAME
    assert log.status is Status.COMPLETED
    check_writable(tmp_path)


def test_new_and_run_accept_a_very_long_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`new` makes a file for a 317-character name instead of crashing with OSError."""
    monkeypatch.setenv("BACKTIMER_HOME", str(tmp_path))
    monkeypatch.setenv("EDITOR", "true")
    assert main(["new", LONG_NAME]) == 0
    made = list((tmp_path / "config" / "routines").glob("*.toml"))
    assert len(made) == 1 and len(made[0].stem) <= MAX_SLUG
    assert made[0].stem == slugify(LONG_NAME)
