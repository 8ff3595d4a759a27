"""A running session owns its log: an OS lock held for the session's life.

A log is replaced by a rename on every write, so the lock cannot be on the log
file itself; it is on a hidden file beside it, ``.NAME.toml.lock``, which holds
the owner's pid. The lock is ``flock``: the kernel releases it when the process
dies, however it dies, so a crashed session is resumable at once, and a live one
is never taken over (``resume``, the picker's offer and ``--abandon`` ask
:func:`lock_owner` first and say "running in another terminal (pid N)").

A new log's name is claimed by creating its lock file exclusively, so two
sessions started in the same second never share a log.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from pathlib import Path

from backtimer.errors import BacktimerError


class LogInUse(BacktimerError):
    """The log belongs to a session still running in another process."""

    def __init__(self, path: Path, pid: int | None) -> None:
        who = f"pid {pid}" if pid else "another process"
        super().__init__(
            "Session still running",
            f"{path.name} is running in another terminal ({who}); finish or stop it there. "
            "A session that crashed is free to resume at once.",
        )
        self.path = path
        self.pid = pid


#: Tries, a short pause apart, before a lock held by someone else counts as taken.
_ATTEMPTS = 5
_RETRY_SECONDS = 0.02


def lock_path(log: Path) -> Path:
    """The lock file of the log at ``log``."""
    return log.with_name(f".{log.name}.lock")


class LogLock:
    """The lock on one log, held until :meth:`release` (or the process ends)."""

    def __init__(self, log: Path, fd: int) -> None:
        self.log = log
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, log: Path, *, create_new: bool = False) -> LogLock:
        """Take the lock of ``log`` for this process.

        Args:
            create_new: Claim a new name: fail with ``FileExistsError`` when the
                lock file already exists (another session took the name).

        Raises:
            LogInUse: A live process holds it.
            FileExistsError: ``create_new`` and the name is taken.
            OSError: The lock file cannot be made (the folder is not writable).
        """
        flags = os.O_RDWR | os.O_CREAT | (os.O_EXCL if create_new else 0)
        fd = os.open(lock_path(log), flags, 0o600)
        for attempt in range(_ATTEMPTS):
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                busy = error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES)
                if busy and attempt + 1 < _ATTEMPTS:
                    # Another process may only be looking (lock_owner holds a shared
                    # lock for an instant): try again before calling the log taken.
                    time.sleep(_RETRY_SECONDS)
                    continue
                pid = _read_pid(fd)
                os.close(fd)
                if busy:
                    raise LogInUse(log, pid) from None
                raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        return cls(log, fd)

    @property
    def held(self) -> bool:
        """Whether this object still holds the lock."""
        return self._fd is not None

    def release(self, *, remove: bool = True) -> None:
        """Let go of the lock; ``remove`` deletes the lock file too (the session is over)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if remove:
            with contextlib.suppress(OSError):
                os.unlink(lock_path(self.log))
        os.close(fd)  # closing the descriptor releases the flock


def lock_owner(log: Path) -> int | None:
    """The pid of the live process that owns ``log``; ``None`` when no one does.

    A lock file left by a crashed session is not an owner: its lock died with it.
    """
    try:
        fd = os.open(lock_path(log), os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return _read_pid(fd) or -1
    finally:
        os.close(fd)  # also lets go of the shared lock taken just to look
    return None


def check_free(log: Path) -> None:
    """Raise :class:`LogInUse` when a live session owns ``log``."""
    pid = lock_owner(log)
    if pid is not None:
        raise LogInUse(log, pid if pid > 0 else None)


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
