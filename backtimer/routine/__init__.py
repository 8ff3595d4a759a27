"""Routine files: the format, its validator, and the routines on disk.

A routine is a TOML file the user writes; it is data, and nothing in it can run
a command. The spec (:mod:`.spec`) describes every table and key once: the
validator, the model's defaults, the JSON Schema, the template and the docs are
all built from it.

- :func:`load_routine` / :func:`parse_routine`: a file or text to a
  :class:`Routine`, or a :class:`~backtimer.errors.RoutineError` listing every
  problem at its line and column.
- :func:`resolve_routine` / :func:`discover_routines`: shipped and user routines
  by name.
"""

from backtimer.routine.durations import Duration, parse_duration, to_duration
from backtimer.routine.library import (
    MAX_SLUG,
    RoutineRef,
    RoutineSource,
    ascii_letters,
    discover_routines,
    find_routine,
    resolve_routine,
    shadowing_copy,
    slugify,
    visible_routines,
)
from backtimer.routine.loader import load_routine, parse_routine, read_text
from backtimer.routine.model import (
    Defaults,
    Deload,
    Exercise,
    Progression,
    Routine,
    Stretch,
    WarmupMove,
    WarmupSet,
)
from backtimer.routine.spec import (
    FORMAT_VERSION,
    MIN_STRETCH_HOLD,
    FieldType,
    ProgressionRule,
    Unit,
)
from backtimer.routine.syntax import syntax_problem

__all__ = [
    "FORMAT_VERSION",
    "MAX_SLUG",
    "MIN_STRETCH_HOLD",
    "Defaults",
    "Deload",
    "Duration",
    "Exercise",
    "FieldType",
    "Progression",
    "ProgressionRule",
    "Routine",
    "RoutineRef",
    "RoutineSource",
    "Stretch",
    "Unit",
    "WarmupMove",
    "WarmupSet",
    "ascii_letters",
    "discover_routines",
    "find_routine",
    "load_routine",
    "parse_duration",
    "parse_routine",
    "read_text",
    "resolve_routine",
    "shadowing_copy",
    "slugify",
    "syntax_problem",
    "to_duration",
    "visible_routines",
]
