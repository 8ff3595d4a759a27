"""The voice out of the box: a speech program found on PATH, and exactly what it says."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.engine import Cues, FakeClock, Session, expand
from backtimer.engine.speech import CueCommand, engines_found, voice_command
from backtimer.routine import load_routine
from tests.conftest import SHIPPED

#: What the demo routine says, start to end, with every part of the voice on.
DEMO = [
    "Get ready: Arm circles",  # 3 s: too short for "3, 2, 1" after its announcement
    "Arm circles, 15 seconds",
    *("3", "2", "1"),
    "Get ready: Band pull-apart",
    "Band pull-apart, set 1 of 2, 6 reps",
    "Rest, 10 seconds. Next: Band pull-apart, set 2 of 2, 6 reps",
    *("3", "2", "1"),
    "Band pull-apart, set 2 of 2, 6 reps",
    "Rest, 10 seconds. Next: Superman hold, set 1 of 1, 15 seconds",
    *("3", "2", "1"),
    "Superman hold, set 1 of 1, 15 seconds",
    *("3", "2", "1"),
    "Get ready: Child's pose",
    "Child's pose, 20 seconds",
    *("3", "2", "1"),
    "Get ready: Cross-body shoulder stretch",
    "Cross-body shoulder stretch, left side, 20 seconds",
    *("3", "2", "1"),
    "Get ready: Cross-body shoulder stretch",
    "Cross-body shoulder stretch, right side, 20 seconds",
    *("3", "2", "1"),
]


def fake_speech(folder: Path, name: str = "espeak-ng") -> Path:
    """A speech program that writes what it is asked to say, one line a call."""
    heard = folder / "heard.txt"
    program = folder / name
    program.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{heard}'\n", "utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return heard


@pytest.fixture
def only_fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH holds only a folder of fake programs (none of the machine's own voices)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def test_auto_picks_the_first_speech_program_found(only_fakes: Path) -> None:
    assert voice_command(None) is None and voice_command("auto") is None
    fake_speech(only_fakes, "espeak")
    assert voice_command("auto") == "espeak {text}"
    fake_speech(only_fakes, "spd-say")
    assert [name for name, _ in engines_found()] == ["spd-say", "espeak"]
    assert voice_command(None) == "spd-say -w {text}"
    assert voice_command("off") is None
    assert voice_command("my-voice {text}") == "my-voice {text}"


def test_the_demo_says_exactly_this_with_a_speech_program_on_path(only_fakes: Path) -> None:
    heard = fake_speech(only_fakes)
    command = voice_command(None)  # no config: "auto"
    assert command == "espeak-ng {text}"
    failures: list[str] = []
    voice = CueCommand(command, failures.append)
    clock = FakeClock()
    session = Session(expand(load_routine(SHIPPED / "demo.toml")), clock, max_gap=None)
    Cues(session, bell=lambda: None, say=voice.say)
    session.start()
    while not session.finished:
        assert voice.wait_idle(5), "each cue is said before the clock moves on"
        if session.remaining() is None:
            clock.advance(20)
            session.done()
        else:
            clock.advance(0.5)
            session.tick()
    assert voice.wait_idle(5)
    assert failures == []
    assert heard.read_text("utf-8").splitlines() == DEMO


def test_a_text_like_an_option_is_never_read_as_one(only_fakes: Path) -> None:
    voice = CueCommand("espeak-ng {text}", lambda _: None)
    assert voice.argv("--help me") == ["espeak-ng", " --help me"]
    assert voice.argv("Row") == ["espeak-ng", "Row"]


def test_cues_test_lists_the_voice_and_speaks_a_sample(
    only_fakes: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BACKTIMER_HOME", str(tmp_path / "home"))
    assert main(["cues", "--test"]) == 1
    assert "No speech program found" in capsys.readouterr().out
    heard = fake_speech(only_fakes)
    assert main(["cues", "--test"]) == 0
    out = capsys.readouterr().out
    assert "espeak-ng (" in out and 'cue_command = "auto" (the default)' in out
    assert heard.read_text("utf-8").splitlines() == [
        "Bent-over row, set 1 of 3, 8 reps at 40 kilos"
    ]


def test_cue_command_off_is_no_voice(
    only_fakes: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text('cue_command = "off"\n', "utf-8")
    monkeypatch.setenv("BACKTIMER_HOME", str(home))
    heard = fake_speech(only_fakes)
    assert main(["cues", "--test"]) == 0
    assert "The voice is off" in capsys.readouterr().out
    assert not heard.exists()


def test_voice_switches_are_checked_in_the_config(tmp_path: Path) -> None:
    from backtimer.config import ConfigError, load_config
    from backtimer.engine.cues import Voice

    path = tmp_path / "config.toml"
    path.write_text("[voice]\ncountdown = false\nhalfway = false\n", "utf-8")
    assert load_config(path).voice == Voice(countdown=False, halfway=False)
    path.write_text('[voice]\ncountdown = "no"\nloud = true\n', "utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    text = str(raised.value.problems)
    assert "'countdown' in [voice] must be true or false" in text
    assert "unknown key 'loud' in [voice]" in text
    assert os.sep in str(raised.value.problems[0])
