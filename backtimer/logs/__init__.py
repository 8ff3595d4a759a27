"""Session logs: one TOML file per session, and what is read back from them.

- :mod:`.logfile` is the format: :func:`write_log` and :func:`read_log` write and
  read a :class:`LogData`, so any code (a session's journal, an import) writes a
  valid log; :mod:`.atomic` makes every write all-or-nothing.
- :class:`Journal` decides *when* a running session's log is written.
- :func:`resume_session` continues an interrupted session from its log.
- :func:`load_history` (with its index) and :func:`~backtimer.logs.export.export`
  (imported from its module: the face's ``export`` is the module) read every log.
- :func:`load_memory` (:func:`recall` at start-up): every exercise's earlier sessions,
  through a small cache (:mod:`.memory`).

Each name is imported from its module when first used (PEP 562), so ``backtimer run``
does not pay at start-up for the history, export or resume modules it never touches
(make bench, start-up).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the type checker and readers see; at run time, __getattr__
    from backtimer.logs.atomic import atomic_write as atomic_write
    from backtimer.logs.atomic import check_writable as check_writable
    from backtimer.logs.export import (
        ExportFormat as ExportFormat,
    )
    from backtimer.logs.export import (
        read_all as read_all,
    )
    from backtimer.logs.history import (
        History as History,
    )
    from backtimer.logs.history import (
        SessionRow as SessionRow,
    )
    from backtimer.logs.history import (
        load_history as load_history,
    )
    from backtimer.logs.history import (
        newest_in_progress as newest_in_progress,
    )
    from backtimer.logs.history import (
        plain_cells as plain_cells,
    )
    from backtimer.logs.history import (
        recent_interrupted as recent_interrupted,
    )
    from backtimer.logs.history import (
        running_elsewhere as running_elsewhere,
    )
    from backtimer.logs.history import (
        streak as streak,
    )
    from backtimer.logs.history import (
        weekly as weekly,
    )
    from backtimer.logs.journal import (
        RETRY_SECONDS as RETRY_SECONDS,
    )
    from backtimer.logs.journal import (
        Journal as Journal,
    )
    from backtimer.logs.journal import (
        open_journal as open_journal,
    )
    from backtimer.logs.lock import (
        LogInUse as LogInUse,
    )
    from backtimer.logs.lock import (
        LogLock as LogLock,
    )
    from backtimer.logs.lock import (
        check_free as check_free,
    )
    from backtimer.logs.lock import (
        lock_owner as lock_owner,
    )
    from backtimer.logs.logfile import (
        LOG_FORMAT as LOG_FORMAT,
    )
    from backtimer.logs.logfile import (
        MAX_LOG_BYTES as MAX_LOG_BYTES,
    )
    from backtimer.logs.logfile import (
        FolderError as FolderError,
    )
    from backtimer.logs.logfile import (
        LogData as LogData,
    )
    from backtimer.logs.logfile import (
        LogError as LogError,
    )
    from backtimer.logs.logfile import (
        claim_log as claim_log,
    )
    from backtimer.logs.logfile import (
        dump_log as dump_log,
    )
    from backtimer.logs.logfile import (
        log_name as log_name,
    )
    from backtimer.logs.logfile import (
        mark_status as mark_status,
    )
    from backtimer.logs.logfile import (
        parse_log as parse_log,
    )
    from backtimer.logs.logfile import (
        read_limited as read_limited,
    )
    from backtimer.logs.logfile import (
        read_log as read_log,
    )
    from backtimer.logs.logfile import (
        scan_logs as scan_logs,
    )
    from backtimer.logs.logfile import (
        write_log as write_log,
    )
    from backtimer.logs.memory import (
        Pending as Pending,
    )
    from backtimer.logs.memory import (
        Recall as Recall,
    )
    from backtimer.logs.memory import (
        load_all_sessions as load_all_sessions,
    )
    from backtimer.logs.memory import (
        load_memory as load_memory,
    )
    from backtimer.logs.memory import (
        recall as recall,
    )
    from backtimer.logs.memory import (
        recall_soon as recall_soon,
    )
    from backtimer.logs.resume import Resumption as Resumption
    from backtimer.logs.resume import resume_session as resume_session

#: Where each name of the face lives.
_WHERE = {
    "atomic_write": "atomic",
    "check_writable": "atomic",
    "ExportFormat": "export",
    "read_all": "export",
    "History": "history",
    "SessionRow": "history",
    "load_history": "history",
    "newest_in_progress": "history",
    "plain_cells": "history",
    "recent_interrupted": "history",
    "running_elsewhere": "history",
    "streak": "history",
    "weekly": "history",
    "Journal": "journal",
    "RETRY_SECONDS": "journal",
    "open_journal": "journal",
    "LogInUse": "lock",
    "LogLock": "lock",
    "check_free": "lock",
    "lock_owner": "lock",
    "FolderError": "logfile",
    "LOG_FORMAT": "logfile",
    "LogData": "logfile",
    "LogError": "logfile",
    "MAX_LOG_BYTES": "logfile",
    "claim_log": "logfile",
    "dump_log": "logfile",
    "log_name": "logfile",
    "mark_status": "logfile",
    "parse_log": "logfile",
    "read_limited": "logfile",
    "read_log": "logfile",
    "scan_logs": "logfile",
    "write_log": "logfile",
    "Pending": "memory",
    "Recall": "memory",
    "load_all_sessions": "memory",
    "load_memory": "memory",
    "recall": "memory",
    "recall_soon": "memory",
    "Resumption": "resume",
    "resume_session": "resume",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next look-up is a plain one
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
