"""``backtimer import``: bring workouts from Strong, Hevy, FitNotes or StrongLifts.

Every file is read and checked first; only then are logs written (one ordinary session
log per new workout), so a bad file writes nothing. ``--list`` shows past imports and
``--undo ID`` removes exactly one import's logs. ``docs/import.md`` tells the whole story.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from backtimer.commands import Subparsers, home_relative
from backtimer.commands.history import log_dir, missing_ok
from backtimer.errors import BacktimerError
from backtimer.formatting import printable

if TYPE_CHECKING:
    from backtimer.logs import LogData
    from backtimer.logs.imports import ParseResult
    from backtimer.logs.imports.writer import FilePlan
    from backtimer.routine import Unit

SOURCES = ("strong", "hevy", "fitnotes", "stronglifts")
#: How many bad rows and remarks a file's summary shows (the rest are counted).
SHOWN = 5


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "import",
        help="import workouts from Strong, Hevy, FitNotes or StrongLifts",
        description="Import the CSV export of another workout app as session logs, one per "
        "workout, so history, records and training memory include them. Importing a file "
        "again adds nothing. See docs/import.md for how to export from each app.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", type=Path, help="the exported CSV file(s)")
    p.add_argument(
        "--from",
        dest="source",
        choices=["auto", *SOURCES],
        default="auto",
        help="the app the files come from (default: told by their header)",
    )
    p.add_argument(
        "--unit",
        choices=["kg", "lb"],
        help="the weight unit of a file that does not say (default: config.toml's unit, else kg)",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="show what would be imported; write nothing"
    )
    p.add_argument("--log-dir", metavar="DIR", type=Path, help="import into DIR")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="list past imports")
    what.add_argument("--undo", metavar="ID", help="remove the sessions of import ID")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if (args.list or args.undo) and args.files:
        raise BacktimerError(
            "Too many things asked",
            "--list and --undo take no FILE; run them on their own.",
        )
    if args.list:
        return list_imports(log_dir(args), missing_ok=missing_ok(args))
    if args.undo is not None:
        return undo(args.undo, log_dir(args), missing_ok=missing_ok(args))
    if not args.files:
        raise BacktimerError(
            "No file to import",
            "give the CSV export of Strong, Hevy, FitNotes or StrongLifts: "
            "backtimer import FILE… (or --list, --undo ID). See docs/import.md.",
        )
    return import_files(args)


# -- importing -----------------------------------------------------------------------


def _unit(args: argparse.Namespace) -> tuple[Unit, str, dict[str, str], Path | None]:
    """The unit assumed for files without one, where it came from, the aliases, and
    config.toml's path."""
    from backtimer.config import load_config
    from backtimer.routine import Unit

    config = load_config()
    if args.unit:
        return Unit(args.unit), "--unit", config.aliases, config.path
    if config.unit is not None:
        return config.unit, "config.toml's unit", config.aliases, config.path
    return Unit.KG, "the default; --unit lb for pounds", config.aliases, config.path


def read_files(paths: Sequence[Path], source: str, unit: Unit) -> list[tuple[Path, ParseResult]]:
    """Every file parsed, or an error naming each one that cannot be (nothing written).

    Raises:
        BacktimerError: One or more files cannot be imported (exit 2).
    """
    from backtimer.logs.imports import ImportFileError, Source
    from backtimer.logs.imports.parse import parse_file

    chosen = None if source == "auto" else Source(source)
    results: list[tuple[Path, ParseResult]] = []
    errors: list[BacktimerError] = []
    for path in paths:
        shown = printable(str(path))
        if path.is_dir():
            errors.append(BacktimerError("Not a file", f"{shown} is a folder."))
            continue
        if not path.exists():
            errors.append(BacktimerError("No such file", f"{shown}: no such file."))
            continue
        try:
            results.append((path, parse_file(path, source=chosen, unit=unit)))
        except ImportFileError as error:
            errors.append(error)
        except OSError as error:
            errors.append(
                BacktimerError("Cannot read the file", f"{shown}: {error.strerror or error}.")
            )
        except Exception as error:  # noqa: BLE001 - a file must never end in a traceback
            errors.append(
                BacktimerError(
                    "Cannot read the file",
                    f"{shown}: {type(error).__name__}: {printable(str(error))} "
                    "(a bug in backtimer's reader: please report it with the file's header).",
                )
            )
    if len(errors) == 1 and len(paths) == 1:
        raise errors[0]
    if errors:
        parts = [f"{e.title}: {e.message}" if e.message else e.title for e in errors]
        raise BacktimerError(
            f"{len(errors)} of {len(paths)} files cannot be imported",
            "\n".join(parts) + "\nNothing was imported.",
        )
    return results


def import_files(args: argparse.Namespace) -> int:
    from backtimer.logs.imports.ledger import import_lock

    unit, unit_from, aliases, config_path = _unit(args)
    results = read_files(args.files, args.source, unit)
    directory = log_dir(args)
    # From reading what is in the folder to writing: one import at a time (a dry run
    # writes nothing, and makes no folder).
    with contextlib.nullcontext() if args.dry_run else import_lock(directory):
        return _import(args, results, directory, unit, unit_from, aliases, config_path)


def _import(
    args: argparse.Namespace,
    results: list[tuple[Path, ParseResult]],
    directory: Path,
    unit: Unit,
    unit_from: str,
    aliases: dict[str, str],
    config_path: Path | None,
) -> int:
    from backtimer.logs import check_writable, load_history, recall
    from backtimer.logs.imports.ledger import new_import_id, read_ledger, record_import
    from backtimer.logs.imports.writer import (
        Existing,
        WriteFailed,
        plan_import,
        write_import,
    )

    history = load_history(directory, missing_ok=True)  # a new --log-dir is made below
    existing = Existing.of(history.rows)
    now = datetime.now().astimezone()
    import_id = new_import_id(now, existing.ids | set(read_ledger(directory)))
    plans = plan_import(results, existing, aliases=aliases, import_id=import_id)
    for plan in plans:
        print_plan(plan, unit, unit_from)
    new = [log for plan in plans for log in plan.new]
    if args.dry_run:
        print_dry_run(new, aliases, config_path)
        return 0
    if not new:
        already = sum(p.already for p in plans)
        print(f"Nothing new: 0 new, {already} already imported.")
        return 0
    check_writable(directory)
    try:
        written = write_import(new, directory)
    except WriteFailed as error:
        raise BacktimerError(
            "Cannot write the imported sessions",
            f"{printable(str(directory))}: {error.strerror}. Nothing was imported "
            "(the sessions written before it were removed again).",
        ) from None
    record_import(directory, import_id, now, [p.name for p in args.files], len(new))
    load_history(directory, fresh=written)  # the index: `history` stays fast afterwards
    recall(directory)  # training memory's cache: the next `run` starts at its usual speed
    sets = sum(len(log.records) for log in new)
    print(
        f"Imported {len(new)} session{_s(len(new))} ({sets:,} set{_s(sets)}) into "
        f"{printable(home_relative(directory))} as import {import_id}."
    )
    print(f"Undo it with: backtimer import --undo {import_id}")
    return 0


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _range(dates: Iterable[datetime]) -> str:
    days = sorted(d.date() for d in dates)
    if not days:
        return ""
    return str(days[0]) if days[0] == days[-1] else f"{days[0]} to {days[-1]}"


def print_plan(plan: FilePlan, unit: Unit, unit_from: str) -> None:
    """One file's summary: shape, sessions new and already imported, sets, dates, rows
    skipped and bad, remarks."""
    result = plan.result
    name = printable(plan.path.name)
    head = f"{name}: {printable(result.shape)}"
    if result.assumed_unit is not None:
        head += f"; no unit in the file: weights read as {result.assumed_unit} ({unit_from})"
    print(head)
    workouts = result.workouts
    total = len(workouts)
    line = (
        f"  {total:,} session{_s(total)}: {len(plan.new):,} new, {plan.already:,} already imported"
    )
    line += f" · {result.sets:,} set{_s(result.sets)}"
    span = _range(w.started for w in workouts)
    if span:
        line += f" · {span}"
    print(line)
    if plan.empty:
        print(f"  {plan.empty} workout{_s(plan.empty)} without a set: not imported")
    if result.skipped:
        skipped = sum(result.skipped.values())
        reasons = ", ".join(
            f"{n:,} {printable(plural(why, n))}" for why, n in result.skipped.most_common()
        )
        print(f"  skipped {skipped:,} row{_s(skipped)} on purpose: {reasons}")
    bad = [*result.bad, *plan.too_large]
    if bad:
        print(f"  {len(bad):,} row{_s(len(bad))} could not be read (not imported):")
        for number, reason in sorted(bad)[:SHOWN]:
            print(f"    {name}:{number}: {printable(reason)}")
        if len(bad) > SHOWN:
            print(f"    … and {len(bad) - SHOWN:,} more")
    remarks = [
        f"{w.started:%Y-%m-%d} {printable(w.name)}: {printable(r)}"
        for w in workouts
        for r in w.remarks
    ]
    if remarks:
        print("  remarks:")
        for remark in remarks[:SHOWN]:
            print(f"    {remark}")
        if len(remarks) > SHOWN:
            print(f"    … and {len(remarks) - SHOWN:,} more")


# -- the dry run ---------------------------------------------------------------------


def _words(name: str) -> str:
    """A name as words for comparing: any case, punctuation and brackets as spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def routine_exercises() -> dict[str, str]:
    """The exercises, warm-up moves and stretches of the user's and the shipped routines,
    by :func:`~backtimer.engine.memory.exercise_key`."""
    from backtimer.engine.memory import exercise_key
    from backtimer.routine import load_routine, visible_routines

    names: dict[str, str] = {}
    for ref in visible_routines():
        try:
            routine = load_routine(ref.path)
        except BacktimerError:
            continue  # a broken routine: `backtimer check` says why
        found = [e.name for e in routine.exercises] + [m.name for m in routine.warmup]
        for name in found + [s.name for s in routine.stretches]:
            names.setdefault(exercise_key(name), name)
    return names


#: How alike an imported name and one of yours must be for an alias to be suggested.
CLOSE = 0.8


def suggest_alias(name: str, known: Sequence[str]) -> str | None:
    """The user's exercise closest to the imported ``name`` (did you mean), if any is close.

    Compared as words (any case, punctuation and brackets as spaces), also without the
    other app's equipment in brackets and with the words in any order: ``Bent Over Row
    (Barbell)`` is close to ``Bent-over barbell row``, ``Deadlift (Barbell)`` to
    ``Deadlift``; a name of yours of two words or more that all appear in the imported one
    is close too (``Seated Cable Row - V Grip (Cable)``: ``Seated cable row``), and so is
    one of yours that has every word of the imported one (``Barbell Row``: ``Bent-over
    barbell row``).
    """
    words = _words(name)
    plain = _words(re.sub(r"\([^)]*\)", " ", name)) or words
    forms = {words, plain, _sorted(words), _sorted(plain)}
    best: tuple[float, str] | None = None
    for mine in known:
        theirs = _words(mine)
        score = max(
            difflib.SequenceMatcher(None, form, other).ratio()
            for form in forms
            for other in (theirs, _sorted(theirs))
        )
        parts, imported = theirs.split(), plain.split()
        # Every word of one name in the other (two words at least): ``Seated Cable Row -
        # V Grip (Cable)`` / ``Seated cable row``; ``Barbell Row`` / ``Bent-over barbell row``.
        if (len(parts) >= 2 and set(parts) <= set(words.split())) or (
            len(imported) >= 2 and set(imported) <= set(_words(mine.replace("-", " ")).split())
        ):
            score = max(score, CLOSE)
        if score >= CLOSE and (best is None or score > best[0]):
            best = (score, mine)
    return best[1] if best else None


def _sorted(words: str) -> str:
    return " ".join(sorted(words.split()))


def alias_lines(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """``"Bent Over Row (Barbell)" = "Bent-over barbell row"`` lines, ready for [aliases]."""
    import tomli_w

    text = tomli_w.dumps({"aliases": dict(pairs)})
    return [line for line in text.splitlines() if line and line != "[aliases]"]


def print_dry_run(new: Sequence[LogData], aliases: dict[str, str], config: Path | None) -> None:
    """What would be imported, exercise by exercise, and aliases for names close to yours."""
    from backtimer.engine.memory import exercise_key
    from backtimer.paths import config_file

    print()
    if not new:
        print("Dry run: nothing new to import; nothing was written.")
        return
    sets = sum(len(log.records) for log in new)
    print(
        f"Dry run: would import {len(new):,} session{_s(len(new))} ({sets:,} set{_s(sets)}), "
        f"{_range(log.started for log in new)}. Nothing was written."
    )
    counts: Counter[str] = Counter()
    for log in new:
        counts.update(r.exercise or r.name for r in log.records)
    known = routine_exercises()
    unknown = [name for name in counts if exercise_key(name) not in known]
    print("\nExercises (sets):")
    width = max(len(f"{n:,}") for n in counts.values())
    for name, n in sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())):
        mark = "" if exercise_key(name) in known else "   (in none of your routines)"
        print(f"  {n:>{width},}  {printable(name)}{mark}")
    if not unknown:
        print("\nEvery name matches an exercise of your routines.")
        return
    print(
        f"\n{len(unknown)} name{_s(len(unknown))} match{'es' if len(unknown) == 1 else ''} no "
        "exercise of your routines: they are logged as they are (which is fine for exercises "
        "you do not plan here)."
    )
    pairs = []
    for name in unknown:
        mine = suggest_alias(name, list(known.values()))
        if mine is not None:
            pairs.append((name, mine))
    if pairs:
        where = printable(home_relative(config or config_file()))
        print(f"Close to one of yours; to log them under your name, add to {where}:\n")
        print("[aliases]")
        for line in alias_lines(pairs):
            print(line)


# -- --list and --undo ---------------------------------------------------------------


def list_imports(directory: Path, *, missing_ok: bool) -> int:
    from backtimer.logs import load_history
    from backtimer.logs.imports.ledger import past_imports

    history = load_history(directory, missing_ok=missing_ok)
    imports = past_imports(history.rows, directory)
    if not imports:
        print("No imports yet. Import a file with: backtimer import FILE")
        return 0
    for item in imports:
        when = f"{item.when:%Y-%m-%d %H:%M}" if item.when is not None else "?"
        sources = ", ".join(item.sources) or "?"
        files = ", ".join(printable(f) for f in item.files) or "?"
        span = _range(d for d in (item.first, item.last) if d is not None)
        print(
            f"{item.id}\t{when}\t{sources}\t{files}\t"
            f"{item.sessions:,} session{_s(item.sessions)}\t{span}"
        )
    return 0


def undo(import_id: str, directory: Path, *, missing_ok: bool) -> int:
    from backtimer.logs import load_history
    from backtimer.logs.imports.ledger import undo_import

    history = load_history(directory, missing_ok=missing_ok)
    removed = undo_import(import_id, history.rows, directory)
    load_history(directory)  # the index without them
    n = len(removed)
    print(f"Removed {n} session{_s(n)} of import {printable(import_id)}.", file=sys.stdout)
    return 0


def plural(reason: str, n: int) -> str:
    """A skip reason for ``n`` rows: its head noun made plural when ``n`` is not 1
    (``rest timer row`` → ``rest timer rows``, ``empty set (no reps…)`` → ``empty sets
    (no reps…)``, ``set without reps`` → ``sets without reps``)."""
    if n == 1:
        return reason
    cut = min((i for i in (reason.find(" ("), reason.find(" without ")) if i >= 0), default=-1)
    head, tail = (reason, "") if cut < 0 else (reason[:cut], reason[cut:])
    return f"{head}s{tail}" if not head.endswith("s") else reason
