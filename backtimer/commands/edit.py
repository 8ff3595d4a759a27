"""``backtimer edit ROUTINE``: open a routine in your editor and validate it on exit."""

from __future__ import annotations

import argparse
from pathlib import Path

from backtimer.commands import Subparsers


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "edit",
        help="edit a routine in $VISUAL / $EDITOR",
        description=(
            "Open a routine in $VISUAL or $EDITOR (else nano, else vi). On exit it is "
            "validated; when it has problems you can edit again, keep the invalid file or "
            "restore the previous version. Shipped routines are copied to your routines "
            "folder first, never edited in place."
        ),
    )
    p.add_argument("routine", metavar="ROUTINE", help="a routine file or the name of one")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from backtimer.commands.editing import edit_routine, require_terminal
    from backtimer.errors import BacktimerError
    from backtimer.routine import resolve_routine

    path = resolve_routine(args.routine)
    if not path.is_file():
        raise BacktimerError(
            "No such routine file",
            f"{path} does not exist; create it with `backtimer new {path.stem}`",
        )
    require_terminal("edit", path)
    if _is_shipped(path):
        copy = _user_copy(path)
        if copy is None:
            print("Nothing changed.")
            return 1
        path = copy
    return edit_routine(path)


def _is_shipped(path: Path) -> bool:
    from backtimer.paths import shipped_routines_dir

    return path.resolve().is_relative_to(shipped_routines_dir().resolve())


def _user_copy(shipped: Path) -> Path | None:
    """Offer to copy a shipped routine into the user folder; the copy, or None if declined."""
    from backtimer.commands.editing import ask_stdin as ask
    from backtimer.commands.editing import confirm
    from backtimer.commands.new import create
    from backtimer.paths import user_routines_dir

    target = user_routines_dir() / shipped.name
    print(f"'{shipped.stem}' is a shipped routine ({shipped}); backtimer never edits it in place.")
    if target.exists():
        mine = confirm(ask, f"You already have your own copy, {target}. Edit it?")
        return target if mine else None
    if not confirm(ask, f"Copy it to {target} and edit the copy?"):
        return None
    from backtimer.routine import read_text
    from backtimer.routine.template import with_schema_line

    create(target, with_schema_line(read_text(shipped)))
    print(f"Copied {shipped} to {target}")
    return target
