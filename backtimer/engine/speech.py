"""The voice: speaks a text through a speech program or the user's cue command.

:class:`CueCommand` runs a command without ever blocking its caller: the command
comes from ``cue_command`` in the user's config file (never from a routine), or is
the speech program ``cue_command = "auto"`` found on PATH (:func:`voice_command`).
One text is said at a time. A text that comes while another is being said waits
for its turn, and only the newest waits: a newer one replaces it (:class:`OneSlot`),
so the voice never falls behind the clock by more than what it is saying now.

A failure is reported once through ``on_failure``; then the voice is off for the
session, which goes on. A command that cannot start, exits non-zero or hangs (still
running after :data:`HANG_SECONDS`) is such a failure; a cue stopped at the end of
the session is not, however it exits.

Each cue runs in a process group of its own, and stopping it (at the end) stops the
whole group, with SIGKILL for what is left of it after :data:`STOP_GRACE`: a command
that is a shell script (or ``sh -c …``) leaves none of its children running, and one
that ignores SIGTERM is killed. Its stdout goes nowhere and only the last
:data:`STDERR_KEPT` bytes of its stderr are kept (for the failure message), however
much it writes.

The command is split like a shell would (``shlex``) but never run by a shell, and
``{text}`` is replaced inside single arguments; a text that starts like an option
(``-x``) is given with a space before it, so no program reads it as one. Every cue
also gets its text in ``$BACKTIMER_TEXT`` and on stdin (one line), which is how a
command that runs a shell or an interpreter must read it (:func:`code_problem` has
the rule), so a cue text can never become part of a command line.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
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


#: Programs that run code: shells and interpreters, with the option letters that give
#: them their code on the command line (``sh -c '…'``, ``perl -e '…'``). Without one
#: they would read their code from stdin, where the cue's text is.
INTERPRETERS: dict[str, str] = {
    **dict.fromkeys(
        ("sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "yash", "fish", "csh", "tcsh"), "c"
    ),
    **dict.fromkeys(("python", "pypy"), "c"),
    "perl": "eE",
    **dict.fromkeys(("ruby", "osascript"), "e"),
    "node": "ep",
}
#: Long options that give an interpreter its code (fish --command, node --eval).
CODE_OPTIONS = frozenset({"--command", "--eval", "--print"})
#: Programs that hand their arguments to a shell: the text must not reach them either.
SHELL_RUNNERS = frozenset({"busybox", "ssh", "su"})
#: The environment variable every cue's text is also given in (and it is on stdin).
TEXT_VARIABLE = "BACKTIMER_TEXT"


def _program(word: str) -> str:
    """``/usr/bin/python3.12`` → ``python``: a word's name without folder or version."""
    return re.sub(r"[0-9.]+$", "", os.path.basename(word))


def _gives_code(words: list[str], letters: str) -> bool:
    """Whether the options in ``words``, up to the first operand, give the code.

    The code option ends its group of letters, as its argument is the next word
    (``-c``, ``-lc``, ``-ne``); ``-`` is an operand (the script on stdin).
    """
    for word in words:
        if word in ("-", "--") or not word.startswith("-"):
            return False
        if word.split("=", 1)[0] in CODE_OPTIONS:
            return True
        if not word.startswith("--") and word[-1] in letters:
            return True
    return False


def _runs_code(parts: list[str]) -> bool:
    """Whether any word of a command names a shell, an interpreter or a shell runner
    (as does ``'sh -c …'``, one word split again by ``env -S``)."""
    names = {_program(part.split()[0]) for part in parts if part.strip()}
    return bool(names & (INTERPRETERS.keys() | SHELL_RUNNERS))


def code_problem(command: str) -> str | None:
    """Why ``command`` could run a cue's text as code, or ``None`` when it cannot.

    The rule: a command that runs a shell or an interpreter (any of its words is
    ``sh``, ``bash``, ``python3``, … as in :data:`INTERPRETERS`, also behind ``env``
    or ``nice``; or ``ssh``, which hands its command to a shell) may not contain
    ``{text}``, is never given the text as an argument, and must give the shell its
    code with ``-c`` (``-e`` for perl, ruby, node): it reads the text from
    ``"$BACKTIMER_TEXT"`` or stdin, where no quoting can break it. ``sh -c 'espeak-ng
    {text}'`` would run a routine named ``x; rm -rf ~``, and a bare ``sh`` would run
    the text it reads on stdin. (An unparsable command is not judged here: it fails
    to start, and says so.)
    """
    try:
        parts = shlex.split(command)
    except ValueError:
        return None
    if not _runs_code(parts):
        return None
    if "{text}" in command:
        return (
            "{text} in a command that runs a shell or an interpreter would run a routine's "
            f'text as code; read "${TEXT_VARIABLE}" (or stdin) instead'
        )
    for index, part in enumerate(parts):
        letters = INTERPRETERS.get(_program(part))
        if letters is not None and not _gives_code(parts[index + 1 :], letters):
            return (
                f"{os.path.basename(part)} is not given its code with -{letters[0]} '…', so it "
                "would run the cue text it reads on stdin"
            )
    return None


def _give(stream: IO[bytes] | None, data: bytes) -> None:
    """Write a cue's text to its stdin and close it, without ever waiting.

    A command that never reads stdin, or exits first, is no failure; a text longer
    than the pipe holds (64 KB on Linux) is cut there rather than wait for a reader.
    """
    if stream is None:
        return
    # BrokenPipeError: it ended or closed stdin; BlockingIOError: the pipe is full.
    with contextlib.suppress(OSError):
        os.set_blocking(stream.fileno(), False)
        view = memoryview(data)
        while view:
            view = view[os.write(stream.fileno(), view) :]
    with contextlib.suppress(OSError):
        stream.close()


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


class OneSlot:
    """Whose turn it is to be said: one text being said, at most one waiting.

    Not thread-safe by itself: :class:`CueCommand` holds its lock around every call.
    """

    def __init__(self) -> None:
        #: Whether a text is being said (from its start until :meth:`done`).
        self.speaking = False
        #: The one text waiting for its turn, the newest offered.
        self.waiting: str | None = None

    def offer(self, text: str) -> bool:
        """A new text: whether to say it now (``False``: it waits, replacing one waiting)."""
        if self.speaking:
            self.waiting = text
            return False
        self.speaking = True
        return True

    def done(self) -> str | None:
        """The text being said is over: the one to say now, if one waits (else idle)."""
        text, self.waiting = self.waiting, None
        self.speaking = text is not None
        return text

    def clear(self) -> None:
        """Forget the text waiting (the session ends): what is being said still ends."""
        self.waiting = None

    def reset(self) -> None:
        """Nothing is being said or waiting (a text could not be started)."""
        self.speaking = False
        self.waiting = None


class CueCommand:
    """Runs ``command`` with ``{text}`` filled in, one text at a time.

    Args:
        command: e.g. ``"espeak-ng {text}"``; without ``{text}`` the text is
            appended as the last argument, except to a command that runs a shell
            or an interpreter (:func:`code_problem`), which reads it from
            ``$BACKTIMER_TEXT`` or stdin.
        on_failure: Called with a message, once, the first time the command
            cannot start, exits non-zero or hangs. It is called from whichever
            thread found the failure: the caller of :meth:`say` (a program that
            does not exist) or the thread that waits for the processes.
    """

    def __init__(self, command: str, on_failure: Callable[[str], None]) -> None:
        self.command = command
        self.on_failure = on_failure
        self.failed = False
        self._process: subprocess.Popen[bytes] | None = None
        self._turns = OneSlot()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._fail_lock = threading.Lock()
        #: The cues stopped on purpose (by :meth:`stop`), still waited for.
        self._stopped: set[subprocess.Popen[bytes]] = set()

    def argv(self, text: str) -> list[str]:
        """The command line for ``text``."""
        parts = shlex.split(self.command)
        if _runs_code(parts):
            return parts  # the text is in $BACKTIMER_TEXT and on stdin, never in code
        # A text that starts like an option is never read as one: a space leads it.
        safe = f" {text}" if text.startswith("-") else text
        if not any("{text}" in part for part in parts):
            return [*parts, safe]
        return [
            part.replace("{text}", safe if part.startswith("{text}") else text) for part in parts
        ]

    def say(self, text: str) -> threading.Thread | None:
        """Say ``text``, never blocking: at once when nothing is being said, else after
        what is being said, replacing a text still waiting for its turn.

        Returns:
            The thread that waits for the cue's process (and then says the texts
            that waited meanwhile), or ``None`` when nothing was started now: the
            text waits for its turn, the voice is off, or the command cannot start.
        """
        if self.failed:
            return None
        problem = code_problem(self.command)
        if problem is not None:
            self._fail(problem)
            return None
        with self._lock:
            if self.failed or not self._turns.offer(text):
                return None
            process, reason = self._start(text)
        if process is None:
            self._fail(reason)
            return None
        waiter = threading.Thread(target=self._speak, args=(process,), daemon=True)
        waiter.start()
        return waiter

    def _start(self, text: str) -> tuple[subprocess.Popen[bytes] | None, str]:
        """Start the process for ``text`` (the lock held); ``None`` and why, if it cannot."""
        try:
            process = subprocess.Popen(
                self.argv(text),
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
                env={**os.environ, TEXT_VARIABLE: text},
            )
        except (OSError, ValueError) as error:
            self._turns.reset()
            reason = error.strerror if isinstance(error, OSError) else None
            return None, reason or str(error)
        self._process = process
        _give(process.stdin, f"{text}\n".encode(errors="replace"))
        return process, ""

    def _speak(self, process: subprocess.Popen[bytes]) -> None:
        """Wait for a cue's process; then start the text that waited meanwhile, if any
        (unless the voice failed), and wait for that one too, until none waits."""
        while True:
            try:
                self._wait_for(process)
            except BaseException:
                with self._lock:
                    self._turns.reset()
                    self._idle.notify_all()
                raise
            with self._lock:
                text = self._turns.done()
                if text is not None and self.failed:
                    self._turns.reset()
                    text = None
                started, reason = self._start(text) if text is not None else (None, "")
                if started is None:
                    self._idle.notify_all()
            if reason:
                self._fail(reason)
            if started is None:
                return
            process = started

    def wait_idle(self, timeout: float) -> bool:
        """Wait (at most ``timeout`` seconds) until nothing is being said or waiting
        (``backtimer cues --test`` and tests). Returns whether it is so."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._turns.speaking, timeout)

    def _wait_for(self, process: subprocess.Popen[bytes]) -> None:
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
        # A cue stopped at the end of the session is not a failure, whatever it exits
        # with (a script may trap SIGTERM and exit 1).
        if process.returncode != 0 and not stopped:
            detail = err.decode(errors="replace").strip().splitlines()
            reason = f"exit code {process.returncode}"
            if detail:
                reason += f": {detail[-1][:120]}"
            self._fail(reason)

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
        """Stop a cue still running (when the session ends), and forget the text waiting;
        kill a cue that ignores that.

        The cue's whole process group is stopped, so no child of it is left running.
        """
        with self._lock:
            self._turns.clear()
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


#: The speech programs ``cue_command = "auto"`` looks for, in order, as commands.
ENGINES = (
    ("say", "say {text}"),  # macOS
    ("spd-say", "spd-say -w {text}"),  # speech-dispatcher; -w: wait until spoken
    ("espeak-ng", "espeak-ng {text}"),
    ("espeak", "espeak {text}"),
)
#: The config values of ``cue_command`` that are not a command.
AUTO, OFF = "auto", "off"


def engines_found(which: Callable[[str], str | None] = shutil.which) -> list[tuple[str, str]]:
    """The speech programs on PATH, in :data:`ENGINES` order: (program, command)."""
    return [(name, command) for name, command in ENGINES if which(name) is not None]


def voice_command(
    setting: str | None, which: Callable[[str], str | None] = shutil.which
) -> str | None:
    """The command that speaks for a ``cue_command`` setting: ``"auto"`` (and no
    setting): the first speech program found, if any; ``"off"``: none; else the
    user's own command. ``"auto"`` and ``"off"`` may be written in any case."""
    word = setting.strip().lower() if setting is not None else AUTO
    if word == AUTO:
        found = engines_found(which)
        return found[0][1] if found else None
    if word == OFF:
        return None
    return setting
