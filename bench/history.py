"""Row 5: ``backtimer history`` at 1,000 and 5,000 session logs.

The logs are written by ``tests.logfactory.make_fake_logs`` (real sessions run
on a fake clock through the real journal, then copied with shifted dates) into
the run's temporary folder. For each size, interleaved, median of 3:

* ``backtimer history --plain`` from spawn to exit, cold (no
  ``.history-index.json``: every log is parsed and the index written) and warm
  (with the index), and its peak RSS (``ru_maxrss`` from ``wait4``);
* the review screen's time to interactive (``bench.review_probe`` in a fresh
  process: construct ``HistoryApp``, which reads the history through the
  index, until the sessions table has handled ↓).

Each figure at 5,000 is compared with the same figure at 1,000: growth up to 5×
is linear or better.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench.ptyrun import terminal_env
from bench.table import Row
from bench.util import backtimer_argv, median, progress, time_command

SIZES = (1000, 5000)
GROWTH = 5.0
PLAIN_TARGET = 0.5  # s, warm, at 5,000
REVIEW_TARGET = 1.0  # s, at 5,000
RSS_TARGET = 150.0  # MB, --plain at 5,000


def make_logs(tmp: Path, n: int) -> Path:
    from bench import REPO

    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from tests.logfactory import make_fake_logs

    directory = tmp / f"history-{n}"
    make_fake_logs(directory, n, seed=7)
    return directory


def review(directory: Path, env: dict[str, str]) -> dict[str, float]:
    spawned = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "bench.review_probe", str(directory), str(spawned)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"review probe failed: {done.stderr[-400:]}")
    return json.loads(done.stdout)


def measure(tmp: Path, *, runs: int) -> list[Row]:
    from bench import REPO

    env = terminal_env(tmp / "home")
    env["PYTHONPATH"] = str(REPO)
    t0 = time.monotonic()
    dirs = {n: make_logs(tmp, n) for n in SIZES}
    progress(f"history: wrote {sum(SIZES)} logs in {time.monotonic() - t0:.1f} s")
    cold: dict[int, list[float]] = {n: [] for n in SIZES}
    warm: dict[int, list[float]] = {n: [] for n in SIZES}
    rss: dict[int, list[float]] = {n: [] for n in SIZES}
    app: dict[int, list[float]] = {n: [] for n in SIZES}
    proc: dict[int, list[float]] = {n: [] for n in SIZES}
    rows_at: dict[int, int] = {}
    for _ in range(runs):
        for n, directory in dirs.items():
            argv = backtimer_argv("history", "--plain", "--log-dir", directory)
            (directory / ".history-index.json").unlink(missing_ok=True)
            first = time_command(argv, env)
            if not (directory / ".history-index.json").exists():
                raise RuntimeError("history --plain wrote no index")
            cold[n].append(first.seconds)
            second = time_command(argv, env)
            warm[n].append(second.seconds)
            rss[n] += [first.peak_rss_mb, second.peak_rss_mb]
            seen = review(directory, env)
            app[n].append(seen["app"])
            proc[n].append(seen["process"])
            rows_at[n] = int(seen["rows"])
    small, big = SIZES

    def show(values: dict[int, list[float]]) -> str:
        return ", ".join(f"{n}: " + " ".join(f"{v:.3f}" for v in values[n]) for n in SIZES)

    progress(f"history cold {show(cold)}; warm {show(warm)}; review {show(app)}")

    def growth_row(
        name: str, values: dict[int, list[float]], target: float | None, unit: str = "s"
    ) -> Row:
        a, b = median(values[small]), median(values[big])
        ratio = b / a
        ok = ratio <= GROWTH and (target is None or b < target)
        goal = f"growth ≤ {GROWTH:g}×" + (f", < {target:g} {unit}" if target else "")
        return Row(name, f"{b:.3f} {unit}", f"at {small:,}: {a:.3f} {unit}", ratio, goal, ok)

    big_rss, small_rss = max(rss[big]), max(rss[small])
    return [
        growth_row(
            f"`history --plain`, warm (index), {big:,} logs (median of {runs})",
            warm,
            PLAIN_TARGET,
        ),
        growth_row(f"`history --plain`, cold (no index), {big:,} logs", cold, None),
        growth_row(
            f"Review screen to interactive, {big:,} logs (in-process, {rows_at[big]} rows shown)",
            app,
            REVIEW_TARGET,
        ),
        growth_row(
            f"Review screen to interactive, {big:,} logs, from process start",
            proc,
            None,
        ),
        Row(
            f"Peak RSS of `history --plain`, {big:,} logs",
            f"{big_rss:.1f} MB",
            f"at {small:,}: {small_rss:.1f} MB",
            big_rss / small_rss,
            f"< {RSS_TARGET:.0f} MB",
            big_rss < RSS_TARGET,
        ),
    ]
