"""``backtimer history``: review past sessions (a screen, plain text or JSON)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from backtimer import paths
from backtimer.commands import Subparsers
from backtimer.errors import BacktimerError
from backtimer.formatting import NO_SESSIONS, printable


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "history",
        help="review past sessions",
        description="Review past sessions: a table, one session's detail, per-exercise "
        "records and weekly totals. --plain and --json print instead, for scripts.",
    )
    out = p.add_mutually_exclusive_group()
    out.add_argument("--plain", action="store_true", help="print the sessions table")
    out.add_argument("--json", action="store_true", help="print every session as JSON")
    p.add_argument(
        "--routine",
        metavar="NAME",
        help="only sessions of this routine: its name or its file name (any case)",
    )
    p.add_argument("--log-dir", metavar="DIR", type=Path, help="read logs from DIR")
    p.set_defaults(func=run)


def log_dir(args: argparse.Namespace) -> Path:
    """The folder of logs: ``--log-dir`` or the data dir's ``sessions/``."""
    value = getattr(args, "log_dir", None)
    return Path(value).expanduser() if value else paths.sessions_dir()


def missing_ok(args: argparse.Namespace) -> bool:
    """Whether a missing log folder means "no sessions yet".

    The default folder does not exist until the first session: nothing to show.
    A ``--log-dir`` that does not exist is a typo, and listing nothing from it would
    pass for "no sessions": it is an error.
    """
    return not getattr(args, "log_dir", None)


def emit(text: str) -> None:
    """Write ``text`` to stdout; a reader that went away (``| head``) is not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _warn(warnings: list[str]) -> None:
    for warning in warnings:  # file names and reasons come from the folder: escaped
        print(f"warning: {printable(warning)}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    directory = log_dir(args)
    if args.json:
        return print_json(directory, args.routine, missing_ok=missing_ok(args))
    if args.plain:
        return print_plain(directory, args.routine, missing_ok=missing_ok(args))
    from backtimer.logs import load_history

    history = load_history(directory, missing_ok=missing_ok(args))  # errors before the screen
    routine = None
    if args.routine:
        names = routine_names(args.routine, history.routines())
        shown = [name for name in names if history.filter(name)]
        if not shown:  # a routine of the library, never done yet
            print(f"No sessions of {printable(args.routine)} yet.")
            return 0
        routine = shown[0]
    if not history.rows:
        _warn([f"skipped {directory / w}" for w in history.warnings])
        print(NO_SESSIONS)
        return 0
    from backtimer.config import load_config
    from backtimer.tui.history_app import HistoryApp

    formula = load_config().e1rm  # records and trends as the session estimated them
    HistoryApp(directory, routine=routine, history=history, formula=formula).run()
    return 0


def routine_names(wanted: str, logged: list[str]) -> list[str]:
    """The routine names (as logs hold them) that ``--routine wanted`` means.

    ``wanted`` is a routine's name or its file name (``my-back`` for ``my-back.toml``),
    in any case; a routine of the library that was never done has no sessions, which
    is no error.

    Raises:
        BacktimerError: When ``wanted`` is neither in the logs nor a routine of the
            library; the message lists the known ones.
    """
    from backtimer.routine import find_routine, load_routine, slugify, visible_routines

    key = wanted.strip().casefold()
    names = {name for name in logged if name.casefold() == key}
    if not names and any(c.isalnum() for c in wanted):
        names = {name for name in logged if slugify(name) == slugify(wanted)}
    library: dict[str, str] = {}  # file name: routine name
    for each in visible_routines():
        try:
            library[each.slug] = load_routine(each.path).name
        except BacktimerError:
            library[each.slug] = ""
    found = find_routine(wanted)
    if found is not None and library.get(found.slug):
        names.add(library[found.slug])
    names |= {name for name in library.values() if name and name.casefold() == key}
    if names or found is not None:
        return sorted(names)
    in_logs = ", ".join(printable(name) for name in logged) or "(none yet)"
    in_library = ", ".join(
        printable(f"{slug} ({name})" if name else slug) for slug, name in library.items()
    )
    raise BacktimerError(
        f"No routine called '{printable(wanted)}'",
        f"give a routine's name or file name.\nIn your session logs: {in_logs}\n"
        f"In your routines: {in_library or '(none)'}",
    )


def print_plain(directory: Path, routine: str | None, *, missing_ok: bool = True) -> int:
    """The sessions table, tab-separated, newest first (no colour, for pipes)."""
    from backtimer.logs import load_history, plain_cells
    from backtimer.logs.history import PLAIN_COLUMNS

    history = load_history(directory, missing_ok=missing_ok)
    names = routine_names(routine, history.routines()) if routine else None
    _warn([f"skipped {directory / w}" for w in history.warnings])
    lines = ["\t".join(PLAIN_COLUMNS)]
    lines += [
        "\t".join(plain_cells(row)) for row in history.rows if names is None or row.routine in names
    ]
    emit("\n".join(lines) + "\n")
    return 0


def _jsonable(value: object) -> object:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value


def print_json(directory: Path, routine: str | None, *, missing_ok: bool = True) -> int:
    """Every session with every step as a JSON array, newest first."""
    from backtimer.logs import read_all

    found = read_all(directory, missing_ok=missing_ok)
    names = None
    if routine:
        names = routine_names(routine, sorted({log.routine_name for log in found.logs}))
    _warn(found.warnings)
    sessions = []
    for log in reversed(found.logs):
        if names is not None and log.routine_name not in names:
            continue
        data = asdict(log)
        data["file"] = log.path.name if log.path is not None else ""
        data.pop("routine_text")
        data["steps"] = data.pop("records")
        sessions.append(_jsonable(data))
    emit(json.dumps(sessions, indent=2, ensure_ascii=False) + "\n")
    return 0
