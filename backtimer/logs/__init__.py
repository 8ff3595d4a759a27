"""Session logs: one TOML file per session, and what is read back from them.

- :mod:`.logfile` is the format: :func:`write_log` and :func:`read_log` write and
  read a :class:`LogData`, so any code (a session's journal, an import) writes a
  valid log; :mod:`.atomic` makes every write all-or-nothing.
- :class:`Journal` decides *when* a running session's log is written.
- :func:`resume_session` continues an interrupted session from its log.
- :func:`load_history` (with its index) and :func:`export` read every log.
- :func:`load_memory` (:func:`recall` at start-up): every exercise's earlier sessions,
  through a small cache (:mod:`.memory`).
"""

from backtimer.logs.atomic import atomic_write, check_writable
from backtimer.logs.export import ExportFormat, export, read_all
from backtimer.logs.history import (
    History,
    SessionRow,
    exercise_stats,
    load_history,
    newest_in_progress,
    plain_cells,
    recent_interrupted,
    running_elsewhere,
    streak,
    weekly,
)
from backtimer.logs.journal import RETRY_SECONDS, Journal, open_journal
from backtimer.logs.lock import LogInUse, LogLock, check_free, lock_owner
from backtimer.logs.logfile import (
    LOG_FORMAT,
    MAX_LOG_BYTES,
    FolderError,
    LogData,
    LogError,
    claim_log,
    dump_log,
    log_name,
    mark_status,
    parse_log,
    read_limited,
    read_log,
    scan_logs,
    write_log,
)
from backtimer.logs.memory import (
    Pending,
    Recall,
    load_all_sessions,
    load_memory,
    recall,
    recall_soon,
)
from backtimer.logs.resume import Resumption, resume_session

__all__ = [
    "LOG_FORMAT",
    "MAX_LOG_BYTES",
    "RETRY_SECONDS",
    "ExportFormat",
    "FolderError",
    "History",
    "Journal",
    "LogData",
    "LogError",
    "LogInUse",
    "LogLock",
    "Pending",
    "Recall",
    "Resumption",
    "SessionRow",
    "atomic_write",
    "check_free",
    "check_writable",
    "claim_log",
    "dump_log",
    "exercise_stats",
    "export",
    "load_all_sessions",
    "load_history",
    "load_memory",
    "lock_owner",
    "log_name",
    "mark_status",
    "newest_in_progress",
    "open_journal",
    "parse_log",
    "plain_cells",
    "read_all",
    "read_limited",
    "read_log",
    "recall",
    "recall_soon",
    "recent_interrupted",
    "running_elsewhere",
    "scan_logs",
    "resume_session",
    "streak",
    "weekly",
    "write_log",
]
