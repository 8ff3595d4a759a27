"""``backtimer plan ROUTINE``: print the steps a session will walk through."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table
from rich.text import Text

from backtimer.commands import Subparsers, say_which_copy
from backtimer.engine import PHASE_TITLES, StepKind, expand
from backtimer.formatting import format_duration, printable
from backtimer.routine import load_routine, resolve_routine


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "plan",
        help="print a routine's plan",
        description="Print the ordered steps of a routine with their planned durations.",
    )
    p.add_argument("routine", metavar="ROUTINE", help="a routine file or the name of one")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    routine = load_routine(resolve_routine(args.routine))
    say_which_copy(args.routine)
    plan = expand(routine)
    # Names and targets come from the file: plain text (never markup), escapes shown.
    table = Table(title=Text(f"{printable(routine.name)} — plan"), title_justify="left")
    table.add_column("#", justify="right", style="dim")
    table.add_column("Phase")
    table.add_column("Step")
    table.add_column("Target")
    table.add_column("Time", justify="right")
    table.add_column("At", justify="right", style="dim")
    at = 0
    for step in plan.steps:
        table.add_row(
            str(step.index + 1),
            PHASE_TITLES[step.phase].capitalize(),
            Text(printable(step.title)),
            Text(printable(step.target))
            if step.kind not in (StepKind.REST, StepKind.GET_READY)
            else "",
            str(step.duration) if step.duration is not None else "until done",
            format_duration(at),
        )
        at += step.estimated_seconds
    console = Console()
    console.print(table)
    console.print(
        f"Total: {plan.describe_total()} planned (about {format_duration(plan.estimated_seconds)}"
        f" with rep-based sets at 3 s a rep), {len(plan)} steps."
    )
    return 0
