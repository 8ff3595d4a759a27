"""Files that are never half-written: write to a temporary file, fsync, rename, fsync the folder.

:func:`atomic_write` is the one way backtimer replaces a file (session logs, the
history index, an edited routine): a ``kill -9`` or a dead battery at any moment
leaves either the old or the new complete file, never a torn one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from pathlib import Path

from backtimer.errors import BacktimerError
from backtimer.routine import MAX_SLUG

#: The longest name of a log: its start time, the longest slug and a suffix.
LONGEST_LOG_NAME = len("2026-11-25T18-04-12_") + MAX_SLUG + len("-999.toml")
#: The longest name of a temporary file :func:`atomic_write` makes for a log.
LONGEST_TEMP_NAME = len(".") + LONGEST_LOG_NAME + len(".12345678.tmp")


def check_writable(directory: Path) -> None:
    """Make sure session logs can be written in ``directory`` (created if missing).

    Raises:
        BacktimerError: Naming the folder and why, before any session starts.
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # As long a name as a log's temporary file can have: some file systems
        # (eCryptfs) take far fewer than 255 bytes.
        prefix = ".write-test-".ljust(LONGEST_TEMP_NAME - len("12345678.tmp"), "x")
        fd, name = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=".tmp")
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


def atomic_write(path: Path, data: bytes, *, keep_mode: bool = False) -> None:
    """Replace ``path`` by ``data`` so that a crash leaves the old or the new file.

    Args:
        keep_mode: Give the new file the permissions of the one it replaces (an
            edited routine keeps its mode; a new one is 0644); otherwise it is
            private to the user.

    Raises:
        OSError: When it cannot be written; the temporary file is removed.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_mode and path.exists():
            shutil.copymode(path, tmp)
        elif keep_mode:
            os.chmod(tmp, 0o644)  # a new file as an editor would make it, not private
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable, where the platform allows it."""
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
