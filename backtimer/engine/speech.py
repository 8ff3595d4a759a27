"""The user's cue command: speaks a text through a program of their choosing.

:class:`CueCommand` runs the command from the user's config file (never from a
routine) without blocking: the process starts, a thread waits for it, and a
failure is reported once through ``on_failure``; then the voice is off for the
session, which goes on. A command that cannot start, exits non-zero or hangs
(still running after :data:`HANG_SECONDS`) is such a failure.

The command is split like a shell would (``shlex``) but never run by a shell,
and ``{text}`` is replaced inside single arguments, so a cue text can never
become part of a command line.
"""

from __future__ import annotations

import shlex
import subprocess
import threading
from collections.abc import Callable

#: A cue still running after this many seconds is stopped and reported as hanging.
HANG_SECONDS = 30.0


class CueCommand:
    """Runs ``command`` with ``{text}`` filled in, one cue at a time.

    Args:
        command: e.g. ``"espeak-ng {text}"``; without ``{text}`` the text is
            appended as the last argument.
        on_failure: Called with a message, once, the first time the command
            cannot start, exits non-zero or hangs. It is called from whichever
            thread found the failure: the caller of :meth:`say` (a program that
            does not exist) or a thread that waits for the process.
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
        try:
            _, err = process.communicate(timeout=HANG_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            self._fail(f"still running after {HANG_SECONDS:g} s; it was stopped")
            return
        # A cue cut short by the next one (SIGTERM) or by the end of the session is
        # not a failure.
        if process.returncode not in (0, -15, -9):
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
        """Stop a cue still running (when the session ends); kill one that ignores that."""
        with self._lock:
            process = self._process
            if process is None or process.poll() is not None:
                return
            process.terminate()
            try:
                process.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                process.kill()
