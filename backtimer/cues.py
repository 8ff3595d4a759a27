"""What to say at each step change, and the user's cue command that says it.

The texts come from the plan ("Rest, 90 seconds. Next: Pull-up, set 2 of 4").
:class:`CueCommand` runs the command from the user's config file without
blocking: the process starts, a thread waits for it, and a failure is reported
once through ``on_failure`` (the UI shows it as a warning; the session goes on).

The command is split like a shell would (``shlex``) but never run by a shell,
and ``{text}`` is replaced inside single arguments, so a cue text can never
become part of a command line.
"""

from __future__ import annotations

import shlex
import subprocess
import threading
from collections.abc import Callable

from backtimer.plan import Step, StepKind


def _spoken_seconds(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs or not minutes:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)


def step_text(step: Step) -> str:
    """How a step is announced: "Deadlift, set 1 of 3, 5 reps", "Rest, 90 seconds"."""
    if step.kind is StepKind.REST:
        return f"Rest, {_spoken_seconds(step.planned_seconds or 0)}"
    if step.kind is StepKind.GET_READY:
        return f"Get ready: {step.exercise}"
    text = step.title
    if step.reps is not None:
        text += f", {step.reps} reps"
    elif step.planned_seconds is not None:
        text += f", {_spoken_seconds(step.planned_seconds)}"
    return text


def announcement(step: Step, following: Step | None) -> str:
    """What to say when ``step`` starts; a rest also says what comes after it."""
    text = step_text(step)
    if step.kind is StepKind.REST and following is not None:
        text += f". Next: {following.title}"
    return text


class CueCommand:
    """Runs ``command`` with ``{text}`` filled in, one cue at a time.

    Args:
        command: e.g. ``"espeak-ng {text}"``; without ``{text}`` the text is
            appended as the last argument.
        on_failure: Called (from a worker thread) with a message, once, the
            first time the command cannot start or exits non-zero.
    """

    def __init__(self, command: str, on_failure: Callable[[str], None]) -> None:
        self.command = command
        self.on_failure = on_failure
        self.failed = False
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def argv(self, text: str) -> list[str]:
        """The command line for ``text``."""
        parts = shlex.split(self.command)
        if not any("{text}" in part for part in parts):
            return [*parts, text]
        return [part.replace("{text}", text) for part in parts]

    def say(self, text: str) -> threading.Thread | None:
        """Start the command for ``text`` (stopping a cue still speaking)."""
        if self.failed:
            return None
        with self._lock:
            previous = self._process
            if previous is not None and previous.poll() is None:
                previous.terminate()
            try:
                process = subprocess.Popen(
                    self.argv(text),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    start_new_session=True,
                )
            except (OSError, ValueError) as error:
                self._fail(f"{error.strerror if isinstance(error, OSError) else error}")
                return None
            self._process = process
        waiter = threading.Thread(target=self._wait, args=(process,), daemon=True)
        waiter.start()
        return waiter

    def _wait(self, process: subprocess.Popen[bytes]) -> None:
        _, err = process.communicate()
        # A cue cut short by the next one (SIGTERM) is not a failure.
        if process.returncode not in (0, -15):
            detail = err.decode(errors="replace").strip().splitlines()
            reason = f"exit code {process.returncode}"
            if detail:
                reason += f": {detail[-1][:120]}"
            self._fail(reason)

    def _fail(self, reason: str) -> None:
        if self.failed:
            return
        self.failed = True
        self.on_failure(
            f"The cue command '{self.command}' failed ({reason}). Cues are off for this "
            "session; check cue_command in your config file."
        )

    def stop(self) -> None:
        """Stop a cue still running (when the app exits)."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()
