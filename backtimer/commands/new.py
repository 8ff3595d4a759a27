"""``backtimer new NAME [--from ROUTINE]``: start a routine of your own and edit it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backtimer.commands import Subparsers


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "new",
        help="create a routine from a template or a copy, then edit it",
        description=(
            "Create NAME.toml in your routines folder from a commented template (every key "
            "explained) or a copy of another routine, then open it in your editor like "
            "`backtimer edit`. An existing file is never overwritten."
        ),
    )
    p.add_argument("name", metavar="NAME", help='the routine\'s name, e.g. "Leg day"')
    p.add_argument(
        "--from",
        dest="source",
        metavar="ROUTINE",
        help="start from a copy of this routine (a file or the name of one)",
    )
    p.add_argument(
        "--no-edit", action="store_true", help="only create the file; don't open an editor"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from backtimer.commands.editing import edit_routine, require_terminal
    from backtimer.errors import BacktimerError
    from backtimer.paths import user_routines_dir
    from backtimer.routine import (
        RoutineSource,
        discover_routines,
        read_text,
        resolve_routine,
        slugify,
    )
    from backtimer.routine.template import renamed, routine_template, with_schema_line

    name = args.name.strip()
    if name.lower().endswith(".toml"):
        name = name[: -len(".toml")]
    if not any(c.isalnum() for c in name):
        raise BacktimerError("The routine needs a name", 'e.g. backtimer new "Leg day"')
    slug = slugify(name)
    # "Leg day" stays as written; a file-style name "leg-day" reads better as "Leg day".
    title = slug.replace("-", " ").capitalize() if name == slug else name
    path = user_routines_dir() / f"{slug}.toml"
    if path.exists():
        raise BacktimerError(
            "That routine already exists",
            f"{path} is already there; edit it with `backtimer edit {slug}`, "
            "or choose another name.",
        )
    if args.source:
        source = resolve_routine(args.source)
        text = with_schema_line(renamed(read_text(source), title))
    else:
        source = None
        text = routine_template(title, slug)
    create(path, text)
    print(f"Created {path}" + (f" from {source}" if source else " from the template"))
    shipped = [
        r for r in discover_routines() if r.source is RoutineSource.SHIPPED and r.slug == slug
    ]
    if shipped:
        print(f"It takes the place of the shipped routine '{slug}' when you run `{slug}`.")
    if args.no_edit:
        return 0
    try:
        require_terminal("new", path)
    except BacktimerError as error:  # the file is made; only the editor can't run
        print(f"Not opening an editor: {error.message}", file=sys.stderr)
        return 0
    return edit_routine(path)


def create(path: Path, text: str) -> None:
    """Write a new routine file; never overwrite one.

    Raises:
        BacktimerError: When the file exists or the folder can't be written.
    """
    from backtimer.errors import BacktimerError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise BacktimerError(
            "That routine already exists",
            f"{path} is already there; edit it with `backtimer edit {path.stem}`.",
        ) from None
    except OSError as error:
        raise BacktimerError(
            "Can't create the routine", f"{path}: {error.strerror or error}; check the folder"
        ) from None
