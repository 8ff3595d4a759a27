"""Edit a routine in the user's own editor, the way ``crontab -e`` and ``visudo`` do.

The editor works on a draft copy in a temporary folder; the routine file is
only replaced (atomically) once the draft validates, or when the user chooses
to keep an invalid draft. So "restore the previous version" simply leaves the
file alone, and a routine picker watching the file never sees half an edit.
No Textual or Rich here: this runs in a plain terminal before and after the
editor.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from backtimer.errors import BacktimerError, RoutineError
from backtimer.logs import atomic_write
from backtimer.routine import Routine, load_routine

#: How the user is asked a question: the prompt in, the answer out (None at end of input).
Ask = Callable[[str], str | None]

CHOICES = "(e)dit again, (k)eep the invalid file, (r)estore the previous version? [E/k/r] "


def ask_stdin(prompt: str) -> str | None:
    """Ask on the terminal; ``None`` when stdin is at its end (a pipe, Ctrl-D)."""
    try:
        return input(prompt).strip().lower()
    except EOFError:
        print()
        return None


def is_terminal(stream: TextIO | None) -> bool:
    """Whether ``stream`` is open on a terminal."""
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):
        return False


def require_terminal(command: str, path: Path | str | None = None) -> None:
    """Refuse to start an editor without a terminal on stdin and stdout.

    An editor reads keys and draws on the terminal; on a pipe it waits or spins
    (vi at 100 % CPU) and never returns.

    Raises:
        BacktimerError: Saying which stream is not a terminal and what to do instead.
    """
    why = [
        f"{label} is not a terminal"
        for label, stream in (("stdin", sys.stdin), ("stdout", sys.stdout))
        if not is_terminal(stream)
    ]
    if not why:
        return
    instead = (
        f"Edit {path} in any editor, then run `backtimer check {path}`."
        if path is not None
        else "Create the file without an editor: add --no-edit."
    )
    raise BacktimerError(
        "Needs a terminal",
        f"`backtimer {command}` opens your editor, which needs a terminal to read your "
        f"keys and draw on, and {' and '.join(why)}. {instead}",
    )


def editor_command(environ: Mapping[str, str] | None = None) -> tuple[list[str], str]:
    """The editor to run and where it came from: ``$VISUAL``, ``$EDITOR`` or a fallback.

    The variable may hold arguments (``code --wait``, ``emacs -nw``). The fallback is
    ``nano`` when it is on the PATH, else ``vi``.

    Raises:
        BacktimerError: When the variable can't be split into words.
    """
    env = os.environ if environ is None else environ
    for var in ("VISUAL", "EDITOR"):
        value = env.get(var, "").strip()
        if not value:
            continue
        try:
            words = shlex.split(value)
        except ValueError as error:
            raise BacktimerError(
                f"Can't read ${var}",
                f"${var} is {value!r}: {error}; fix its quotes, e.g. export {var}=nano",
            ) from None
        if words:
            return words, f"${var}"
    fallback = "nano" if shutil.which("nano", path=env.get("PATH")) else "vi"
    return [fallback], "the default editor (neither $VISUAL nor $EDITOR is set)"


def run_editor(path: Path, shown: Path) -> None:
    """Open ``path`` in the user's editor and wait for it to exit.

    Args:
        path: The file the editor opens (a draft).
        shown: The routine it stands for, named in messages.

    Raises:
        BacktimerError: When the editor can't be started or exits with an error.
    """
    command, origin = editor_command()
    try:
        result = subprocess.run([*command, str(path)], check=False)
    except OSError as error:
        reason = error.strerror or str(error)
        raise BacktimerError(
            "Editor not found",
            f"Could not start '{command[0]}' (from {origin}): {reason}.\n"
            "Set $VISUAL or $EDITOR to an editor on your PATH, e.g. export EDITOR=nano\n"
            f"{shown} is unchanged.",
        ) from None
    if result.returncode != 0:
        raise BacktimerError(
            "The editor failed",
            f"'{shlex.join(command)}' exited with status {result.returncode}, so the edit is "
            f"not saved; {shown} is unchanged.",
        )


def validate(draft: Path, shown: Path) -> Routine:
    """Load the draft, naming ``shown`` in every problem.

    Raises:
        RoutineError: Listing every problem.
    """
    try:
        return load_routine(draft)
    except RoutineError as error:
        problems = [replace(p, path=str(shown)) for p in error.problems]
        raise RoutineError(shown, problems) from None


def save(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its permissions.

    Raises:
        BacktimerError: When the folder can't be written.
    """
    try:
        atomic_write(path, data, keep_mode=True)
    except OSError as error:
        raise BacktimerError(
            "Can't save the routine", f"{path}: {error.strerror or error}; check the folder"
        ) from None


def _summary(routine: Routine) -> str:
    from backtimer.engine import expand

    plan = expand(routine)
    return f"{routine.name!r}, {len(plan)} steps, {plan.describe_total()}"


def edit_routine(path: Path, ask: Ask = ask_stdin) -> int:
    """Edit ``path`` until it validates, or the user keeps or restores it.

    Returns:
        0 when a valid routine is saved (or left unchanged), 1 when the user kept an
        invalid file or restored the previous version.

    Raises:
        BacktimerError: When the file can't be read or saved, or the editor fails.
    """
    try:
        original = path.read_bytes()
    except OSError as error:
        raise BacktimerError(
            "Can't read the routine", f"{path}: {error.strerror or error}"
        ) from None
    folder = Path(tempfile.mkdtemp(prefix="backtimer-edit-"))
    draft = folder / path.name  # same name, so the editor picks TOML highlighting
    draft.write_bytes(original)
    done = False
    try:
        while True:
            run_editor(draft, path)
            try:
                routine = validate(draft, path)
            except RoutineError as error:
                for problem in error.problems:
                    print(problem if problem.line else f"{problem.path}: {problem.message}")
                count = len(error.problems)
                print(f"{path} has {count} problem{'s' if count != 1 else ''}.")
                answer = _ask_choice(ask)
                if answer == "e":
                    continue
                if answer == "k":
                    save(path, draft.read_bytes())
                    done = True
                    print(f"Kept the invalid file {path}; `backtimer check` lists its problems.")
                    return 1
                print(f"Restored the previous version of {path}.")
                return 1
            data = draft.read_bytes()
            done = True
            if data == original:
                print(f"No changes: {path}: OK — {_summary(routine)}")
                return 0
            save(path, data)
            print(f"Saved {path}: OK — {_summary(routine)}")
            return 0
    finally:
        if not done and draft.exists() and draft.read_bytes() != original:
            print(f"Your edited text is left in {draft}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _ask_choice(ask: Ask) -> str:
    """Edit again, keep or restore; end of input restores (the file stays as it was)."""
    while True:
        answer = ask(CHOICES)
        if answer is None:
            print("No answer (end of input): restoring the previous version, the safe choice.")
            return "r"
        if answer in ("", "e", "edit"):
            return "e"
        if answer in ("k", "keep"):
            return "k"
        if answer in ("r", "restore"):
            return "r"
        print("Please answer e, k or r.")


def confirm(ask: Ask, prompt: str) -> bool:
    """A yes/no question whose default (and end-of-input answer) is no."""
    return (ask(f"{prompt} [y/N] ") or "") in ("y", "yes")
