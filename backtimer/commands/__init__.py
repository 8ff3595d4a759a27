"""The subcommands of ``backtimer``, one module each; ``cli.py`` dispatches to them.

Each module has ``add_parser(sub)``, which registers its arguments and sets
``func`` to the function that runs it and returns the exit code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from backtimer.config import Config
    from backtimer.engine.training import Training
    from backtimer.routine import Routine

#: What ``add_parser`` is given: the ``backtimer`` parser's subcommands.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def home_relative(path: Path) -> str:
    """``path`` with the home folder written ``~`` (shorter to read)."""
    try:
        return f"~/{path.relative_to(Path.home())}"
    except (ValueError, RuntimeError):  # not under home, or no home known
        return str(path)


def say_which_copy(name: str) -> None:
    """Say on stderr which file a routine name finds when the user's copy of a shipped
    routine takes its place (one line; nothing in any other case)."""
    from backtimer.formatting import printable
    from backtimer.routine import shadowing_copy

    path = shadowing_copy(name)
    if path is not None:
        print(
            f"Using your copy of {printable(name)}: {printable(home_relative(path))}",
            file=sys.stderr,
        )


def training_for(
    routine: Routine, log_dir: Path, config: Config | None, *, progression: bool = True
) -> Training:
    """What a plan of ``routine`` is built with: the logs' memory and the user's kits."""
    from backtimer.engine import kits_for
    from backtimer.engine.training import Training
    from backtimer.logs.memory import load_memory

    return Training(load_memory(log_dir), kits_for(config, routine.defaults.unit), progression)
