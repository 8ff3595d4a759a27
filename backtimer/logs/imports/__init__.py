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

__all__ = [
    "ImportFileError",
    "ImportedSet",
    "ImportedWorkout",
    "ParseResult",
    "SetKind",
    "Source",
]
