"""``backtimer resume``: continue the newest interrupted session, or mark it abandoned."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.commands import Subparsers
from backtimer.commands.history import log_dir, missing_ok
from backtimer.errors import BacktimerError

if TYPE_CHECKING:
    from backtimer.logs import Resumption


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "resume",
        help="continue an interrupted session",
        description="Find the newest session that was interrupted (a crash, a closed "
        "terminal, a dead battery) and continue it at the step where it stopped, in the same "
        "log. Declining marks it abandoned.",
    )
    answer = p.add_mutually_exclusive_group()
    answer.add_argument("-y", "--yes", action="store_true", help="continue without asking")
    answer.add_argument("--abandon", action="store_true", help="mark it abandoned instead")
    p.add_argument("--log-dir", metavar="DIR", type=Path, help="read and write logs in DIR")
    p.set_defaults(func=run)


def _ask(question: str) -> bool | None:
    """Yes (Enter, y), no (n), or None when input ends (Ctrl+D): decide later."""
    if not sys.stdin.isatty():
        raise BacktimerError(
            "Nothing to ask", "stdin is not a terminal; pass --yes to continue or --abandon."
        )
    prompt = f"{question} [Y/n] "
    while True:
        try:
            reply = input(prompt).strip().lower()
        except EOFError:
            print()
            return None
        if reply in ("", "y", "yes"):
            return True
        if reply in ("n", "no"):
            return False
        # Anything else is a typo, not a "no": abandoning on it would lose the session.
        prompt = "Please answer y (continue) or n (mark it abandoned): "


def run(args: argparse.Namespace) -> int:
    from backtimer.engine import Status, SystemClock
    from backtimer.formatting import format_hm
    from backtimer.logs import (
        LogInUse,
        load_history,
        mark_status,
        newest_in_progress,
        read_log,
        resume_session,
        running_elsewhere,
    )

    directory = log_dir(args)
    history = load_history(directory, missing_ok=missing_ok(args))
    row = newest_in_progress(history)
    if row is None:
        live = running_elsewhere(history)
        if live is not None:  # in progress, but not interrupted: leave it alone
            raise LogInUse(directory / live[0].file, live[1])
        print(f"No interrupted session in {directory}.")
        return 0
    path = directory / row.file
    log = read_log(path)
    clock = SystemClock()
    if args.abandon:
        mark_status(path, Status.ABANDONED, when=clock.wall())
        print(f"Marked abandoned: {path}")
        return 0
    resumption = resume_session(log, clock)  # takes the log's lock: ours while we ask
    step = resumption.session.plan.steps[log.resume_at]
    print(
        f"{log.routine_name}, started {log.started:%Y-%m-%d %H:%M}: "
        f"{len(log.records)} of {log.steps_planned} steps done, "
        f"{format_hm(log.active_seconds)} active.\n"
        f"Next: step {log.resume_at + 1}, {step.title}."
    )
    answer = True if args.yes else _ask("Continue there?")
    if answer is None:
        resumption.lock.release()
        print("Left as it was; `backtimer resume` asks again.")
        return 1
    if not answer:
        resumption.lock.release()
        mark_status(path, Status.ABANDONED, when=clock.wall())
        print(f"Marked abandoned: {path}")
        return 0
    return launch(resumption, directory)


def launch(resumption: Resumption, directory: Path) -> int:
    """Run the session screen on a resumed session; its journal continues its log."""
    from backtimer.logs import check_writable

    check_writable(resumption.log_path.parent)
    from backtimer.commands.run import require_terminal

    require_terminal()
    try:
        from backtimer.tui.app import BacktimerApp
    except ImportError:
        raise BacktimerError(
            "Cannot resume yet", "the session screen is not available in this build."
        ) from None
    from backtimer.commands.run import report
    from backtimer.config import load_config

    config = load_config()
    app = BacktimerApp(
        resumption=resumption,
        log_dir=directory,
        quiet=config.quiet,
        cue_command=config.cue_command,
    )
    app.run()
    return report(app)
