"""What a session amounted to: its totals, and the same as lines of text.

The summary screen and the CLI (after the terminal is restored) both show
:func:`summary_lines`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from backtimer.engine.memory import Memory, PastSession, PastSet, past_set, past_set_text
from backtimer.engine.plan import LEAD_INS, StepKind
from backtimer.engine.records import Status
from backtimer.engine.session import Session
from backtimer.formatting import format_duration, format_volume

#: How a skipped rest is named in :attr:`Summary.skipped`.
REST_NAME = "Rest"

_STATUS_WORDS = {
    Status.COMPLETED: "Completed",
    Status.ABANDONED: "Stopped early",
    Status.IN_PROGRESS: "Interrupted (resume it with `backtimer resume`)",
}


def summary_lines(summary: Summary, log_path: Path | None = None) -> list[tuple[str, str]]:
    """(label, value) rows: status, time, sets, volume, skipped, log."""
    rows = [
        ("Routine", summary.routine),
        ("Status", _STATUS_WORDS[summary.status]),
        ("Time", format_duration(round(summary.active_seconds))),
    ]
    if summary.paused_seconds >= 1:
        rows.append(("Paused", format_duration(round(summary.paused_seconds))))
    rows.append(("Steps", f"{summary.steps_done} of {summary.steps_planned} done"))
    rows.append(("Sets", f"{summary.sets_done} of {summary.sets_planned}"))
    if summary.volume:
        rows.append(("Volume", format_volume(summary.volume, summary.unit)))
    for text in summary.records:
        rows.append(("Record", text))
    for exercise, text in summary.compared:
        rows.append((exercise, text))
    if summary.cut_short:
        plural = "s" if summary.cut_short != 1 else ""
        rows.append(("Cut short", f"{summary.cut_short} timed step{plural} ended early"))
    if summary.skipped:
        rows.append(("Skipped", skipped_text(summary.skipped)))
    if log_path is not None:
        rows.append(("Log", str(log_path)))
    return rows


def skipped_text(names: list[str]) -> str:
    """What was skipped, each name once with its count: ``3 rests, Deadlift ×2, Plank``."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    parts = []
    for name, count in counts.items():
        if name == REST_NAME:
            parts.append("1 rest" if count == 1 else f"{count} rests")
        else:
            parts.append(name if count == 1 else f"{name} ×{count}")
    return ", ".join(parts)


def summary_text(summary: Summary, log_path: Path | None = None) -> str:
    """The summary as plain text, one ``Label: value`` per line."""
    rows = summary_lines(summary, log_path)
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label + ':':<{width + 1}} {value}" for label, value in rows)


@dataclass
class Summary:
    """What a session amounted to, for the summary screen and the CLI."""

    routine: str
    status: Status
    active_seconds: float
    paused_seconds: float
    sets_done: int
    sets_planned: int
    volume: float
    unit: str
    skipped: list[str] = field(default_factory=list)
    steps_done: int = 0
    steps_planned: int = 0
    #: Moves, timed sets and holds ended early with Enter (not rests or lead-ins);
    #: they count as done in ``steps_done`` and, for sets, in ``sets_done``.
    cut_short: int = 0
    #: The personal records set in this session, as said when they fell.
    records: list[str] = field(default_factory=list)
    #: (exercise, this session against last time), for each exercise done both times.
    compared: list[tuple[str, str]] = field(default_factory=list)


def _best(sets: Sequence[PastSet]) -> PastSet | None:
    """The best performed set: heaviest (then most reps), most reps, or longest."""
    done = [s for s in sets if s.performed]
    if not done:
        return None
    return max(done, key=lambda s: (s.weight or 0.0, s.reps or 0, s.seconds or 0.0))


def compare_with_last(now: PastSession, last: PastSession, unit: str) -> str:
    """``volume 1,500 kg (last 1,350) · best 100 kg × 5 (last 95 kg × 5)``."""
    parts = []
    if now.volume or last.volume:
        parts.append(
            f"volume {format_volume(now.volume, unit)} (last {format_volume(last.volume, unit)})"
        )
    best, before = _best(now.work), _best(last.work)
    if best is not None and before is not None:
        parts.append(f"best {past_set_text(best)} (last {past_set_text(before)})")
    return " · ".join(parts)


def summarize(
    session: Session, memory: Memory | None = None, records: Sequence[str] = ()
) -> Summary:
    """Totals of a session (finished or not); with ``memory``, each exercise against last
    time; ``records``: the personal records that fell in it."""
    compared = []
    if memory is not None:
        for now in session_sets(session):
            last = memory.last(now.exercise)
            if last is not None and any(s.performed for s in now.work):
                text = compare_with_last(now, last, session.plan.routine.defaults.unit)
                if text:
                    compared.append((now.exercise, text))
    summary = _totals(session)
    summary.records = list(records)
    summary.compared = compared
    return summary


def session_sets(session: Session) -> list[PastSession]:
    """This session's sets by exercise, in the shape of past ones (to compare, to check)."""
    by_exercise: dict[str, list[PastSet]] = {}
    for record in session.records:
        if record.is_set and record.exercise:
            by_exercise.setdefault(record.exercise, []).append(past_set(record))
    started = session.records[0].started if session.records else session.clock.wall()
    return [
        PastSession(name, started, "", session.plan.routine.name, tuple(sets))
        for name, sets in by_exercise.items()
    ]


def _totals(session: Session) -> Summary:
    records = session.records
    sets = [r for r in records if r.is_set and r.performed]  # cut short: still performed
    return Summary(
        routine=session.plan.routine.name,
        status=session.status,
        active_seconds=session.active_seconds,
        paused_seconds=session.paused_seconds,
        sets_done=len(sets),
        sets_planned=sum(1 for s in session.plan.steps if s.is_set),
        volume=sum(r.volume for r in records),
        unit=session.plan.routine.defaults.unit,
        # A switch between members or sides is a lead-in like a get-ready: skipping
        # it or ending it early is how it is meant to be used, not worth a word.
        skipped=[
            r.name if r.kind is not StepKind.REST else REST_NAME
            for r in records
            if r.skipped and r.kind not in (StepKind.GET_READY, StepKind.TRANSITION)
        ],
        steps_done=sum(1 for r in records if r.performed),
        cut_short=sum(1 for r in records if r.cut_short and r.kind not in LEAD_INS),
        steps_planned=len(session.plan.steps),
    )
