"""How numbers read on screen and in text: durations, clock faces, weights, volumes.

The one home of display formatting: the core, the commands and the screens all
format through these, so "1m30s", "0:05" and "42.5 kg" read the same everywhere.
(File formats keep their own rules beside their writers: the Strong export's
``1h 5m`` lives in :mod:`backtimer.logs.export`.)
"""

from __future__ import annotations

import math
import re


def format_duration(seconds: float) -> str:
    """Seconds in backtimer's style: ``45s``, ``2m``, ``1m30s``, ``1h5m``."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    out = ""
    if hours:
        out += f"{hours}h"
    if minutes:
        out += f"{minutes}m"
    if secs or not out:
        out += f"{secs}s"
    return out


def format_clock(seconds: float) -> str:
    """Seconds as a clock face: ``0:05``, ``1:30``, ``1:02:03``."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_minutes(seconds: float, *, up: bool = False) -> str:
    """Seconds in whole minutes, for times that change slowly: ``0m``, ``12m``, ``1h05m``.

    Rounds down (time done) or, with ``up``, up (time left: ``~1m`` until it is over).
    """
    total = max(0.0, seconds)
    minutes = math.ceil(total / 60 - 1e-9) if up else math.floor(total / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m"


def format_hm(seconds: float) -> str:
    """A session's length: ``1h05m``, ``42m``, ``35s`` (under a minute)."""
    if seconds < 60:
        return f"{int(seconds)}s"
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m"


def format_number(value: float | None) -> str:
    """A weight or count without trailing zeros: ``40``, ``42.5``; ``""`` for none."""
    return "" if value is None else f"{value:g}"


def format_weight(weight: float, unit: str) -> str:
    """``40 kg``, ``42.5 kg``."""
    return f"{weight:g} {unit}"


def format_volume(volume: float, unit: str) -> str:
    """Total reps × weight: ``4,520 kg``, ``1,237.5 kg``."""
    return f"{volume:,.0f} {unit}" if volume == int(volume) else f"{volume:,.1f} {unit}"


def spoken_seconds(seconds: int) -> str:
    """Seconds as words for a voice: ``1 minute 30 seconds``, ``45 seconds``."""
    minutes, secs = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs or not minutes:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)


#: Characters that text from a file may never bring to the terminal as they are, as
#: (first, last) code points: C0 controls (escape, bell, newline, tab…), DEL and C1
#: controls, which can set the window title, clear the screen or move the cursor; the
#: line and paragraph separators; and the invisible marks and overrides that reorder
#: bidirectional text, so what is shown is not what is written.
UNSAFE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x1F),
    (0x7F, 0x9F),
    (0x200E, 0x200F),
    (0x2028, 0x2029),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
)

_UNSAFE = re.compile(
    "[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in UNSAFE_RANGES) + "]"
)


def first_unsafe(text: str) -> int | None:
    """The index of the first character of ``text`` in :data:`UNSAFE_RANGES`, if any."""
    match = _UNSAFE.search(text)
    return match.start() if match else None


def escape_char(char: str) -> str:
    """One character as an escape a reader can see: ``\\n``, ``\\t``, ``\\x1b``, ``\\u202e``."""
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text that came from a file, safe to print: every character of :data:`UNSAFE_RANGES`
    written as an escape (``\\x1b``, ``\\n``, ``\\u202e``), so nothing in a routine, a
    log or a config file reaches the terminal raw or splits a ``path:line:col`` line.
    A backslash stays as it is; everything else is unchanged."""
    return _UNSAFE.sub(lambda m: escape_char(m.group()), text)


#: What an empty history says, on the command line and in the review screen alike.
NO_SESSIONS = "No sessions yet. Start one with: backtimer run demo"
