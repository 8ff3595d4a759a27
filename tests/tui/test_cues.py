"""A cue command that cannot start, fails or hangs never stops or slows a session (issue 11);
the voice out of the box speaks in a real run (issue 17).

Whatever the user's ``cue_command`` does, the session runs to its summary, the log ends
``completed``, exactly one warning naming the command is shown, and the App ends cleanly
with no cue process left running. Pilot tests run the App on a fake clock with real cue
processes (small scripts in ``tmp_path``); the last tests run a real ``backtimer run`` under
a pseudo-terminal. The only real waits are bounded waits for a cue process.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from backtimer.engine import FakeClock, Session, Status, Summary, speech
from backtimer.logs import read_log
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.summary import SummaryScreen
from tests.cuekit import (
    fake_speech,
    gone,
    live_members,
    recording,
    said,
    wait_until,
    wait_until_async,
    write_script,
)
from tests.faults.ptykit import PtyRun, steps_logged, the_log
from tests.tui.sessionkit import advance, make_app, small_session

#: An exception on a waiter thread (one that outlived its App, say) fails the test.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")

#: The small session's steps (tests/tui/sessionkit.py), index: step.
#: 0 get-ready · 1 Arm circles 20 s · 2 get-ready · 3 Row set 1 (reps) · 4 rest 30 s ·
#: 5 Row set 2 (reps) · 6 rest 30 s · 7 Plank 30 s · 8 get-ready · 9 Child's pose 20 s.
STEPS = 10


@pytest.fixture
def spawned(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Every cue process the test's App starts; any still running afterwards is killed."""
    with recording(monkeypatch) as started:
        yield started


async def walk(
    pilot: Pilot[Summary | None],
    session: Session,
    clock: FakeClock,
    at_step: Callable[[int], Awaitable[None]] | None = None,
) -> None:
    """Run the session to its end, one step at a time (sets done, targets kept).

    ``at_step(index)`` is awaited once each step has started. Every round must move the
    session on by one step: an App that crashed no longer drives it, and the test fails
    instead of waiting for ever.
    """
    while not session.finished:
        index = session.index
        if at_step is not None:
            await at_step(index)
        if session.step.timed:
            await advance(pilot, clock, session.remaining() or 0)
        else:
            await advance(pilot, clock, 25)
            await pilot.press("enter")  # the set is done
            await pilot.press("enter")  # keep the target
        assert session.finished or session.index == index + 1, (
            f"the session is stuck at step {index}: {pilot.app._exception!r}"
        )
    await pilot.pause()


async def leave_summary(pilot: Pilot[Summary | None], app: BacktimerApp) -> None:
    """The session ended on its summary; Enter leaves the App."""
    assert isinstance(app.screen, SummaryScreen)
    await pilot.press("enter")


def assert_completed(app: BacktimerApp) -> None:
    """The App ended normally (exit 0) with a completed session and a completed log."""
    assert not app.return_code
    assert app.return_value is not None and app.return_value.status is Status.COMPLETED
    assert app.journal is not None
    log = read_log(app.journal.path)
    assert log.status is Status.COMPLETED
    assert len(log.records) == STEPS


def spy_warnings(app: BacktimerApp) -> list[tuple[str, str]]:
    """Record every warning notification (title, message) the App shows, still showing them.

    (Other notifications, such as "Saved: Bent-over row" after a set entry, are not recorded.)
    """
    shown: list[tuple[str, str]] = []
    real = app.notify

    def notify(message: str, **kw: Any) -> None:
        if kw.get("severity") in ("warning", "error"):
            shown.append((str(kw.get("title", "")), str(message)))
        real(message, **kw)

    app.notify = notify  # type: ignore[method-assign]
    return shown


def the_cue_warning(shown: list[tuple[str, str]], command: str) -> str:
    """The one warning shown is the cue command's, and it names the command."""
    assert len(shown) == 1, shown
    ((title, message),) = shown
    assert title == "Cue command"
    assert f"'{command}'" in message and "check cue_command" in message
    return message


async def test_a_missing_program_warns_once_and_the_session_completes(
    clock: FakeClock, tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """Popen fails on the App's own thread: one warning, the bell goes on, summary, exit 0."""
    command = f"{tmp_path / 'no-such-voice'} --rate 150 {{text}}"
    session = small_session(clock)
    app = make_app(session, clock, tmp_path, cue_command=command)
    shown = spy_warnings(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.voice is not None and app.voice.failed, "the first cue failed at once"
        await walk(pilot, session, clock)
        await leave_summary(pilot, app)
    message = the_cue_warning(shown, command)
    assert "No such file or directory" in message
    assert spawned == []
    assert app.bells == STEPS, "the bell still rings at every step"
    assert_completed(app)


async def test_a_program_that_exits_non_zero_warns_once_and_the_session_completes(
    clock: FakeClock, tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """The failure is found on a waiter thread: one warning with the exit code and stderr."""
    script = write_script(tmp_path, "speak", 'echo "no audio device" >&2\nexit 3')
    command = f"{script} {{text}}"
    session = small_session(clock)
    app = make_app(session, clock, tmp_path, cue_command=command)
    shown = spy_warnings(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(spawned) == 1, "the first step's cue started"
        assert await wait_until_async(lambda: bool(shown)), "the failure was reported"
        await walk(pilot, session, clock)
        await leave_summary(pilot, app)
    message = the_cue_warning(shown, command)
    assert "(exit code 3: no audio device)" in message
    assert len(spawned) == 1, "after the failure the voice is off"
    assert app.bells == STEPS
    assert_completed(app)


async def test_a_hanging_program_holds_the_voice_until_it_is_stopped_and_reported_once(
    clock: FakeClock,
    tmp_path: Path,
    spawned: list[subprocess.Popen[bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first cue hangs: the texts after it wait (never said over it), and once it has
    run HANG_SECONDS it is killed with its child and reported; the voice is off from then on."""
    monkeypatch.setattr(speech, "HANG_SECONDS", 0.3)
    script = write_script(tmp_path, "speak", "sleep 1000")  # sh, and its child sleep
    command = f"{script} {{text}}"
    session = small_session(clock)
    app = make_app(session, clock, tmp_path, cue_command=command)
    shown = spy_warnings(app)

    async def at_step(index: int) -> None:
        if index == 0:
            assert await wait_until_async(lambda: bool(shown)), "the hang was reported"
            assert wait_until(lambda: gone(spawned[0])), "the hanging cue was killed"

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await walk(pilot, session, clock, at_step)
        await leave_summary(pilot, app)
    message = the_cue_warning(shown, command)
    assert "still running after 0.3 s; it was stopped" in message
    assert len(spawned) == 1, "after the failure the voice is off"
    assert all(gone(process) for process in spawned)
    assert_completed(app)


async def test_the_cue_still_speaking_when_the_session_ends_is_stopped_whole(
    clock: FakeClock, tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """A cue stopped at the end is no failure: no warning. The first cue (a pipeline, like
    `espeak-ng --stdout | aplay`: sh, yes and sleep) is still speaking when the session
    ends: it is stopped with every process of its pipeline, and the text waiting is dropped."""
    command = "sh -c 'yes | sleep 1000'"
    session = small_session(clock)
    app = make_app(session, clock, tmp_path, cue_command=command)
    shown = spy_warnings(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert wait_until(lambda: len(live_members(spawned[0].pid)) == 3), "sh, yes and sleep"
        await walk(pilot, session, clock)
        assert wait_until(lambda: gone(spawned[0])), "stopped when the session ended"
        await leave_summary(pilot, app)
    assert shown == []
    assert len(spawned) == 1, "the texts after it waited, and were dropped at the end"
    assert app.voice is not None and not app.voice.failed and app.voice.wait_idle(1.0)
    assert_completed(app)


async def test_a_shell_command_reads_each_text_as_data(
    clock: FakeClock, tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """Issue 12, point 9, through the App: a `sh -c` command gets every cue's text in
    $BACKTIMER_TEXT and on stdin (never as an argument), one cue after the other."""
    from_env, from_stdin = tmp_path / "env.txt", tmp_path / "stdin.txt"
    command = f'sh -c \'printf "%s\\n" "$BACKTIMER_TEXT" >> {from_env}; cat >> {from_stdin}\''
    session = small_session(clock)
    app = make_app(session, clock, tmp_path, cue_command=command)
    shown = spy_warnings(app)

    def lines(path: Path) -> list[str]:
        return path.read_text().splitlines() if path.exists() else []

    async def at_step(index: int) -> None:
        assert await wait_until_async(lambda: len(lines(from_stdin)) == index + 1)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await walk(pilot, session, clock, at_step)
        await leave_summary(pilot, app)
    assert shown == []
    assert len(spawned) == STEPS and all(gone(process) for process in spawned)
    assert lines(from_env) == lines(from_stdin)
    assert lines(from_env)[0].startswith("Get ready")
    assert all(process.args == spawned[0].args for process in spawned)
    assert_completed(app)


async def test_ctrl_c_stops_the_cue_still_speaking(
    clock: FakeClock, tmp_path: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """An interrupted session (exit 130, log in progress) leaves no cue process either."""
    script = write_script(tmp_path, "speak", "trap '' TERM\nsleep 1000")  # ignores SIGTERM
    session = small_session(clock)
    app = make_app(session, clock, tmp_path, cue_command=f"{script} {{text}}")
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, clock, 5)  # into the warm-up move: its cue waits
        assert len(spawned) == 1
        assert wait_until(lambda: len(live_members(spawned[0].pid)) == 2), "sh and its sleep"
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 130
    assert app.journal is not None
    assert read_log(app.journal.path).status is Status.IN_PROGRESS
    assert wait_until(lambda: all(gone(process) for process in spawned))


# -- a real ``backtimer run`` under a pseudo-terminal ----------------------------


#: Three one-second steps (two moves and a timed set): a cue at each, the run short.
THREE_STEP_ROUTINE = """\
[routine]
name = "Cue test"

[defaults]
get_ready = 0

[[warmup]]
name = "Arm circles"
duration = 1

[[warmup]]
name = "Band pull-apart"
duration = 1

[[exercise]]
name = "Plank row"
sets = 1
duration = 1
"""


@pytest.mark.parametrize("voice", ["missing", "hanging"])
def test_a_real_run_with_a_broken_cue_command_completes_and_exits_0(
    tmp_path: Path, voice: str
) -> None:
    """``backtimer run`` on a pty, cue_command broken: summary, exit 0, no traceback, log done.

    A missing program is named in the warning on screen; a hanging one (its first cue holds
    the voice, the others wait, and it is stopped at the end) leaves no process behind.
    """
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    pids = tmp_path / "cue-pids"
    if voice == "missing":
        command = "backtimer-no-such-voice {text}"
    else:
        script = write_script(tmp_path, "speak", f"echo $$ >> {pids}\nsleep 1000")
        command = f"{script} {{text}}"
    (home / "config" / "config.toml").write_text(f'cue_command = "{command}"\n')
    routine = tmp_path / "fault-test.toml"
    routine.write_text(THREE_STEP_ROUTINE)
    logs = tmp_path / "logs"
    args = ["run", str(routine), "--log-dir", str(logs)]
    try:
        with PtyRun(args, home) as run:
            run.wait_until(lambda: steps_logged(logs) == 3 and "Enter to close" in run.text)
            run.press(b"\r")
            code = run.wait()
            text = run.text
        assert code == 0, text[-800:]
        assert "Traceback" not in text
        assert read_log(the_log(logs)).status is Status.COMPLETED
        assert "Completed" in text  # the summary printed after the App
        if voice == "missing":
            assert "'backtimer-no-such-voice {text}'" in text, "the warning names the command"
            assert "failed (No such file or directory)." in text
            assert not pids.exists()
        else:
            assert "The cue command" not in text, "a cue stopped at the end is no failure"
            started = [int(pid) for pid in pids.read_text().split()]
            assert len(started) == 1, "the first cue held the voice: the others waited"
            assert wait_until(lambda: not any(live_members(pid) for pid in started))
    finally:  # a failing run leaves nothing behind: the cue groups it started, by their id
        for pid in [int(p) for p in pids.read_text().split()] if pids.exists() else []:
            if live_members(pid):
                os.killpg(pid, signal.SIGKILL)


def test_a_real_run_speaks_with_the_speech_program_on_path_and_no_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: with only a (fake) espeak-ng on PATH and no config file, ``backtimer run``
    speaks: each step as it starts, through ``espeak-ng TEXT``."""
    home = tmp_path / "home"
    folder = tmp_path / "bin"
    folder.mkdir()
    heard = fake_speech(folder)
    monkeypatch.setenv("PATH", str(folder))
    routine = tmp_path / "voice-test.toml"
    routine.write_text(THREE_STEP_ROUTINE)
    logs = tmp_path / "logs"
    with PtyRun(["run", str(routine), "--log-dir", str(logs)], home) as run:
        run.wait_until(lambda: steps_logged(logs) == 3 and "Enter to close" in run.text)
        run.press(b"\r")
        code = run.wait()
        text = run.text
    assert code == 0, text[-800:]
    assert "The cue command" not in text
    assert said(heard)[:3] == [
        "Arm circles, 1 second",
        "Band pull-apart, 1 second",
        "Plank row, set 1 of 1, 1 second",
    ]
