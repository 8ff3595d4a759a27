"""The routine model: what a validated routine file loads into.

Plain frozen dataclasses; :mod:`backtimer.routine.loader` builds them from a file
checked by :mod:`backtimer.routine.validator`. Defaults come from the spec, the one
place every field and default is written.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from backtimer.routine.durations import Duration, to_duration
from backtimer.routine.spec import (
    DELOAD_PERCENT,
    FORMAT_VERSION,
    ProgressionRule,
    Unit,
    spec_default,
)


@dataclass(frozen=True)
class Defaults:
    """The ``[defaults]`` table; what a routine leaves out is the spec's default."""

    rest: Duration = to_duration(spec_default("defaults", "rest"))
    warmup_rest: Duration = to_duration(spec_default("defaults", "warmup_rest"))
    get_ready: Duration = to_duration(spec_default("defaults", "get_ready"))
    unit: Unit = spec_default("defaults", "unit", Unit)
    transition: Duration = to_duration(spec_default("defaults", "transition"))


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
    percent: float | None = None  # of the work weight, instead of ``weight``


@dataclass(frozen=True)
class Deload:
    """How much a linear progression's weight drops: a percentage of it, or a weight."""

    percent: float | None = None
    weight: float | None = None

    @classmethod
    def parse(cls, value: str | float) -> Deload:
        """``"10%"`` or ``5`` (as the validator has checked it) as a deload."""
        if isinstance(value, str):
            if re.fullmatch(DELOAD_PERCENT, value) is None:
                raise ValueError(f"{value!r} is not a percentage like '10%'")
            return cls(percent=float(value[:-1]))
        return cls(weight=float(value))

    def drop(self, weight: float) -> float:
        """How much ``weight`` drops by."""
        if self.percent is not None:
            return weight * self.percent / 100
        return self.weight or 0.0

    def __str__(self) -> str:
        if self.percent is not None:
            return f"{self.percent:g}%"
        return f"{self.weight or 0:g}"


@dataclass(frozen=True)
class Progression:
    """How an exercise's (or a stretch's) targets grow (``progression = { … }``).

    Attributes:
        rule: ``double``, ``linear`` or ``hold``.
        reps_low: The bottom of a ``double`` range.
        reps_high: Its top.
        add: What is added: a weight (``double``, ``linear``) or a duration (``hold``).
        fails: Sessions in a row not done before a ``linear`` deload.
        deload: How much a ``linear`` weight drops then.
        max: The longest a ``hold`` grows to, if any.
    """

    rule: ProgressionRule
    reps_low: int | None = None
    reps_high: int | None = None
    add: float | Duration = 0.0
    fails: int = spec_default("exercise", "progression.fails", int)
    deload: Deload = Deload.parse(spec_default("exercise", "progression.deload", str))
    max: Duration | None = None


@dataclass(frozen=True)
class Exercise:
    """An exercise (``[[exercise]]``): rep-based or timed sets with rest after.

    Attributes:
        sets: How many work sets it has; in a circuit with ``rounds`` (given on its
            first member), every member's sets are the rounds.
        group: The superset or circuit it belongs to (adjacent exercises share it).
        rounds: On a group's first member only, the ``rounds`` it was given.
        sides: The sides each set is done on, one after the other (none: once).
        transition: The pause after each set before the group's next member and
            between its sides (``None``: the routine's ``defaults.transition``).
    """

    name: str
    sets: int = spec_default("exercise", "sets", int)
    reps: int | None = None
    duration: Duration | None = None
    weight: float | None = None
    rest: Duration | None = None
    cues: tuple[str, ...] = ()
    warmup_sets: tuple[WarmupSet, ...] = ()
    warmup_rest: Duration | None = None
    equipment: str | None = None
    progression: Progression | None = None
    group: str | None = None
    rounds: int | None = None
    sides: tuple[str, ...] = ()
    transition: Duration | None = None


@dataclass(frozen=True)
class Stretch:
    """A static stretch (``[[stretch]]``), held at least 20 seconds per side."""

    name: str
    hold: Duration
    sides: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    progression: Progression | None = None


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
