"""kill -9 at random moments leaves a valid log holding every step finished before it.

A headless driver runs a real Session and Journal in a subprocess (writing the
log on every event as fast as it can) and is killed with SIGKILL after a random
short delay; the log must parse each time.
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

from backtimer.journal import read_log
from tests.conftest import REPO

DRIVER = """
import sys, time
from pathlib import Path
from backtimer.clock import FakeClock
from backtimer.journal import open_journal
from backtimer.plan import expand
from backtimer.session import Session
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


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_at_random_moments_leaves_valid_logs(tmp_path: Path) -> None:
    rng = random.Random(4)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    checked = 0
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
        logs = sorted(directory.glob("*.toml"))
        assert logs, "the first write happened before the driver printed the path"
        for path in logs:
            log = read_log(path)  # raises when a log is torn
            indexes = [r.index for r in log.records]
            assert indexes == list(range(len(indexes))), "every finished step is kept, in order"
            assert log.resume_at >= len(indexes)
            checked += 1
    assert checked >= 6
