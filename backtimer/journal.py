"""Session logs on disk: one TOML file per session, rewritten atomically.

:class:`Journal` subscribes to a :class:`~backtimer.session.Session` and
rewrites its log after every change that matters (start, a step finished or
skipped together with the next one's start, a set entered, pause, resume, a rest
changed, quit). Every write goes to a temporary
file in the same folder, is flushed and fsynced, then renamed over the log and
the folder is fsynced: a ``kill -9`` at any moment leaves either the previous
or the new complete log, never a torn one.

:func:`read_log` reads a log back (for history, export and resume) and raises
:class:`LogError` naming the file when it cannot. The format is documented in
``docs/session-log.md``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import tomllib
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import tomli_w

from backtimer.clock import Clock
from backtimer.errors import BacktimerError
from backtimer.plan import StepKind
from backtimer.routine import slugify
from backtimer.session import Event, Outcome, Session, Status, StepEnded, StepRecord

#: The version of the log format this backtimer writes and reads.
LOG_FORMAT = 1
#: How log files are named: the start time (sorts by time) and the routine.
NAME_TIME_FORMAT = "%Y-%m-%dT%H-%M-%S"
#: Seconds between retries of a log write that failed (disk full, folder gone).
RETRY_SECONDS = 5.0


class LogError(BacktimerError):
    """A session log that cannot be read; the message names the file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__("Unreadable session log", f"{path}: {reason}")
        self.path = path
        self.reason = reason


def check_writable(directory: Path) -> None:
    """Make sure session logs can be written in ``directory`` (created if missing).

    Raises:
        BacktimerError: Naming the folder and why, before any session starts.
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=directory, prefix=".write-test-", suffix=".tmp")
        try:
            os.write(fd, b"backtimer\n")
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(name)
    except OSError as error:
        reason = error.strerror or str(error)
        advice = _ADVICE.get(error.errno or 0, "Free some space or fix the folder's permissions")
        raise BacktimerError(
            "Cannot write session logs",
            f"{directory}: {reason}.\n{advice}, or choose another folder with --log-dir DIR.",
        ) from None


#: What to do about the usual reasons a folder cannot be written.
_ADVICE = {
    errno.ENOSPC: "The disk is full: free some space",
    errno.EACCES: "Fix the folder's permissions",
    errno.EPERM: "Fix the folder's permissions",
    errno.EROFS: "The disk is mounted read-only",
    errno.ENOTDIR: "Part of the path is a file, not a folder",
    errno.EEXIST: "Part of the path is a file, not a folder",
}


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` so that a crash leaves the old or the new file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open a folder; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass  # fsync on a folder is not supported everywhere (e.g. some network mounts)
    finally:
        os.close(fd)


def log_name(started: datetime, routine_name: str, directory: Path) -> Path:
    """A free file name in ``directory`` that sorts by start time."""
    stem = f"{started.strftime(NAME_TIME_FORMAT)}_{slugify(routine_name)}"
    path = directory / f"{stem}.toml"
    n = 2
    while path.exists():
        path = directory / f"{stem}-{n}.toml"
        n += 1
    return path


def _time(value: datetime) -> datetime:
    return value.replace(microsecond=0)


def _record_table(record: StepRecord) -> dict:
    table: dict = {"index": record.index, "kind": str(record.kind), "name": record.name}
    optional = {
        "exercise": record.exercise,
        "set_number": record.set_number,
        "set_count": record.set_count,
        "side": record.side,
        "planned": record.planned,
    }
    table.update({k: v for k, v in optional.items() if v is not None})
    table["actual"] = round(record.actual, 1)
    table["paused"] = round(record.paused, 1)
    table["outcome"] = str(record.outcome)
    table["skipped"] = record.skipped
    table["started"] = _time(record.started)
    table["ended"] = _time(record.ended)
    if record.is_set:
        entries = {
            "reps": record.reps,
            "weight": record.weight,
            "unit": record.unit,
            "rpe": record.rpe,
        }
        table.update({k: v for k, v in entries.items() if v is not None})
        table["entered"] = record.entered
    return table


_LITERAL_UNSAFE = {chr(c) for c in range(32) if c not in (9, 10, 13)} | {"\x7f"}


def dump_log(doc: dict) -> str:
    """The TOML text of a log document.

    The routine copy is written as a literal multi-line string (``'''…'''``)
    so it reads exactly like the routine file; text that a literal string
    cannot hold falls back to tomli-w's escaped form.
    """
    routine = doc.get("routine", {})
    text = routine.get("text")
    literal = (
        isinstance(text, str)
        and "'''" not in text
        and not text.endswith("'")
        and "\r" not in text
        and not (_LITERAL_UNSAFE & set(text))
    )
    if not literal:
        # tomli-w's multi-line strings would turn \r\n into \n; escape then.
        keep_cr = isinstance(text, str) and "\r" in text
        return tomli_w.dumps(doc, multiline_strings=not keep_cr)
    rest = {k: v for k, v in doc.items() if k != "routine"}
    rest["routine"] = {k: v for k, v in routine.items() if k != "text"}
    out = tomli_w.dumps(rest, multiline_strings=True)
    # [routine] is the last table of the document, so a key appended at the
    # end belongs to it.
    return out + f"text = '''\n{text}'''\n"


class Journal:
    """Keeps one session's log file up to date.

    Args:
        session: The session to log; the journal subscribes to its events.
        directory: The folder of logs (created when missing).
        on_warning: Called with a message once per streak of failed writes
            (the session goes on; the next event, or :meth:`retry`, writes again).
        on_recovered: Called with a message when a write works again after a
            streak of failures.
        path: An existing log to continue (a resumed session); its start time
            and notes are kept.
    """

    def __init__(
        self,
        session: Session,
        directory: Path,
        *,
        on_warning: Callable[[str], None] | None = None,
        on_recovered: Callable[[str], None] | None = None,
        path: Path | None = None,
    ) -> None:
        self.session = session
        self.directory = directory
        self.on_warning = on_warning or (lambda message: None)
        self.on_recovered = on_recovered or (lambda message: None)
        self.notes = ""
        self.started = _time(session.clock.wall())
        self.resumed = 0
        if path is not None and path.exists():
            try:
                old = read_log(path)
            except LogError:
                old = None
            if old is not None:
                self.started = old.started
                self.notes = old.notes
                self.resumed = old.resumed + 1
        self.path = path or log_name(self.started, session.plan.routine.name, directory)
        self.failing = False
        #: Why the last write failed (``None`` when it worked).
        self.error: str | None = None
        self.writes = 0
        self._last_try: float | None = None
        session.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, StepEnded):
            # The next step's start or the session's end follows at once, and its write
            # has this step's record too: one write a step change, not two. (Written on
            # its own, the end of the last step left for a moment a log still in
            # progress with nothing left to resume: a kill there got it stuck.)
            return
        self.write()

    def set_notes(self, notes: str) -> bool:
        """Keep ``notes`` with the session and write the log."""
        self.notes = notes
        return self.write()

    def document(self) -> dict:
        """The log as a TOML-ready dict."""
        session = self.session
        routine = session.plan.routine
        records = session.records
        resume_at = session.index
        if records:
            resume_at = max(resume_at, records[-1].index + 1)
        doc: dict = {
            "format": LOG_FORMAT,
            "status": str(session.status),
            "started": self.started,
        }
        if session.finished:
            doc["ended"] = _time(session.clock.wall())
        doc["updated"] = _time(session.clock.wall())
        doc["active_seconds"] = round(session.active_seconds, 1)
        doc["paused_seconds"] = round(session.paused_seconds, 1)
        doc["steps_planned"] = len(session.plan.steps)
        doc["resume_at"] = resume_at
        if self.resumed:
            doc["resumed"] = self.resumed
        doc["notes"] = self.notes
        head: dict = {"name": routine.name}
        if routine.source is not None:
            head["path"] = str(routine.source)
        head["sha256"] = routine.sha256
        head["unit"] = routine.defaults.unit
        head["text"] = routine.text
        doc["step"] = [_record_table(r) for r in records]
        doc["routine"] = head  # last: the long routine copy ends the file
        return doc

    def write(self) -> bool:
        """Write the log now; returns whether it worked.

        The first failure of a streak calls ``on_warning``; the first success
        after it calls ``on_recovered``.
        """
        self._last_try = self.session.clock.now()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, dump_log(self.document()).encode("utf-8"))
        except OSError as error:
            self.error = error.strerror or str(error)
            if not self.failing:
                self.failing = True
                self.on_warning(
                    f"Could not write the session log {self.path}: {self.error}. "
                    f"The session goes on; backtimer tries again every {RETRY_SECONDS:g} s."
                )
            return False
        self.error = None
        self.writes += 1
        if self.failing:
            self.failing = False
            self.on_recovered(f"Session log saved again: {self.path}")
        return True

    def next_retry(self) -> float | None:
        """When (on the session's monotonic clock) a failed write is due again; else ``None``."""
        if not self.failing or self._last_try is None:
            return None
        return self._last_try + RETRY_SECONDS

    def retry(self) -> bool:
        """Write again if the last write failed at least :data:`RETRY_SECONDS` ago.

        The session sends no event during a long rest or a pause, so the App
        calls this now and then; returns whether a retry wrote the log.
        """
        due = self.next_retry()
        if due is None or self.session.clock.now() < due:
            return False
        return self.write()


def open_journal(
    session: Session,
    directory: Path,
    *,
    on_warning: Callable[[str], None] | None = None,
    on_recovered: Callable[[str], None] | None = None,
) -> Journal:
    """Start logging ``session`` into ``directory`` and write the first log.

    A session made by :func:`resume_session` goes on in the log it came from
    (in that log's folder), so the App needs no special case for resuming.
    """
    path = _RESUMED.pop(session, None)
    if path is not None:
        directory = path.parent
    journal = Journal(
        session, directory, on_warning=on_warning, on_recovered=on_recovered, path=path
    )
    journal.write()
    return journal


#: Sessions made by :func:`resume_session` and the log each continues.
_RESUMED: weakref.WeakKeyDictionary[Session, Path] = weakref.WeakKeyDictionary()


# -- reading -------------------------------------------------------------------


@dataclass
class LogData:
    """A session log read back from disk."""

    path: Path
    status: Status
    started: datetime
    ended: datetime | None
    updated: datetime | None
    active_seconds: float
    paused_seconds: float
    steps_planned: int
    resume_at: int
    routine_name: str
    routine_path: str | None
    routine_sha256: str
    routine_text: str
    unit: str
    notes: str = ""
    resumed: int = 0
    records: list[StepRecord] = field(default_factory=list)


def _get(table: dict, key: str, kind: type | tuple[type, ...], path: Path, where: str) -> object:
    if key not in table:
        raise LogError(path, f"missing '{key}' in {where}")
    value = table[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _tuple(kind)):
        raise LogError(path, f"'{key}' in {where} has the wrong type")
    return value


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _opt(table: dict, key: str, kind: type | tuple[type, ...], path: Path, where: str):
    return _get(table, key, kind, path, where) if key in table else None


def _aware(value: object, path: Path, key: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise LogError(path, f"'{key}' must be a date and time with a UTC offset")
    return value


def _parse_record(t: dict, path: Path, n: int) -> StepRecord:
    where = f"[[step]] #{n}"
    if not isinstance(t, dict):
        raise LogError(path, f"{where} is not a table")
    num = (int, float)
    try:
        kind = StepKind(_get(t, "kind", str, path, where))
        outcome = Outcome(_get(t, "outcome", str, path, where))
    except ValueError as error:
        raise LogError(path, f"{where}: {error}") from None
    weight = _opt(t, "weight", num, path, where)
    return StepRecord(
        index=_get(t, "index", int, path, where),  # type: ignore[arg-type]
        kind=kind,
        name=_get(t, "name", str, path, where),  # type: ignore[arg-type]
        exercise=_opt(t, "exercise", str, path, where),
        set_number=_opt(t, "set_number", int, path, where),
        set_count=_opt(t, "set_count", int, path, where),
        side=_opt(t, "side", str, path, where),
        planned=_opt(t, "planned", int, path, where),
        actual=float(_get(t, "actual", num, path, where)),  # type: ignore[arg-type]
        paused=float(_opt(t, "paused", num, path, where) or 0.0),
        outcome=outcome,
        started=_aware(t.get("started"), path, "started"),
        ended=_aware(t.get("ended"), path, "ended"),
        reps=_opt(t, "reps", int, path, where),
        weight=float(weight) if weight is not None else None,
        unit=_opt(t, "unit", str, path, where),
        rpe=_opt(t, "rpe", int, path, where),
        entered=bool(_opt(t, "entered", bool, path, where)),
    )


def parse_log(data: bytes, path: Path) -> LogData:
    """Parse the bytes of a log file.

    Raises:
        LogError: When it is empty, not TOML, of a newer format or incomplete.
    """
    if not data.strip():
        raise LogError(path, "the file is empty")
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise LogError(path, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise LogError(path, f"not valid TOML ({error}); the file may be truncated") from None
    fmt = doc.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise LogError(path, "no log 'format' version; not a backtimer session log")
    if fmt > LOG_FORMAT:
        raise LogError(
            path, f"log format {fmt} is newer than this backtimer reads ({LOG_FORMAT}); upgrade"
        )
    top = "the log"
    try:
        status = Status(_get(doc, "status", str, path, top))
    except ValueError:
        raise LogError(path, f"unknown status {doc.get('status')!r}") from None
    routine = _get(doc, "routine", dict, path, top)
    assert isinstance(routine, dict)
    steps = doc.get("step", [])
    if not isinstance(steps, list):
        raise LogError(path, "'step' must be an array of tables")
    num = (int, float)
    ended = doc.get("ended")
    updated = doc.get("updated")
    return LogData(
        path=path,
        status=status,
        started=_aware(doc.get("started"), path, "started"),
        ended=_aware(ended, path, "ended") if ended is not None else None,
        updated=_aware(updated, path, "updated") if updated is not None else None,
        active_seconds=float(_get(doc, "active_seconds", num, path, top)),  # type: ignore[arg-type]
        paused_seconds=float(_get(doc, "paused_seconds", num, path, top)),  # type: ignore[arg-type]
        steps_planned=_get(doc, "steps_planned", int, path, top),  # type: ignore[arg-type]
        resume_at=_opt(doc, "resume_at", int, path, top) or 0,
        routine_name=_get(routine, "name", str, path, "[routine]"),  # type: ignore[arg-type]
        routine_path=_opt(routine, "path", str, path, "[routine]"),
        routine_sha256=_opt(routine, "sha256", str, path, "[routine]") or "",
        routine_text=_opt(routine, "text", str, path, "[routine]") or "",
        unit=_opt(routine, "unit", str, path, "[routine]") or "kg",
        notes=_opt(doc, "notes", str, path, top) or "",
        resumed=_opt(doc, "resumed", int, path, top) or 0,
        records=[_parse_record(t, path, n) for n, t in enumerate(steps, start=1)],
    )


def read_log(path: Path) -> LogData:
    """Read the log at ``path``.

    Raises:
        LogError: When it cannot be read; the message names the file and why.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LogError(path, f"cannot read it: {error.strerror or error}") from None
    return parse_log(data, path)


def mark_status(path: Path, status: Status, *, when: datetime | None = None) -> None:
    """Rewrite the log at ``path`` with a new status (e.g. abandoned after declining resume).

    Raises:
        LogError: When the log cannot be read.
        OSError: When it cannot be written.
    """
    try:
        doc = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LogError(path, f"cannot read it: {error}") from None
    doc["status"] = str(status)
    if when is not None and "ended" not in doc:
        doc["ended"] = _time(when)
    atomic_write(path, dump_log(doc).encode("utf-8"))


__all__ = [
    "LOG_FORMAT",
    "RETRY_SECONDS",
    "Journal",
    "LogData",
    "LogError",
    "atomic_write",
    "check_writable",
    "dump_log",
    "log_name",
    "mark_status",
    "open_journal",
    "parse_log",
    "read_log",
    "resume_session",
]


def resume_session(log: LogData, clock: Clock, **session_kw: object) -> Session:
    """A session that continues ``log`` at the step where it stopped.

    The routine is rebuilt from the copy kept in the log (so an edited or
    deleted routine file does not matter); every step recorded before the
    resume point is kept, so totals carry on. :func:`open_journal` on the
    returned session continues the same log file.

    Raises:
        BacktimerError: When the log's routine copy is invalid or nothing is left to do.
    """
    from backtimer.plan import expand
    from backtimer.routine import parse_routine

    routine = parse_routine(log.routine_text, log.routine_path or f"{log.path} [routine]")
    plan = expand(routine)
    if len(plan.steps) != log.steps_planned:
        raise BacktimerError(
            "Cannot resume",
            f"{log.path}: the routine copy in the log expands to {len(plan.steps)} steps, "
            f"the log planned {log.steps_planned}.",
        )
    if log.resume_at >= len(plan.steps):
        raise BacktimerError("Nothing to resume", f"{log.path}: every step was already done.")
    session = Session(plan, clock, start_at=log.resume_at, records=log.records, **session_kw)  # type: ignore[arg-type]
    _RESUMED[session] = log.path
    return session
