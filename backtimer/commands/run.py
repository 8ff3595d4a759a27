"""``backtimer run ROUTINE``: the guided session (plan preview until the TUI lands)."""

from __future__ import annotations

import argparse

from backtimer.commands import plan


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="start a guided session", description="Start a session.")
    p.add_argument("routine", nargs="?", metavar="ROUTINE", help="a routine file or name")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    args.routine = args.routine or "demo"
    return plan.run(args)
