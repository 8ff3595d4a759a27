"""``backtimer run [ROUTINE]``: the guided session, full screen.

Without a routine (and as plain ``backtimer``) it opens the routine picker.
After the App exits, the session's summary is printed to the terminal
(:func:`report`, shared with ``backtimer resume``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.commands import Subparsers, say_which_copy
from backtimer.formatting import printable

if TYPE_CHECKING:
    from backtimer.engine import Kit
    from backtimer.logs import SessionRow
    from backtimer.routine import Unit
    from backtimer.tui.app import BacktimerApp


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "run",
        help="start a guided session (no routine: pick one)",
        description="Walk through a routine full screen: warm-up, sets, rests and stretches. "
        "Keys: space pause, enter done/next, s skip, b back, +/- rest ±15 s, q quit, ? help.",
    )
    p.add_argument(
        "routine", nargs="?", metavar="ROUTINE", help="a routine file or name; omit to pick one"
    )
    p.add_argument("--log-dir", metavar="DIR", type=Path, help="write the session log into DIR")
    p.add_argument("--quiet", action="store_true", help="no beeps (the screen still flashes)")
    p.add_argument(
        "--no-progression",
        action="store_true",
        help="the routine's own targets, not those its progression computes from your logs",
    )
    p.add_argument(
        "--remote",
        action="store_true",
        help="also serve a page on the local network for a phone to drive the session "
        "(Done, Pause, +15 s, Skip, Back): a QR code and its link show at start",
    )
    p.add_argument(
        "--remote-bind",
        metavar="ADDR",
        help="the address the remote listens on (implies --remote; default: this machine's "
        "LAN address; 127.0.0.1 for this machine only; 0.0.0.0 only if you mean every one)",
    )
    p.set_defaults(func=run)


def remote_bind(args: argparse.Namespace) -> str | None:
    """Where the phone remote listens (``""``: the LAN address), or ``None`` for none.

    Raises:
        BacktimerError: it is asked for and aiohttp (``backtimer[remote]``) is missing.
    """
    if not args.remote and args.remote_bind is None:
        return None
    import importlib.util

    from backtimer.errors import BacktimerError

    if importlib.util.find_spec("aiohttp") is None:
        raise BacktimerError(
            "The phone remote is not installed",
            "It needs aiohttp: pip install 'backtimer[remote]' (or pipx inject backtimer "
            "aiohttp segno), then run with --remote again.",
        )
    return args.remote_bind or ""


def run(args: argparse.Namespace) -> int:
    # Start-up makes what lives as long as the App (Textual, its styles, the plan);
    # the collector walking it again and again as it grows cost ~12 ms of the time to
    # the first painted screen (make bench). The App switches it back on, with all
    # that frozen, once its first screen is drawn.
    gc.disable()
    from backtimer import paths
    from backtimer.config import load_config
    from backtimer.engine import Session, SystemClock, expand, kits_for
    from backtimer.engine.speech import voice_command
    from backtimer.engine.training import Training
    from backtimer.logs import check_writable, recall_soon
    from backtimer.routine import load_routine, resolve_routine

    remote = remote_bind(args)  # before anything starts: a missing extra is said at once
    log_dir = Path(args.log_dir).expanduser() if args.log_dir else paths.sessions_dir()
    # Memory (every exercise's earlier sessions) is read from its small cache in a
    # child process while this one imports Textual (make bench: ~15 ms of stat calls
    # for 5,000 logs, hidden); it also knows whether any session is in progress: only
    # then is the whole history read.
    pending = recall_soon(log_dir)
    try:
        config = load_config()
        clock = SystemClock()
        routine = None
        if args.routine:
            routine = load_routine(resolve_routine(args.routine))
            say_which_copy(args.routine)
        check_writable(log_dir)
        from backtimer.tui.app import BacktimerApp

        recalled = pending.result()
    finally:
        if not pending.partial:
            pending.close()
    progression = not args.no_progression

    def kits(unit: Unit) -> dict[str, Kit]:
        return kits_for(config, unit)

    session = None
    if routine is not None:  # planned with memory: targets, last time, what to load
        training = Training(recalled.memory, kits(routine.defaults.unit), progression)
        session = Session(expand(routine, training), clock)
    interrupted = None
    if recalled.in_progress:
        interrupted = _interrupted(log_dir, picker=not args.routine)
    if interrupted is not None and _offer_resume(interrupted, log_dir):
        from backtimer.commands.resume import resume_log

        return resume_log(log_dir / interrupted.file, log_dir, clock)
    require_terminal()

    app = BacktimerApp(
        session,
        clock=clock,
        log_dir=log_dir,
        quiet=args.quiet or config.quiet,
        cue_command=voice_command(config.cue_command),
        voice=config.voice,
        memory=recalled.memory,
        kits=kits,
        progression=progression,
        formula=config.e1rm,
        # A cold start planned from the newest logs: the rest arrives while it runs.
        memory_later=(lambda: pending.rest().memory) if pending.partial else None,
        remote=remote,
    )
    app.run()
    pending.close()
    return report(app)


def _interrupted(log_dir: Path, *, picker: bool) -> SessionRow | None:
    """The newest interrupted session to mention before a new one starts, if any.

    ``picker``: the routine picker opens, and it offers a recent one (the last 12
    hours) itself: that one is not asked about twice. A log folder that cannot be
    read has none (the session to come says what is wrong with it).
    """
    from datetime import UTC, datetime, timedelta

    from backtimer.errors import BacktimerError
    from backtimer.logs import load_history, newest_in_progress
    from backtimer.logs.history import RECENT_HOURS

    try:
        row = newest_in_progress(load_history(log_dir))
    except (BacktimerError, OSError):
        return None
    if row is None or not picker or not _is_terminal():
        return row
    recent = row.when >= datetime.now(UTC) - timedelta(hours=RECENT_HOURS)
    return None if recent else row


def _is_terminal() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (OSError, ValueError):  # a stream closed at start-up
        return False


def _offer_resume(row: SessionRow, log_dir: Path) -> bool:
    """Mention the interrupted session; in a terminal, ask whether to resume it.

    True to resume it; no (anything but y), the end of input or no terminal: False,
    and the new session starts as asked.
    """
    from backtimer.errors import BacktimerError
    from backtimer.logs import read_log

    when = row.when.astimezone()
    started = f"{when:%a} {when.day} {when:%b %H:%M}"
    try:
        log = read_log(log_dir / row.file)
        where = f"step {log.resume_at + 1} of {log.steps_planned}"
    except (BacktimerError, OSError):  # removed or changed meanwhile: what the row says
        where = f"{row.steps_done} of {row.steps_planned} steps done"
    about = f"An interrupted session of {printable(row.routine)} from {started} ({where})."
    if not _is_terminal():
        _say(f"{about} Continue it with `backtimer resume`.", error=True)
        return False
    try:
        reply = input(f"{about} Resume it? [y/N] ")
    except EOFError:
        print()
        return False
    return reply.strip().lower() in ("y", "yes")


def require_terminal() -> None:
    """Refuse to start the full-screen App without a terminal to draw on and read keys from.

    Textual would draw into a pipe and wait for keys that never come; with a
    stream closed (``<&-``) it would fail outright.
    """
    from backtimer.tui.terminal import require_terminal as require

    require(
        "The session is a full-screen timer",
        "To see a routine as text, run `backtimer plan ROUTINE`; past sessions: "
        "`backtimer history --plain`.",
    )


#: Exit codes of an App left by a signal (128 + SIGHUP, 128 + SIGTERM) and what to say.
_LEFT_BY = {
    129: "The terminal went away",
    143: "backtimer was stopped (SIGTERM)",
}


def report(app: BacktimerApp) -> int:
    """After the App exits: print the summary (or why it stopped); return the exit code.

    0 for a session completed or quit, 130 after Ctrl+C, 128 + the signal
    after SIGHUP or SIGTERM. Printing never fails: after SIGHUP the terminal
    may be gone.
    """
    from backtimer.engine import Status, summary_text

    code = app.return_code or 0
    summary = app.return_value
    journal = app.journal
    if journal is not None and journal.failing and not journal.write():
        _say(
            f"warning: the session log could not be written: {journal.path}: {journal.error}",
            error=True,
        )
    path = journal.path if journal is not None else None
    if code in _LEFT_BY:
        if path is not None:
            lines = [f"{_LEFT_BY[code]}; the session is saved in {path}."]
            if summary is not None and summary.status is Status.IN_PROGRESS:
                lines.append("Continue it with `backtimer resume`.")
            _say("\n".join(lines))
        return code
    if summary is not None:
        _say(summary_text(summary, path))
    return code


def _say(text: str, *, error: bool = False) -> None:
    """Print ``text``; a terminal that is gone (EIO after SIGHUP) is not an error."""
    stream = sys.stderr if error else sys.stdout
    try:
        print(text, file=stream, flush=True)
    except OSError:
        with contextlib.suppress(OSError, ValueError):
            # Nothing can be shown; keep the interpreter's final flush from failing too.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
