"""The user's cue command: speaks a text through a program of their choosing.

:class:`CueCommand` runs the command from the user's config file (never from a
routine) without blocking: the process starts, a thread waits for it, and a
failure is reported once through ``on_failure``; then the voice is off for the
session, which goes on. A command that cannot start, exits non-zero or hangs
(still running after :data:`HANG_SECONDS`) is such a failure; a cue cut short
by the next one or by the end of the session is not, however it exits.

Each cue runs in a process group of its own, and stopping a cue (for the next
one, or at the end) stops the whole group, with SIGKILL for what is left of it
after :data:`STOP_GRACE`: a command that is a shell script (or ``sh -c …``)
leaves none of its children running, and one that ignores SIGTERM is killed.

The command is split like a shell would (``shlex``) but never run by a shell,
and ``{text}`` is replaced inside single arguments, so a cue text can never
become part of a command line.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import threading
from collections.abc import Callable
from typing import IO

#: A cue still running after this many seconds is stopped and reported as hanging.
HANG_SECONDS = 30.0

#: How long a cue stopped on purpose may take to end on SIGTERM before it is killed.
STOP_GRACE = 0.2


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Send ``sig`` to the cue's process group (its own: ``start_new_session``)."""
    # ProcessLookupError: the group is gone (its leader may still be unreaped, a zombie).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


#: Programs that run their arguments as code: a cue text must never reach one as an
#: argument. With one of these, the command reads the text from ``$BACKTIMER_TEXT``.
INTERPRETERS = frozenset(
    {"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "busybox"}
    | {"python", "python3", "perl", "ruby", "node", "osascript"}
)
#: The environment variable every cue's text is also given in.
TEXT_VARIABLE = "BACKTIMER_TEXT"


def text_reaches_code(command: str) -> bool:
    """Whether ``command`` would hand ``{text}`` to a shell or an interpreter as code.

    ``sh -c 'espeak-ng {text}'`` would run a routine named ``x; rm -rf ~``; such a
    command must read ``"$BACKTIMER_TEXT"`` instead. (An unparsable command is not
    judged here: it fails to start, and says so.)
    """
    try:
        parts = shlex.split(command)
    except ValueError:
        return False
    runs_code = any(os.path.basename(part) in INTERPRETERS for part in parts[:2])
    return runs_code and "{text}" in command


#: How much of a cue's stderr is kept (its last bytes, for the failure message).
STDERR_KEPT = 4096


class _Tail:
    """Reads a cue's stderr to the end in a thread, keeping only its last bytes.

    A command that floods stderr costs :data:`STDERR_KEPT` bytes of memory, not
    everything it wrote (``communicate`` keeps it all).
    """

    def __init__(self, stream: IO[bytes] | None) -> None:
        self._kept = b""
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[bytes] | None) -> None:
        try:
            while stream is not None:
                chunk = stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536)
                if not chunk:
                    break
                self._kept = (self._kept + chunk)[-STDERR_KEPT:]
        except (OSError, ValueError):
            pass  # closed under us: what was kept is enough
        finally:
            self._done.set()

    def result(self, timeout: float) -> bytes:
        """The last bytes, once the stream ended (or what there is after ``timeout``:
        a child still holding the pipe is not waited for)."""
        if not self._done.wait(timeout):
            raise subprocess.TimeoutExpired("stderr", timeout)
        return self._kept


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
        self._fail_lock = threading.Lock()
        #: The cues stopped on purpose (by the next cue or :meth:`stop`), still waited for.
        self._stopped: set[subprocess.Popen[bytes]] = set()

    def argv(self, text: str) -> list[str]:
        """The command line for ``text``."""
        parts = shlex.split(self.command)
        if not any("{text}" in part for part in parts):
            return [*parts, text]
        return [part.replace("{text}", text) for part in parts]

    def say(self, text: str) -> threading.Thread | None:
        """Start the command for ``text`` (stopping a cue still speaking).

        Returns:
            The thread that waits for the cue's process, or ``None`` when
            nothing was started (the voice is off, or the command cannot start).
        """
        if self.failed:
            return None
        if text_reaches_code(self.command):
            self._fail(
                "{text} in a shell or interpreter command would run the text as code; "
                f'read "${TEXT_VARIABLE}" instead'
            )
            return None
        with self._lock:
            previous = self._process
            if previous is not None and previous.poll() is None:
                self._cut_short(previous)
            try:
                process = subprocess.Popen(
                    self.argv(text),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    start_new_session=True,
                    env={**os.environ, TEXT_VARIABLE: text},
                )
            except (OSError, ValueError) as error:
                reason = error.strerror if isinstance(error, OSError) else None
                self._fail(reason or str(error))
                return None
            self._process = process
        waiter = threading.Thread(target=self._wait, args=(process,), daemon=True)
        waiter.start()
        return waiter

    def _wait(self, process: subprocess.Popen[bytes]) -> None:
        tail = _Tail(process.stderr)
        try:
            process.wait(timeout=HANG_SECONDS)
            err = tail.result(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            if process.poll() is None:
                # Hanging: stop it and all of its group.
                _signal_group(process, signal.SIGKILL)
                process.kill()
                process.wait()
                self._stopped.discard(process)
                self._fail(f"still running after {HANG_SECONDS:g} s; it was stopped")
                return
            # It ended, but something it started still holds its stderr open: a child
            # left in its group (stopped for good now) or a daemon in a session of its
            # own (left alone). Neither is a hang.
            _signal_group(process, signal.SIGKILL)
            err = b""
        stopped = process in self._stopped
        self._stopped.discard(process)
        # A cue cut short by the next one or by the end of the session is not a
        # failure, whatever it exits with (a script may trap SIGTERM and exit 1).
        if process.returncode != 0 and not stopped:
            detail = err.decode(errors="replace").strip().splitlines()
            reason = f"exit code {process.returncode}"
            if detail:
                reason += f": {detail[-1][:120]}"
            self._fail(reason)

    def _cut_short(self, process: subprocess.Popen[bytes]) -> None:
        """Stop a cue for the next one: SIGTERM now, SIGKILL to what is left a moment later."""
        self._stopped.add(process)
        _signal_group(process, signal.SIGTERM)
        killer = threading.Timer(STOP_GRACE, _signal_group, (process, signal.SIGKILL))
        killer.daemon = True
        killer.start()

    def _fail(self, reason: str) -> None:
        with self._fail_lock:
            if self.failed:
                return
            self.failed = True
        self.on_failure(
            f"The cue command '{self.command}' failed ({reason}). Cues are off for this "
            "session; check cue_command in your config file."
        )

    def stop(self) -> None:
        """Stop a cue still running (when the session ends); kill one that ignores that.

        The cue's whole process group is stopped, so no child of it is left running.
        """
        with self._lock:
            process = self._process
            if process is None:
                return
            if process.poll() is None:
                self._stopped.add(process)
                _signal_group(process, signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=STOP_GRACE)
            # Also when the process itself has ended: a child of it (``espeak-ng … &``
            # in a script) may still be speaking, or may have ignored SIGTERM.
            _signal_group(process, signal.SIGKILL)
