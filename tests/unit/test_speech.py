"""The cue command on real processes: how a cue starts, fails, hangs, waits and stops.

Commands are small ``/bin/sh`` scripts in ``tmp_path``. A failure is reported once, through
``on_failure``, and then the voice is off; a cue stopped by :meth:`CueCommand.stop` at the
end is never a failure, and leaves no process of its group running, not even a child of a
script. (Which text is said when, one at a time: tests/unit/test_voice.py.)
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from backtimer.engine import speech
from backtimer.engine.speech import CueCommand
from tests.cuekit import PROCESS_WAIT, gone, live_members, recording, wait_until, write_script

#: An exception on a waiter thread (one that outlived its App, say) fails the test.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")


@pytest.fixture
def spawned(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Every process the test starts; any still running afterwards is killed."""
    with recording(monkeypatch) as started:
        yield started


class Failures:
    """An ``on_failure`` that records each message and the thread it came from."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.threads: list[int] = []

    def __call__(self, message: str) -> None:
        self.messages.append(message)
        self.threads.append(threading.get_ident())


def joined(waiter: threading.Thread | None) -> None:
    """Wait (bounded) for a cue's waiter thread to finish."""
    assert waiter is not None
    waiter.join(PROCESS_WAIT)
    assert not waiter.is_alive(), "the waiter thread is stuck"


def test_the_text_fills_one_argument_and_is_appended_without_a_placeholder() -> None:
    """``{text}`` is replaced inside single arguments; a shell never sees the text."""
    voice = CueCommand("espeak-ng -v 'en us' --text={text}", Failures())
    assert voice.argv("Rest; rm -rf ~") == ["espeak-ng", "-v", "en us", "--text=Rest; rm -rf ~"]
    assert CueCommand("say -r 200", Failures()).argv("Go $(x)") == ["say", "-r", "200", "Go $(x)"]


def test_a_missing_program_fails_once_in_the_callers_thread(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """Popen fails at once: one message naming the command, from say()'s thread; then silence."""
    failures = Failures()
    command = f"{tmp_path / 'no-such-speaker'} {{text}}"
    voice = CueCommand(command, failures)
    assert voice.say("Get ready") is None
    assert voice.say("Rest") is None
    assert failures.threads == [threading.get_ident()]
    (message,) = failures.messages
    assert f"'{command}'" in message and "No such file or directory" in message
    assert voice.failed and spawned == []


def test_a_command_that_does_not_parse_fails_once(spawned: list[subprocess.Popen[bytes]]) -> None:
    """An unclosed quote is reported like a missing program, never raised."""
    failures = Failures()
    voice = CueCommand("espeak-ng 'unclosed {text}", failures)
    assert voice.say("Go") is None
    (message,) = failures.messages
    assert "'espeak-ng 'unclosed {text}'" in message and "No closing quotation" in message
    assert spawned == []


def test_a_non_zero_exit_is_reported_once_with_the_last_line_of_stderr(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """Exit 3 is a failure; the message names the command, the code and what it printed."""
    script = write_script(
        tmp_path, "speak", 'echo "starting" >&2\necho "no audio device" >&2\nexit 3'
    )
    failures = Failures()
    voice = CueCommand(f"{script} {{text}}", failures)
    waiter = voice.say("Get ready")
    joined(waiter)
    assert waiter is not None and failures.threads == [waiter.ident]
    (message,) = failures.messages
    assert f"'{script} {{text}}'" in message
    assert "(exit code 3: no audio device)" in message
    assert voice.say("Rest") is None, "the voice is off after a failure"
    assert len(spawned) == 1 and failures.messages == [message]


def test_a_cue_that_speaks_and_exits_zero_is_no_failure(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """A command that works keeps working: every cue runs, nothing is reported."""
    out = tmp_path / "said.txt"
    script = write_script(tmp_path, "speak", f'printf "%s\\n" "$1" >> {out}')
    failures = Failures()
    voice = CueCommand(f"{script} {{text}}", failures)
    for text in ("Get ready", "Rest, 90 seconds. Next: Deadlift, set 2 of 3"):
        joined(voice.say(text))
    assert out.read_text().splitlines() == [
        "Get ready",
        "Rest, 90 seconds. Next: Deadlift, set 2 of 3",
    ]
    assert failures.messages == [] and not voice.failed and len(spawned) == 2


def test_say_returns_at_once_even_when_the_command_hangs(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """The caller (the App's thread) never waits for the cue to finish."""
    voice = CueCommand(f"{write_script(tmp_path, 'hang', 'sleep 1000')} {{text}}", Failures())
    began = time.monotonic()
    assert voice.say("Get ready") is not None
    assert time.monotonic() - began < 1.0
    assert spawned[0].poll() is None, "the cue is still running"
    voice.stop()
    assert wait_until(lambda: gone(spawned[0]))


def test_a_hanging_cue_is_stopped_and_reported_after_hang_seconds(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Still running after HANG_SECONDS: killed with its children, one message, voice off."""
    monkeypatch.setattr(speech, "HANG_SECONDS", 0.3)
    script = write_script(tmp_path, "hang", "sleep 1000")  # sh waits for its child sleep
    failures = Failures()
    voice = CueCommand(f"{script} {{text}}", failures)
    joined(voice.say("Get ready"))
    (message,) = failures.messages
    assert f"'{script} {{text}}'" in message and "still running after 0.3 s" in message
    assert wait_until(lambda: gone(spawned[0])), "the script and its sleep are gone"
    assert voice.say("Rest") is None and len(spawned) == 1


def test_the_next_cue_waits_for_the_one_being_said_and_never_overlaps_it(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """A new text is never said over the one being said, and never cuts it short: it waits,
    and is said once that one is over (here stopped at the end: the waiting one is dropped)."""
    script = write_script(tmp_path, "hang", "sleep 1000")
    failures = Failures()
    voice = CueCommand(f"{script} {{text}}", failures)
    first = voice.say("Get ready")
    assert wait_until(lambda: len(live_members(spawned[0].pid)) == 2), "sh and its sleep"
    assert voice.say("Arm circles") is None, "it waits for its turn"
    assert len(spawned) == 1 and spawned[0].poll() is None, "the first goes on"
    voice.stop()
    joined(first)
    assert wait_until(lambda: gone(spawned[0]))
    assert voice.wait_idle(PROCESS_WAIT)
    assert len(spawned) == 1, "the text waiting was dropped with the session"
    assert failures.messages == [] and not voice.failed


def test_a_cue_stopped_at_the_end_is_no_failure_whatever_it_exits_with(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """A script that traps SIGTERM and exits 1 was stopped by us: not reported, voice stays on."""
    body = "trap 'exit 1' TERM\nsleep 1000 &\nwait"
    failures = Failures()
    voice = CueCommand(f"{write_script(tmp_path, 'trapping', body)} {{text}}", failures)
    first = voice.say("Get ready")
    assert wait_until(lambda: len(live_members(spawned[0].pid)) == 2)
    voice.stop()
    joined(first)
    assert spawned[0].returncode == 1, "it did exit non-zero"
    assert failures.messages == [] and not voice.failed
    assert wait_until(lambda: gone(spawned[0]))


def test_stop_kills_a_cue_that_ignores_sigterm_and_its_children(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """At the end of a session nothing is left: SIGTERM first, then SIGKILL to the group."""
    script = write_script(tmp_path, "stubborn", "trap '' TERM\nsleep 1000")
    failures = Failures()
    voice = CueCommand(f"{script} {{text}}", failures)
    waiter = voice.say("Child's pose")
    assert wait_until(lambda: len(live_members(spawned[0].pid)) == 2)
    began = time.monotonic()
    voice.stop()
    assert time.monotonic() - began < 1.0, "stop() waits only a moment"
    assert wait_until(lambda: gone(spawned[0])), "the sleep ignored SIGTERM too"
    joined(waiter)
    assert failures.messages == []


def test_stop_without_a_cue_or_after_it_ended_does_nothing(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """stop() is safe at any time: before any cue, after one ended, twice."""
    voice = CueCommand(f"{write_script(tmp_path, 'quick', 'exit 0')} {{text}}", Failures())
    voice.stop()
    joined(voice.say("Go"))
    voice.stop()
    voice.stop()
    assert spawned[0].returncode == 0 and not voice.failed


def test_a_daemon_holding_stderr_open_is_not_a_hang(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command exits 0 but leaves a process of its own session holding stderr: no failure.

    (Speech servers are started that way by their clients.) The waiter must not report a
    hang, nor stay blocked on the pipe.
    """
    monkeypatch.setattr(speech, "HANG_SECONDS", 1.0)  # the client exits well before
    pid_file = tmp_path / "daemon.pid"
    script = write_script(tmp_path, "client", f"setsid sleep 1000 &\necho $! > {pid_file}\nexit 0")
    failures = Failures()
    voice = CueCommand(f"{script} {{text}}", failures)
    waiter = voice.say("Go")
    try:
        assert wait_until(lambda: pid_file.exists() and pid_file.read_text().strip() != "")
        joined(waiter)
        assert failures.messages == [] and not voice.failed
        assert spawned[0].returncode == 0
    finally:
        daemon = int(pid_file.read_text()) if pid_file.exists() else None
        if daemon is not None:  # the one process this test started outside the cue's group
            os.kill(daemon, signal.SIGKILL)


#: How much a cue's stderr may cost backtimer while it floods (the reader's chunks and tail).
FLOOD_MEMORY = 4_000_000
#: What the flooding cue writes: far more than FLOOD_MEMORY, done in well under a second.
FLOOD_BYTES = 20_000_000


def test_a_cue_that_floods_stderr_costs_a_bounded_amount_of_memory(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """Regression (issue 12, point 11): all of a cue's stderr was kept (3.1 GB after 3 s of
    `yes >&2`). 20 MB of stderr now costs under 4 MB (measured with tracemalloc: every bytes
    object Python made meanwhile), and its last line still explains the failure."""
    script = write_script(
        tmp_path,
        "flood",
        f"yes xxxxxxxxxxxxxxx | head -c {FLOOD_BYTES} >&2\necho 'no voice' >&2\nexit 4",
    )
    failures = Failures()
    voice = CueCommand(f"{script} {{text}}", failures)
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        began = time.monotonic()
        joined(voice.say("Get ready"))
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        if not tracing:
            tracemalloc.stop()
    assert time.monotonic() - began < PROCESS_WAIT
    assert peak < FLOOD_MEMORY, f"{peak:,} bytes held for {FLOOD_BYTES:,} of stderr"
    (message,) = failures.messages
    assert "(exit code 4: no voice)" in message


def test_the_stderr_kept_is_its_last_bytes_at_most_stderr_kept(
    spawned: list[subprocess.Popen[bytes]],
) -> None:
    """The tail of a stream, however it is chunked: the last STDERR_KEPT bytes, no more."""
    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "rb") as stream:
        tail = speech._Tail(stream)
        data = bytes(range(256)) * 1000
        for start in range(0, len(data), 777):
            os.write(write_end, data[start : start + 777])
        os.close(write_end)
        assert tail.result(PROCESS_WAIT) == data[-speech.STDERR_KEPT :]


def test_a_piped_cue_is_stopped_whole_pipeline_at_the_end(
    spawned: list[subprocess.Popen[bytes]],
) -> None:
    """`sh -c 'yes | head -c … > /dev/null'` (like `espeak-ng --stdout | aplay`): the end of
    the session stops the shell and every process of its pipeline."""
    command = "sh -c 'yes | head -c 100000000000 > /dev/null'"
    failures = Failures()
    voice = CueCommand(command, failures)
    first = voice.say("Get ready")
    assert wait_until(lambda: len(live_members(spawned[0].pid)) >= 3), "sh, yes and head"
    voice.stop()
    joined(first)
    assert wait_until(lambda: gone(spawned[0])), "the whole pipeline stopped"
    assert failures.messages == [] and not voice.failed


HOSTILE = "Arm circles; touch {marker};"


def test_every_cue_has_its_text_in_the_environment_and_on_stdin(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """Issue 12, point 9: $BACKTIMER_TEXT and one line on stdin, for any command; a shell
    command reads them as data. (A program that never reads stdin is no failure.)"""
    hostile = HOSTILE.format(marker=tmp_path / "pwned")
    env_file, stdin_file = tmp_path / "env.txt", tmp_path / "stdin.txt"
    reader = f"sh -c 'printf %s \"$BACKTIMER_TEXT\" > {env_file}; cat > {stdin_file}'"
    failures = Failures()
    joined(CueCommand(reader, failures).say(hostile))
    assert env_file.read_text() == hostile
    assert stdin_file.read_text() == hostile + "\n"
    assert spawned[0].args == shlex.split(reader), "no argument added to a shell command"

    script = write_script(tmp_path, "speak", f'printf "%s|" "$1" "$BACKTIMER_TEXT" > {env_file}')
    joined(CueCommand(f"{script} --text={{text}}", failures).say("Rest, 90 s"))
    assert env_file.read_text() == "--text=Rest, 90 s|Rest, 90 s|"
    assert failures.messages == [] and not (tmp_path / "pwned").exists()


def test_a_routines_text_never_runs_as_code_through_a_shell(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """Regression (issue 12, point 9): with `sh -c 'echo {text} | …'`, a routine named
    `Arm circles; touch x;` ran `touch`. {text} in a shell command is refused; the text is
    in $BACKTIMER_TEXT, which a shell command reads without ever running it."""
    marker = tmp_path / "pwned"
    hostile = HOSTILE.format(marker=marker)
    failures = Failures()
    refused = CueCommand("sh -c 'echo {text} > /dev/null'", failures)
    assert refused.say(hostile) is None
    assert len(failures.messages) == 1 and "BACKTIMER_TEXT" in failures.messages[0]
    assert spawned == []

    said = tmp_path / "said.txt"
    voice = CueCommand(f"sh -c 'printf %s \"$BACKTIMER_TEXT\" > {said}'", Failures())
    joined(voice.say(hostile))
    assert said.read_text() == hostile
    assert not marker.exists()


@pytest.mark.parametrize(
    "command",
    [
        "nice sh -c 'echo {text} > /dev/null'",  # a shell behind a wrapper
        "timeout 5 bash -c 'echo {text} > /dev/null'",
        """env -S "sh -c 'echo {text} > /dev/null'" """,  # env -S splits it again
        "{python} -c 'import os; os.system(\"{text}\")'",  # python3.11: a version in its name
        "sh -c",  # the text appended as the script
        "sh -s",  # a shell reading its script from stdin, where the text is
        "sh",
    ],
)
def test_no_shell_or_interpreter_ever_runs_the_text(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]], command: str
) -> None:
    """Every way the text could become code is refused (voice off, one message, nothing run)
    or gives the shell no text to run (`sh -c` without a script fails, as it should)."""
    marker = tmp_path / "pwned"
    python = tmp_path / f"python{sys.version_info.major}.{sys.version_info.minor}"
    python.symlink_to(sys.executable)
    failures = Failures()
    voice = CueCommand(command.replace("{python}", str(python)), failures)
    waiter = voice.say(HOSTILE.format(marker=marker))
    if waiter is not None:
        joined(waiter)
    assert wait_until(lambda: all(gone(process) for process in spawned))
    assert not marker.exists(), "the routine's text ran as code"
    assert len(failures.messages) == 1 and voice.failed
