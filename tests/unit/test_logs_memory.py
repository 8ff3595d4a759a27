"""Training memory read from the logs (backtimer.logs.memory), through its cache.

The truth is what memory says with neither file (``.memory-cache.json``,
``.memory-index.json``) present: every log read. After any change to the folder,
the answer through the cache must be exactly that.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from backtimer.engine import Outcome, Status
from backtimer.engine.memory import Memory
from backtimer.engine.prs import Bests, E1rm
from backtimer.logs import LogLock, read_log, write_log
from backtimer.logs.memory import (
    CACHE_NAME,
    INDEX_NAME,
    KEEP_SESSIONS,
    Pending,
    load_memory,
    recall,
    recall_soon,
)
from tests.conftest import DATA
from tests.logfactory import make_fake_logs


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    target = tmp_path / "sessions"
    shutil.copytree(DATA / "logs", target)
    return target


def truth(folder: Path) -> Memory:
    """Memory with every log read (the cache files set aside, then put back)."""
    saved = {}
    for name in (CACHE_NAME, INDEX_NAME):
        path = folder / name
        if path.exists():
            saved[name] = path.read_bytes()
            path.unlink()
    try:
        return load_memory(folder)
    finally:
        for name in (CACHE_NAME, INDEX_NAME):
            (folder / name).unlink(missing_ok=True)
            if name in saved:
                (folder / name).write_bytes(saved[name])


def test_sessions_per_exercise_newest_first_with_their_sets(logs: Path) -> None:
    memory = load_memory(logs)
    assert set(memory.sessions) == {"bent-over row", "deadlift"}
    rows = memory.of("Bent-Over  ROW")
    assert [s.started for s in rows] == sorted((s.started for s in rows), reverse=True)
    newest = rows[0]
    assert newest.file == "2026-11-24T18-02-00_back-strength.toml"
    log = read_log(logs / newest.file)
    sets = [r for r in log.records if r.is_set and r.exercise == "Bent-over row"]
    assert [s.reps for s in newest.sets] == [r.reps for r in sets]
    assert [s.weight for s in newest.sets] == [r.weight for r in sets]
    assert [s.warmup for s in newest.sets] == [r.kind == "warmup_set" for r in sets]
    assert newest.imported is False
    assert "2026-11-12T18-00-00_truncated.toml" not in {s.file for s in rows}  # unreadable


def test_the_cache_answers_the_same_and_follows_every_change(logs: Path) -> None:
    first = load_memory(logs)
    assert (logs / CACHE_NAME).exists()
    assert (logs / INDEX_NAME).exists()
    assert load_memory(logs) == first == truth(logs)
    newest = logs / "2026-11-24T18-02-00_back-strength.toml"
    log = read_log(newest)
    # added: a later session
    later = replace(log, started=log.started + timedelta(days=2))
    write_log(later, logs / "2026-11-26T18-02-00_back-strength.toml")
    assert load_memory(logs) == truth(logs) != first
    # edited atomically (as the history's detail does): a weight changed
    records = [
        replace(r, weight=(r.weight or 0) + 100) if r.is_set and r.weight else r
        for r in log.records
    ]
    write_log(replace(log, records=records), newest)
    assert load_memory(logs) == truth(logs)
    heavy = load_memory(logs).of("Deadlift")
    assert any((s.weight or 0) > 100 for session in heavy for s in session.sets)
    # edited in place (an editor that does not rename), same size, another time
    text = newest.read_text("utf-8")
    with newest.open("r+", encoding="utf-8") as handle:
        handle.write(text.replace("weight = 1", "weight = 2", 1))
    stat = newest.stat()
    os.utime(newest, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_memory(logs) == truth(logs)
    # deleted: one memory keeps, and then the oldest
    newest.unlink()
    assert load_memory(logs) == truth(logs)
    (logs / "2026-11-03T18-04-12_back-strength.toml").unlink()
    assert load_memory(logs) == truth(logs)
    # a log that cannot be read is skipped, never a crash
    (logs / "2026-11-30T18-00-00_junk.toml").write_bytes(b"\xff\xfe not toml [[[")
    assert load_memory(logs) == truth(logs)


def test_only_the_latest_sessions_and_the_best_holders_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    make_fake_logs(folder, 60, seed=3)
    memory = load_memory(folder)
    everything = truth(folder)  # also through _keep: compare with all logs read plainly
    for key, sessions in memory.sessions.items():
        logs = [read_log(folder / s.file) for s in sessions]
        assert all(log.path is not None for log in logs)
        assert len(sessions) >= KEEP_SESSIONS
        assert list(sessions) == list(everything.sessions[key])
    # the bests over what is kept are the bests over every log
    from backtimer.logs.memory import _keep, _sessions, entry_of

    every = {p.name: entry_of(read_log(p)) for p in sorted(folder.glob("*.toml"))}
    full = _sessions(every)
    assert set(_keep(every)) < set(every)  # something was left out
    for key, sessions in full.items():
        for formula in E1rm:
            kept = Bests.of(key, memory.sessions[key], formula).all()
            assert kept == Bests.of(key, sessions, formula).all()
        assert list(memory.sessions[key][:KEEP_SESSIONS]) == sessions[:KEEP_SESSIONS]


def test_in_progress_counts_but_not_a_running_sessions_log(logs: Path) -> None:
    newest = logs / "2026-11-24T18-02-00_back-strength.toml"
    log = read_log(newest)
    write_log(replace(log, status=Status.IN_PROGRESS, ended=None), newest)
    found = recall(logs)
    assert found.in_progress == (newest.name,)
    assert newest.name in {s.file for s in found.memory.of("Deadlift")}
    lock = LogLock.acquire(newest)
    try:
        (logs / CACHE_NAME).unlink()
        running = recall(logs)
        assert running.in_progress == ()
        assert newest.name not in {s.file for s in running.memory.of("Deadlift")}
        assert recall(logs) == running  # still running: still left out
    finally:
        lock.release(remove=True)
    assert recall(logs) == found  # over: it counts again


def test_targets_and_timed_seconds_reach_memory(logs: Path) -> None:
    path = logs / "2026-11-24T18-02-00_back-strength.toml"
    log = read_log(path)
    records = []
    for r in log.records:
        if r.is_set and r.reps is not None:
            r = replace(r, target_reps=r.reps + 1, target_weight=50.0)
        records.append(r)
    write_log(replace(log, records=records), path)
    (done,) = [s for s in load_memory(logs).of("Deadlift") if s.file == path.name]
    work = done.work[0]
    assert work.target_reps == (work.reps or 0) + 1
    assert work.target_weight == 50.0
    assert work.outcome is Outcome.DONE


def test_a_missing_or_unlistable_folder_is_no_memory(tmp_path: Path) -> None:
    assert load_memory(tmp_path / "nothing") == Memory()
    (tmp_path / "file").write_text("x")
    assert load_memory(tmp_path / "file") == Memory()


def test_a_read_only_folder_still_answers(logs: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    logs.chmod(0o555)
    try:
        assert load_memory(logs) == truth_readonly(logs)
    finally:
        logs.chmod(0o755)


def truth_readonly(folder: Path) -> Memory:
    copy = folder.parent / "copy"
    shutil.copytree(folder, copy)
    return truth(copy)


def test_recall_soon_reads_in_a_child_what_recall_reads_here(logs: Path) -> None:
    pending = recall_soon(logs)
    try:
        assert pending.result() == recall(logs)
        assert pending.result() is pending.result()
    finally:
        pending.close()


@pytest.mark.parametrize("sent", [b"", b"{not json", b'{"x.toml": {"status": 1}}', b"[]"])
def test_what_a_failed_child_sent_is_read_again_here(logs: Path, sent: bytes) -> None:
    read, write = os.pipe()
    os.write(write, sent)
    os.close(write)
    pending = Pending(logs, None, read)
    assert pending.result() == recall(logs)
    pending.close()


def test_sides_survive_the_cache(tmp_path: Path) -> None:
    """Regression: the cache dropped a set's side, so last time per side fell back on the
    order the sets were done in."""
    import random
    from datetime import UTC, datetime

    from backtimer.routine import parse_routine
    from tests.logfactory import run_session

    routine = parse_routine(
        '[routine]\nname = "One arm"\n[defaults]\nget_ready = 0\n'
        '[[exercise]]\nname = "Single-arm row"\nsets = 2\nreps = 10\nweight = 16\n'
        'sides = ["left", "right"]\n',
        "one-arm.toml",
    )
    run_session(routine, tmp_path, datetime(2026, 11, 2, 18, tzinfo=UTC), random.Random(1))
    first = load_memory(tmp_path)  # built from the log, and the cache written
    assert (tmp_path / CACHE_NAME).exists()
    cached = load_memory(tmp_path)  # from the cache
    for memory in (first, cached):
        sides = [s.side for s in memory.of("Single-arm row")[0].sets]
        assert sides == ["left", "right", "left", "right"]


def test_a_cold_start_answers_from_the_newest_logs_then_the_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No cache and no index (the first start after an upgrade): the child answers first
    from the newest logs (planning needs the latest sessions), then with all of them."""
    import backtimer.logs.memory as module

    monkeypatch.setattr(module, "QUICK_LOGS", 12)  # the forked child inherits it
    monkeypatch.setattr(module, "QUICK_HEADSTART", 0)
    make_fake_logs(tmp_path, 40, seed=3)
    whole = truth(tmp_path)
    pending = recall_soon(tmp_path)
    try:
        first = pending.result()
        assert first.partial and pending.partial
        newest = sorted(p.name for p in tmp_path.glob("*.toml"))[-12:]
        files = {s.file for past in first.memory.sessions.values() for s in past}
        assert files <= set(newest) and files
        rest = pending.rest()
        assert not rest.partial and rest.memory == whole
        assert pending.rest() is rest
    finally:
        pending.close()
    assert (tmp_path / CACHE_NAME).exists(), "the child wrote the cache for the next start"
    warm = recall_soon(tmp_path)
    try:
        assert not warm.result().partial and warm.result().memory == whole
    finally:
        warm.close()


def test_few_logs_or_a_cache_answer_whole_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backtimer.logs.memory as module

    monkeypatch.setattr(module, "QUICK_LOGS", 12)
    make_fake_logs(tmp_path, 10, seed=3)
    pending = recall_soon(tmp_path)
    try:
        assert not pending.result().partial
    finally:
        pending.close()


def test_a_pending_memory_closed_early_never_reads_every_log_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The App ended before the whole memory came (quit in the first second): closing
    stops the wait, and the waiting thread gets the partial answer back at once, instead
    of reading every log in this process on its way out."""
    import backtimer.logs.memory as module

    monkeypatch.setattr(module, "QUICK_LOGS", 12)
    monkeypatch.setattr(module, "QUICK_HEADSTART", 60)  # the child reads on, for long
    make_fake_logs(tmp_path, 40, seed=3)
    pending = recall_soon(tmp_path)
    child = pending._pid
    try:
        first = pending.result()
        assert first.partial
        pending.close()
        read_here: list[Path] = []
        monkeypatch.setattr(module, "recall", lambda folder: read_here.append(folder))
        assert pending.rest() is first and read_here == []
    finally:
        if child is not None:  # not left to sleep on after the test
            os.kill(child, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child, 0)
