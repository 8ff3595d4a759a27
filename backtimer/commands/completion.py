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
#: The arguments that take a routine by name, by their ``dest``.
ROUTINE_ARGUMENTS = ("routine",)


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "completion",
        help="print the shell completion script (bash, zsh, fish)",
        description="Print the script that completes backtimer's commands, options and "
        'routine names in your shell. bash: add `eval "$(backtimer completion bash)"` to '
        "~/.bashrc; zsh: the same in ~/.zshrc; fish: `backtimer completion fish > "
        "~/.config/fish/completions/backtimer.fish`.",
    )
    p.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from argcomplete.shell_integration import shellcode

    sys.stdout.write(shellcode(["backtimer"], shell=args.shell))
    return 0


def routine_names(prefix: str, **_: object) -> list[str]:
    """The shipped and your routines' names that start with ``prefix``."""
    from backtimer.routine.library import visible_routines

    return sorted(ref.slug for ref in visible_routines() if ref.slug.startswith(prefix))


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer a completion request (argcomplete exits when it has); ROUTINE arguments
    complete to routine names."""
    import argcomplete

    for action in _actions(parser):
        if action.dest in ROUTINE_ARGUMENTS:
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
