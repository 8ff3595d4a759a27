"""Row 6: ``backtimer check`` on a generated routine of about 1,000 steps.

Compared with ``python -c "import tomllib; tomllib.load(...)"`` on the same
file: the interpreter's start-up plus reading the TOML, the least any checker
must do. Both run from spawn to exit, interleaved, median of 5.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.ptyrun import terminal_env
from bench.routines import many_steps
from bench.table import Row
from bench.util import backtimer_argv, median, progress, time_command

TARGET = 0.5  # s


def measure(tmp: Path, *, runs: int) -> list[Row]:
    from backtimer.engine import expand
    from backtimer.routine import load_routine

    routine = many_steps(tmp, 1000)
    steps = len(expand(load_routine(routine)).steps)
    env = terminal_env(tmp / "home")
    check = backtimer_argv("check", routine)
    toml = [
        sys.executable,
        "-c",
        f"import tomllib; tomllib.load(open({str(routine)!r}, 'rb'))",
    ]
    ours: list[float] = []
    base: list[float] = []
    time_command(check, env)  # warm-up
    time_command(toml, env)
    for i in range(runs):
        pair = [(check, ours), (toml, base)]
        for argv, into in pair if i % 2 == 0 else reversed(pair):
            into.append(time_command(argv, env).seconds)
    progress(
        f"check {' '.join(f'{t:.3f}' for t in ours)}; tomllib {' '.join(f'{t:.3f}' for t in base)}"
    )
    a, b = median(ours), median(base)
    return [
        Row(
            f"`backtimer check`, {steps:,}-step routine (median of {runs})",
            f"{a * 1000:.0f} ms",
            f"python + tomllib.load: {b * 1000:.0f} ms",
            a / b,
            f"< {TARGET * 1000:.0f} ms",
            a < TARGET,
        )
    ]
