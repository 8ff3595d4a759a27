"""``python -m bench [--quick] [--only startup,cpu,...]``: measure and print one table.

The exit code is 0 when every measurement ran, whether or not its target was
met (a miss is marked MISS in the table); 1 when a measurement crashed.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import REPO
from bench.table import Row, error_row, render
from bench.util import progress

GROUPS = (
    "startup",
    "cpu",
    "timing",
    "memory",
    "history",
    "bigstart",
    "loading",
    "importing",
    "fixes",
)


class Settings:
    """How long each measurement runs (full or ``--quick``)."""

    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.startup_runs = 3 if quick else 7
        self.idle_settle = 3.0
        self.idle_window = 10.0 if quick else 30.0
        self.timing_seconds = 20 if quick else 180
        self.history_runs = 1 if quick else 3
        self.loading_runs = 3 if quick else 5


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="backtimer's benchmarks: one table of figures, each compared with "
        "another measured in the same run. See bench/README.md.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a short development run (about a minute)"
    )
    parser.add_argument(
        "--only",
        metavar="ROWS",
        help=f"comma-separated rows to run, of: {', '.join(GROUPS)}",
    )
    args = parser.parse_args(argv)
    if args.only:
        chosen = [g.strip() for g in args.only.split(",") if g.strip()]
        unknown = [g for g in chosen if g not in GROUPS]
        if unknown:
            parser.error(f"unknown row(s): {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
        args.groups = [g for g in GROUPS if g in chosen]
    else:
        args.groups = list(GROUPS)
    return args


def run_groups(groups: list[str], settings: Settings, tmp: Path) -> tuple[list[Row], bool]:
    """Run the chosen measurements; the rows and whether any crashed."""
    from bench import bigstart, fixes, history, idle, importing, loading, startup, timing

    rows: list[Row] = []
    crashed = False
    idle_pair: dict[str, idle.Idle] | None = None

    def idle_measure() -> dict[str, idle.Idle]:
        nonlocal idle_pair
        if idle_pair is None:
            window = settings.idle_window if "cpu" in groups else 5.0
            idle_pair = idle.measure_pair(tmp, settle=settings.idle_settle, window=window)
        return idle_pair

    steps: dict[str, Callable[[], list[Row]]] = {
        "startup": lambda: startup.measure(tmp, runs=settings.startup_runs),
        "cpu": lambda: idle.cpu_rows(idle_measure(), settings.idle_window),
        "memory": lambda: idle.memory_rows(idle_measure()),
        "timing": lambda: timing.measure(tmp, seconds=settings.timing_seconds),
        "history": lambda: history.measure(tmp, runs=settings.history_runs),
        "bigstart": lambda: bigstart.measure(tmp, runs=settings.startup_runs),
        "loading": lambda: loading.measure(tmp, runs=settings.loading_runs),
        "importing": lambda: importing.measure(tmp, runs=settings.history_runs),
        "fixes": lambda: fixes.measure(tmp),
    }
    for group in groups:
        progress(f"{group} …")
        started = time.monotonic()
        try:
            rows += steps[group]()
        except Exception as error:  # noqa: BLE001 - one crash must not hide the other rows
            crashed = True
            traceback.print_exc()
            rows.append(error_row(group, error))
        progress(f"{group} done in {time.monotonic() - started:.0f} s")
    return rows, crashed


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    os.chdir(REPO)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    settings = Settings(args.quick)
    # An installed package ships compiled bytecode (pip compiles it); the editable
    # checkout may not have it, e.g. under PYTHONDONTWRITEBYTECODE. Compile first so
    # backtimer starts as it does when installed, like the Textual it is compared with.
    compileall.compile_dir(REPO / "backtimer", quiet=1)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="backtimer-bench-") as name:
        rows, crashed = run_groups(args.groups, settings, Path(name))
    took = time.monotonic() - started
    now = dt.datetime.now(dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M %Z")
    mode = "quick" if args.quick else "full"
    print(
        f"backtimer bench, {mode} run, {now}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {took:.0f} s"
    )
    print(render(rows))
    missed = [row.name for row in rows if row.ok is False]
    if missed:
        print(f"\n{len(missed)} MISS: " + "; ".join(missed))
    else:
        print("\nEvery target met.")
    return 1 if crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
