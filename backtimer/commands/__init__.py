"""The subcommands of ``backtimer``, one module each; ``cli.py`` dispatches to them.

Each module has ``add_parser(sub)``, which registers its arguments and sets
``func`` to the function that runs it and returns the exit code.
"""

from __future__ import annotations

import argparse
from typing import TypeAlias

#: What ``add_parser`` is given: the ``backtimer`` parser's subcommands.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
