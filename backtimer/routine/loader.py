"""Reading routine files: bytes to text to a validated :class:`Routine`.

:func:`load_routine` reads a file and either returns a routine or raises
:class:`~backtimer.errors.RoutineError` listing *every* problem, each with its
line and column. Nothing in a routine can run a command: it is data.
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import replace
from pathlib import Path

from backtimer.errors import Problem, RoutineError
from backtimer.routine.model import Routine
from backtimer.routine.spec import MAX_FILE_BYTES
from backtimer.routine.syntax import number_too_long, syntax_problem
from backtimer.routine.tomlpos import locate
from backtimer.routine.validator import Validator

#: What a routine file may be instead of a regular file, in words.
_KINDS = (
    (stat.S_ISFIFO, "a FIFO (a named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)

#: Opening never blocks (a FIFO with no writer), nor makes a terminal ours.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _too_big(name: str, size: int) -> RoutineError:
    return _failure(
        name,
        0,
        0,
        f"the file is {size:,} bytes; a routine can be at most 1 MB "
        f"({MAX_FILE_BYTES:,} bytes), and a real one is a few kB: is this the right file?",
    )


def _read_regular(path: Path) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most the size limit.

    Raises:
        RoutineError: When it is something else (a FIFO, a device), or too big.
        OSError: When it can't be opened or read.
    """
    name = str(path)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", name)
        if not stat.S_ISREG(info.st_mode):
            kind = next((words for test, words in _KINDS if test(info.st_mode)), "something else")
            raise _failure(
                name,
                0,
                0,
                f"is not a regular file but {kind}; a routine is a .toml text file: check the path",
            )
        if info.st_size > MAX_FILE_BYTES:
            raise _too_big(name, info.st_size)
        chunks = []
        left = MAX_FILE_BYTES + 1  # it may have grown since fstat
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > MAX_FILE_BYTES:
            raise _too_big(name, max(len(data), info.st_size))
        return data
    finally:
        os.close(fd)


def read_text(path: Path) -> str:
    """Read a routine file as UTF-8 text.

    Only a regular file is read, never waiting (a FIFO, a device, a link to
    ``/dev/zero`` is refused at once), and only up to :data:`MAX_FILE_BYTES`.

    Raises:
        RoutineError: When the file is missing, unreadable, not a regular file,
            too big or not UTF-8.
    """
    name = str(path)
    try:
        data = _read_regular(path)
    except FileNotFoundError:
        raise _failure(name, 0, 0, "no such file; check the path or run `backtimer list`") from None
    except IsADirectoryError:
        raise _failure(
            name,
            0,
            0,
            "is a folder, not a routine file (.toml); to check the routines in it, "
            f"run `backtimer check {name.rstrip('/')}/*.toml`",
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise _failure(
            name, 0, 0, f"cannot read the file: {reason}; check its permissions"
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # utf-8-sig counts error.start after the BOM; the column counts characters.
        body = data.removeprefix(b"\xef\xbb\xbf")
        before = body[: error.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise _failure(
            name, line, col, "the file is not UTF-8 text; save it as UTF-8 in your editor"
        ) from None


def _failure(name: str, line: int, col: int, message: str) -> RoutineError:
    """The error for a file with one problem that stops all further checks."""
    return RoutineError(name, [Problem(name, line, col, message)])


def load_routine(path: Path | str) -> Routine:
    """Read, validate and return the routine in ``path``.

    Raises:
        RoutineError: Listing every problem in the file.
    """
    path = Path(path)
    text = read_text(path)
    return parse_routine(text, path)


def parse_routine(text: str, path: Path | str = "<routine>") -> Routine:
    """Validate ``text`` as a routine; ``path`` names it in messages.

    Raises:
        RoutineError: Listing every problem in the text.
    """
    name = str(path)
    if len(text) > MAX_FILE_BYTES:  # a copy in a log is read from text, not a file
        raise _too_big(name, len(text.encode("utf-8", errors="replace")))
    try:
        data = tomllib.loads(text)
        found = locate(text)
    except tomllib.TOMLDecodeError as error:
        raise RoutineError(name, [syntax_problem(name, text, error)]) from None
    except ValueError as error:  # an integer of more digits than Python converts
        raise RoutineError(name, [number_too_long(name, text, error)]) from None
    except RecursionError:  # [[[[… thousands deep: tomllib gives up
        line, col = _too_deep(text)
        raise _failure(
            name,
            line,
            col,
            "arrays or inline tables are nested too deeply to read; "
            "a routine needs at most two levels, as in warmup_sets = [{ reps = 10 }]",
        ) from None
    validator = Validator(name, found)
    routine = validator.validate(data)
    if validator.problems or routine is None:
        raise RoutineError(name, validator.problems)
    return replace(routine, source=Path(path), text=text)


def _too_deep(text: str, limit: int = 100) -> tuple[int, int]:
    """Roughly where brackets first nest ``limit`` deep (1, 1 if nowhere)."""
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        for col, char in enumerate(line, 1):
            depth += (char in "[{") - (char in "]}")
            if depth >= limit:
                return number, col
    return 1, 1
