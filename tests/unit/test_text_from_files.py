"""Text that comes from a file never reaches the terminal raw, and never splits a
``path:line:col`` line: control characters in a routine are refused where they stand,
and whatever a command prints from a file (a problem quoting a bad key, `plan`, `list`)
is escaped by one helper, :func:`backtimer.formatting.printable`.

Also here: config.toml read like a routine (a BOM), `list` naming a file-level problem
like `check` does, and `edit` refusing to start an editor without a terminal."""

from __future__ import annotations

import os
import pty
import select
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.config import ConfigError, load_config
from backtimer.errors import RoutineError
from backtimer.formatting import printable
from backtimer.routine import parse_routine
from tests.conftest import REPO

ESC = "\x1b"
#: What a hostile routine would like to send: set the window title, clear the screen.
TITLE = "\\u001b]0;PWNED\\u0007"
CLEAR = "\\u001b[2J"

ROUTINE = """\
[routine]
name = "{name}"

[[exercise]]
name = "{exercise}"
reps = 10
cues = ["{cue}"]
"""


def routine_text(name: str = "Back", exercise: str = "Row", cue: str = "Brace") -> str:
    return ROUTINE.format(name=name, exercise=exercise, cue=cue)


def write(folder: Path, text: str, name: str = "hostile.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def raw_controls(text: str) -> list[str]:
    """The control characters in printed output, but the line breaks between lines."""
    return [c for c in text if c != "\n" and printable(c) != c]


# -- printable ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Row", "Row"),
        ("Rücken – 40 kg", "Rücken – 40 kg"),
        ("\x1b]0;x\x07", "\\x1b]0;x\\x07"),
        ("a\nb", "a\\nb"),
        ("tab\there", "tab\\there"),
        ("\x7f\x9b", "\\x7f\\x9b"),
        ("\u202eevil", "\\u202eevil"),
        ("back\\slash", "back\\slash"),
    ],
)
def test_printable_escapes_control_characters_only(text: str, shown: str) -> None:
    assert printable(text) == shown


# -- control characters in a routine are refused where they stand ----------------------


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        ({"name": f"Back{TITLE}"}, 2),
        ({"exercise": f"Row{CLEAR}"}, 5),
        ({"cue": "Brace\\tnow"}, 7),
        ({"cue": "Brace\\u202e"}, 7),
        ({"name": "Back\\u009b2J"}, 2),
    ],
)
def test_a_control_character_in_any_text_is_refused_at_its_key(
    fields: dict[str, str], line: int
) -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine(routine_text(**fields), "hostile.toml")
    (problem,) = caught.value.problems
    assert problem.line == line
    assert "control character" in problem.message
    assert raw_controls(str(problem)) == []


def test_check_refuses_escapes_and_prints_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, routine_text(name=f"Back{TITLE}", exercise=f"Row{CLEAR}"))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:2:1: 'name' in [routine] holds the control character \\x1b" in out
    assert f"{path}:5:1: 'name' in [[exercise]] #1 " in out
    assert ESC not in out
    assert raw_controls(out) == []


def test_a_quoted_key_with_a_newline_stays_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, routine_text() + f'"a\\nb{TITLE}" = 1\n')
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    (line,) = out.splitlines()
    assert line.startswith(f"{path}:8:1: unknown key 'a\\nb\\x1b]0;PWNED\\x07' in [[exercise]] #1")
    assert raw_controls(out) == []


@pytest.mark.parametrize("command", ["plan", "check"])
def test_plan_and_check_of_a_hostile_routine_in_a_real_process(
    tmp_path: Path, command: str
) -> None:
    path = write(tmp_path, routine_text(name=f"Back{TITLE}", cue=f"x{CLEAR}"))
    result = subprocess.run(
        [sys.executable, "-m", "backtimer", command, str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "BACKTIMER_HOME": str(tmp_path / "home")},
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert raw_controls(result.stdout + result.stderr) == []
    assert f"{path}:2:1: " in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["plan", "list"])
def test_rich_markup_in_a_name_is_shown_as_written(
    home: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name is text, never markup: "[/]" used to crash `plan` and `list` (MarkupError)."""
    folder = home / "config" / "routines"
    folder.mkdir(parents=True)
    write(folder, routine_text(name="Back [/] [red]day", exercise="[bold]Row[/bold]"), "mk.toml")
    args = ["plan", "mk"] if command == "plan" else ["list"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Back [/] [red]day" in out
    if command == "plan":
        assert "[bold]Row[/bold]" in out


# -- list names a file-level problem like check does -----------------------------------


def test_list_prints_a_file_level_problem_without_line_zero(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = home / "config" / "routines"
    folder.mkdir(parents=True)
    folder.joinpath("folder.toml").mkdir()
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert f"{folder / 'folder.toml'}: is a folder, not a routine file" in out
    assert ":0:0:" not in out


# -- config.toml -------------------------------------------------------------------------


def test_config_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xef\xbb\xbfquiet = true\ncue_command = "say {text}"\n')
    config = load_config(path)
    assert config.quiet is True
    assert config.cue_command == "say {text}"


def test_config_key_with_a_newline_or_escape_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'"a\\nb{TITLE}" = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{path}:1:1: unknown key 'a\\nb\\x1b]0;PWNED\\x07'")
    assert raw_controls(str(problem)) == []


def test_config_with_an_integer_of_thousands_of_digits(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("quiet = " + "1" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.col) == (1, 9)
    assert "5000 digits" in problem.message


# -- edit without a terminal -------------------------------------------------------------

EDITOR = "import sys, time\nopen(sys.argv[1], 'a').close()\n"


def test_edit_without_a_terminal_is_refused_at_once(tmp_path: Path) -> None:
    """It used to start the editor on a pipe, which spun at 100 % CPU forever."""
    home = tmp_path / "home"
    routines = home / "config" / "routines"
    routines.mkdir(parents=True)
    write(routines, routine_text(), "mine.toml")
    spinning = tmp_path / "editor.py"
    spinning.write_text("while True:\n    pass\n")
    env = {
        **os.environ,
        "BACKTIMER_HOME": str(home),
        "EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(spinning))}",
    }
    env.pop("VISUAL", None)

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                [sys.executable, "-m", "backtimer", *command],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                cwd=REPO,
                env=env,
                timeout=20,
            )
        except subprocess.TimeoutExpired as error:
            raise AssertionError(f"`backtimer {command[0]}` ran the editor on a pipe") from error

    result = run("edit", "mine")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "Needs a terminal" in result.stderr
    assert "stdin is not a terminal" in result.stderr
    # `new` makes the file all the same, and says why no editor opened.
    result = run("new", "Other day")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Not opening an editor" in result.stderr
    assert "stdin is not a terminal" in result.stderr
    assert (routines / "other-day.toml").exists()


def test_new_without_editing_needs_no_terminal(home: Path) -> None:
    assert main(["new", "Quiet day", "--no-edit"]) == 0


def test_edit_under_a_terminal_runs_the_editor(tmp_path: Path) -> None:
    """Under a pseudo-terminal the editor runs and the routine is validated on exit."""
    home = tmp_path / "home"
    routines = home / "config" / "routines"
    routines.mkdir(parents=True)
    write(routines, routine_text(), "mine.toml")
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path).read().replace('reps = 10', 'reps = 12')\n"
        "open(path, 'w').write(text)\n"
    )
    env = {
        **os.environ,
        "BACKTIMER_HOME": str(home),
        "EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(editor))}",
    }
    env.pop("VISUAL", None)
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "backtimer", "edit", "mine"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=REPO,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    output = b""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    os.close(master)
    assert process.wait(10) == 0, output.decode(errors="replace")
    assert b"Saved" in output
    assert "reps = 12" in (routines / "mine.toml").read_text()


def test_history_plain_escapes_a_routine_name_from_a_hand_made_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: `history --plain` printed a log's routine name raw (an escape reached the
    terminal); a log can be written by hand, so what it holds is escaped when printed."""
    from datetime import UTC, datetime

    from backtimer.cli import main
    from backtimer.logs import LogData, write_log

    name = "Back\x1b]0;pwned\x07day"
    write_log(
        LogData(started=datetime(2026, 12, 1, 18, 0, tzinfo=UTC), routine_name=name),
        tmp_path / "2026-12-01T18-00-00_back.toml",
    )
    assert main(["history", "--plain", "--log-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Back\\x1b]0;pwned\\x07day" in out
