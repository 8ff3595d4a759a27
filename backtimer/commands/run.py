"""``backtimer run [ROUTINE]``: the guided session, full screen.

Without a routine (and as plain ``backtimer``) it opens the routine picker.
After the App exits, the session's summary is printed to the terminal.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from backtimer import paths
    from backtimer.clock import SystemClock
    from backtimer.config import load_config
    from backtimer.journal import check_writable
    from backtimer.plan import expand
    from backtimer.routine import load_routine, resolve_routine
    from backtimer.session import Session, Status
    from backtimer.summary import summary_text

    config = load_config()
    log_dir = Path(args.log_dir).expanduser() if args.log_dir else paths.sessions_dir()
    clock = SystemClock()
    session = None
    if args.routine:
        session = Session(expand(load_routine(resolve_routine(args.routine))), clock)
    check_writable(log_dir)

    from backtimer.tui.app import BacktimerApp

    app = BacktimerApp(
        session,
        clock=clock,
        log_dir=log_dir,
        quiet=args.quiet or config.quiet,
        cue_command=config.cue_command,
    )
    summary = app.run()
    if app.return_code == 129:
        path = app.journal.path if app.journal is not None else log_dir
        print(f"The terminal went away; the session is saved in {path}.")
        print("Continue it with `backtimer resume`.")
        return 129
    if summary is None:
        return app.return_code or 0
    path = app.journal.path if app.journal is not None else None
    print(summary_text(summary, path))
    if summary.status is Status.IN_PROGRESS:
        return 1
    return 0
