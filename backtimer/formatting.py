"""How numbers read on screen and in text: durations, clock faces, weights, volumes.

The one home of display formatting: the core, the commands and the screens all
format through these, so "1m30s", "0:05" and "42.5 kg" read the same everywhere.
(File formats keep their own rules beside their writers: the Strong export's
``1h 5m`` lives in :mod:`backtimer.logs.export`.)
"""

from __future__ import annotations

import math


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
