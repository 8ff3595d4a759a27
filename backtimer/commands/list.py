"""``backtimer list``: the shipped and user routines."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table
from rich.text import Text

from backtimer.commands import Subparsers
from backtimer.engine import expand
from backtimer.errors import RoutineError
from backtimer.formatting import printable
from backtimer.routine import load_routine, visible_routines


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "list",
        help="list shipped and user routines",
        description="List the shipped routines and your own, with their planned duration.",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from backtimer.paths import user_routines_dir

    table = Table(title="Routines", title_justify="left")
    for column in ("Routine", "Name", "Source", "Steps", "Planned"):
        table.add_column(column, justify="right" if column == "Steps" else "left")
    problems = []
    for ref in visible_routines():
        # The user's copy of a shipped routine is used instead of it: listed once, as theirs.
        shown = Text(printable(ref.slug) + (" (your copy)" if ref.shadows else ""))
        try:
            routine = load_routine(ref.path)
        except RoutineError as error:
            problems.append(error)
            table.add_row(shown, "[red]invalid — see below[/]", ref.source, "", "")
            continue
        plan = expand(routine)
        # Names come from files: plain text (never markup), escapes shown.
        table.add_row(
            shown,
            Text(printable(routine.name)),
            ref.source,
            str(len(plan)),
            plan.describe_total(),
        )
    console = Console()
    console.print(table)
    console.print(f"Your own routines go in {user_routines_dir()}", style="dim")
    for invalid in problems:
        for problem in invalid.problems:
            line = str(problem) if problem.line else f"{printable(problem.path)}: {problem.message}"
            console.print(line, style="red", markup=False, highlight=False, soft_wrap=True)
    return 0
