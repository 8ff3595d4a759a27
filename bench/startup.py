"""Row 1: process start to the first painted session screen, against a bare Textual app.

Both run under a real pseudo-terminal of 80×24 (``TERM=xterm-256color``). The
clock starts just before the process is spawned and stops when a marker first
shows in what it draws: the first step's name for ``backtimer run demo``, the
header title for the bare app. Runs are interleaved (the order alternates each
round) after one discarded warm-up run each, and the medians are compared.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench import BENCH
from bench.bare_app import TITLE
from bench.ptyrun import PtyProcess, terminal_env
from bench.table import Row
from bench.util import backtimer_argv, median, progress

TARGET_RATIO = 1.25


def first_step_marker(routine: str) -> bytes:
    """Text the session screen shows for the first step of ``routine``: its banner.

    (The exercise's name is drawn in big letters, not as text to find.)
    """
    from backtimer.engine import expand
    from backtimer.routine import load_routine, resolve_routine
    from backtimer.tui.screens.session import banner_text

    step = expand(load_routine(resolve_routine(routine))).steps[0]
    return banner_text(step, paused=False).encode()


def time_to_paint(
    argv: list[str], env: dict[str, str], marker: bytes, logs: Path | None = None
) -> float:
    """Seconds from spawn until ``marker`` is drawn; the process is then stopped.

    The session it leaves in ``logs`` (stopped: resumable) is removed, or the next
    `run` would first ask whether to resume it.
    """
    try:
        with PtyProcess(argv, env) as proc:
            return proc.wait_for(marker, timeout=20)
    finally:
        for path in logs.glob("*.toml") if logs is not None else ():
            path.unlink(missing_ok=True)


def measure(tmp: Path, *, runs: int) -> list[Row]:
    env = terminal_env(tmp / "home")
    apps = {
        "backtimer": (
            backtimer_argv("run", "demo", "--log-dir", tmp / "logs", "--quiet"),
            first_step_marker("demo"),
        ),
        "bare": ([sys.executable, str(BENCH / "bare_app.py")], TITLE.encode()),
    }
    times: dict[str, list[float]] = {name: [] for name in apps}
    logs = tmp / "logs"
    for argv, marker in apps.values():  # warm-up: byte code written, files cached
        time_to_paint(argv, env, marker, logs)
    for round_ in range(runs):
        order = list(apps) if round_ % 2 == 0 else list(reversed(apps))
        for name in order:
            argv, marker = apps[name]
            times[name].append(time_to_paint(argv, env, marker, logs))
    progress(
        "start-up runs (ms): "
        + "; ".join(f"{n} " + " ".join(f"{t * 1000:.0f}" for t in ts) for n, ts in times.items())
    )
    ours, bare = median(times["backtimer"]), median(times["bare"])
    ratio = ours / bare
    return [
        Row(
            f"Start-up to first paint, `run demo` (median of {runs}, pty 80×24)",
            f"{ours * 1000:.0f} ms",
            f"bare Textual app: {bare * 1000:.0f} ms",
            ratio,
            f"ratio ≤ {TARGET_RATIO}",
            ratio <= TARGET_RATIO,
        )
    ]
