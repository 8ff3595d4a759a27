"""The journal: *when* a session's log is written, and what the session says in it.

:class:`Journal` subscribes to a :class:`~backtimer.engine.Session` and rewrites
its log after every change that matters (start, a step finished or skipped
together with the next one's start, a set entered, pause, resume, a timed step
made longer or shorter, a note, quit). What a log file looks like is
:mod:`backtimer.logs.logfile`'s business; each write there is atomic. A failed
write is reported once and retried every :data:`RETRY_SECONDS` until it works:
the session never stops for the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.engine import (
    Event,
    NoteAdded,
    Paused,
    Resumed,
    Session,
    SessionEnded,
    SetLogged,
    StepRecord,
    StepStarted,
    TimeChanged,
)
from backtimer.logs.lock import LogLock
from backtimer.logs.logfile import LogData, LogError, claim_log, log_name, read_log, write_log

if TYPE_CHECKING:
    from backtimer.logs.resume import Resumption

#: Seconds between retries of a log write that failed (disk full, folder gone).
RETRY_SECONDS = 5.0
#: The events after which the log is written.
WRITTEN_ON = (StepStarted, Paused, Resumed, TimeChanged, SetLogged, NoteAdded, SessionEnded)


def _time(value: datetime) -> datetime:
    """A timestamp as logs keep it: to the second."""
    return value.replace(microsecond=0)


def _as_logged(record: StepRecord) -> StepRecord:
    """A record as the journal writes it: seconds to a tenth, times to the second."""
    return replace(
        record,
        actual=round(record.actual, 1),
        paused=round(record.paused, 1),
        started=_time(record.started),
        ended=_time(record.ended),
    )


def _joined(notes: str, note: str) -> str:
    """``note`` after ``notes`` on a line of its own."""
    return f"{notes}\n{note}" if notes else note


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
            and notes (the session's and each exercise's) are kept.
        lock: The lock of ``path``, already taken (see ``resume_session``).

    A session owns its log: the journal holds the log's lock (:mod:`.lock`) from
    the start, claiming a new log's name, until the session has ended and its
    last write worked, or :meth:`close`.

    Raises:
        LogInUse: ``path`` belongs to a session running in another process.
    """

    def __init__(
        self,
        session: Session,
        directory: Path,
        *,
        on_warning: Callable[[str], None] | None = None,
        on_recovered: Callable[[str], None] | None = None,
        path: Path | None = None,
        lock: LogLock | None = None,
    ) -> None:
        self.session = session
        self.directory = directory
        self.on_warning = on_warning or (lambda message: None)
        self.on_recovered = on_recovered or (lambda message: None)
        self.notes = ""
        #: Notes about an exercise, by its name (see :attr:`LogData.exercise_notes`).
        self.exercise_notes: dict[str, str] = {}
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
                self.exercise_notes = dict(old.exercise_notes)
                self.resumed = old.resumed + 1
        self.lock: LogLock | None
        if path is not None:
            self.path = path
            self.lock = lock if lock is not None else LogLock.acquire(path)
        else:
            self.path, self.lock = self._claim(session.plan.routine.name)
        self.failing = False
        #: Why the last write failed (``None`` when it worked).
        self.error: str | None = None
        self.writes = 0
        self._last_try: float | None = None
        session.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        # A step's end is not written on its own: the next step's start or the session's
        # end follows at once, and its write has this step's record too: one write a step
        # change, not two. (Written on its own, the end of the last step left for a moment
        # a log still in progress with nothing left to resume: a kill there got it stuck.)
        # A countdown changes nothing the log holds.
        if isinstance(event, NoteAdded):
            self._keep_note(event)
        if isinstance(event, WRITTEN_ON):
            self.write()

    def _claim(self, routine_name: str) -> tuple[Path, LogLock | None]:
        """A new log's name, owned by this session (unowned if the folder is not writable)."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            return claim_log(self.started, routine_name, self.directory)
        except OSError:
            # The first write fails too and says why; writes are retried, unlocked.
            return log_name(self.started, routine_name, self.directory), None

    def close(self) -> None:
        """Let go of the log: the session is over or the process is leaving."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _keep_note(self, note: NoteAdded) -> None:
        """Add a note to the session's notes or its exercise's, after any already there."""
        if note.exercise is None:
            self.notes = _joined(self.notes, note.text)
        else:
            old = self.exercise_notes.get(note.exercise, "")
            self.exercise_notes[note.exercise] = _joined(old, note.text)

    def set_notes(self, notes: str) -> bool:
        """Keep ``notes`` with the session and write the log."""
        self.notes = notes
        return self.write()

    def snapshot(self) -> LogData:
        """The session as its log says it now."""
        session = self.session
        routine = session.plan.routine
        records = session.records
        resume_at = session.index
        if records:
            resume_at = max(resume_at, records[-1].index + 1)
        now = _time(session.clock.wall())
        return LogData(
            started=self.started,
            routine_name=routine.name,
            status=session.status,
            records=[_as_logged(r) for r in records],
            ended=now if session.finished else None,
            updated=now,
            active_seconds=round(session.active_seconds, 1),
            paused_seconds=round(session.paused_seconds, 1),
            steps_planned=len(session.plan.steps),
            resume_at=resume_at,
            resumed=self.resumed,
            notes=self.notes,
            exercise_notes=dict(self.exercise_notes),
            routine_path=str(routine.source) if routine.source is not None else None,
            routine_sha256=routine.sha256,
            routine_text=routine.text,
            unit=routine.defaults.unit,
        )

    def write(self) -> bool:
        """Write the log now; returns whether it worked.

        The first failure of a streak calls ``on_warning``; the first success
        after it calls ``on_recovered``.
        """
        self._last_try = self.session.clock.now()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_log(self.snapshot(), self.path)
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
        if self.session.finished:
            self.close()  # the last word is on disk: the log is free
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
    resumed: Resumption | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_recovered: Callable[[str], None] | None = None,
) -> Journal:
    """Start logging ``session`` and write the first log.

    Args:
        directory: The folder of logs, for a new log.
        resumed: Where a resumed ``session`` came from (``resume_session``): it goes
            on in the log it continues, under the lock already taken for it.
    """
    if resumed is not None:
        if resumed.session is not session:
            raise ValueError("a resumed journal logs the session that was resumed")
        directory = resumed.log_path.parent
    journal = Journal(
        session,
        directory,
        on_warning=on_warning,
        on_recovered=on_recovered,
        path=resumed.log_path if resumed is not None else None,
        lock=resumed.lock if resumed is not None else None,
    )
    journal.write()
    return journal
