"""The cue command on real processes: how a cue starts, fails, hangs, is cut short and stops.

Commands are small ``/bin/sh`` scripts in ``tmp_path``. A failure is reported once, through
``on_failure``, and then the voice is off; a cue cut short (by the next one, or by
:meth:`CueCommand.stop` at the end) is never a failure, and leaves no process of its group
running, not even a child of a script.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
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


def test_the_next_cue_stops_the_previous_one_and_its_children(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """A new cue ends the one still speaking (the script *and* its child), with no failure."""
    script = write_script(tmp_path, "hang", "sleep 1000")
    failures = Failures()
    voice = CueCommand(f"{script} {{text}}", failures)
    first = voice.say("Get ready")
    assert wait_until(lambda: len(live_members(spawned[0].pid)) == 2), "sh and its sleep"
    second = voice.say("Arm circles")
    joined(first)
    assert wait_until(lambda: gone(spawned[0]))
    assert spawned[1].poll() is None, "the new cue runs"
    voice.stop()
    joined(second)
    assert wait_until(lambda: gone(spawned[1]))
    assert failures.messages == [] and not voice.failed


def test_a_cue_cut_short_is_no_failure_whatever_it_exits_with(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """A script that traps SIGTERM and exits 1 was stopped by us: not reported, voice stays on."""
    body = "trap 'exit 1' TERM\nsleep 1000 &\nwait"
    failures = Failures()
    voice = CueCommand(f"{write_script(tmp_path, 'trapping', body)} {{text}}", failures)
    first = voice.say("Get ready")
    assert wait_until(lambda: len(live_members(spawned[0].pid)) == 2)
    second = voice.say("Arm circles")
    joined(first)
    assert spawned[0].returncode == 1, "it did exit non-zero"
    assert wait_until(lambda: len(live_members(spawned[1].pid)) == 2)
    voice.stop()
    joined(second)
    assert failures.messages == [] and not voice.failed
    assert wait_until(lambda: gone(spawned[0]) and gone(spawned[1]))


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


def test_the_next_cue_kills_a_previous_one_that_ignores_sigterm(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """Two voices never overlap for long: what ignores SIGTERM gets SIGKILL after STOP_GRACE."""
    script = write_script(tmp_path, "stubborn", "trap '' TERM\nsleep 1000")
    failures = Failures()
    voice = CueCommand(f"{script} {{text}}", failures)
    first = voice.say("Get ready")
    assert wait_until(lambda: len(live_members(spawned[0].pid)) == 2)
    second = voice.say("Arm circles")
    assert wait_until(lambda: gone(spawned[0]), timeout=speech.STOP_GRACE + 2.0)
    joined(first)
    assert spawned[1].poll() is None and failures.messages == [] and not voice.failed
    voice.stop()
    joined(second)
    assert wait_until(lambda: gone(spawned[1]))


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


def test_a_cue_that_floods_stderr_costs_a_bounded_amount_of_memory(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (issue 12, point 11): all of a cue's stderr was kept (3.1 GB after 3 s of
    `yes >&2`); only its last bytes are kept now, and its last line still explains a failure."""
    from backtimer.engine import speech

    script = write_script(
        tmp_path, "flood", "yes xxxxxxxxxxxxxxx | head -c 50000000 >&2\necho 'no voice' >&2\nexit 4"
    )
    kept: list[int] = []
    real = speech._Tail.result

    def measured(self: speech._Tail, timeout: float) -> bytes:
        data = real(self, timeout)
        kept.append(len(data))
        return data

    monkeypatch.setattr(speech._Tail, "result", measured)
    failures = Failures()
    voice = CueCommand(f"{script} {{text}}", failures)
    joined(voice.say("Get ready"))
    assert kept and kept[0] <= speech.STDERR_KEPT
    (message,) = failures.messages
    assert "(exit code 4: no voice)" in message


def test_a_routines_text_never_runs_as_code(
    tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """Regression (issue 12, point 9): with `sh -c 'echo {text} | …'`, a routine named
    `Arm circles; touch x;` ran `touch`. {text} in a shell command is refused; the text is
    in $BACKTIMER_TEXT, which a shell command reads without ever running it."""
    marker = tmp_path / "pwned"
    hostile = f"Arm circles; touch {marker};"
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
    ("command", "refused"),
    [
        ("sh -c 'echo {text} | espeak-ng'", True),
        ("/usr/bin/env bash -c 'espeak-ng {text}'", True),
        ("python3 -c 'print(\"{text}\")'", True),
        ("espeak-ng {text}", False),
        ("espeak-ng --text={text}", False),
        ("sh -c 'espeak-ng \"$BACKTIMER_TEXT\"'", False),
    ],
)
def test_config_refuses_text_inside_a_shell_command(
    tmp_path: Path, command: str, refused: bool
) -> None:
    """config.toml says where and how to fix it: path:line:col, and $BACKTIMER_TEXT."""
    from backtimer.config import ConfigError, load_config

    path = tmp_path / "config.toml"
    path.write_text(f"cue_command = {json.dumps(command)}\n", encoding="utf-8")
    if not refused:
        assert load_config(path).cue_command == command
        return
    with pytest.raises(ConfigError) as info:
        load_config(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.col) == (1, 15)
    assert "$BACKTIMER_TEXT" in problem.message
