"""The session log file format: one module that reads **and** writes a :class:`LogData`.

A log is one TOML file per session (``docs/session-log.md`` documents it). Any code
can write a valid log: build a :class:`LogData` (a live session's journal does, and so
can an import from another app or an edited set) and call :func:`write_log`;
:func:`read_log` gives the same :class:`LogData` back (a hypothesis test proves the
round trip). The writer writes exactly what it is given: rounding times to the
second or seconds to a tenth is the journal's choice, not the format's. The one
thing TOML cannot hold as given is a UTC offset with seconds in it (Python allows
one; RFC 3339 does not): such a time is written as the same instant at the offset
cut to whole minutes, so it still reads back equal.
"""

from __future__ import annotations

import errno
import math
import os
import stat
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TypeVar

import tomli_w

from backtimer.engine import Outcome, Status, StepKind, StepRecord
from backtimer.errors import BacktimerError
from backtimer.logs.atomic import atomic_write
from backtimer.logs.lock import LogInUse, LogLock, check_free
from backtimer.routine import Unit, slugify

#: The version of the log format this backtimer writes and reads.
LOG_FORMAT = 1
#: How log files are named: the start time (sorts by time) and the routine.
NAME_TIME_FORMAT = "%Y-%m-%dT%H-%M-%S"


class LogError(BacktimerError):
    """A session log that cannot be read; the message names the file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__("Unreadable session log", f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class LogData:
    """One session as its log holds it.

    Only the start time and the routine's name are needed: a log written by an
    import has no plan, no routine copy and no pauses, and reads back the same.

    Attributes:
        path: The file it was read from (``None`` for a log built in memory); not
            part of what the log says, so two logs that say the same are equal.
        steps_planned: How many steps the session's plan had (resume checks it).
        resume_at: The index of the step a resumed session continues at.
        resumed: How many times the session was resumed.
        routine_text: The routine file's text as it was, so the log still makes
            sense after the routine is edited (and a resumed session can rebuild it).
        notes: The session's notes (several are joined by line ends).
        exercise_notes: Notes about one exercise, by the exercise's name (as the
            steps' ``exercise`` holds it); several notes are joined by line ends.
        source: The app an imported session came from (``"strong"``, ``"hevy"``, …);
            ``""`` for a session run here. Written as the ``[import]`` table.
        source_key: What the import recognises the workout by (app, start, name),
            so importing it again adds nothing.
        import_id: The import that wrote the log (``import --undo ID`` removes it).
    """

    started: datetime
    routine_name: str
    status: Status = Status.COMPLETED
    records: list[StepRecord] = field(default_factory=list)
    ended: datetime | None = None
    updated: datetime | None = None
    active_seconds: float = 0.0
    paused_seconds: float = 0.0
    steps_planned: int = 0
    resume_at: int = 0
    resumed: int = 0
    notes: str = ""
    exercise_notes: dict[str, str] = field(default_factory=dict)
    routine_path: str | None = None
    routine_sha256: str = ""
    routine_text: str = ""
    unit: Unit = Unit.KG
    source: str = ""
    source_key: str = ""
    import_id: str = ""
    path: Path | None = field(default=None, compare=False)


def log_name(started: datetime, routine_name: str, directory: Path, n: int = 1) -> Path:
    """The ``n``-th name of a log in ``directory``: the start time (sorts by time) and the routine.

    ``2026-11-25T18-04-12_back-strength.toml``, then ``…-2.toml`` and so on.
    """
    stem = f"{started.strftime(NAME_TIME_FORMAT)}_{slugify(routine_name)}"
    return directory / (f"{stem}.toml" if n == 1 else f"{stem}-{n}.toml")


def claim_log(started: datetime, routine_name: str, directory: Path) -> tuple[Path, LogLock]:
    """A new log's name, claimed for this process: no other session can take it.

    The claim is the log's lock file, made exclusively; two sessions started in
    the same second get ``…-2.toml`` and so on, never one file.

    Raises:
        OSError: When the folder cannot be written.
    """
    n = 1
    while True:
        path = log_name(started, routine_name, directory, n)
        n += 1
        if path.exists():
            continue
        try:
            lock = LogLock.acquire(path, create_new=True)
        except (FileExistsError, LogInUse):
            continue
        if path.exists():  # written by another session between the two looks
            lock.release(remove=False)
            continue
        return path, lock


# -- writing -------------------------------------------------------------------

_MINUTE = timedelta(minutes=1)


def _toml_time(value: datetime) -> datetime:
    """``value`` as TOML can write it: aware, with an offset in whole minutes.

    Raises:
        ValueError: When ``value`` has no UTC offset (the log could not be read back).
    """
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(f"log times need a UTC offset: {value.isoformat()} has none")
    if offset % _MINUTE:
        # Cut toward zero so that the offset stays within ±24 h; same instant.
        minutes = int(offset / _MINUTE)
        return value.astimezone(timezone(timedelta(minutes=minutes)))
    return value


def _record_table(record: StepRecord) -> dict[str, object]:
    table: dict[str, object] = {
        "index": record.index,
        "kind": str(record.kind),
        "name": record.name,
    }
    optional: dict[str, object] = {
        "exercise": record.exercise,
        "set_number": record.set_number,
        "set_count": record.set_count,
        "side": record.side,
        "planned": record.planned,
    }
    table.update({k: v for k, v in optional.items() if v is not None})
    table["actual"] = record.actual
    table["paused"] = record.paused
    table["outcome"] = str(record.outcome)
    table["skipped"] = record.skipped  # for readers of the file; derived from outcome
    table["started"] = _toml_time(record.started)
    table["ended"] = _toml_time(record.ended)
    entries: dict[str, object] = {
        "reps": record.reps,
        "weight": record.weight,
        "unit": record.unit,
        "rpe": record.rpe,
        "target_reps": record.target_reps,  # absent in older logs: read as None
        "target_weight": record.target_weight,
        "group": record.group,  # absent for a straight set
        "round": record.round,  # of the group; absent for a straight set
        "set_type": record.set_type,
    }
    table.update({k: v for k, v in entries.items() if v is not None})
    if record.is_set or record.entered:
        table["entered"] = record.entered
    if record.edited:  # written only when true: older logs read as not edited
        table["edited"] = True
    return table


def log_document(log: LogData) -> dict[str, object]:
    """The log as a TOML-ready dict, in the order the file shows it.

    Raises:
        ValueError: When a time has no UTC offset.
    """
    doc: dict[str, object] = {
        "format": LOG_FORMAT,
        "status": str(log.status),
        "started": _toml_time(log.started),
    }
    if log.ended is not None:
        doc["ended"] = _toml_time(log.ended)
    if log.updated is not None:
        doc["updated"] = _toml_time(log.updated)
    doc["active_seconds"] = log.active_seconds
    doc["paused_seconds"] = log.paused_seconds
    doc["steps_planned"] = log.steps_planned
    doc["resume_at"] = log.resume_at
    if log.resumed:
        doc["resumed"] = log.resumed
    doc["notes"] = log.notes
    head: dict[str, object] = {"name": log.routine_name}
    if log.routine_path is not None:
        head["path"] = log.routine_path
    head["sha256"] = log.routine_sha256
    head["unit"] = str(log.unit)
    head["text"] = log.routine_text
    if log.exercise_notes:  # written only when there are some: older logs have none
        doc["exercise_notes"] = dict(log.exercise_notes)
    if log.source or log.source_key or log.import_id:  # an imported session says so
        doc["import"] = {"source": log.source, "key": log.source_key, "id": log.import_id}
    doc["step"] = [_record_table(r) for r in log.records]
    doc["routine"] = head  # last: the long routine copy ends the file
    return doc


_LITERAL_UNSAFE = {chr(c) for c in range(32) if c not in (9, 10, 13)} | {"\x7f"}


def _strings(value: object) -> Iterator[str]:
    """Every string value in a TOML-ready document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _dumps(doc: Mapping[str, object]) -> str:
    """``doc`` as TOML, strings with line ends as multi-line strings when that is exact.

    tomli-w's multi-line strings turn a Windows line end (CR LF) into LF, so a
    document that has one in any string is written with every string escaped on
    one line instead.
    """
    multiline = not any("\r\n" in s for s in _strings(doc))
    return tomli_w.dumps(doc, multiline_strings=multiline)


def dump_log(log: LogData) -> str:
    """The TOML text of a log.

    The routine copy is written as a literal multi-line string (``'''…'''``)
    so it reads exactly like the routine file; text that a literal string
    cannot hold falls back to tomli-w's escaped form.

    Raises:
        ValueError: When a time has no UTC offset.
    """
    doc = log_document(log)
    text = log.routine_text
    literal = (
        "'''" not in text
        and not text.endswith("'")
        and "\r" not in text
        and not (_LITERAL_UNSAFE & set(text))
    )
    if not literal:
        return _dumps(doc)
    head = doc.pop("routine")
    assert isinstance(head, dict)
    doc["routine"] = {k: v for k, v in head.items() if k != "text"}
    out = _dumps(doc)
    # [routine] is the last table of the document, so a key appended at the
    # end belongs to it.
    return out + f"text = '''\n{text}'''\n"


def write_log(log: LogData, path: Path) -> None:
    """Write ``log`` to ``path`` atomically (a crash leaves the old or the new file).

    Raises:
        ValueError: When a time has no UTC offset (nothing is written).
        OSError: When it cannot be written.
    """
    atomic_write(path, dump_log(log).encode("utf-8"))


# -- reading -------------------------------------------------------------------

_T = TypeVar("_T")
Table = Mapping[str, object]


#: The largest log read, in bytes: a session of hundreds of steps is well under 1 MB.
MAX_LOG_BYTES = 4 * 1024 * 1024
#: What a TOML integer holds (signed 64-bit); tomllib reads larger ones as Python ints.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


class NotRegularFile(OSError):
    """A path that is a FIFO, a device, a socket or a folder: never a file to read."""


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, refusing anything else; never blocks.

    The file is opened without blocking (a FIFO opened for reading would wait for a
    writer forever) and checked on the open descriptor, so a file swapped for a FIFO
    or a device between a look and the open is still refused.

    Raises:
        NotRegularFile: When ``path`` is a FIFO, device, socket or folder.
        FileTooBig: When it holds more than ``limit`` bytes.
        OSError: When it cannot be opened or read (missing, a dangling or looping link).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(errno.EINVAL, f"not a regular file: {_kind_of(st.st_mode)}")
        if st.st_size > limit:
            raise FileTooBig(st.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # grew while we read it
                raise FileTooBig(size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


class FileTooBig(OSError):
    """A file larger than the limit it is read with."""

    def __init__(self, size: int, limit: int) -> None:
        mb = 1024 * 1024
        super().__init__(
            errno.EFBIG,
            f"too big ({size / mb:.1f} MB; a log is at most {limit / mb:g} MB)",
        )


def _get(table: Table, key: str, kind: type[_T], path: Path, where: str) -> _T:
    if key not in table:
        raise LogError(path, f"missing '{key}' in {where}")
    value = table[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise LogError(path, f"'{key}' in {where} has the wrong type")
    if isinstance(value, int) and not isinstance(value, bool) and not INT_MIN <= value <= INT_MAX:
        raise LogError(path, f"'{key}' in {where} is too large a number")
    return value


def _opt(table: Table, key: str, kind: type[_T], path: Path, where: str) -> _T | None:
    return _get(table, key, kind, path, where) if key in table else None


def _number(table: Table, key: str, path: Path, where: str) -> float:
    if key not in table:
        raise LogError(path, f"missing '{key}' in {where}")
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise LogError(path, f"'{key}' in {where} has the wrong type")
    if isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
        raise LogError(path, f"'{key}' in {where} is too large a number")
    number = float(value)
    if not math.isfinite(number):
        raise LogError(path, f"'{key}' in {where} is {value!r}, not a number a log can hold")
    return number


def _int_or_float(table: Table, key: str, path: Path, where: str) -> int | float:
    """A number as written: an int stays an int (``rpe = 8``), a float a float (6.5)."""
    number = _number(table, key, path, where)
    value = table[key]
    return value if isinstance(value, int) else number


def _aware(value: object, path: Path, key: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise LogError(path, f"'{key}' must be a date and time with a UTC offset")
    return value


def _unit(text: str | None, path: Path, where: str) -> Unit | None:
    if text is None:
        return None
    try:
        return Unit(text)
    except ValueError:
        raise LogError(path, f"unknown unit {text!r} in {where}") from None


def _parse_record(t: object, path: Path, n: int) -> StepRecord:
    where = f"[[step]] #{n}"
    if not isinstance(t, dict):
        raise LogError(path, f"{where} is not a table")
    try:
        kind = StepKind(_get(t, "kind", str, path, where))
        outcome = Outcome(_get(t, "outcome", str, path, where))
    except ValueError as error:
        raise LogError(path, f"{where}: {error}") from None
    return StepRecord(
        index=_get(t, "index", int, path, where),
        kind=kind,
        name=_get(t, "name", str, path, where),
        exercise=_opt(t, "exercise", str, path, where),
        set_number=_opt(t, "set_number", int, path, where),
        set_count=_opt(t, "set_count", int, path, where),
        side=_opt(t, "side", str, path, where),
        planned=_opt(t, "planned", int, path, where),
        actual=_number(t, "actual", path, where),
        paused=_number(t, "paused", path, where) if "paused" in t else 0.0,
        outcome=outcome,
        started=_aware(t.get("started"), path, "started"),
        ended=_aware(t.get("ended"), path, "ended"),
        reps=_opt(t, "reps", int, path, where),
        weight=_number(t, "weight", path, where) if "weight" in t else None,
        unit=_unit(_opt(t, "unit", str, path, where), path, where),
        rpe=_int_or_float(t, "rpe", path, where) if "rpe" in t else None,
        entered=bool(_opt(t, "entered", bool, path, where)),
        edited=bool(_opt(t, "edited", bool, path, where)),
        target_reps=_opt(t, "target_reps", int, path, where),
        target_weight=_number(t, "target_weight", path, where) if "target_weight" in t else None,
        group=_opt(t, "group", str, path, where),
        round=_opt(t, "round", int, path, where),
        set_type=_opt(t, "set_type", str, path, where),
    )


def _exercise_notes(doc: Table, path: Path) -> dict[str, str]:
    """The ``[exercise_notes]`` table: exercise name = note (none in older logs)."""
    table = _opt(doc, "exercise_notes", dict, path, "the log")
    if table is None:
        return {}
    notes: dict[str, str] = {}
    for name, note in table.items():
        if not isinstance(note, str):
            raise LogError(path, f"the note of {name!r} in [exercise_notes] is not text")
        notes[name] = note
    return notes


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
    except RecursionError:  # [[[[… thousands deep: tomllib gives up
        raise LogError(path, "arrays or tables nested too deep to read") from None
    except ValueError as error:  # an integer of more digits than Python reads (4,300)
        raise LogError(path, f"a value cannot be read ({error})") from None
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
    routine: Table = _get(doc, "routine", dict, path, top)
    steps = doc.get("step", [])
    if not isinstance(steps, list):
        raise LogError(path, "'step' must be an array of tables")
    unit = _unit(_opt(routine, "unit", str, path, "[routine]"), path, "[routine]") or Unit.KG
    ended = doc.get("ended")
    updated = doc.get("updated")
    records = [_parse_record(t, path, n) for n, t in enumerate(steps, start=1)]
    origin: Table = _opt(doc, "import", dict, path, top) or {}
    return LogData(
        path=path,
        status=status,
        started=_aware(doc.get("started"), path, "started"),
        ended=_aware(ended, path, "ended") if ended is not None else None,
        updated=_aware(updated, path, "updated") if updated is not None else None,
        active_seconds=_number(doc, "active_seconds", path, top),
        paused_seconds=_number(doc, "paused_seconds", path, top),
        steps_planned=_get(doc, "steps_planned", int, path, top),
        resume_at=_opt(doc, "resume_at", int, path, top) or 0,
        routine_name=_get(routine, "name", str, path, "[routine]"),
        routine_path=_opt(routine, "path", str, path, "[routine]"),
        routine_sha256=_opt(routine, "sha256", str, path, "[routine]") or "",
        routine_text=_opt(routine, "text", str, path, "[routine]") or "",
        unit=unit,
        notes=_opt(doc, "notes", str, path, top) or "",
        exercise_notes=_exercise_notes(doc, path),
        resumed=_opt(doc, "resumed", int, path, top) or 0,
        records=records,
        source=_opt(origin, "source", str, path, "[import]") or "",
        source_key=_opt(origin, "key", str, path, "[import]") or "",
        import_id=_opt(origin, "id", str, path, "[import]") or "",
    )


def read_log(path: Path) -> LogData:
    """Read the log at ``path``.

    Raises:
        LogError: When it cannot be read; the message names the file and why. Only
            regular files are read (a FIFO, device or folder is refused without
            waiting), and none over :data:`MAX_LOG_BYTES`.
    """
    try:
        data = read_limited(path, MAX_LOG_BYTES)
    except (NotRegularFile, FileTooBig) as error:
        raise LogError(path, str(error.strerror)) from None
    except OSError as error:
        raise LogError(path, f"cannot read it: {error.strerror or error}") from None
    return parse_log(data, path)


#: The most a session's durations or volume may add up to before it is not a session:
#: far above any real one, far below where adding thousands of them overflows.
MAX_TOTAL = 1e15


def is_index_int(value: object) -> bool:
    """Whether a value read from an index file is an integer this code may trust."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63


def is_index_number(value: object) -> bool:
    """Whether a value read from an index file is a finite number within the totals' range."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value) and abs(value) <= MAX_TOTAL
    except OverflowError:  # an int too large for a float
        return False


def check_totals(log: LogData) -> None:
    """Refuse a log whose numbers, each one a log can hold, add up to nonsense.

    Each number was read as a finite float or a 64-bit integer, but reps × weight of
    two such numbers, or a duration near 1e308 added to another, is infinite: the
    readers that add them up (history, export) skip such a log with its name.

    Raises:
        LogError: When durations or a set's volume are beyond :data:`MAX_TOTAL`.
    """
    path = log.path or Path("<log>")
    if not abs(log.active_seconds) + abs(log.paused_seconds) <= MAX_TOTAL:
        raise LogError(path, "its durations are too large to be a session's")
    volume = 0.0
    for r in log.records:
        seconds = abs(r.actual) + abs(r.paused)
        one = abs(float(r.reps or 0) * (r.weight or 0.0))
        volume += one
        if not (seconds <= MAX_TOTAL and one <= MAX_TOTAL and volume <= MAX_TOTAL):
            raise LogError(path, f"step {r.index + 1}'s numbers are too large to be a session's")


class FolderError(BacktimerError):
    """The log folder cannot be listed: the message names it and why."""

    def __init__(self, directory: Path, reason: str) -> None:
        super().__init__("Cannot read session logs", f"{directory}: {reason}")
        self.directory = directory


def scan_logs(directory: Path, *, missing_ok: bool = True) -> list[os.DirEntry[str]]:
    """The entries named ``*.toml`` in ``directory`` (not hidden ones), sorted by name.

    Args:
        missing_ok: Whether a folder that does not exist means no logs (the default
            folder before any session) rather than an error (a mistyped folder).

    Raises:
        FolderError: When the folder cannot be listed (missing unless ``missing_ok``,
            a file, no permission); nothing is ever read as "no sessions" then.
    """
    try:
        with os.scandir(directory) as it:
            entries = [e for e in it if e.name.endswith(".toml") and not e.name.startswith(".")]
    except FileNotFoundError as error:
        if missing_ok:
            return []
        raise FolderError(directory, f"{error.strerror} (check the folder's name).") from None
    except NotADirectoryError as error:
        raise FolderError(directory, f"{error.strerror} (it is a file).") from None
    except OSError as error:
        raise FolderError(directory, f"{error.strerror or error}.") from None
    return sorted(entries, key=lambda e: e.name)


def mark_status(path: Path, status: Status, *, when: datetime | None = None) -> None:
    """Rewrite the log at ``path`` with a new status (e.g. abandoned after declining resume).

    Raises:
        LogInUse: When a session still running in another process owns the log.
        LogError: When the log cannot be read.
        OSError: When it cannot be written.
    """
    check_free(path)
    log = read_log(path)
    ended = log.ended
    if when is not None and ended is None:
        ended = when.replace(microsecond=0)
    write_log(replace(log, status=status, ended=ended), path)
