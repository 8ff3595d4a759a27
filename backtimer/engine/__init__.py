"""The session engine: a routine expanded into a plan, walked through on a clock.

Everything here is plain Python on an injected :class:`Clock`, so a test runs a
45-minute routine in milliseconds.

- :func:`expand` turns a :class:`~backtimer.routine.Routine` into a :class:`Plan`
  of :class:`Step`\\ s.
- :class:`Session` walks a plan: commands in (done, skip, pause, …), typed events
  out (:data:`Event`) to its subscribers: the screen, the journal and the
  :class:`Cues`. What happened in each step is a :class:`StepRecord`.
- :func:`summarize` and :func:`summary_lines`: what a session amounted to.
- :func:`solve`: the plates that make a weight on a :class:`Kit` (:mod:`.plates`).
- :func:`next_targets`: the next session's :class:`Targets` of an exercise from its past
  sessions, by its progression rule (:mod:`.progression`).
- :class:`Bests`: an exercise's personal records so far, and what a new set beats
  (:mod:`.prs`).
"""

from backtimer.engine.clock import Clock, FakeClock, SystemClock
from backtimer.engine.cues import Cues, announcement, step_text
from backtimer.engine.events import (
    Countdown,
    Event,
    Halfway,
    Listener,
    NoteAdded,
    Paused,
    PlanRetargeted,
    Resumed,
    SessionEnded,
    SetLogged,
    StepEnded,
    StepStarted,
    TimeChanged,
)
from backtimer.engine.plan import (
    LEAD_INS,
    PHASE_TITLES,
    GroupKind,
    Phase,
    Plan,
    Step,
    StepKind,
    expand,
)
from backtimer.engine.plates import (
    Kit,
    Loading,
    Rounding,
    cannot_load_text,
    default_kits,
    kits_for,
    nearest,
    round_weight,
    solve,
)
from backtimer.engine.progression import Targets, next_targets, warmup_weight
from backtimer.engine.prs import Bests, E1rm, PersonalRecord, RecordKind
from backtimer.engine.records import Outcome, Status, StepRecord, check_rpe
from backtimer.engine.session import (
    COUNTDOWN,
    DEFAULT_MAX_GAP,
    MAX_NOTE,
    MIN_LEFT,
    TIME_STEP,
    Session,
    State,
    check_note,
)
from backtimer.engine.speech import CueCommand
from backtimer.engine.summary import Summary, summarize, summary_lines, summary_text

__all__ = [
    "COUNTDOWN",
    "DEFAULT_MAX_GAP",
    "LEAD_INS",
    "MAX_NOTE",
    "MIN_LEFT",
    "PHASE_TITLES",
    "TIME_STEP",
    "Bests",
    "Clock",
    "Countdown",
    "CueCommand",
    "Cues",
    "E1rm",
    "Event",
    "Halfway",
    "FakeClock",
    "GroupKind",
    "Kit",
    "Listener",
    "Loading",
    "NoteAdded",
    "Outcome",
    "Paused",
    "PersonalRecord",
    "Phase",
    "Plan",
    "RecordKind",
    "Resumed",
    "Rounding",
    "Session",
    "SessionEnded",
    "SetLogged",
    "State",
    "Status",
    "Step",
    "StepEnded",
    "StepKind",
    "StepRecord",
    "StepStarted",
    "Summary",
    "Targets",
    "SystemClock",
    "PlanRetargeted",
    "TimeChanged",
    "announcement",
    "cannot_load_text",
    "check_note",
    "check_rpe",
    "default_kits",
    "expand",
    "kits_for",
    "next_targets",
    "nearest",
    "round_weight",
    "solve",
    "step_text",
    "summarize",
    "summary_lines",
    "summary_text",
    "warmup_weight",
]
