"""The routine model: what a validated routine file loads into.

Plain frozen dataclasses; :mod:`backtimer.routine.loader` builds them from a file
checked by :mod:`backtimer.routine.validator`. Defaults come from the spec, the one
place every field and default is written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from backtimer.routine.durations import Duration, to_duration
from backtimer.routine.spec import FORMAT_VERSION, Unit, spec_default


@dataclass(frozen=True)
class Defaults:
    """The ``[defaults]`` table; what a routine leaves out is the spec's default."""

    rest: Duration = to_duration(spec_default("defaults", "rest"))
    get_ready: Duration = to_duration(spec_default("defaults", "get_ready"))
    unit: Unit = spec_default("defaults", "unit", Unit)


@dataclass(frozen=True)
class WarmupMove:
    """A dynamic warm-up move (``[[warmup]]``), done for a set time."""

    name: str
    duration: Duration
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class WarmupSet:
    """A lighter set before an exercise's work sets."""

    reps: int | None = None
    duration: Duration | None = None
    weight: float | None = None


@dataclass(frozen=True)
class Exercise:
    """An exercise (``[[exercise]]``): rep-based or timed sets with rest after."""

    name: str
    sets: int = spec_default("exercise", "sets", int)
    reps: int | None = None
    duration: Duration | None = None
    weight: float | None = None
    rest: Duration | None = None
    cues: tuple[str, ...] = ()
    warmup_sets: tuple[WarmupSet, ...] = ()


@dataclass(frozen=True)
class Stretch:
    """A static stretch (``[[stretch]]``), held at least 20 seconds per side."""

    name: str
    hold: Duration
    sides: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Routine:
    """A validated routine.

    Attributes:
        source: The file it was loaded from, if any.
        text: The file's text exactly as read (logs keep a copy of it).
    """

    name: str
    description: str = spec_default("routine", "description", str)
    format: int = FORMAT_VERSION
    defaults: Defaults = field(default_factory=Defaults)
    warmup: tuple[WarmupMove, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    stretches: tuple[Stretch, ...] = ()
    source: Path | None = None
    text: str = ""

    @property
    def sha256(self) -> str:
        """A hash of the routine's text, to tell whether it changed since a session."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()
