"""``backtimer plan ROUTINE``: print the steps a session will walk through."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from backtimer.commands import Subparsers, say_which_copy, training_for
from backtimer.config import load_config
from backtimer.engine import PHASE_TITLES, Plan, StepKind, expand
from backtimer.formatting import format_duration, printable
from backtimer.paths import sessions_dir
from backtimer.routine import load_routine, resolve_routine


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "plan",
        help="print a routine's plan",
        description="Print the ordered steps of a routine with their planned durations.",
    )
    p.add_argument("routine", metavar="ROUTINE", help="a routine file or the name of one")
    p.add_argument(
        "--log-dir", metavar="DIR", type=Path, help="the session logs last time comes from"
    )
    p.add_argument(
        "--no-progression",
        action="store_true",
        help="the routine's own targets, not the progression's",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    routine = load_routine(resolve_routine(args.routine))
    say_which_copy(args.routine)
    log_dir = Path(args.log_dir).expanduser() if args.log_dir else sessions_dir()
    training = training_for(routine, log_dir, load_config(), progression=not args.no_progression)
    plan = expand(routine, training)
    # Names and targets come from the file: plain text (never markup), escapes shown.
    table = Table(title=Text(f"{printable(routine.name)} — plan"), title_justify="left")
    table.add_column("#", justify="right", style="dim")
    table.add_column("Phase")
    table.add_column("Step")
    table.add_column("Target")
    remembered = any(step.last for step in plan.steps)
    if remembered:
        table.add_column("Last time")
    table.add_column("Time", justify="right")
    table.add_column("At", justify="right", style="dim")
    at = 0
    shown_round: tuple[str, int] | None = None
    for step in plan.steps:
        heading = _round_heading(plan, step.index)
        if heading is not None and heading[0] != shown_round:
            shown_round = heading[0]
            table.add_row("", "", Text(printable(heading[1]), style="bold"))
        last = [Text(printable(step.last.removeprefix("Last: "))) if step.last else ""]
        table.add_row(
            str(step.index + 1),
            "Switch" if step.kind is StepKind.TRANSITION else PHASE_TITLES[step.phase].capitalize(),
            Text(printable(step.title)),
            Text(printable(step.target)) if not step.leads_in else "",
            *(last if remembered else []),
            str(step.duration) if step.duration is not None else "until done",
            format_duration(at),
        )
        at += step.estimated_seconds
    console = Console()
    console.print(table)
    why = _why_lines(plan)
    if why:
        console.print(Text("Targets and loads:", style="bold"))
        for line in why:
            console.print(Text(f"  {printable(line)}"), soft_wrap=True)
    console.print(
        f"Total: {plan.describe_total()} planned (about {format_duration(plan.estimated_seconds)}"
        f" with rep-based sets at 3 s a rep), {len(plan)} steps."
    )
    return 0


def _round_heading(plan: Plan, index: int) -> tuple[tuple[str, int], str] | None:
    """The round a step of a group's rounds begins or is in, and its heading
    (``Superset A · Round 2 of 3``); a get-ready counts with the set it leads into."""
    step = plan.steps[index]
    if step.kind is StepKind.GET_READY and index + 1 < len(plan.steps):
        step = plan.steps[index + 1]
    if step.group is None or step.round is None:
        return None
    return (step.group, step.round), step.group_label


def _why_lines(plan: Plan) -> list[str]:
    """Why each exercise's targets are what they are, and what loads each weight:
    ``Bent-over row: double 8–12: last 12/12/11 @ 40 kg`` / ``  42.5 kg = bar + …``."""
    lines: list[str] = []
    seen: set[tuple[str, str]] = set()
    for field in ("why", "load"):  # the reasons first, then the loads
        for step in plan.steps:
            name = step.exercise or step.name
            text = getattr(step, field)
            if text and (name, text) not in seen:
                seen.add((name, text))
                lines.append(f"{name}: {text}")
    return lines
