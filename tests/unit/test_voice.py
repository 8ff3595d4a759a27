"""The voice out of the box: a speech program found on PATH, exactly what it says, one text
at a time, and ``backtimer cues [--test]``.

No real speech program ever runs: PATH holds only a folder of fake ones (small scripts
that write down their arguments). A fake may wait at a :class:`~tests.cuekit.Gate` until
the test lets it end, so which text waits for which is decided by the test, never by timing.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.config import ConfigError, load_config
from backtimer.engine import Cues, FakeClock, Session, expand
from backtimer.engine.cues import Voice
from backtimer.engine.speech import CueCommand, OneSlot, engines_found, voice_command
from backtimer.routine import load_routine
from tests.conftest import SHIPPED
from tests.cuekit import PROCESS_WAIT, Gate, calls, fake_speech, recording, said, wait_until

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
    "Switch sides",  # the 3 s get-ready between the sides
    "Cross-body shoulder stretch, right side, 20 seconds",
    *("3", "2", "1"),
]


@pytest.fixture
def only_fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH holds only a folder of fake programs (none of the machine's own voices)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


@pytest.fixture
def spawned(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Every process the test starts; any still running afterwards (at a gate) is killed."""
    with recording(monkeypatch) as started:
        yield started


def demo_session(clock: FakeClock) -> Session:
    return Session(expand(load_routine(SHIPPED / "demo.toml")), clock, max_gap=None)


def walk(session: Session, clock: FakeClock, voice: CueCommand | None = None) -> None:
    """Run the session to its end on the fake clock (sets done after 20 s), half a second a
    tick; with ``voice``, each text is said before the clock moves on."""
    session.start()
    while not session.finished:
        if voice is not None:
            assert voice.wait_idle(PROCESS_WAIT), "the fake voice said its text"
        if session.remaining() is None:
            clock.advance(20)
            session.done()
        else:
            clock.advance(0.5)
            session.tick()


# -- which program speaks --------------------------------------------------------


def test_auto_picks_the_first_of_say_spd_say_espeak_ng_espeak_on_path(only_fakes: Path) -> None:
    assert voice_command(None) is None and voice_command("auto") is None
    assert engines_found() == []
    fake_speech(only_fakes, "espeak")
    assert voice_command("auto") == "espeak {text}"
    fake_speech(only_fakes, "espeak-ng")
    assert voice_command("auto") == "espeak-ng {text}"
    fake_speech(only_fakes, "spd-say")
    assert voice_command(None) == "spd-say -w {text}"  # -w: it waits until it has spoken
    fake_speech(only_fakes, "say")
    assert [name for name, _ in engines_found()] == ["say", "spd-say", "espeak-ng", "espeak"]
    assert voice_command(None) == "say {text}"


def test_off_is_no_voice_and_any_other_value_is_the_users_command(only_fakes: Path) -> None:
    fake_speech(only_fakes, "espeak-ng")
    assert voice_command("off") is None and voice_command(" OFF ") is None
    assert voice_command("Auto") == "espeak-ng {text}"
    assert voice_command("my-voice --fast {text}") == "my-voice --fast {text}"


def test_the_lookup_can_be_given_its_own_which() -> None:
    """No PATH at all: a dict stands for what is installed."""
    installed = {"espeak": "/usr/bin/espeak", "spd-say": "/usr/bin/spd-say"}
    assert voice_command("auto", installed.get) == "spd-say -w {text}"
    nothing: dict[str, str] = {}
    assert voice_command("auto", nothing.get) is None


def test_a_missing_auto_voice_is_silence_not_a_crash(only_fakes: Path, clock: FakeClock) -> None:
    """With nothing on PATH the App gets no voice: the session runs on its bell alone."""
    assert voice_command(None) is None
    session = demo_session(clock)
    rung: list[int] = []
    Cues(session, bell=lambda: rung.append(1), say=None)
    walk(session, clock)
    assert session.finished and rung


# -- what is said -----------------------------------------------------------------


def test_the_demo_says_exactly_this_with_a_speech_program_on_path(
    only_fakes: Path, clock: FakeClock, spawned: list[subprocess.Popen[bytes]]
) -> None:
    heard = fake_speech(only_fakes)  # espeak-ng, and nothing else on PATH
    command = voice_command(None)  # no config: "auto"
    assert command == "espeak-ng {text}"
    failures: list[str] = []
    voice = CueCommand(command, failures.append)
    session = demo_session(clock)
    Cues(session, bell=lambda: None, say=voice.say)
    walk(session, clock, voice)
    assert voice.wait_idle(PROCESS_WAIT)
    assert failures == []
    assert said(heard) == DEMO
    assert [process.args for process in spawned] == [["espeak-ng", text] for text in DEMO]


def test_a_voice_still_speaking_never_holds_the_clock_and_only_the_newest_text_waits(
    only_fakes: Path, clock: FakeClock, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """The first text is still being said (its program waits at the gate) for the whole
    demo: the session runs to its end all the same, every later text waits in turn for
    the one slot, each replacing the one before, and the last ("1") is said after it."""
    gate = Gate(only_fakes)
    heard = fake_speech(only_fakes, gate=gate.path)
    voice = CueCommand("espeak-ng {text}", lambda message: pytest.fail(message))
    session = demo_session(clock)
    Cues(session, bell=lambda: None, say=voice.say)
    walk(session, clock)  # never waits for the voice
    assert session.finished
    assert wait_until(lambda: said(heard) == DEMO[:1]) and len(spawned) == 1
    gate.release()
    assert wait_until(lambda: said(heard) == [DEMO[0], DEMO[-1]])
    assert not voice.wait_idle(0), "the newest is being said"
    gate.release()
    assert voice.wait_idle(PROCESS_WAIT)
    assert said(heard) == [DEMO[0], "1"] and len(spawned) == 2


def test_a_new_text_replaces_the_one_still_waiting(
    only_fakes: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    gate = Gate(only_fakes)
    heard = fake_speech(only_fakes, gate=gate.path)
    voice = CueCommand("espeak-ng {text}", lambda message: pytest.fail(message))
    assert voice.say("Row, set 1 of 3") is not None, "said at once"
    assert wait_until(lambda: said(heard) == ["Row, set 1 of 3"])
    assert voice.say("3") is None, "it waits"
    assert voice.say("2") is None, "it waits instead of 3"
    assert voice.say("1") is None, "it waits instead of 2"
    gate.release()
    assert wait_until(lambda: said(heard) == ["Row, set 1 of 3", "1"])
    assert voice.say("Rest, 90 seconds") is None, "waits behind 1"
    gate.release()
    assert wait_until(lambda: len(said(heard)) == 3)
    gate.release()
    assert voice.wait_idle(PROCESS_WAIT)
    assert said(heard) == ["Row, set 1 of 3", "1", "Rest, 90 seconds"]
    assert voice.say("Done") is not None, "idle again: said at once"
    gate.release()
    assert voice.wait_idle(PROCESS_WAIT) and len(spawned) == 4


def test_the_one_slot_keeps_the_newest_text_waiting() -> None:
    """The turn-taking alone, without processes."""
    turns = OneSlot()
    assert turns.offer("a") is True and turns.speaking
    assert turns.offer("b") is False and turns.offer("c") is False
    assert turns.waiting == "c"
    assert turns.done() == "c" and turns.speaking and turns.waiting is None
    assert turns.done() is None and not turns.speaking
    assert turns.offer("d") is True
    turns.offer("e")
    turns.clear()
    assert turns.done() is None and not turns.speaking


def test_a_text_like_an_option_is_never_read_as_one(
    only_fakes: Path, spawned: list[subprocess.Popen[bytes]]
) -> None:
    """A routine's step named "--help" or "-v en" reaches the program as text, never as an
    option: a space leads it, for every engine; elsewhere in an argument it is left as is."""
    for command in ["espeak-ng {text}", "spd-say -w {text}"]:
        voice = CueCommand(command, lambda message: pytest.fail(message))
        assert voice.argv("--help me") == [*command.split()[:-1], " --help me"]
        assert voice.argv("Row") == [*command.split()[:-1], "Row"]
    assert CueCommand("say -v Alex", print).argv("-r 1") == ["say", "-v", "Alex", " -r 1"]
    assert CueCommand("x --text={text}", print).argv("-r") == ["x", "--text=-r"]
    heard = fake_speech(only_fakes)
    voice = CueCommand("espeak-ng {text}", lambda message: pytest.fail(message))
    voice.say("-v xx; rm -rf ~")
    assert voice.wait_idle(PROCESS_WAIT)
    assert calls(heard) == [[" -v xx; rm -rf ~"]]


# -- backtimer cues [--test] ------------------------------------------------------


def write_config(home: Path, text: str) -> Path:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_cues_test_lists_the_engines_and_speaks_a_sample_through_the_first(
    only_fakes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spd = fake_speech(only_fakes, "spd-say")
    other = only_fakes / "other"
    other.mkdir()
    fake_speech(other, "espeak")  # found, but spd-say comes first
    assert main(["cues", "--test"]) == 0
    out = capsys.readouterr().out
    assert f"spd-say    {only_fakes / 'spd-say'}  <- speaks the cues" in out
    assert "say        not found" in out and "espeak-ng  not found" in out
    assert 'cue_command = "auto" (the default)' in out
    assert "The cues are spoken with: spd-say -w {text}" in out
    assert 'Saying: "Bent-over row, set 1 of 3, 8 reps at 40 kilos"' in out
    assert "Done" in out
    assert calls(spd) == [["-w", "Bent-over row, set 1 of 3, 8 reps at 40 kilos"]]


def test_cues_without_test_lists_and_says_nothing(
    only_fakes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    heard = fake_speech(only_fakes)
    assert main(["cues"]) == 0
    assert "The cues are spoken with: espeak-ng {text}" in capsys.readouterr().out
    assert not heard.exists()


def test_cues_test_with_no_speech_program_says_how_to_install_one_and_fails(
    only_fakes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cues", "--test"]) == 1
    out = capsys.readouterr().out
    assert "No speech program found" in out
    assert "sudo apt install espeak-ng" in out and "macOS has say" in out
    assert main(["cues"]) == 1, "no voice: the listing says so in its exit status too"


def test_cues_test_with_the_voice_off_speaks_nothing_and_succeeds(
    only_fakes: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(home, 'cue_command = "off"\n')
    heard = fake_speech(only_fakes)
    assert main(["cues", "--test"]) == 0
    out = capsys.readouterr().out
    assert f'cue_command = "off" (in {path})' in out and "The voice is off" in out
    assert not heard.exists()


def test_cues_test_speaks_through_the_users_command_and_reports_its_failure(
    only_fakes: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    heard = fake_speech(only_fakes, "my-voice")
    write_config(home, 'cue_command = "my-voice --slow {text}"\n')
    assert main(["cues", "--test"]) == 0
    assert "The cues are spoken with: my-voice --slow {text}" in capsys.readouterr().out
    assert calls(heard) == [["--slow", "Bent-over row, set 1 of 3, 8 reps at 40 kilos"]]
    write_config(home, 'cue_command = "no-such-voice {text}"\n')
    assert main(["cues", "--test"]) == 1
    out = capsys.readouterr().out
    assert "It failed: The cue command 'no-such-voice {text}' failed" in out


def test_cues_help_says_what_its_exit_status_means(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["cues", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "--test" in out and "exit status" in out and "[voice]" in out


def test_cues_reports_a_config_problem_at_its_line_and_column(
    only_fakes: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(home, "[voice]\ncountdown = 1\n")
    assert main(["cues", "--test"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:2:13: 'countdown' in [voice] must be true or false, not an integer" in err


# -- the [voice] table of config.toml ------------------------------------------


def test_voice_switches_are_read_from_the_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert load_config(path).voice == Voice()
    path.write_text("[voice]\ncountdown = false\nhalfway = false\nrecords = false\n", "utf-8")
    assert load_config(path).voice == Voice(countdown=False, halfway=False, records=False)
    path.write_text(
        "[voice]\nstart = false\nnext = false\nsides = false\n"
        "halfway = true\ncountdown = true\nrecords = true\n",
        "utf-8",
    )
    assert load_config(path).voice == Voice(start=False, next=False, sides=False)


def test_voice_problems_are_reported_at_their_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('quiet = true\n[voice]\ncountdown = "no"\nloud = true\n', "utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{path}:3:13: 'countdown' in [voice] must be true or false, not a string",
        f"{path}:4:1: unknown key 'loud' in [voice] (known: start, next, halfway, sides, "
        "countdown, records)",
    ]
    path.write_text('voice = "quiet"\n', "utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{path}:1:9: 'voice' must be a table of switches, like [voice] countdown = false, "
        "not a string"
    ]
