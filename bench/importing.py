"""Row: ``backtimer import`` of a Hevy export of 7,000 sets in 335 workouts.

The export is generated (:func:`hevy_export`: a year of workouts of 5–7 exercises with
warm-ups, supersets, notes, RPE, bodyweight and timed sets, in Hevy's exact columns and
date format). Each run imports it into an empty folder: ``backtimer import FILE --log-dir
NEW`` from spawn to exit (it parses the file, checks every workout against the folder,
writes 335 logs with fsync and the history index). Then ``backtimer history --plain`` on
that folder, from spawn to exit.

Compared in the same run: the import with ``python -c`` reading the same file with the
``csv`` module (the interpreter's start and the least any importer does); ``history
--plain`` after the import with ``history --plain`` on 335 logs of sessions run here
(``tests.logfactory.make_fake_logs``), both with their index: imported logs read as fast
as native ones. Median of the runs, interleaved.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from bench.ptyrun import terminal_env
from bench.table import Row
from bench.util import backtimer_argv, median, progress, time_command

WORKOUTS = 335
SETS = 7000
IMPORT_TARGET = 3.0  # s
PLAIN_TARGET = 0.5  # s
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"'
)
#: Exercise, start weight (None: bodyweight), timed (seconds) or not.
EXERCISES = (
    ("Bench Press (Barbell)", 60.0, None),
    ("Squat (Barbell)", 80.0, None),
    ("Deadlift (Barbell)", 100.0, None),
    ("Bent Over Row (Barbell)", 50.0, None),
    ("Overhead Press (Barbell)", 35.0, None),
    ("Pull Up", None, None),
    ("Lat Pulldown (Cable)", 45.0, None),
    ("Seated Cable Row - V Grip (Cable)", 50.0, None),
    ("Plank", None, 60),
    ("Bicep Curl (Dumbbell)", 12.5, None),
    ("Triceps Pushdown", 25.0, None),
    ("Leg Press (Machine)", 120.0, None),
)
TITLES = ("Push", "Pull", "Legs", "Upper", "Lower", "Full body")


def _when(t: datetime) -> str:
    return f"{t.day} {MONTHS[t.month - 1]} {t.year}, {t:%H:%M}"


def hevy_export(workouts: int = WORKOUTS, sets: int = SETS, seed: int = 15) -> str:
    """A Hevy CSV export of exactly ``sets`` sets in ``workouts`` workouts."""
    rng = random.Random(seed)
    per = [sets // workouts + (1 if i < sets % workouts else 0) for i in range(workouts)]
    lines = [HEADER]
    day = datetime(2024, 1, 2, 7, 30)  # noqa: DTZ001 - a wall time, as Hevy writes it
    for w, count in enumerate(per):
        day += timedelta(days=1 if w % 3 else 2, minutes=rng.randint(-40, 40))
        start = day
        end = start + timedelta(minutes=45 + rng.randint(0, 40))
        title = f'"{TITLES[w % len(TITLES)]}"'
        times = f'"{_when(start)}","{_when(end)}"'
        description = '"Felt strong\\nslept well"' if w % 7 == 0 else '""'
        chosen = rng.sample(EXERCISES, 6)
        # the sets of one workout, spread over its exercises; the first gets 2 warm-ups
        split = [count // 6 + (1 if i < count % 6 else 0) for i in range(6)]
        for e, ((name, weight, seconds), n) in enumerate(zip(chosen, split, strict=True)):
            superset = '"0"' if e in (4, 5) else ""
            notes = '"Slow eccentric"' if e == 0 and w % 5 == 0 else '""'
            for i in range(n):
                kind = "warmup" if e == 0 and i < 2 else ("failure" if i == n - 1 else "normal")
                load = "" if weight is None else f"{weight + w * 0.25:g}"
                reps = "" if seconds is not None else str(rng.randint(5, 12))
                secs = str(seconds) if seconds is not None else ""
                rpe = f"{rng.choice((7, 7.5, 8, 8.5, 9))}" if kind == "normal" else ""
                lines.append(
                    f'{title},{times},{description},"{name}",{superset},{notes},{i},'
                    f'"{kind}",{load},{reps},,{secs},{rpe}'
                )
    return "\n".join(lines) + "\n"


def measure(tmp: Path, *, runs: int) -> list[Row]:
    from bench import REPO

    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from tests.logfactory import make_fake_logs

    env = terminal_env(tmp / "home")
    export = tmp / "hevy-workouts.csv"
    export.write_text(hevy_export(), encoding="utf-8")
    native = tmp / f"native-{WORKOUTS}"
    make_fake_logs(native, WORKOUTS, seed=15)
    reader = [
        sys.executable,
        "-c",
        f"import csv; rows = list(csv.reader(open({str(export)!r}, newline='')))",
    ]
    time_command(reader, env)  # warm-up: the file and the interpreter in the page cache
    imports: list[float] = []
    base: list[float] = []
    plain: list[float] = []
    plain_native: list[float] = []
    native_argv = backtimer_argv("history", "--plain", "--log-dir", native)
    time_command(native_argv, env)  # builds the native folder's index
    for i in range(runs):
        target = tmp / f"imported-{i}"
        target.mkdir()
        argv = backtimer_argv("import", export, "--log-dir", target)
        pair = [(argv, imports), (reader, base)]
        for command, into in pair if i % 2 == 0 else reversed(pair):
            into.append(time_command(command, env).seconds)
        logs = len(list(target.glob("*.toml")))
        if logs != WORKOUTS:
            raise RuntimeError(f"import wrote {logs} logs, not {WORKOUTS}")
        after = backtimer_argv("history", "--plain", "--log-dir", target)
        pair = [(after, plain), (native_argv, plain_native)]
        for command, into in pair if i % 2 == 0 else reversed(pair):
            into.append(time_command(command, env).seconds)
    progress(
        f"import {' '.join(f'{t:.3f}' for t in imports)}; csv {' '.join(f'{t:.3f}' for t in base)}"
        f"; history after {' '.join(f'{t:.3f}' for t in plain)}"
        f"; native {' '.join(f'{t:.3f}' for t in plain_native)}"
    )
    a, b = median(imports), median(base)
    c, d = median(plain), median(plain_native)
    return [
        Row(
            f"`backtimer import`, Hevy export of {SETS:,} sets / {WORKOUTS} workouts, "
            f"into an empty folder (median of {runs})",
            f"{a:.3f} s",
            f"python + csv.reader of the file: {b:.3f} s",
            a / b,
            f"< {IMPORT_TARGET:g} s",
            a < IMPORT_TARGET,
        ),
        Row(
            f"`history --plain` after the import ({WORKOUTS} imported logs)",
            f"{c:.3f} s",
            f"{WORKOUTS} native logs: {d:.3f} s",
            c / d,
            f"< {PLAIN_TARGET:g} s",
            c < PLAIN_TARGET,
        ),
    ]
