"""What happened in each step, as plain data: the session's records and its status.

The engine makes a :class:`StepRecord` when a step ends; the log file format
(:mod:`backtimer.logs.logfile`) writes and reads them, so a log from anywhere
(a session, an import) holds the same records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from backtimer.engine.plan import StepKind
from backtimer.routine import Unit

#: The range of RPE (rate of perceived exertion) a set may be given.
RPE_MIN, RPE_MAX = 1, 10


def check_rpe(rpe: float | None) -> None:
    """Refuse an RPE outside 1–10 or between half steps (``None``, no RPE given, is fine).

    6 and 6.5 are RPEs; 6.3 is not.

    Raises:
        ValueError: "RPE is from 1 to 10, in half steps".
    """
    if rpe is None:
        return
    if not RPE_MIN <= rpe <= RPE_MAX or (rpe * 2) != int(rpe * 2):
        raise ValueError(f"RPE is from {RPE_MIN} to {RPE_MAX}, in half steps")


class Status(StrEnum):
    """How the session stands, as written to the log."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class Outcome(StrEnum):
    """How a step ended."""

    DONE = "done"  # ran to its end, or the user said a rep-based set was done
    CUT_SHORT = "cut_short"  # a timed step the user ended early (Enter): done, but shorter
    SKIPPED = "skipped"
    STOPPED = "stopped"  # the session was quit during it

    @property
    def performed(self) -> bool:
        """Whether the step was done: to its end, or cut short (it counts as exercise)."""
        return self in (Outcome.DONE, Outcome.CUT_SHORT)


@dataclass
class StepRecord:
    """What actually happened in one step.

    Attributes:
        planned: Planned seconds (``None`` for a rep-based set).
        actual: Active seconds spent in the step (paused time excluded).
        paused: Seconds the step spent paused.
        reps, weight, rpe: For sets, what was done; prefilled with the target
            and replaced by :meth:`Session.log_set`.
        entered: Whether the user confirmed or entered the set's numbers.
        edited: Whether the set's numbers were corrected after the session
            (in the history), not during it.
        target_reps, target_weight: What the set aimed at (the plan's reps and
            weight when it ended), so progression knows; ``None`` in older logs.
        group: The superset or circuit the set belonged to (a routine's ``group``,
            or an imported workout's superset id); ``None`` for a straight set.
        round: The round of its group the set was done in (from 1); ``None`` for a
            straight set or a group member's warm-up set.
        set_type: ``"drop"`` or ``"failure"`` for a set another app marked so
            (imports); ``None`` for an ordinary set (warm-ups are their own kind).
    """

    index: int
    kind: StepKind
    name: str
    exercise: str | None
    set_number: int | None
    set_count: int | None
    side: str | None
    planned: int | None
    actual: float
    paused: float
    outcome: Outcome
    started: datetime
    ended: datetime
    reps: int | None = None
    weight: float | None = None
    unit: Unit | None = None
    rpe: float | None = None
    entered: bool = False
    edited: bool = False
    target_reps: int | None = None
    target_weight: float | None = None
    group: str | None = None
    set_type: str | None = None
    round: int | None = None

    @property
    def skipped(self) -> bool:
        """Whether the user skipped the step."""
        return self.outcome is Outcome.SKIPPED

    @property
    def performed(self) -> bool:
        """Whether the step was done, to its end or cut short (not skipped, not stopped)."""
        return self.outcome.performed

    @property
    def cut_short(self) -> bool:
        """Whether the user ended this timed step before its time was up."""
        return self.outcome is Outcome.CUT_SHORT

    @property
    def is_set(self) -> bool:
        """Whether this is a set (work or warm-up)."""
        return self.kind in (StepKind.SET, StepKind.WARMUP_SET)

    @property
    def volume(self) -> float:
        """Reps × weight for a set that was done (or cut short); 0 otherwise."""
        if not self.is_set or not self.performed:
            return 0.0
        return float((self.reps or 0) * (self.weight or 0))
