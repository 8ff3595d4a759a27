"""Time sources. The session engine and the App take a clock as a parameter.

``now()`` is monotonic seconds (deadlines are computed from it, never from
counting ticks); ``wall()`` is the timezone-aware wall time used for the
timestamps written to session logs.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """What the engine needs to know about time."""

    def now(self) -> float:
        """Monotonic seconds; only differences are meaningful."""
        ...

    def wall(self) -> datetime:
        """The current wall-clock time, timezone-aware."""
        ...


class SystemClock:
    """The real clock: ``time.monotonic`` and the local wall time."""

    def now(self) -> float:
        return time.monotonic()

    def wall(self) -> datetime:
        return datetime.now(UTC).astimezone()


class FakeClock:
    """A clock that only moves when told to; for tests and demos.

    Args:
        start: The initial monotonic reading.
        wall_start: The wall time at ``start``; defaults to a fixed date so
            tests are reproducible.
    """

    def __init__(self, start: float = 1000.0, wall_start: datetime | None = None) -> None:
        self._t = start
        self._t0 = start
        self._wall0 = wall_start or datetime(2026, 11, 25, 18, 0, 0, tzinfo=UTC)

    def now(self) -> float:
        return self._t

    def wall(self) -> datetime:
        return self._wall0 + timedelta(seconds=self._t - self._t0)

    def advance(self, seconds: float) -> None:
        """Move time forward by ``seconds`` (never backwards)."""
        if seconds < 0:
            raise ValueError("a monotonic clock never goes backwards")
        self._t += seconds
