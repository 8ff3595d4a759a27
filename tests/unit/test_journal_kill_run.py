"""kill -9 of a real ``backtimer run`` (under a pseudo-terminal) leaves a valid log.

Skipped until the session screen exists (backtimer/tui/app.py).
"""

from __future__ import annotations

import os
import pty
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backtimer.journal import read_log
from tests.conftest import REPO

TIMED_ROUTINE = """\
[routine]
name = "Kill test"

[defaults]
rest = 1
get_ready = 0

[[warmup]]
name = "Arm circles"
duration = 1

[[exercise]]
name = "Plank row"
sets = 3
duration = 1
"""

pytestmark = pytest.mark.skipif(
    not (REPO / "backtimer" / "tui" / "app.py").exists(), reason="the session screen is not built"
)


def _drain(fd: int) -> None:
    """Read what the App drew, so it never blocks on a full terminal."""
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        return  # nothing more to read yet, or the child closed its terminal


def test_sigkill_of_backtimer_run_leaves_a_valid_log(tmp_path: Path) -> None:
    routine = tmp_path / "kill-test.toml"
    routine.write_text(TIMED_ROUTINE)
    rng = random.Random(11)
    steps_seen = set()
    for attempt in range(3):
        logs = tmp_path / f"logs{attempt}"
        primary, secondary = pty.openpty()
        os.set_blocking(primary, False)
        env = {**os.environ, "BACKTIMER_HOME": str(tmp_path / "home"), "TERM": "xterm-256color"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "backtimer", "run", str(routine), "--log-dir", str(logs)],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=env,
            cwd=REPO,
            start_new_session=True,
        )
        os.close(secondary)
        try:
            deadline = time.monotonic() + 6
            while not list(logs.glob("*.toml")) and time.monotonic() < deadline:
                _drain(primary)
                time.sleep(0.02)
            assert list(logs.glob("*.toml")), "backtimer run wrote no log"
            end = time.monotonic() + rng.uniform(0.1, 2.5)
            while time.monotonic() < end:
                _drain(primary)
                time.sleep(0.02)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=5)
        finally:
            if proc.poll() is None:
                proc.kill()
            os.close(primary)
        (path,) = logs.glob("*.toml")
        log = read_log(path)  # a torn log raises
        indexes = [r.index for r in log.records]
        assert indexes == list(range(len(indexes)))
        assert log.routine_name == "Kill test"
        steps_seen.add(len(indexes))
    assert steps_seen, "every attempt checked a log"
