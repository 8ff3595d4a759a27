"""Closed standard streams and a reader that goes away: a message, an exit code, no traceback.

Each command runs as a real process from a shell that closes the stream
(``<&-``, ``>&-``, ``2>&-``), so Python starts with the file descriptor closed and
``sys.stdout`` (or ``stdin``, ``stderr``) set to ``None``: not the same as
``/dev/null`` or a pipe. A reader that went away is a pipe whose reading end is
closed before backtimer starts, so every write fails with ``EPIPE``.
"""

from __future__ import annotations

import os
import pty
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO


def backtimer(args: str, redirect: str, home: Path) -> subprocess.CompletedProcess[str]:
    """``backtimer ARGS REDIRECT`` from bash, with the streams left open captured."""
    command = f"exec {shlex.quote(sys.executable)} -m backtimer {args} {redirect}"
    return subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKTIMER_HOME": str(home)},
        cwd=REPO,
        timeout=30,
    )


def test_run_with_stdin_closed_says_it_needs_a_terminal(home: Path, tmp_path: Path) -> None:
    done = backtimer(f"run demo --log-dir {tmp_path / 'logs'}", "<&-", home)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "Needs a terminal" in done.stderr and "stdin is closed" in done.stderr
    assert not (tmp_path / "logs").exists() or not list((tmp_path / "logs").iterdir())


def test_history_with_stdin_closed_says_it_needs_a_terminal(home: Path) -> None:
    """Not a traceback, and not the review drawn into nowhere, waiting for keys."""
    from tests.logfactory import make_fake_logs

    make_fake_logs(home / "data" / "sessions", 1)  # no sessions: a hint, no screen to draw
    done = backtimer("history", "<&-", home)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "Needs a terminal" in done.stderr and "stdin is closed" in done.stderr
    assert "history --plain" in done.stderr


@pytest.mark.parametrize(
    "args", ["history --plain", "history --json", "plan demo", "list", "check demo", "schema"]
)
def test_printing_to_a_closed_stdout_fails_with_a_message(args: str, home: Path) -> None:
    done = backtimer(args, ">&-", home)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert "stdout is closed" in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 3, done.stderr


def test_a_closed_stderr_keeps_errors_out_of_stdout(home: Path) -> None:
    """An error with nowhere to go is dropped; it never lands in stdout's data."""
    done = backtimer("plan no-such-routine", "2>&-", home)
    assert done.returncode == 2
    assert done.stdout == ""


def test_a_closed_stderr_leaves_stdout_as_it_is(home: Path) -> None:
    done = backtimer("history --plain", "2>&-", home)
    assert done.returncode == 0
    assert done.stdout.startswith("date\troutine\t")


@pytest.mark.parametrize(
    "args", ["plan demo", "list", "check demo", "history --json", "schema", "--help"]
)
def test_a_reader_that_went_away_is_not_an_error(args: str, home: Path) -> None:
    """``backtimer plan demo | head -1``: quiet; exit 1 (Python's advice, Rich's choice),
    0 where the command takes it in its stride (history's table, argparse's help)."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write
    try:
        done = subprocess.run(
            [sys.executable, "-m", "backtimer", *args.split()],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "BACKTIMER_HOME": str(home), "COLUMNS": "100"},
            cwd=REPO,
            timeout=30,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == (0 if args in ("history --json", "--help") else 1)


def test_head_in_a_real_shell_pipeline(home: Path) -> None:
    done = subprocess.run(
        ["bash", "-c", f"{shlex.quote(sys.executable)} -m backtimer schema | head -c 1"],
        capture_output=True,
        text=True,
        env={**os.environ, "BACKTIMER_HOME": str(home)},
        cwd=REPO,
        timeout=30,
    )
    assert done.stdout == "{" and done.stderr == ""


def test_session_with_stderr_closed_in_a_terminal_refuses(home: Path, tmp_path: Path) -> None:
    """Textual draws on stderr: closed, there is nothing to draw on (stdin, stdout a pty)."""
    logs = tmp_path / "logs"
    primary, secondary = pty.openpty()
    try:
        proc = subprocess.Popen(
            [
                "bash",
                "-c",
                f"exec {shlex.quote(sys.executable)} -m backtimer run demo --log-dir "
                f"{shlex.quote(str(logs))} 2>&-",
            ],
            stdin=secondary,
            stdout=secondary,
            env={**os.environ, "BACKTIMER_HOME": str(home), "TERM": "xterm-256color"},
            cwd=REPO,
            start_new_session=True,
        )
        os.close(secondary)
        os.set_blocking(primary, False)
        shown = b""
        end = time.monotonic() + 20
        while proc.poll() is None and time.monotonic() < end:
            try:
                shown += os.read(primary, 65536)
            except OSError:
                time.sleep(0.05)
        if proc.poll() is None:
            proc.kill()
        code = proc.wait(timeout=5)
    finally:
        os.close(primary)
    assert code == 2, shown[-400:]
    assert b"Traceback" not in shown
    assert not logs.exists() or not list(logs.iterdir()), "no session was started"
