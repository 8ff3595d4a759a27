"""``backtimer check FILE…``: validate routine files and list every problem."""

from __future__ import annotations

import argparse
from pathlib import Path

from backtimer.commands import Subparsers, say_which_copy
from backtimer.engine import expand
from backtimer.errors import BacktimerError, RoutineError
from backtimer.formatting import printable
from backtimer.routine import load_routine, resolve_routine


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "check",
        help="validate routine files",
        description="Check routine files and report every problem as path:line:col: message.",
    )
    p.add_argument("files", nargs="+", metavar="ROUTINE", help="a routine file or name")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    failed = 0
    for name in args.files:
        try:
            path = resolve_routine(name) if not Path(name).exists() else Path(name)
        except BacktimerError as error:  # neither a file nor a routine name: check the rest
            failed += 1
            print(f"{printable(name)}: {error.message}".replace("\n", "\n    "))
            continue
        if path != Path(name):
            say_which_copy(name)
        try:
            routine = load_routine(path)
        except RoutineError as error:
            failed += 1
            for problem in error.problems:
                if problem.line:
                    print(problem)
                else:
                    print(f"{printable(problem.path)}: {problem.message}")
            continue
        plan = expand(routine)
        print(
            f"{printable(str(path))}: OK — {routine.name!r}, {len(plan)} steps, "
            f"{plan.describe_total()}"
        )
    if failed and len(args.files) > 1:
        print(f"{failed} of {len(args.files)} files have problems")
    return 1 if failed else 0
