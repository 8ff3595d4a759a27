"""kill -9 at random moments leaves a valid log, with every finished step, that resumes rightly.

Two ways: a real ``backtimer run`` under a pseudo-terminal killed a few times at random
points of a one-second-steps routine, and a headless writer (a real Session and Journal on a
fake clock, writing as fast as it can) killed at random moments, so kills land in the middle
of writes too.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import backtimer.logs.atomic as atomic_mod
import backtimer.logs.logfile as logfile_mod
from backtimer.engine import FakeClock, Session, Status, expand
from backtimer.logs import open_journal, read_log
from tests.conftest import REPO
from tests.faults.ptykit import ONE_SECOND_ROUTINE, PtyRun, assert_resumable, the_log
from tests.logfactory import tiny_routine


def test_sigkill_of_backtimer_run_leaves_a_resumable_log(tmp_path: Path) -> None:
    routine = tmp_path / "fault-test.toml"
    routine.write_text(ONE_SECOND_ROUTINE)
    rng = random.Random(11)
    for attempt in range(3):
        logs = tmp_path / f"logs{attempt}"
        with PtyRun(["run", str(routine), "--log-dir", str(logs)], tmp_path / "home") as run:
            run.wait_until(lambda logs=logs: any(logs.glob("*.toml")))
            run.run_for(rng.uniform(0.0, 2.5))
            run.signal(signal.SIGKILL)
            assert run.wait() == -signal.SIGKILL
        log = assert_resumable(the_log(logs))
        assert log.routine_name == "Fault test"


DRIVER = """
import sys
from pathlib import Path
from backtimer.engine import FakeClock
from backtimer.logs import open_journal
from backtimer.engine import expand
from backtimer.engine import Session
from tests.logfactory import tiny_routine

directory = Path(sys.argv[1])
while True:
    clock = FakeClock()
    session = Session(expand(tiny_routine()), clock, max_gap=None)
    session.start()
    journal = open_journal(session, directory)
    print(journal.path, flush=True)
    while not session.finished:
        clock.advance(0.5)
        session.tick()
        if not session.step.timed:
            session.done()
            session.log_set(session.index - 1, reps=5, weight=40, rpe=7)
"""


def test_sigkill_at_random_moments_of_writing_leaves_resumable_logs(tmp_path: Path) -> None:
    rng = random.Random(4)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for attempt in range(6):
        directory = tmp_path / f"run{attempt}"
        proc = subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(directory)],
            stdout=subprocess.PIPE,
            env=env,
            cwd=REPO,
        )
        assert proc.stdout is not None
        proc.stdout.readline()  # the first log exists
        time.sleep(rng.uniform(0.01, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=5)
        proc.stdout.close()
        # Every session starts at the fake clock's same second: name, name-2, name-3, …
        *earlier, last = sorted(directory.glob("*.toml"), key=lambda p: (len(p.name), p.name))
        for path in earlier:  # the sessions it finished before the kill
            log = read_log(path)
            assert log.status is Status.COMPLETED
            assert [r.index for r in log.records] == list(range(log.steps_planned))
        assert_resumable(last)  # the one it was writing


class _NoFsync:
    """``os`` for backtimer.logs.atomic without fsync: these tests look at contents, not disks."""

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    def fsync(self, fd: int) -> None:
        return None


@pytest.mark.parametrize("ending", ["completed", "quit"])
def test_a_kill_after_any_write_leaves_a_resumable_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    """Every state the log passes through, through every command, is one a kill may leave.

    (One was not: the last step's end was written before the session's, so a kill between
    the two left a log in progress with nothing left to resume, and resume refused it.)
    """
    monkeypatch.setattr(atomic_mod, "os", _NoFsync())
    written: list[bytes] = []
    real = logfile_mod.atomic_write

    def keep(path: Path, data: bytes) -> None:
        written.append(data)
        real(path, data)

    monkeypatch.setattr(logfile_mod, "atomic_write", keep)
    clock = FakeClock()
    session = Session(expand(tiny_routine()), clock, max_gap=None)
    session.start()
    journal = open_journal(session, tmp_path / "live")
    script = [
        (1, session.pause),
        (5, session.resume),
        (1, session.tick),  # the 2 s warm-up ends
        (4, session.done),  # set 1 of the rep-based row
        (0, lambda: session.log_set(1, reps=6, weight=42.5, rpe=8)),
        (1, lambda: session.adjust_time(15)),
        (1, session.skip),  # the rest
        (2, session.back),  # back to the rest
        (3, session.tick),  # it runs out
        (5, session.done),  # set 2
        (0, lambda: session.log_set(3, reps=5)),
        (7, session.quit if ending == "quit" else session.tick),
        (20, session.tick),  # the stretch ends
    ]
    for seconds, command in script:
        clock.advance(seconds)
        command()
    assert session.finished
    last = read_log(journal.path)
    assert last.status is (Status.ABANDONED if ending == "quit" else Status.COMPLETED)
    *states, final = written
    assert final == journal.path.read_bytes()
    for n, data in enumerate(states):
        path = tmp_path / f"kill{n}" / journal.path.name
        path.parent.mkdir()
        path.write_bytes(data)
        log = assert_resumable(path)
        assert log.status is Status.IN_PROGRESS, f"write {n}: only the last write ends it"
