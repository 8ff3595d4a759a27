"""Errors a user can act on.

Every error that reaches the user is a :class:`BacktimerError`: the CLI prints it
(without a traceback) and exits non-zero, the TUI shows it in a modal. Problems
found in a file carry the path, line and column so editors can jump to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backtimer.formatting import printable


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a file, at a 1-based line and column.

    Line and column are 0 for a problem with the whole file (it is missing, a
    folder, or cannot be read); a problem found in the file's text is always at
    line >= 1 and column >= 1, inside the text or just past the end of a line.
    """

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        # Whatever came from the file is escaped where it is quoted; this is the last
        # guard: no control character reaches the terminal, but a message's own line breaks.
        message = "\n".join(printable(part) for part in self.message.split("\n"))
        return f"{printable(self.path)}:{self.line}:{self.col}: {message}"


class BacktimerError(Exception):
    """An error the user can fix; its message says how.

    Args:
        title: A short headline, e.g. "Routine not found".
        message: The full explanation, including how to fix it.
    """

    exit_code = 2

    def __init__(self, title: str, message: str = "") -> None:
        super().__init__(f"{title}: {message}" if message else title)
        self.title = title
        self.message = message


class RoutineError(BacktimerError):
    """A routine file has one or more problems; all of them are listed."""

    exit_code = 1

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = str(path)
        self.problems = sorted(problems)
        count = len(self.problems)
        title = f"{self.path}: {count} problem{'s' if count != 1 else ''}"
        super().__init__(title, "\n".join(str(p) for p in self.problems))
