"""The ``backtimer`` command line.

Each subcommand lives in its own module under :mod:`backtimer.commands` and
registers itself with :func:`add_parser`; this module only dispatches and turns
every :class:`~backtimer.errors.BacktimerError` into a message and an exit code
(never a traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import keyword
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from backtimer import __version__
from backtimer.errors import BacktimerError, RoutineError

#: Subcommand modules, in the order ``backtimer --help`` lists them.
COMMANDS = (
    "run",
    "check",
    "plan",
    "list",
    "new",
    "edit",
    "schema",
    "history",
    "export",
    "import",
    "resume",
    "plates",
    "cues",
    "completion",
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered, or just ``only``.

    Registering a subcommand imports its module; ``backtimer run`` registers
    just its own, which keeps the start-up of the session screen short.
    """
    parser = argparse.ArgumentParser(
        prog="backtimer",
        description="A full-screen terminal timer that guides you through a back workout.",
    )
    parser.add_argument(
        "--version",
        action=_Version,
        help="print the versions of backtimer and Textual, and where its files are",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS if only is None else (only,):
        module = importlib.import_module(f"backtimer.commands.{module_name(name)}")
        module.add_parser(sub)
    return parser


def module_name(command: str) -> str:
    """The module of a subcommand: ``import`` is a keyword, so its module is ``import_``."""
    name = command.replace("-", "_")
    return f"{name}_" if keyword.iskeyword(name) else name


class _Version(argparse.Action):
    """``--version``: backtimer's and Textual's versions, and the config, routines and
    log folders (Textual itself is not imported: its version is its package's)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from importlib.metadata import PackageNotFoundError, version

        from backtimer import paths

        try:
            textual = version("textual")
        except PackageNotFoundError:
            textual = "not installed"
        print(f"backtimer {__version__}")
        print(f"Textual {textual}")
        print(f"config:   {paths.config_file()}")
        print(f"routines: {paths.user_routines_dir()}")
        print(f"logs:     {paths.sessions_dir()}")
        parser.exit()


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` asks for, when it is certain from the first word."""
    first = argv[0] if argv else None
    if first in COMMANDS:
        return first
    return None


def print_error(error: BacktimerError) -> None:
    """Show an error on stderr: problem lines as they are, others in a red panel.

    When stderr is not a terminal (a pipe, a file, a test) the message is
    plain lines, so a long path is never folded at the panel's edge.
    """
    if isinstance(error, RoutineError):
        for problem in error.problems:
            print(
                problem if problem.line else f"{problem.path}: {problem.message}", file=sys.stderr
            )
        return
    from rich.console import Console
    from rich.panel import Panel

    console = Console(stderr=True)
    if not console.is_terminal:
        print(f"backtimer: {error.title}", file=sys.stderr)
        if error.message:
            print(error.message, file=sys.stderr)
        return
    console.print(
        Panel(error.message or error.title, title=error.title, border_style="red", expand=False)
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Before any command: a standard stream closed at start-up gets a stand-in, and
    a terminal that is not UTF-8 gets symbols in ASCII (:mod:`backtimer.tui.terminal`).
    A reader that goes away (``| head``) ends the command quietly with 1 (as Rich
    does, and Python's docs advise); a closed stdout is an error with a message,
    never a traceback.
    """
    from backtimer.tui import terminal

    terminal.guard_streams()
    terminal.fall_back_to_ascii(sys.stdout, sys.stderr)
    try:
        return _dispatch(argv)
    except BrokenPipeError:
        _silence(sys.stdout)
        _silence(sys.stderr)
        return 1
    except OSError as error:
        if not (error.errno == errno.EBADF and terminal.is_closed(sys.stdout)):
            raise
        return _report(
            BacktimerError("Cannot write the output", "stdout is closed (as with `>&-`).")
        )
    finally:
        note = terminal.ascii_note()
        if note is not None:
            with contextlib.suppress(OSError, ValueError):
                print(note, file=sys.stderr, flush=True)


def _dispatch(argv: Sequence[str] | None) -> int:
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (see completion)
        from backtimer.commands.completion import complete

        complete(build_parser())
    argv = list(sys.argv[1:] if argv is None else argv) or ["run"]  # plain `backtimer`: pick
    parser = build_parser(_command_of(argv))
    args = parser.parse_args(argv)
    if args.command is None:
        args = build_parser("run").parse_args(["run", *argv])
    try:
        code = int(args.func(args) or 0)
    except BacktimerError as error:
        return _report(error)
    except KeyboardInterrupt:
        return 130
    # What is still buffered is part of the command's work: a write error is its own.
    sys.stdout.flush()
    return code


def _report(error: BacktimerError) -> int:
    """Print ``error`` (if stderr takes it: a reader may be gone) and return its exit code."""
    try:
        print_error(error)
        sys.stderr.flush()
    except BrokenPipeError:
        _silence(sys.stderr)
    return error.exit_code


def _silence(stream: TextIO) -> None:
    """Point ``stream``'s file descriptor at /dev/null: its reader went away, so the
    interpreter's last flush must not fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
