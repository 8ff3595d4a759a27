"""Resuming an interrupted session from its log.

:func:`resume_session` rebuilds the plan from the routine copy the log keeps
and returns a :class:`Resumption`: the session, starting at the step where the
log stopped, and the log it continues (give both to the App, or to
:func:`~backtimer.logs.journal.open_journal` as ``path``).

A resumed session never drops the user straight into a running set or timer: it
begins with a get-ready of :data:`RESUME_LEAD_IN` seconds (or the routine's
``get_ready``, if longer) before the step it continues (the session's
``lead_in``; see :class:`~backtimer.engine.Session` for how it keeps the plan's
step indices).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backtimer.engine import DEFAULT_MAX_GAP, Clock, Session, expand
from backtimer.engine.training import Training
from backtimer.errors import BacktimerError, RoutineError
from backtimer.logs.lock import LogLock
from backtimer.logs.logfile import LogData
from backtimer.routine import parse_routine

#: The shortest get-ready before the step a resumed session continues with.
RESUME_LEAD_IN = 10


@dataclass(frozen=True)
class Resumption:
    """A session that continues a log, the log it continues, and that log's lock.

    Give it to the journal (``open_journal(resumption.session, …, resumed=resumption)``);
    to give the session up instead, ``lock.release()``.
    """

    session: Session
    log_path: Path
    lock: LogLock


def resume_session(
    log: LogData,
    clock: Clock,
    *,
    max_gap: float | None = DEFAULT_MAX_GAP,
    training: Training | None = None,
) -> Resumption:
    """A session that continues ``log`` at the step where it stopped.

    The routine is rebuilt from the copy kept in the log (so an edited or
    deleted routine file does not matter); every step recorded before the
    resume point is kept, so totals carry on. The session starts with a get-ready
    lead-in naming the step it continues (none before a rest).

    Args:
        log: The log of the interrupted session (read from a file: it names it).
        clock: The new session's clock.
        max_gap: As for :class:`~backtimer.engine.Session`.
        training: The memory and kits to plan with (the targets of a progression, last
            time, the loads), as at the session's start; ``None``: the routine's values.

    Raises:
        LogInUse: The session is still running in another process.
        BacktimerError: When the log's routine copy is invalid, its ``resume_at`` is no
            step of the plan, or nothing is left to do; the message names the log file.
    """
    if log.path is None:
        raise ValueError("only a log read from a file can be resumed")
    copy = f"{log.path} [routine] text"
    try:
        routine = parse_routine(log.routine_text, copy)
    except RoutineError as error:
        made_from = f" (made from {log.routine_path})" if log.routine_path else ""
        problems = "\n".join(str(p) for p in error.problems)
        raise BacktimerError(
            "Cannot resume",
            f"{log.path}: the copy of the routine kept in the log file{made_from} is not a "
            f"valid routine, so the session cannot be rebuilt; the routine file itself is "
            f"not read. Lines count from the start of the copy:\n{problems}",
        ) from None
    plan = expand(routine, training)
    if len(plan.steps) != log.steps_planned:
        raise BacktimerError(
            "Cannot resume",
            f"{log.path}: the routine copy in the log expands to {len(plan.steps)} steps, "
            f"the log planned {log.steps_planned}.",
        )
    if log.resume_at < 0 or log.resume_at > len(plan.steps):
        raise BacktimerError(
            "Cannot resume",
            f"{log.path}: resume_at = {log.resume_at} is no step of the session "
            f"(0 to {len(plan.steps)}); the log is damaged.",
        )
    if log.resume_at == len(plan.steps):
        raise BacktimerError("Nothing to resume", f"{log.path}: every step was already done.")
    lead_in = max(RESUME_LEAD_IN, routine.defaults.get_ready.seconds)
    session = Session(
        plan,
        clock,
        start_at=log.resume_at,
        records=log.records,
        max_gap=max_gap,
        lead_in=lead_in,
    )
    return Resumption(session, log.path, LogLock.acquire(log.path))
