"""The terminal backtimer runs in: its three standard streams and what they can show.

No Textual here: ``cli.main()`` uses this module for every command, and
``backtimer --help`` stays fast.

- :func:`guard_streams`: a standard stream closed at start-up (``<&-``, ``>&-``,
  ``2>&-``; Python sets ``sys.stdout`` to ``None`` then) gets ``/dev/null`` on its
  file descriptor, so no file opened later takes its number, and a stand-in,
  :class:`ClosedStream`: reading gives end of input, writing to a closed stdout
  fails with ``EBADF`` (as it does for any well-behaved command), writing to a
  closed stderr is quietly dropped (there is nowhere to say anything).
- :func:`fall_back_to_ascii`: on a terminal whose encoding is not UTF-8 (an
  ISO-8859-1 or C locale), what the stream cannot encode is written in ASCII
  ("—" as "-", "…" as "...", "█" as "#") instead of raising
  ``UnicodeEncodeError``; :func:`ascii_note` says so once.
- :func:`drawing_in_cells`: while a Textual App draws (on stderr), each symbol
  is replaced by exactly as many ASCII cells as it takes, so the layout holds.
- :func:`require_terminal`: refuse to start a full-screen App without a terminal.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterator
from typing import TextIO

from backtimer.errors import BacktimerError

#: What backtimer itself prints outside plain ASCII; a stream that cannot encode them
#: all gets the ASCII fallback.
SYMBOLS = "—–×…·•≥≤→±✗★█━"

#: ASCII for the symbols backtimer prints, readable in text (may be longer).
_TEXT = {
    "—": "-",
    "–": "-",
    "×": "x",
    "…": "...",
    "·": "-",
    "•": "*",
    "≥": ">=",
    "≤": "<=",
    "→": "->",
    "←": "<-",
    "±": "+/-",
    "✗": "x",
    "✓": "v",
    "★": "*",
    "█": "#",
    "━": "=",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "\u00a0": " ",
}

#: The name of each codec error handler: readable text, or one cell for one cell.
TEXT_ERRORS = "backtimer-ascii"
CELL_ERRORS = "backtimer-ascii-cells"

_STREAMS = ((0, "stdin"), (1, "stdout"), (2, "stderr"))


class _State:
    """Whether a symbol was shown in ASCII since :func:`fall_back_to_ascii`."""

    substituted = False


def ascii_symbol(char: str, *, cells: bool = False) -> str:
    """An ASCII stand-in for ``char``: "—" → "-", "…" → "...", "█" → "#", "┃" → "|".

    With ``cells`` it is exactly as wide as ``char`` on a terminal (one cell, two
    for a wide character, none for a combining mark), so a screen's layout holds.
    """
    width = 0 if unicodedata.combining(char) else 1
    if unicodedata.east_asian_width(char) in ("W", "F"):
        width = 2
    text = _TEXT.get(char) or _by_name(char)
    if not cells:
        return text or ("?" if width else "")
    if text is None or len(text) != width:
        text = (text or "?")[:width].ljust(width, "?")
    return text


def _by_name(char: str) -> str | None:
    """The stand-in read from the character's Unicode name or decomposition."""
    name = unicodedata.name(char, "")
    if "BOX DRAWINGS" in name:
        if "HORIZONTAL" in name and "VERTICAL" not in name:
            return "=" if "DOUBLE" in name or "HEAVY" in name else "-"
        if "VERTICAL" in name and "HORIZONTAL" not in name:
            return "|"
        return "+"
    if name.endswith("ONE EIGHTH BLOCK"):
        return {"LEFT": "|", "RIGHT": "|", "UPPER": "-", "LOWER": "_"}[name.split()[0]]
    if "BLOCK" in name or "SHADE" in name or "QUADRANT" in name:
        return "#"
    if "ARROW" in name or "POINTING" in name:
        for word, arrow in (("RIGHT", ">"), ("LEFT", "<"), ("UP", "^"), ("DOWN", "v")):
            if word in name:
                return arrow
    if "DASH" in name or "HYPHEN" in name:
        return "-"
    if "BULLET" in name or "CIRCLE" in name or "STAR" in name:
        return "*"
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and base.isascii() and base.isprintable():
        return base
    return None


def _handler(cells: bool) -> Callable[[UnicodeError], tuple[str | bytes, int]]:
    """A codec error handler that writes what cannot be encoded in ASCII."""

    def handle(error: UnicodeError) -> tuple[str | bytes, int]:
        if not isinstance(error, UnicodeEncodeError):
            raise error
        chunk = error.object[error.start : error.end]
        _State.substituted = True
        return "".join(ascii_symbol(c, cells=cells) for c in chunk), error.end

    return handle


codecs.register_error(TEXT_ERRORS, _handler(cells=False))
codecs.register_error(CELL_ERRORS, _handler(cells=True))


def shows(text: str, stream: TextIO | None) -> bool:
    """Whether ``stream``'s encoding can write ``text`` as it is."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def fall_back_to_ascii(*streams: TextIO | None) -> list[TextIO]:
    """Make each stream that cannot encode :data:`SYMBOLS` write them in ASCII.

    Returns the streams changed (none on a UTF-8 terminal). Resets what
    :func:`ascii_note` reports.
    """
    _State.substituted = False
    changed: list[TextIO] = []
    for stream in streams:
        if stream is None or shows(SYMBOLS, stream) or not isinstance(stream, io.TextIOWrapper):
            continue
        with contextlib.suppress(OSError, ValueError):
            stream.reconfigure(errors=TEXT_ERRORS)
            changed.append(stream)
    return changed


def ascii_note() -> str | None:
    """The one line that says symbols were shown in ASCII, once they were."""
    if not _State.substituted:
        return None
    encoding = next(
        (s.encoding for s in (sys.stdout, sys.stderr) if s is not None and not shows(SYMBOLS, s)),
        "this one",
    )
    return f"backtimer: not a UTF-8 terminal ({encoding}): symbols were shown in ASCII."


@contextlib.contextmanager
def drawing_in_cells(stream: TextIO | None = None) -> Iterator[None]:
    """While a Textual App draws on ``stream`` (stderr): one ASCII cell for one cell.

    Only a stream :func:`fall_back_to_ascii` changed is touched; it is put back after.
    """
    stream = stream if stream is not None else sys.__stderr__
    if not isinstance(stream, io.TextIOWrapper) or stream.errors != TEXT_ERRORS:
        yield
        return
    stream.reconfigure(errors=CELL_ERRORS)
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            stream.reconfigure(errors=TEXT_ERRORS)


class ClosedStream:
    """Stands in for a standard stream that was closed when backtimer started.

    Its file descriptor holds ``/dev/null`` (see :func:`guard_streams`). Reading
    gives end of input; writing raises ``OSError(EBADF)``, or with ``quiet``
    (stderr: nowhere to say anything) drops the text.
    """

    encoding = "utf-8"
    errors = "strict"
    closed = False

    def __init__(self, fd: int, label: str, *, quiet: bool = False) -> None:
        self._fd = fd
        self.label = label
        self._quiet = quiet

    @property
    def name(self) -> str:
        return f"<{self.label} (closed)>"

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return False

    def readable(self) -> bool:
        return self._fd == 0

    def writable(self) -> bool:
        return self._fd != 0

    def read(self, size: int | None = -1, /) -> str:
        return ""

    def readline(self, size: int | None = -1, /) -> str:
        return ""

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def write(self, text: str, /) -> int:
        if self._quiet:
            return len(text)
        raise OSError(errno.EBADF, f"{self.label} is closed")

    def flush(self) -> None:
        return None


def guard_streams() -> list[str]:
    """Stand in for each of stdin, stdout and stderr that was closed at start-up.

    Returns their names. The file descriptor gets ``/dev/null`` (a file opened
    later, such as a session log, must never become fd 1, nor a child's stdin);
    the ``sys`` stream gets a :class:`ClosedStream`.
    """
    closed = []
    for fd, label in _STREAMS:
        if getattr(sys, f"__{label}__") is not None:
            continue  # Python found it open
        try:
            os.fstat(fd)
        except OSError:
            devnull = os.open(os.devnull, os.O_RDWR)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)
        stand_in = ClosedStream(fd, label, quiet=fd == 2)
        setattr(sys, label, stand_in)
        setattr(sys, f"__{label}__", stand_in)
        closed.append(label)
    return closed


def is_closed(stream: object) -> bool:
    """Whether ``stream`` was closed at start-up (or is missing altogether)."""
    return stream is None or isinstance(stream, ClosedStream)


def _what(stream: TextIO | None) -> str | None:
    """What a stream that is not a terminal is instead ("closed", "a pipe"), else ``None``."""
    if is_closed(stream):
        return "closed"
    assert stream is not None
    try:
        if stream.isatty():
            return None
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError):
        return "not a terminal"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISREG(mode):
        return "a file"
    return "not a terminal"


def require_terminal(what: str, instead: str) -> None:
    """Refuse to start a full-screen App without a terminal on stdin, stdout and stderr.

    Textual reads keys from stdin and draws on stderr; without a terminal it would
    draw into a pipe and wait for keys that never come. ``what`` is the screen
    ("The session is a full-screen timer"), ``instead`` what to run to get text.
    """
    why = [
        f"{label} is {state}"
        for label, stream in (("stdin", sys.stdin), ("stdout", sys.stdout), ("stderr", sys.stderr))
        if (state := _what(stream)) is not None
    ]
    if why:
        raise BacktimerError(
            "Needs a terminal",
            f"{what} that reads your keys, so backtimer needs a terminal for its input and "
            f"output, and {', '.join(why)}. {instead}",
        )
