"""Row 8: start-up with 5,000 session logs in the log folder, against a bare Textual app.

``backtimer run demo --log-dir BIG`` where BIG holds 5,000 logs written by
``tests.logfactory.make_fake_logs`` (as the History row makes them), timed from
spawn to the first step's banner exactly as the Start-up row times it, and the
bare app the same way, interleaved. Two figures:

* **warm**: the history index and the memory cache present (as after any earlier
  start): what every start costs. Median of the start-up row's number of runs.
* **cold**: before each run ``.history-index.json``, ``.memory-cache.json`` and
  ``.memory-index.json`` are removed (the first start after an upgrade): the run
  paints from the newest logs and reads every log in a child process meanwhile.

The log each run leaves (a stopped session) and its lock are removed after it, so the
folder holds the same 5,000 logs for every run.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench import BENCH
from bench.bare_app import TITLE
from bench.history import make_logs
from bench.ptyrun import PtyProcess, terminal_env
from bench.startup import TARGET_RATIO, first_step_marker
from bench.table import Row
from bench.util import backtimer_argv, median, progress

SIZE = 5000
CACHES = (".history-index.json", ".memory-cache.json", ".memory-index.json")


def _paint(argv: list[str], env: dict[str, str], marker: bytes, folder: Path | None) -> float:
    """Seconds from spawn to ``marker``; files the run added to ``folder`` are removed."""
    before = set(folder.iterdir()) if folder is not None else set()
    try:
        with PtyProcess(argv, env) as proc:
            return proc.wait_for(marker, timeout=60)
    finally:
        if folder is not None:
            for path in set(folder.iterdir()) - before:
                if path.name not in CACHES:
                    path.unlink(missing_ok=True)


def _settled(folder: Path, timeout: float = 60.0) -> None:
    """Wait until training memory's cache is written again after a cold start.

    A cold start paints from the newest logs and reads the rest in a child process that
    outlives a run stopped at its first paint; it writes the cache when done. Timing the
    next run before that would time a second cold start (and the child's work beside it).
    """
    end = time.monotonic() + timeout
    while not (folder / CACHES[1]).exists() and time.monotonic() < end:
        time.sleep(0.05)
    time.sleep(0.2)  # the child sends its answer to a closed pipe and leaves


def measure(tmp: Path, *, runs: int) -> list[Row]:
    env = terminal_env(tmp / "home")
    folder = tmp / f"history-{SIZE}"
    if not folder.is_dir():
        folder = make_logs(tmp, SIZE)
    marker = first_step_marker("demo")
    ours = backtimer_argv("run", "demo", "--log-dir", folder, "--quiet")
    bare = [sys.executable, str(BENCH / "bare_app.py")]

    def cold() -> float:
        for name in CACHES:
            (folder / name).unlink(missing_ok=True)
        return _paint(ours, env, marker, folder)

    _paint(ours, env, marker, folder)  # warm-up: caches written, files cached
    _settled(folder)
    _paint(bare, env, TITLE.encode(), None)
    times: dict[str, list[float]] = {"warm": [], "bare": [], "cold": []}
    for round_ in range(runs):
        order = ["warm", "bare"] if round_ % 2 == 0 else ["bare", "warm"]
        for name in order:
            if name == "warm":
                times[name].append(_paint(ours, env, marker, folder))
            else:
                times[name].append(_paint(bare, env, TITLE.encode(), None))
    for _ in range(max(1, runs // 3)):
        times["cold"].append(cold())
        _settled(folder)  # caches back for whatever runs next
    progress(
        "start-up with 5,000 logs (ms): "
        + "; ".join(f"{n} " + " ".join(f"{t * 1000:.0f}" for t in ts) for n, ts in times.items())
    )
    warm, base, first = median(times["warm"]), median(times["bare"]), median(times["cold"])
    return [
        Row(
            f"Start-up with {SIZE:,} logs, `run demo` to first paint, warm (index and cache)",
            f"{warm * 1000:.0f} ms",
            f"bare Textual app: {base * 1000:.0f} ms",
            warm / base,
            f"ratio ≤ {TARGET_RATIO}",
            warm / base <= TARGET_RATIO,
        ),
        Row(
            f"Start-up with {SIZE:,} logs, cold (no index, no cache: every log read once)",
            f"{first * 1000:.0f} ms",
            f"bare Textual app: {base * 1000:.0f} ms",
            first / base,
            f"ratio ≤ {TARGET_RATIO}",
            first / base <= TARGET_RATIO,
        ),
    ]
