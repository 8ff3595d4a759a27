"""Durations as users write them: ``90``, ``"90s"``, ``"1m30s"``, ``"2m"``.

A :class:`Duration` keeps the text it was written as, so every screen and table
shows ``1m30s`` when the routine says ``1m30s``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backtimer.formatting import format_duration

_PATTERN = re.compile(
    r"^\s*(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?\s*(?:(?P<s>\d+)\s*s?)?\s*$",
    re.IGNORECASE | re.ASCII,  # "٩٠" or "20ſ" is no way to write a duration
)

DURATION_HINT = 'write whole seconds (90) or a string like "90s", "1m30s" or "2m"'


@dataclass(frozen=True)
class Duration:
    """A length of time in whole seconds, with the text it was written as."""

    seconds: int
    text: str

    @classmethod
    def of(cls, seconds: int) -> Duration:
        """A duration written in backtimer's own style (``1m30s``)."""
        return cls(seconds, format_duration(seconds))

    def __str__(self) -> str:
        return self.text


def parse_duration(value: object) -> int:
    """Seconds in ``value``: an integer or a string like ``"1m30s"``.

    Raises:
        ValueError: With a message saying what is wrong and what to write.
    """
    if isinstance(value, bool):
        raise ValueError(f"a duration can't be true or false; {DURATION_HINT}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"a duration is whole seconds, not {value}; {DURATION_HINT}")
    if isinstance(value, str):
        match = _PATTERN.match(value)
        if not value.strip() or match is None or not any(match.groupdict().values()):
            raise ValueError(f"{value!r} is not a duration; {DURATION_HINT}")
        parts = {k: int(v) if v else 0 for k, v in match.groupdict().items()}
        total = parts["h"] * 3600 + parts["m"] * 60 + parts["s"]
        # "1m70s" is a typo more often than a way of writing 2m10s: refuse it.
        over = (match["h"] or match["m"]) and parts["s"] >= 60
        if over or (match["h"] and parts["m"] >= 60):
            what = (
                "seconds go up to 59 after minutes or hours"
                if over
                else "minutes go up to 59 after hours"
            )
            raise ValueError(
                f"{value!r} is not a duration: {what}; write {format_duration(total)!r} "
                f"if you mean {total} seconds"
            )
        return total
    raise ValueError(f"a duration is an integer or a string; {DURATION_HINT}")


def to_duration(value: object) -> Duration:
    """Parse ``value`` and keep how it was written (integers become ``"90s"``)."""
    seconds = parse_duration(value)
    written = value.strip() if isinstance(value, str) else ""
    text = written if written and not written.isdigit() else f"{seconds}s"
    return Duration(seconds, text)
