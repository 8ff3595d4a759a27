"""The end-of-session summary as lines of text (the summary screen and the CLI share it)."""

from __future__ import annotations

from pathlib import Path

from backtimer.durations import format_duration
from backtimer.session import Status, Summary

_STATUS_WORDS = {
    Status.COMPLETED: "Completed",
    Status.ABANDONED: "Stopped early",
    Status.IN_PROGRESS: "Interrupted (resume it with `backtimer resume`)",
}


def format_volume(volume: float, unit: str) -> str:
    """``4,520 kg``."""
    return f"{volume:,.0f} {unit}" if volume == int(volume) else f"{volume:,.1f} {unit}"


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
    if summary.skipped:
        rows.append(("Skipped", ", ".join(summary.skipped)))
    if log_path is not None:
        rows.append(("Log", str(log_path)))
    return rows


def summary_text(summary: Summary, log_path: Path | None = None) -> str:
    """The summary as plain text, one ``Label: value`` per line."""
    rows = summary_lines(summary, log_path)
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label + ':':<{width + 1}} {value}" for label, value in rows)
