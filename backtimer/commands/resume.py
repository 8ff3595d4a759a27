"""``backtimer resume [SESSION]``: continue an interrupted session, or mark it abandoned."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.commands import Subparsers
from backtimer.commands.history import log_dir, missing_ok
from backtimer.errors import BacktimerError

if TYPE_CHECKING:
    from backtimer.engine import Clock
    from backtimer.engine.memory import Memory
    from backtimer.engine.training import Training
    from backtimer.logs import History, LogData, Resumption, SessionRow


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "resume",
        help="continue an interrupted session",
        description="Find the session that was interrupted (a crash, a closed terminal, a "
        "dead battery) and continue it at the step where it stopped, in the same log. "
        "Declining marks it abandoned. When several were interrupted, they are listed and "
        "you pick one (SESSION: its number in that list, or its log file's name).",
    )
    p.add_argument(
        "which",
        nargs="?",
        metavar="SESSION",
        help="which interrupted session: its number in the list, or its log file's name",
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


def describe(row: SessionRow) -> str:
    """One interrupted session on one line: routine, start, progress, log file."""
    from backtimer.formatting import printable

    when = row.when.astimezone()
    return (
        f"{printable(row.routine)}, started {when:%a} {when.day} {when:%b %Y %H:%M}: "
        f"{row.steps_done} of {row.steps_planned} steps done ({printable(row.file)})"
    )


def interrupted_rows(history: History) -> list[SessionRow]:
    """Every interrupted session (in progress, no process owns its log), newest first."""
    from backtimer.engine import Status
    from backtimer.logs import lock_owner

    return [
        row
        for row in history.rows
        if row.status is Status.IN_PROGRESS and lock_owner(history.directory / row.file) is None
    ]


def _by_argument(which: str, history: History, rows: list[SessionRow]) -> SessionRow:
    """The session ``which`` names: a number in the list of ``rows``, or a log file name."""
    from backtimer.engine import Status
    from backtimer.formatting import printable
    from backtimer.logs import LogInUse, lock_owner

    if which.strip().isdigit():
        number = int(which)
        if 1 <= number <= len(rows):
            return rows[number - 1]
        count = f"1 to {len(rows)}" if rows else "none: no session is interrupted"
        raise BacktimerError(f"No interrupted session number {number}", f"the numbers are {count}.")
    name = Path(which).name
    for row in history.rows:
        if row.file in (name, f"{name}.toml"):
            if row.status is not Status.IN_PROGRESS:
                raise BacktimerError(
                    "Not an interrupted session",
                    f"{history.directory / row.file} is {row.status.value.replace('_', ' ')}.",
                )
            pid = lock_owner(history.directory / row.file)
            if pid is not None:  # in progress, but not interrupted: leave it alone
                raise LogInUse(history.directory / row.file, pid)
            return row
    raise BacktimerError(
        f"No session log called '{printable(which)}'",
        f"it is neither a number in the list of interrupted sessions nor a log file in "
        f"{history.directory}. See them with `backtimer resume`.",
    )


def _choose(rows: list[SessionRow]) -> SessionRow | None:
    """List several interrupted sessions and ask which one; None when input ends.

    Raises:
        BacktimerError: Without a terminal to ask in (the list is printed first).
    """
    print("Interrupted sessions, newest first:")
    for number, row in enumerate(rows, 1):
        print(f"  {number}. {describe(row)}")
    if not sys.stdin.isatty():
        raise BacktimerError(
            "Which session?",
            f"{len(rows)} sessions were interrupted; name one: `backtimer resume 1` (its "
            f"number above) or `backtimer resume {rows[0].file}` (its log file).",
        )
    prompt = f"Which one? [1-{len(rows)}] "
    while True:
        try:
            reply = input(prompt).strip()
        except EOFError:
            print()
            return None
        if reply.isdigit() and 1 <= int(reply) <= len(rows):
            return rows[int(reply) - 1]
        prompt = f"Please type a number from 1 to {len(rows)} (Ctrl+D: none): "


def run(args: argparse.Namespace) -> int:
    from backtimer.engine import Status, SystemClock
    from backtimer.formatting import format_hm
    from backtimer.logs import (
        LogInUse,
        load_history,
        mark_status,
        read_log,
        resume_session,
        running_elsewhere,
    )

    directory = log_dir(args)
    history = load_history(directory, missing_ok=missing_ok(args))
    rows = interrupted_rows(history)
    if args.which is not None:
        row: SessionRow | None = _by_argument(args.which, history, rows)
    elif not rows:
        live = running_elsewhere(history)
        if live is not None:  # in progress, but not interrupted: leave it alone
            raise LogInUse(directory / live[0].file, live[1])
        print(f"No interrupted session in {directory}.")
        return 0
    elif len(rows) == 1:
        row = rows[0]
    else:
        row = _choose(rows)
        if row is None:
            print("Left as they were; `backtimer resume` asks again.")
            return 1
    assert row is not None
    path = directory / row.file
    log = read_log(path)
    clock = SystemClock()
    if args.abandon:
        mark_status(path, Status.ABANDONED, when=clock.wall())
        print(f"Marked abandoned: {path}")
        return 0
    training = resume_training(log, directory)
    # Takes the log's lock: ours while we ask.
    resumption = resume_session(log, clock, training=training)
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
    return launch(resumption, directory, training.memory)


def resume_log(path: Path, directory: Path, clock: Clock) -> int:
    """Continue the interrupted session of the log at ``path`` without asking (as
    ``backtimer resume --yes`` does; ``backtimer run`` has asked already)."""
    from backtimer.logs import read_log, resume_session

    log = read_log(path)
    training = resume_training(log, directory)
    return launch(resume_session(log, clock, training=training), directory, training.memory)


def resume_training(log: LogData, directory: Path) -> Training:
    """What the resumed session plans with: memory without this log (targets as at its
    start, not against its own first half), and the user's kits."""
    from backtimer.config import load_config
    from backtimer.engine import kits_for
    from backtimer.engine.training import Training
    from backtimer.logs.memory import load_memory
    from backtimer.routine import Unit

    memory = load_memory(directory)
    if log.path is not None:
        memory = memory.without(log.path.name)
    return Training(memory, kits_for(load_config(), Unit(log.unit)))


def launch(resumption: Resumption, directory: Path, memory: Memory) -> int:
    """Run the session screen on a resumed session; its journal continues its log.

    ``memory``: every other session (its planning's, :func:`resume_training`), which
    records and the summary compare with.
    """
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
    from backtimer.engine.speech import voice_command

    config = load_config()
    app = BacktimerApp(
        resumption=resumption,
        log_dir=directory,
        quiet=config.quiet,
        cue_command=voice_command(config.cue_command),
        voice=config.voice,
        memory=memory,  # records and last time against every other session
        formula=config.e1rm,
    )
    app.run()
    return report(app)
