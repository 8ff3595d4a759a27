"""Training memory: every exercise's earlier sessions, read from the logs fast enough for start-up.

:func:`load_memory` gives a :class:`~backtimer.engine.memory.Memory`: for every exercise
(by :func:`~backtimer.engine.memory.exercise_key`) its earlier sessions, newest first.
(:func:`load_all_sessions` gives all of them, through the index below: for charts.)
It runs before the session screen's first paint, with thousands of logs in the folder,
so it reads two files of its own instead of the logs:

``.memory-cache.json`` (read at every start, small)
    The folder's listing (each ``*.toml`` log's name, ``mtime_ns`` and size) and the
    sets of only the logs memory keeps: per exercise its **last 10 sessions**, every
    older session that **holds a best** now (:meth:`~backtimer.engine.prs.Bests.holders`:
    so records over all time are still right), and every session **in progress**.
``.memory-index.json`` (read only to rebuild the cache)
    The sets of every log, keyed like the history index by name, ``mtime_ns`` and size.

At start the folder is listed and each log ``stat``-ed (~15 ms for 5,000 logs; ``backtimer
run`` does it in a forked child while it imports Textual: :func:`recall_soon`), and the
listing is compared with the cache's:

- the same: the cache is the answer;
- logs added, or changed or deleted logs the cache does not keep: only the added and
  changed ones are read and merged in (after a workout: one log). A log the cache does
  not keep added nothing to it (it is neither among the last 10 nor a best), so
  dropping it changes nothing, and its new text is merged like a new log;
- a log the cache keeps changed or deleted (an edit in the history, a resumed session):
  what replaces it may be any older log, so memory is rebuilt from the index (only
  changed logs are parsed again);
- no cache, or one damaged in any way (a checksum covers it, every kept entry is
  checked): rebuilt the same way. Neither file is ever trusted.

Both are written atomically and only when they change; a folder that cannot be written
just means reading more next time. A log that cannot be read (or whose numbers are
nonsense) is skipped, never a crash. A session **in progress** counts (what was done is
done), except the log a running session owns right now (:func:`lock_owner`): it is left
out and looked at again on the next start.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from backtimer.engine import Outcome, Status
from backtimer.engine.memory import Memory, PastSession, PastSet, exercise_key, past_set
from backtimer.engine.prs import Bests, E1rm
from backtimer.logs.atomic import atomic_write
from backtimer.logs.lock import lock_owner
from backtimer.logs.logfile import (
    LogData,
    LogError,
    check_totals,
    is_index_int,
    is_index_number,
    read_limited,
    read_log,
)
from backtimer.routine import Unit

CACHE_NAME = ".memory-cache.json"
INDEX_NAME = ".memory-index.json"
CACHE_VERSION = 3  # 2: "imported" from the log's [import] table; 3: a set's side
#: How many of an exercise's latest sessions memory keeps (older ones only if they hold a best).
KEEP_SESSIONS = 10
#: The largest cache or index read.
MAX_BYTES = 256 * 1024 * 1024
#: When memory must be rebuilt from more logs than this (no cache: the first start after
#: an upgrade, or the files deleted; or a log it keeps was edited), :func:`recall_soon`
#: answers first from this many newest logs, and the whole memory follows while the
#: session runs (see :class:`Pending`).
QUICK_LOGS = 50
#: Seconds the child waits, after that first answer, before it reads the rest (at a lower
#: priority): the session's first paint, on the other core, is not slowed by it.
QUICK_HEADSTART = 1.0

#: A log's entry: its start, routine, status, whether imported, and its sets per exercise.
Entry = dict[str, Any]


class Recall(NamedTuple):
    """What start-up needs from the log folder (a named tuple: cheaper to define at import).

    Attributes:
        memory: Every exercise's earlier sessions.
        in_progress: The logs (file names) of sessions still in progress that no running
            session owns: only when there is one need the history be read to offer it.
    """

    memory: Memory = Memory()
    in_progress: tuple[str, ...] = ()
    #: Only the newest logs were read (a cold start): :meth:`Pending.rest` gives all.
    partial: bool = False


def load_memory(log_dir: Path) -> Memory:
    """Every exercise's earlier sessions in ``log_dir`` (see the module's doc); never raises."""
    return recall(log_dir).memory


class Pending:
    """Memory being read in a child process (:func:`recall_soon`); :meth:`result` waits.

    On a cold start (see :data:`QUICK_LOGS`) the first answer is ``partial``: from the
    newest logs, enough to plan by (last time and progression look at the latest
    sessions); :meth:`rest` waits for the whole of it, which records need, and which
    arrives seconds later, while the session runs.
    """

    def __init__(self, log_dir: Path, pid: int | None = None, pipe: int | None = None) -> None:
        self.log_dir = log_dir
        self._pid = pid
        self._pipe = pipe
        self._result: Recall | None = None
        self._more = False  # a partial answer was read: the child reads on
        self._abandoned = False  # closed while the child read on

    def result(self) -> Recall:
        """What the child read first; if it could not tell (it failed), read here instead."""
        if self._result is None:
            self._result = self._collect() or recall(self.log_dir)
        return self._result

    @property
    def partial(self) -> bool:
        """Whether the answer read so far is partial (the child reads on)."""
        return self._more

    def rest(self) -> Recall:
        """The whole memory: :meth:`result` when that was whole, else what the child
        reads after it (it may take seconds: call it off the event loop)."""
        first = self.result()
        if not first.partial:
            return first
        whole = self._collect()
        if whole is None and self._abandoned:
            return first  # closed meanwhile (the App ended): never read it all here
        self._result = whole or recall(self.log_dir)
        return self._result

    def close(self) -> None:
        """Stop waiting for the child and reap it; one still reading (the whole memory
        after a partial answer) is left to finish: it writes the cache for the next
        start, and is reaped by the system when this process ends."""
        if self._pipe is not None:
            with contextlib.suppress(OSError):
                os.close(self._pipe)
            self._pipe = None
        if self._pid is not None:
            with contextlib.suppress(OSError):
                os.waitpid(self._pid, os.WNOHANG if self._more else 0)
            self._pid = None
        self._abandoned = self._more

    def _collect(self) -> Recall | None:
        """The child's next answer (a frame: its length, then the JSON), or ``None`` when
        it failed; after the whole answer the child is reaped."""
        if self._pipe is None:
            return None
        head = self._read(_FRAME_HEAD)
        size = int.from_bytes(head[:8], "big") if head is not None else -1
        body = self._read(size) if 0 <= size <= MAX_BYTES else None
        partial = head is not None and head[8:] == b"p"
        self._more = partial and body is not None
        if not self._more:
            self.close()
        try:  # the entries the child kept, checked like the cache's
            kept = json.loads(body) if body is not None else None
        except (ValueError, RecursionError):  # cut short, or the child failed: read it here
            kept = None
        if not isinstance(kept, dict) or not all(_good_entry(e) for e in kept.values()):
            self.close()
            return None
        return _recall(kept, partial=partial)

    def _read(self, size: int) -> bytes | None:
        """Exactly ``size`` bytes from the child, or ``None`` (it ended or failed first)."""
        assert self._pipe is not None
        chunks = []
        left = size
        try:
            while left > 0 and (chunk := os.read(self._pipe, min(left, 1 << 20))):
                chunks.append(chunk)
                left -= len(chunk)
        except OSError:
            return None
        return b"".join(chunks) if left == 0 else None


def recall_soon(log_dir: Path) -> Pending:
    """Start :func:`recall` in a child process, so it overlaps start-up's imports.

    At start-up Python spends ~100 ms importing Textual on one core while listing and
    ``stat``-ing thousands of logs (~15 ms) could run on another; a thread would not
    help (the imports hold the GIL). Where there is no ``fork`` (or threads are already
    running, when forking is unsafe) nothing starts, and :meth:`Pending.result` reads
    memory in this process. Whatever happens in the child, the result is a
    :class:`Recall`: a child that fails is read again here.
    """
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return Pending(log_dir)
    try:
        read, write = os.pipe()
    except OSError:
        return Pending(log_dir)
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return Pending(log_dir)
    if pid == 0:  # the child: read, send, and leave without running any exit handler
        code = 1
        try:
            os.close(read)

            def first(listing: dict[str, int]) -> None:  # memory is rebuilt: slow
                _send(write, _quick(log_dir, listing), partial=True)
                time.sleep(QUICK_HEADSTART)
                with contextlib.suppress(OSError):
                    os.nice(10)

            _send(write, _kept(log_dir, before_rebuild=first), partial=False)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return Pending(log_dir, pid, read)


#: A frame's head: the JSON's length (8 bytes) and ``p`` (partial) or ``w`` (whole).
_FRAME_HEAD = 9


def _send(fd: int, kept: Mapping[str, Entry], *, partial: bool) -> None:
    data = json.dumps(kept, separators=(",", ":")).encode("utf-8")
    view = memoryview(len(data).to_bytes(8, "big") + (b"p" if partial else b"w") + data)
    while view:
        view = view[os.write(fd, view) :]


def _quick(log_dir: Path, listing: dict[str, int]) -> dict[str, Entry]:
    """The entries kept from the newest :data:`QUICK_LOGS` logs (log names start with
    the time: the newest sort last)."""
    entries = {}
    for name in sorted(listing)[-QUICK_LOGS:]:
        entry = _read_entry(log_dir / name)
        if entry is not None and "skip" not in entry:
            entries[name] = entry
    return _not_live(log_dir, _keep(entries))


def recall(log_dir: Path) -> Recall:
    """Memory and the sessions in progress in ``log_dir``; a folder that cannot be read: none."""
    return _recall(_kept(log_dir))


def _recall(kept: Mapping[str, Entry], *, partial: bool = False) -> Recall:
    in_progress = tuple(sorted(n for n, e in kept.items() if _in_progress(e)))
    return Recall(_memory(kept), in_progress, partial)


def _kept(
    log_dir: Path, *, before_rebuild: Callable[[dict[str, int]], None] | None = None
) -> dict[str, Entry]:
    """The entries of the logs memory is made of, through the cache (see the module's doc).

    ``before_rebuild(listing)`` is called first when memory must be rebuilt from more
    than :data:`QUICK_LOGS` logs (no cache, or a kept log changed): that takes a while.
    """
    listing = _listing(log_dir)
    if listing is None:  # cannot be listed: the session to come says why
        return {}
    cache = _load_cache(log_dir / CACHE_NAME)
    merged = _merge(log_dir, listing, cache) if cache is not None else None
    if merged is None:
        if before_rebuild is not None and len(listing) > QUICK_LOGS:
            before_rebuild(listing)
        kept, listing = _rebuild(log_dir, listing)
        changed = True
    else:
        kept, listing, changed = merged
    if changed and listing:  # no logs: nothing worth a file (and no file in a new folder)
        _save(log_dir / CACHE_NAME, {"files": listing, "entries": kept})
    return _not_live(log_dir, kept)


def _not_live(log_dir: Path, kept: dict[str, Entry]) -> dict[str, Entry]:
    """A session in progress counts, unless a running session owns its log right now."""
    live = {n for n, e in kept.items() if _in_progress(e) and lock_owner(log_dir / n) is not None}
    return {n: e for n, e in kept.items() if n not in live}


def _listing(log_dir: Path) -> dict[str, int] | None:
    """Each log's name and key (``mtime_ns`` and size in one int), as fast as Python lists them.

    What :func:`scan_logs` finds (``*.toml``, not hidden), stat-ed through the folder's
    descriptor: this is most of the time :func:`recall` takes (~2.5 µs a log).
    """
    try:
        fd = os.open(log_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    listing: dict[str, int] = {}
    try:
        stat = os.stat if os.stat in os.supports_dir_fd else None
        for name in os.listdir(fd):
            if not name.endswith(".toml") or name.startswith("."):
                continue
            try:
                st = stat(name, dir_fd=fd) if stat is not None else os.stat(log_dir / name)
            except OSError:
                continue  # a dangling link, or removed while we looked
            listing[name] = (st.st_mtime_ns << 48) | (st.st_size & (1 << 48) - 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return listing


# -- entries --------------------------------------------------------------------


def _set_row(done: PastSet) -> list[Any]:
    return [
        done.warmup,
        done.number,
        str(done.outcome),
        done.reps,
        done.weight,
        None if done.unit is None else str(done.unit),
        done.seconds,
        done.target_reps,
        done.target_weight,
        done.target_seconds,
        done.side,
    ]


def entry_of(log: LogData) -> Entry:
    """A log's entry: what memory needs of it (its sets per exercise, in order)."""
    by_exercise: dict[str, list[list[Any]]] = {}
    for record in log.records:
        if not record.is_set:
            continue
        name = record.exercise or record.name
        by_exercise.setdefault(name, []).append(_set_row(past_set(record)))
    return {
        "started": log.started.isoformat(),
        "routine": log.routine_name,
        "status": str(log.status),
        "imported": bool(log.source),  # a log written by `backtimer import`
        "exercises": [[name, rows] for name, rows in by_exercise.items()],
    }


def _read_entry(path: Path) -> Entry | None:
    """The entry of the log at ``path``: ``{"skip": …}`` when it cannot be read; None when a
    running session owns it (left out this time)."""
    try:
        log = read_log(path)
        check_totals(log)
    except LogError as error:
        return {"skip": error.reason}
    if log.status is Status.IN_PROGRESS and lock_owner(path) is not None:
        return None
    return entry_of(log)


def _in_progress(entry: Entry) -> bool:
    return entry.get("status") == Status.IN_PROGRESS


_OUTCOMES = {str(o) for o in Outcome}
_UNITS = {str(u) for u in Unit}
_STATUSES = {str(s) for s in Status}


def _good_set(row: object) -> bool:
    if not isinstance(row, list) or len(row) != 11:
        return False
    warmup, number, outcome, reps, weight, unit, seconds, t_reps, t_weight, t_seconds, side = row
    return (
        isinstance(warmup, bool)
        and is_index_int(number)
        and isinstance(outcome, str)
        and outcome in _OUTCOMES
        and (reps is None or is_index_int(reps))
        and (weight is None or is_index_number(weight))
        and (unit is None or (isinstance(unit, str) and unit in _UNITS))
        and (seconds is None or is_index_number(seconds))
        and (t_reps is None or is_index_int(t_reps))
        and (t_weight is None or is_index_number(t_weight))
        and (t_seconds is None or is_index_int(t_seconds))
        and (side is None or isinstance(side, str))
    )


def _good_entry(entry: object) -> bool:
    """Whether ``entry`` is one this module wrote (a damaged one is read again from its log)."""
    if not isinstance(entry, dict):
        return False
    if set(entry) == {"skip"}:
        return isinstance(entry["skip"], str)
    if set(entry) != {"started", "routine", "status", "imported", "exercises"}:
        return False
    if not isinstance(entry["routine"], str) or not isinstance(entry["imported"], bool):
        return False
    if not isinstance(entry["status"], str) or entry["status"] not in _STATUSES:
        return False
    try:
        when = datetime.fromisoformat(entry["started"])
        when.isocalendar()
    except (TypeError, ValueError, OverflowError):
        return False
    if when.tzinfo is None or not isinstance(entry["exercises"], list):
        return False
    for item in entry["exercises"]:
        if not isinstance(item, list) or len(item) != 2 or not isinstance(item[0], str):
            return False
        if not isinstance(item[1], list) or not all(_good_set(r) for r in item[1]):
            return False
    return True


# -- the two files --------------------------------------------------------------


def _load(path: Path) -> dict[str, Any] | None:
    """The body of a cache or index file, or None when missing, of another version or damaged.

    The file is a header line (version and the body's checksum) and the body, so the
    checksum is checked on the bytes as read, before they are parsed.
    """
    try:
        data = read_limited(path, MAX_BYTES)
        head, _, text = data.partition(b"\n")
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("version") != CACHE_VERSION:
            return None
        if header.get("sha256") != hashlib.sha256(text).hexdigest():
            return None
        body = json.loads(text)
    except (OSError, ValueError, RecursionError):
        return None
    return body if isinstance(body, dict) else None


def _save(path: Path, body: dict[str, Any]) -> None:
    text = json.dumps(body, separators=(",", ":")).encode("utf-8")
    head = json.dumps({"version": CACHE_VERSION, "sha256": hashlib.sha256(text).hexdigest()})
    with contextlib.suppress(OSError):  # a read-only folder: only a speed-up lost
        atomic_write(path, head.encode("utf-8") + b"\n" + text)


class _Cache(NamedTuple):
    files: dict[str, int]
    entries: dict[str, Entry]


def _load_cache(path: Path) -> _Cache | None:
    body = _load(path)
    if body is None or set(body) != {"files", "entries"}:
        return None
    files, entries = body["files"], body["entries"]
    if not isinstance(files, dict) or not isinstance(entries, dict):
        return None
    if not all(type(v) is int for v in files.values()):
        return None
    if not set(entries) <= set(files) or not all(_good_entry(e) for e in entries.values()):
        return None
    if any("skip" in e for e in entries.values()):
        return None
    return _Cache(files, entries)


def _merge(
    log_dir: Path, listing: dict[str, int], cache: _Cache
) -> tuple[dict[str, Entry], dict[str, int], bool] | None:
    """The kept entries after the changes since ``cache``; None when it must be rebuilt."""
    if listing == cache.files:
        return cache.entries, listing, False
    gone = {n for n, key in cache.files.items() if listing.get(n) != key}
    if gone & set(cache.entries):
        return None  # a log memory keeps changed or went: what replaces it is unknown
    new = {}
    listed = dict(listing)
    for name, key in listing.items():
        if cache.files.get(name) == key:
            continue
        entry = _read_entry(log_dir / name)
        if entry is None:  # a running session's: not listed, so looked at next time
            del listed[name]
        elif "skip" not in entry:
            new[name] = entry
    kept = _keep({**cache.entries, **new})
    return kept, listed, listed != cache.files or kept != cache.entries


def load_all_sessions(log_dir: Path) -> Memory:
    """Every session of every exercise in ``log_dir``, not only those memory keeps (for
    charts over all time: the history's trends). Read through the index, so only logs new
    or changed since are parsed; slower than :func:`load_memory`, never at start-up."""
    listing = _listing(log_dir)
    if not listing:
        return Memory()
    entries, _ = _indexed(log_dir, listing)
    return _memory(entries)


def _rebuild(log_dir: Path, listing: dict[str, int]) -> tuple[dict[str, Entry], dict[str, int]]:
    """The kept entries, from every log's entry through the index."""
    entries, listed = _indexed(log_dir, listing)
    return _keep(entries), listed


def _indexed(log_dir: Path, listing: dict[str, int]) -> tuple[dict[str, Entry], dict[str, int]]:
    """Every readable log's entry through the index (reading only logs new or changed since)."""
    index_path = log_dir / INDEX_NAME
    body = _load(index_path)
    old = body.get("files") if body is not None and set(body) == {"files"} else None
    if not isinstance(old, dict):
        old = {}
    files: dict[str, list[Any]] = {}
    listed: dict[str, int] = {}
    changed = set(old) != set(listing)
    for name, key in listing.items():
        cached = old.get(name)
        if isinstance(cached, list) and len(cached) == 2 and cached[0] == key:
            entry = cached[1]
            if _good_entry(entry):
                files[name] = [key, entry]
                listed[name] = key
                continue
        changed = True
        fresh = _read_entry(log_dir / name)
        if fresh is None:
            continue
        files[name] = [key, fresh]
        listed[name] = key
    if changed and log_dir.is_dir():
        _save(index_path, {"files": files})
    return {n: e for n, (_, e) in files.items() if "skip" not in e}, listed


# -- from entries to memory -------------------------------------------------------


def _sessions(entries: Mapping[str, Entry]) -> dict[str, list[PastSession]]:
    """Per exercise key, its sessions newest first."""
    by_key: dict[str, list[PastSession]] = defaultdict(list)
    for name, entry in entries.items():
        when = datetime.fromisoformat(entry["started"])
        for exercise, rows in entry["exercises"]:
            sets = tuple(_past(row) for row in rows)
            by_key[exercise_key(exercise)].append(
                PastSession(exercise, when, name, entry["routine"], sets, entry["imported"])
            )
    for sessions in by_key.values():
        sessions.sort(key=lambda s: (s.started, s.file), reverse=True)
    return by_key


def _past(row: list[Any]) -> PastSet:
    warmup, number, outcome, reps, weight, unit, seconds, t_reps, t_weight, t_seconds, side = row
    return PastSet(
        warmup=warmup,
        number=number,
        outcome=Outcome(outcome),
        reps=reps,
        weight=None if weight is None else float(weight),
        unit=None if unit is None else Unit(unit),
        seconds=None if seconds is None else float(seconds),
        target_reps=t_reps,
        target_weight=None if t_weight is None else float(t_weight),
        target_seconds=t_seconds,
        side=side,
    )


def _kept_files(sessions: Iterable[PastSession]) -> set[str]:
    """The latest sessions and those holding a best, of one exercise."""
    ordered = list(sessions)
    if not ordered:
        return set()
    keep = {s.file for s in ordered[:KEEP_SESSIONS]}
    for formula in E1rm:  # the best e1RM is kept by either formula config.toml may choose
        keep |= Bests.of(ordered[0].exercise, ordered, formula).holders()
    return keep


def _keep(entries: Mapping[str, Entry]) -> dict[str, Entry]:
    """The entries memory keeps: see the module's doc."""
    keep = {n for n, e in entries.items() if _in_progress(e)}
    for sessions in _sessions(entries).values():
        keep |= _kept_files(sessions)
    return {n: entries[n] for n in sorted(keep)}


def _memory(kept: Mapping[str, Entry]) -> Memory:
    return Memory({k: tuple(v) for k, v in _sessions(kept).items()})
