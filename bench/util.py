"""Small helpers shared by the measurements: commands, timing a child, medians."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import REPO


def backtimer_argv(*args: str | Path) -> list[str]:
    """The ``backtimer`` console script of this venv (what a user runs), with ``args``."""
    script = Path(sys.executable).parent / "backtimer"
    head = [str(script)] if script.exists() else [sys.executable, "-m", "backtimer"]
    return head + [str(a) for a in args]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def progress(message: str) -> None:
    """A line on stderr, so a long run shows where it is (the table goes to stdout)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


@dataclass
class Timed:
    """A finished child: wall seconds, exit code, peak RSS (MB, from ``wait4``)."""

    seconds: float
    returncode: int
    peak_rss_mb: float


def time_command(
    argv: Sequence[str | Path], env: Mapping[str, str] | None = None, timeout: float = 120
) -> Timed:
    """Run ``argv`` (output discarded), timing it from spawn to exit, with its peak RSS.

    Raises:
        RuntimeError: The command failed or did not finish in ``timeout`` s.
    """
    start = time.monotonic()
    proc = subprocess.Popen(
        [str(a) for a in argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(env) if env is not None else None,
        cwd=REPO,
    )
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            raise RuntimeError(f"{argv[0]} … did not finish within {timeout:g} s")
        time.sleep(0.001)
    seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} exited {proc.returncode}: {err[-300:]}")
    return Timed(seconds, proc.returncode, usage.ru_maxrss / 1024)
