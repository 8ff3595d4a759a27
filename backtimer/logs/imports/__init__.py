"""Import other apps' exports (Strong, Hevy, FitNotes, StrongLifts) as session logs.

The shapes a parser gives are in :mod:`.model`.
"""

from backtimer.logs.imports.model import (
    ImportedSet,
    ImportedWorkout,
    ImportFileError,
    ParseResult,
    SetKind,
    Source,
)
from backtimer.logs.imports.parse import KNOWN_SHAPES, parse_bytes, parse_file

__all__ = [
    "KNOWN_SHAPES",
    "ImportFileError",
    "ImportedSet",
    "ImportedWorkout",
    "ParseResult",
    "SetKind",
    "Source",
    "parse_bytes",
    "parse_file",
]
