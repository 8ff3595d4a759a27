"""Helpers for the session-engine tests: a small routine and a clock whose wall time can jump."""

from __future__ import annotations

from datetime import datetime, timedelta

from backtimer.engine import FakeClock, Plan, Session, expand
from backtimer.routine import parse_routine

#: Every kind of step, with short round durations. Its plan is (index: kind, seconds):
#: 0 get-ready 5 · 1 warm-up 20 · 2 get-ready 5 · 3 Row set 1/2 (8 reps × 40 kg) ·
#: 4 rest 60 · 5 Row set 2/2 · 6 rest 60 · 7 Plank set 30 (timed) · 8 get-ready 5 ·
#: 9 stretch left 30 · 10 get-ready 5 · 11 stretch right 30.
UNIT_ROUTINE = """\
[routine]
name = "Unit"

[defaults]
rest = 30
get_ready = 5
unit = "kg"

[[warmup]]
name = "Arm circles"
duration = 20

[[exercise]]
name = "Row"
sets = 2
reps = 8
weight = 40
rest = 60

[[exercise]]
name = "Plank"
sets = 1
duration = 30

[[stretch]]
name = "Lat stretch"
hold = 30
sides = ["left", "right"]
"""


def unit_plan(text: str = UNIT_ROUTINE) -> Plan:
    return expand(parse_routine(text, "unit.toml"))


def make_session(clock: FakeClock, text: str = UNIT_ROUTINE, **kw: object) -> Session:
    return Session(unit_plan(text), clock, **kw)  # type: ignore[arg-type]


class JumpyClock(FakeClock):
    """A fake clock whose wall time can jump ahead of the monotonic time (a suspend)."""

    def __init__(self, start: float = 1000.0, wall_start: datetime | None = None) -> None:
        super().__init__(start, wall_start)
        self.offset = 0.0

    def wall(self) -> datetime:
        return super().wall() + timedelta(seconds=self.offset)

    def jump_wall(self, seconds: float) -> None:
        """Move only the wall clock (the monotonic clock stood still, e.g. during sleep)."""
        self.offset += seconds
