"""What a session amounted to: its totals, and the same as lines of text.

The summary screen and the CLI (after the terminal is restored) both show
:func:`summary_lines`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from backtimer.engine.plan import StepKind
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


def summarize(session: Session) -> Summary:
    """Totals of a session (finished or not)."""
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
        skipped=[
            r.name if r.kind is not StepKind.REST else REST_NAME
            for r in records
            if r.skipped and r.kind is not StepKind.GET_READY
        ],
        steps_done=sum(1 for r in records if r.performed),
        cut_short=sum(
            1 for r in records if r.cut_short and r.kind not in (StepKind.REST, StepKind.GET_READY)
        ),
        steps_planned=len(session.plan.steps),
    )
