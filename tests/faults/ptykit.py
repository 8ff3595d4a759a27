"""Run a real ``backtimer run`` under a pseudo-terminal, and check the log it leaves.

:class:`PtyRun` starts the command with a pty as its terminal (optionally as its
controlling terminal, so closing the master is a real hang-up), keeps reading what
the App draws so it never blocks, and lets a test wait for the log to hold some
steps, send keys or signals, and collect the exit code and the text printed.

:func:`assert_resumable` is what "the log is valid and resumable" means: it parses,
its steps are 0..n-1 in order, it points at the next step, ``backtimer resume``
would offer it, and a resumed session continues at that step in the same file,
keeps every step recorded, and runs to a completed log.
"""

from __future__ import annotations

import os
import pty
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from backtimer.engine import FakeClock, Status
from backtimer.logs import (
    LogData,
    LogError,
    load_history,
    newest_in_progress,
    open_journal,
    read_log,
    resume_session,
)
from tests.conftest import REPO

#: Six steps of one second: a warm-up move, then three timed sets with a rest between.
#: Index: 0 warm-up · 1 set 1 · 2 rest · 3 set 2 · 4 rest · 5 set 3.
ONE_SECOND_ROUTINE = """\
[routine]
name = "Fault test"

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

#: Make the pty the child's controlling terminal, then become backtimer.
_CTTY = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.executable, [sys.executable, '-m', 'backtimer', *sys.argv[1:]])"
)
_ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()=>][0-9A-Za-z]?"
)


class PtyRun:
    """``backtimer ARGS…`` under a pty, from a fresh BACKTIMER_HOME.

    Args:
        args: The command line after ``backtimer``.
        home: The BACKTIMER_HOME to use.
        controlling: Make the pty the controlling terminal (closing it sends SIGHUP).
    """

    def __init__(self, args: list[str], home: Path, *, controlling: bool = False) -> None:
        self.output = b""
        self.primary, secondary = pty.openpty()
        os.set_blocking(self.primary, False)
        env = {**os.environ, "BACKTIMER_HOME": str(home), "TERM": "xterm-256color"}
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
        command = (
            [sys.executable, "-c", _CTTY] if controlling else [sys.executable, "-m", "backtimer"]
        )
        self.proc = subprocess.Popen(
            [*command, *args],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=env,
            cwd=REPO,
            start_new_session=True,
        )
        os.close(secondary)
        self._open = True

    def drain(self) -> None:
        """Read what the App drew so far."""
        if not self._open:
            return
        try:
            while chunk := os.read(self.primary, 65536):
                self.output += chunk
        except OSError:
            return  # nothing more to read yet, or the child closed its terminal

    def wait_until(self, ready, timeout: float = 10.0) -> None:  # noqa: ANN001 - a predicate
        """Keep reading the terminal until ``ready()`` is true."""
        end = time.monotonic() + timeout
        while not ready():
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"backtimer exited early ({self.proc.returncode}): {self.text}"
                )
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting; the terminal shows: {self.text[-500:]}")
            self.drain()
            time.sleep(0.02)

    def run_for(self, seconds: float) -> None:
        """Keep reading the terminal for ``seconds``."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and self.proc.poll() is None:
            self.drain()
            time.sleep(0.02)

    def press(self, data: bytes) -> None:
        os.write(self.primary, data)

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def hang_up(self) -> None:
        """Close the terminal (the master side), as a terminal emulator's window closing."""
        os.close(self.primary)
        self._open = False

    def wait(self, timeout: float = 10.0) -> int:
        """Wait for the exit (reading the terminal meanwhile); returns the exit code."""
        end = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < end:
            self.drain()
            time.sleep(0.02)
        code = self.proc.wait(timeout=max(0.1, end - time.monotonic()))
        self.drain()
        return code

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=5)
        if self._open:
            os.close(self.primary)
            self._open = False

    @property
    def text(self) -> str:
        """What was shown, escape sequences removed."""
        return _ANSI.sub(b"", self.output).decode("utf-8", "replace")

    def __enter__(self) -> PtyRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def the_log(directory: Path) -> Path:
    """The one log in ``directory``."""
    logs = sorted(directory.glob("*.toml"))
    assert len(logs) == 1, f"expected one log in {directory}, found {logs}"
    return logs[0]


def steps_logged(directory: Path) -> int:
    """How many steps the log in ``directory`` holds (0 while there is none yet)."""
    logs = list(directory.glob("*.toml"))
    if not logs:
        return 0
    try:
        return len(read_log(logs[0]).records)
    except LogError:
        raise AssertionError(f"a torn log: {logs[0]}") from None


def assert_resumable(path: Path) -> LogData:
    """The log at ``path`` is valid, interrupted, offered for resume, and continues rightly.

    Returns the log as it was found (before the resumed session rewrites it).
    """
    log = read_log(path)  # a torn log raises
    indexes = [r.index for r in log.records]
    assert indexes == list(range(len(indexes))), "every finished step is kept, in order"
    assert log.resume_at == len(indexes), "it points at the first step not finished"
    if log.status is Status.COMPLETED:
        assert len(indexes) == log.steps_planned
        return log
    assert log.status is Status.IN_PROGRESS
    row = newest_in_progress(load_history(path.parent))
    assert row is not None and row.file == path.name, "backtimer resume offers it"

    clock = FakeClock()
    resumption = resume_session(log, clock, max_gap=None)
    assert resumption.log_path == path, "a resumed session goes on in the same log"
    session = resumption.session
    session.start()
    assert session.index == log.resume_at
    assert session.records == log.records
    journal = open_journal(session, path.parent, resumed=resumption)
    assert journal.path == path
    while not session.finished:
        clock.advance(1)
        session.tick()
        if not session.step.timed:
            session.done()
    final = read_log(path)
    assert final.status is Status.COMPLETED and final.resumed == log.resumed + 1
    assert [r.index for r in final.records] == list(range(log.steps_planned))
    assert final.records[: len(log.records)] == log.records, "what was done before is kept"
    assert final.started == log.started
    return log
