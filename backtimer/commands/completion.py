"""``backtimer completion bash|zsh|fish``: the shell's completion script, and completing.

The script (argcomplete's) calls ``backtimer`` back with ``_ARGCOMPLETE`` set; then
:func:`complete` answers from the full parser, ROUTINE arguments from the shipped and
your routines' names. Nothing of this is imported on an ordinary start.
"""

from __future__ import annotations

import argparse
import sys

from backtimer.commands import Subparsers

SHELLS = ("bash", "zsh", "fish")


def takes_a_routine(action: argparse.Action) -> bool:
    """Whether an argument takes a routine (run, plan, check, edit, new --from, history
    --routine): its metavar says ROUTINE, or it is stored as ``routine``."""
    return action.metavar == "ROUTINE" or action.dest == "routine"


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "completion",
        help="print the shell completion script (bash, zsh, fish)",
        description="Print the script that completes backtimer's commands, options and "
        'routine names in your shell. bash: add `eval "$(backtimer completion bash)"` to '
        "~/.bashrc; zsh: the same in ~/.zshrc, after compinit; fish: `backtimer completion fish > "
        "~/.config/fish/completions/backtimer.fish`.",
    )
    p.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from argcomplete.shell_integration import shellcode

    sys.stdout.write(shellcode(["backtimer"], shell=args.shell))
    return 0


def routine_names(prefix: str, **_: object) -> list[str]:
    """The shipped and your routines' names that start with ``prefix``; a prefix that is a
    path (``./``, ``~/``, ``a/b``), or that no name starts with, completes to routine files."""
    from backtimer.routine.library import visible_routines

    names = sorted(ref.slug for ref in visible_routines() if ref.slug.startswith(prefix))
    if names and not _is_a_path(prefix):
        return names
    from argcomplete.completers import FilesCompleter

    return sorted(FilesCompleter(allowednames=("toml",), directories=True)(prefix))


def _is_a_path(prefix: str) -> bool:
    return "/" in prefix or prefix.startswith((".", "~"))


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer a completion request (argcomplete exits when it has); ROUTINE arguments
    complete to routine names."""
    import argcomplete

    for action in _actions(parser):
        if takes_a_routine(action):
            setattr(action, "completer", routine_names)  # noqa: B010 - argcomplete's hook
    argcomplete.autocomplete(parser)


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Every argument of ``parser`` and of its subcommands."""
    found = []
    for action in parser._actions:
        found.append(action)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.extend(_actions(sub))
    return found
