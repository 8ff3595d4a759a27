"""Session logs for tests and benchmarks: a tiny routine and a fake-log generator.

``make_fake_logs(directory, n, seed)`` writes ``n`` realistic logs, each made by
running a real :class:`~backtimer.engine.Session` on a fake clock through a real
:class:`~backtimer.logs.Journal`, so they are exactly what backtimer writes.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import tomli_w

from backtimer.engine import FakeClock, Session, expand
from backtimer.logs import Journal
from backtimer.routine import Routine, parse_routine

TINY_ROUTINE = """\
[routine]
name = "Tiny back"
description = "Two moves, for tests"

[defaults]
rest = 3
get_ready = 0
unit = "kg"

[[warmup]]
name = "Arm circles"
duration = 2

[[exercise]]
name = "Bent-over row"
sets = 2
reps = 5
weight = 40

[[stretch]]
name = "Child's pose"
hold = 20
"""

ROUTINE_NAMES = ("Back strength", "Beginner back", "Desk posture")


def tiny_routine(path: Path | str = "tiny.toml") -> Routine:
    """The tiny routine (warm-up 2 s, 2 rep sets, rests of 3 s, a 20 s stretch)."""
    return parse_routine(TINY_ROUTINE, path)


def routine_text(name: str, weight: float) -> str:
    """A small routine with ``name`` and a row + deadlift at ``weight``."""
    return f"""\
[routine]
name = "{name}"

[defaults]
rest = 60
get_ready = 0

[[exercise]]
name = "Bent-over row"
sets = 3
reps = 10
weight = {weight:g}

[[exercise]]
name = "Deadlift"
sets = 2
reps = 5
weight = {weight * 2:g}
"""


def run_session(
    routine: Routine,
    directory: Path,
    start: datetime,
    rng: random.Random,
    *,
    complete: bool = True,
) -> Journal:
    """Run ``routine`` on a fake clock from ``start``; log it in ``directory``."""
    clock = FakeClock(wall_start=start)
    session = Session(expand(routine), clock, max_gap=None)
    journal = Journal(session, directory)
    journal.write = _no_write(journal)  # type: ignore[method-assign]
    session.start()
    stop_at = len(session.plan.steps) if complete else rng.randrange(1, len(session.plan.steps))
    while not session.finished and session.index < stop_at:
        step = session.step
        if step.timed:
            clock.advance(step.duration.seconds if step.duration else 1)
            session.tick()
        else:
            clock.advance(rng.uniform(20, 40))
            index = step.index
            session.done()
            base = step.weight or 20
            session.log_set(
                index,
                reps=max(1, (step.reps or 8) + rng.randint(-2, 1)),
                weight=base + rng.choice((0, 0, 2.5, 5)),
                rpe=rng.randint(6, 9),
            )
    if not complete and not session.finished:
        session.quit()
    del journal.write
    journal.write()
    return journal


def _no_write(journal: Journal):
    """Skip the per-event writes while generating (only the final one matters)."""

    def write() -> bool:
        return True

    return write


def make_fake_logs(directory: Path, n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` session logs in ``directory`` (about every other day, back in time).

    A template log per routine is made by a real session; copies of it get
    shifted dates and varied weights, so thousands are written quickly.
    """
    import tomllib

    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    templates = []
    for name in ROUTINE_NAMES:
        routine = parse_routine(routine_text(name, 40), f"{name}.toml")
        journal = run_session(
            routine, directory / ".tmp", datetime(2026, 1, 1, 18, tzinfo=UTC), rng
        )
        templates.append(tomllib.loads(journal.path.read_text("utf-8")))
        journal.path.unlink()
    (directory / ".tmp").rmdir()
    start = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
    paths = []
    for i in range(n):
        doc = tomllib.loads(tomli_w.dumps(rng.choice(templates)))
        when = start - timedelta(days=i * 1.5, minutes=rng.randint(0, 120))
        shift = when - doc["started"]
        doc["started"] += shift
        for key in ("ended", "updated"):
            if key in doc:
                doc[key] += shift
        bump = rng.choice((0, 2.5, 5, -2.5))
        for step in doc["step"]:
            step["started"] += shift
            step["ended"] += shift
            if "weight" in step:
                step["weight"] = max(0.0, step["weight"] + bump)
        stem = f"{when.strftime('%Y-%m-%dT%H-%M-%S')}_fake-{i}"
        path = directory / f"{stem}.toml"
        path.write_text(tomli_w.dumps(doc, multiline_strings=True), "utf-8")
        paths.append(path)
    return paths


#: One set for :func:`write_sets_log`: exercise, reps, weight (None: bodyweight),
#: seconds (a timed set; None for a rep set).
SetSpec = tuple[str, int | None, float | None, float | None]


def write_sets_log(directory: Path, started: datetime, sets: list[SetSpec]) -> Path:
    """A completed session log with just ``sets`` (done, in kg), as an import writes one."""
    from backtimer.engine import Outcome, Status, StepKind, StepRecord
    from backtimer.logs import LogData, log_name, write_log
    from backtimer.routine import Unit

    records = []
    when = started
    for index, (exercise, reps, weight, seconds) in enumerate(sets):
        end = when + timedelta(seconds=seconds or 30)
        records.append(
            StepRecord(
                index=index,
                kind=StepKind.SET,
                name=exercise,
                exercise=exercise,
                set_number=1 + sum(1 for r in records if r.exercise == exercise),
                set_count=sum(1 for s in sets if s[0] == exercise),
                side=None,
                planned=None if seconds is None else round(seconds),
                actual=seconds or 30.0,
                paused=0.0,
                outcome=Outcome.DONE,
                started=when,
                ended=end,
                reps=reps,
                weight=weight,
                unit=Unit.KG if weight is not None else None,
                entered=True,
            )
        )
        when = end
    log = LogData(
        started=started,
        routine_name="Sets",
        status=Status.COMPLETED,
        records=records,
        ended=when,
        steps_planned=len(records),
        resume_at=len(records),
    )
    directory.mkdir(parents=True, exist_ok=True)
    path = log_name(started, "Sets", directory)
    write_log(log, path)
    return path
