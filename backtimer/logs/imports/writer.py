"""Imported workouts as ordinary session logs, and the plan of an import.

:func:`to_log` turns one :class:`~backtimer.logs.imports.model.ImportedWorkout` into a
:class:`~backtimer.logs.logfile.LogData` that history, export, trends and training memory
read like a session run here: status completed, one ``set`` (or ``warmup_set``) step per
set, done and entered, and an ``[import]`` table naming the app, the workout's source key
and the import.

Other apps keep no time per set, so each set is given a plausible one inside the workout:
the sets follow each other from the workout's start, a rep set lasting
:data:`REP_SET_SECONDS` and a timed set its seconds, with the rest the app recorded after
a set (Strong's ``Rest Timer`` rows) or an even share of the workout's remaining time
(at most :data:`MAX_REST`) between them. A set's time is never before the workout's start
nor after its end; a workout whose file gives no end ends after its last set, with
:data:`REST_SECONDS` between sets. Rests are spacing only, never steps of their own.

:func:`plan_import` matches the workouts against the logs already in the folder
(:class:`Existing`, built from the history index: no log is parsed) so that importing a
file again adds nothing, and :func:`write_import` writes the new logs all or nothing.
Nothing here prints: the command says what happened.
"""

from __future__ import annotations

import contextlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from backtimer.engine import Outcome, Status, StepKind, StepRecord
from backtimer.engine.memory import exercise_key
from backtimer.engine.records import check_rpe
from backtimer.formatting import format_number
from backtimer.logs.history import SessionRow
from backtimer.logs.imports.model import ImportedSet, ImportedWorkout, ParseResult, SetKind
from backtimer.logs.logfile import (
    LogData,
    LogError,
    check_totals,
    claim_log,
    write_log,
)
from backtimer.routine import Unit

#: How long a rep set is taken to last when the file says nothing of its time.
REP_SET_SECONDS = 40.0
#: The rest between two sets of a workout whose file gives no end and no rest.
REST_SECONDS = 90.0
#: The longest rest put between two sets when the workout's known end leaves more time.
MAX_REST = 600.0

_SET_TYPES = {SetKind.DROP: "drop", SetKind.FAILURE: "failure"}


# -- names ------------------------------------------------------------------------


def alias_table(aliases: Mapping[str, str]) -> dict[str, str]:
    """``[aliases]`` keyed by :func:`exercise_key`: case and spaces never matter."""
    return {exercise_key(name): mine for name, mine in aliases.items()}


def exercise_name(name: str, aliases: Mapping[str, str]) -> str:
    """The name an imported exercise is logged under: its alias, else its own name.

    ``aliases`` is an :func:`alias_table`.
    """
    return aliases.get(exercise_key(name), name.strip()) or name


# -- one workout ----------------------------------------------------------------------


def _aware(when: datetime) -> datetime:
    """``when`` with a UTC offset: a naive time is the machine's local time."""
    return when if when.utcoffset() is not None else when.astimezone()


def _timed(s: ImportedSet) -> bool:
    return s.reps is None and s.seconds is not None and s.seconds > 0


def _work_seconds(s: ImportedSet) -> float:
    if s.seconds is not None and math.isfinite(s.seconds) and s.seconds > 0:
        return s.seconds
    return REP_SET_SECONDS


def _number(value: float | None) -> float | None:
    """A finite number, else ``None`` (an empty or broken cell)."""
    if value is None or not math.isfinite(value):
        return None
    return value


def _rpe(value: float | None) -> float | None:
    """An RPE the log may hold (1–10 in half steps, rounded to one), else ``None``."""
    if value is None or not math.isfinite(value):
        return None
    rounded = round(value * 2) / 2
    try:
        check_rpe(rounded)
    except ValueError:
        return None
    return int(rounded) if isinstance(value, int) else rounded


def timeline(
    sets: Sequence[ImportedSet], span: float | None
) -> tuple[list[tuple[float, float]], float]:
    """Each set's start and end in seconds from the workout's start, and the workout's
    length (``span`` when known, else the end of its last set).

    Monotonic: a set starts no earlier than the one before ends, and none ends after
    ``span``.
    """
    n = len(sets)
    work = [_work_seconds(s) for s in sets]
    gaps: list[float | None] = []
    for s in sets[:-1]:
        rest = _number(s.rest_after)
        gaps.append(rest if rest is not None and rest >= 0 else None)
    if span is None:
        filled = [REST_SECONDS if g is None else g for g in gaps]
    else:
        known = sum(work) + sum(g for g in gaps if g is not None)
        unknown = sum(1 for g in gaps if g is None)
        if known <= span:
            share = min((span - known) / unknown, MAX_REST) if unknown else 0.0
            filled = [share if g is None else g for g in gaps]
        else:  # more than fits: everything shrinks alike
            factor = span / known if known > 0 else 0.0
            work = [w * factor for w in work]
            filled = [0.0 if g is None else g * factor for g in gaps]
    times: list[tuple[float, float]] = []
    t = 0.0
    for i in range(n):
        end = t + work[i]
        if span is not None:
            t, end = min(t, span), min(end, span)
        times.append((t, end))
        t = end + (filled[i] if i < n - 1 else 0.0)
    length = span if span is not None else (times[-1][1] if times else 0.0)
    return times, length


def _notes(texts: Iterable[str]) -> str:
    """Notes joined by line ends, each once, in the order first seen."""
    seen = dict.fromkeys(t.strip() for t in texts if t and t.strip())
    return "\n".join(seen)


def _distance_note(sets: Sequence[ImportedSet]) -> str:
    """``Distance: 5 km, 4.8 km``: what a log has no field for, kept as a note."""
    parts = [
        f"{format_number(s.distance)} {s.distance_unit or ''}".strip()
        for s in sets
        if s.distance is not None and math.isfinite(s.distance) and s.distance > 0
    ]
    return f"Distance: {', '.join(parts)}" if parts else ""


def to_log(workout: ImportedWorkout, *, aliases: Mapping[str, str], import_id: str) -> LogData:
    """One workout as one completed session log (see the module's doc).

    ``aliases`` maps imported exercise names onto the user's (``[aliases]`` of
    config.toml, as written or as an :func:`alias_table`: keys are matched case- and
    space-insensitively either way).
    """
    table = alias_table(aliases)
    started = _aware(workout.started).replace(microsecond=0)
    ended = _aware(workout.ended) if workout.ended is not None else None
    span = (ended - started).total_seconds() if ended is not None else None
    if span is not None and span < 0:  # an end before the start: not an end
        span = None
    sets = workout.sets
    times, length = timeline(sets, span)
    names = [exercise_name(s.exercise, table) for s in sets]
    warm = [s.kind is SetKind.WARMUP for s in sets]
    counts = Counter(zip(names, warm, strict=True))
    numbers: Counter[tuple[str, bool]] = Counter()
    records: list[StepRecord] = []
    for i, (s, name, (begin, end)) in enumerate(zip(sets, names, times, strict=True)):
        numbers[name, warm[i]] += 1
        weight = _number(s.weight)
        timed = _timed(s)
        seconds = _number(s.seconds)
        records.append(
            StepRecord(
                index=i,
                kind=StepKind.WARMUP_SET if warm[i] else StepKind.SET,
                name=name,
                exercise=name,
                set_number=numbers[name, warm[i]],
                set_count=counts[name, warm[i]],
                side=None,
                planned=round(seconds) if timed and seconds is not None else None,
                actual=seconds if seconds is not None and seconds > 0 else end - begin,
                paused=0.0,
                outcome=Outcome.DONE,
                started=started + timedelta(seconds=round(begin)),
                ended=started + timedelta(seconds=round(end)),
                reps=s.reps if s.reps is not None and s.reps >= 0 else None,
                weight=weight,
                unit=(s.unit or Unit.KG) if weight is not None else None,
                rpe=_rpe(s.rpe),
                entered=True,
                group=s.superset or None,
                set_type=_SET_TYPES.get(s.kind),
            )
        )
    by_exercise: dict[str, list[ImportedSet]] = {}
    for s, name in zip(sets, names, strict=True):
        by_exercise.setdefault(name, []).append(s)
    exercise_notes = {}
    for name, done in by_exercise.items():
        text = _notes([*(s.notes or "" for s in done), _distance_note(done)])
        if text:
            exercise_notes[name] = text
    units = Counter(s.unit or Unit.KG for s in sets if _number(s.weight) is not None)
    return LogData(
        started=started,
        routine_name=workout.name.strip() or f"{str(workout.source).title()} workout",
        status=Status.COMPLETED,
        records=records,
        ended=started + timedelta(seconds=round(length)),
        active_seconds=float(round(length)),
        paused_seconds=0.0,
        steps_planned=len(records),
        resume_at=len(records),
        notes=_notes([workout.notes]),
        exercise_notes=exercise_notes,
        unit=units.most_common(1)[0][0] if units else Unit.KG,
        source=str(workout.source),
        source_key=workout.key,
        import_id=import_id,
    )


# -- matching what is already in the folder ------------------------------------------


def wall_minute(when: datetime) -> datetime:
    """The wall-clock time ``when`` shows where it was logged, to the minute (naive)."""
    return when.replace(tzinfo=None, second=0, microsecond=0)


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class Existing:
    """What an import recognises a logged workout by: its source key, or its start's wall
    time to the minute and its name (any case), with the app it came from (``""``: run
    here)."""

    keys: set[str] = field(default_factory=set)
    starts: dict[tuple[datetime, str], set[str]] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, rows: Iterable[SessionRow]) -> Existing:
        """From the history's rows (the index: no log is parsed)."""
        existing = cls()
        for row in rows:
            existing.add(row.when, row.routine, row.source, row.source_key)
            if row.import_id:
                existing.ids.add(row.import_id)
        return existing

    def add(self, started: datetime, name: str, source: str, key: str) -> None:
        """Count one more logged workout."""
        if key:
            self.keys.add(key)
        self.starts.setdefault((wall_minute(started), _name_key(name)), set()).add(source)

    def has(self, workout: ImportedWorkout) -> bool:
        """Whether ``workout`` is logged already.

        A log of the same source key is the same workout; so is a log run here or
        imported from another app that started at the same wall time (to the minute)
        under the same name, any case (a session exported with ``export --format strong``
        and imported back).
        """
        if workout.key in self.keys:
            return True
        started = _aware(workout.started)
        sources = self.starts.get((wall_minute(started), _name_key(workout.name)), set())
        return any(source != str(workout.source) for source in sources)


# -- an import's plan, and writing it -------------------------------------------------


@dataclass
class FilePlan:
    """One file of an import: what was read, and what will be written."""

    path: Path
    result: ParseResult
    new: list[LogData] = field(default_factory=list)
    already: int = 0
    empty: int = 0  # workouts without a set: nothing to log
    too_large: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)

    @property
    def new_sets(self) -> int:
        """Sets in the new logs."""
        return sum(len(log.records) for log in self.new)


def plan_import(
    results: Sequence[tuple[Path, ParseResult]],
    existing: Existing,
    *,
    aliases: Mapping[str, str],
    import_id: str,
) -> list[FilePlan]:
    """The logs each file adds: its workouts not in ``existing`` (nor earlier in this
    import), as logs, checked; nothing is written."""
    table = alias_table(aliases)
    plans = []
    for path, result in results:
        plan = FilePlan(path, result)
        for workout in result.workouts:
            if not workout.sets:
                plan.empty += 1
                continue
            if existing.has(workout):
                plan.already += 1
                continue
            try:
                log = to_log(workout, aliases=table, import_id=import_id)
                check_totals(log)
            except LogError as error:
                plan.too_large.append((workout.line, error.reason.removeprefix("its ")))
                continue
            except OverflowError:  # a set's time beyond the year 9999
                plan.too_large.append((workout.line, "its times are beyond the year 9999"))
                continue
            existing.add(log.started, log.routine_name, log.source, log.source_key)
            plan.new.append(log)
        plans.append(plan)
    return plans


class WriteFailed(OSError):
    """Writing the logs failed part way; those written were removed again."""


def write_import(logs: Sequence[LogData], directory: Path) -> dict[str, LogData]:
    """Write ``logs`` into ``directory``, each under a free name (never over a log),
    atomically; all or nothing.

    Returns:
        The logs by file name, each with its ``path`` set.

    Raises:
        WriteFailed: When one cannot be written: the ones this call wrote are removed
            (as they are when the import is interrupted, e.g. by Ctrl+C).
    """
    written: dict[str, LogData] = {}
    try:
        for log in logs:
            path, lock = claim_log(log.started, log.routine_name, directory)
            try:
                write_log(log, path)
            finally:
                lock.release()
            log.path = path
            written[path.name] = log
    except BaseException as error:  # a full disk, a time TOML cannot hold, Ctrl+C
        for name in written:
            with contextlib.suppress(OSError):
                (directory / name).unlink()
        if not isinstance(error, OSError | ValueError):
            raise
        errno = error.errno if isinstance(error, OSError) else 0
        strerror = error.strerror if isinstance(error, OSError) else None
        raise WriteFailed(errno or 0, strerror or str(error)) from error
    return written
