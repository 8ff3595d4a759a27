"""The check / plan / list commands as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer.cli import COMMANDS, main
from tests.conftest import REPO, SHIPPED

VALID = """\
[routine]
name = "Mine"

[[exercise]]
name = "Inverted row"
sets = 2
reps = 8
cues = ["Spine straight"]
"""


def test_check_valid_file_prints_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(VALID)
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: OK" in out
    assert "'Mine'" in out


def test_check_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nope.toml"
    assert main(["check", str(path)]) == 1
    assert f"{path}: no such file" in capsys.readouterr().out


def test_check_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().out


def test_check_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    path = tmp_path / "locked.toml"
    path.write_text(VALID)
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything
        pytest.skip("running as root: permissions are not enforced")
    assert main(["check", str(path)]) == 1
    assert "cannot read" in capsys.readouterr().out


def test_unknown_routine_name_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "strenght"]) == 2
    err = capsys.readouterr().err
    assert "No routine called 'strenght'" in err
    assert "did you mean 'strength'?" in err


def test_plan_of_an_invalid_routine_lists_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(VALID.replace("reps = 8", "reps = 0"))
    assert main(["plan", str(path)]) == 1
    assert f"{path}:7:1: 'reps'" in capsys.readouterr().err


def test_plan_prints_every_step_and_the_total(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(VALID)
    assert main(["plan", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Inverted row, set 1 of 2" in out
    assert "Rest 90s" in out
    assert "Inverted row, set 2 of 2" in out
    assert "Total: 1m35s + 2 rep-based sets planned" in out  # one 5s lead-in + 90s rest


def test_list_shows_shipped_and_user_routines(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user = home / "config" / "routines"
    user.mkdir(parents=True)
    (user / "mine.toml").write_text(VALID)
    (user / "broken.toml").write_text("[routine]\nname = 1\n")
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "Mine" in out and "user" in out
    assert "broken" in out and "invalid" in out
    for path in SHIPPED.glob("*.toml"):
        assert path.stem in out


def test_user_routine_found_by_name(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    user = home / "config" / "routines"
    user.mkdir(parents=True)
    (user / "mine.toml").write_text(VALID)
    assert main(["plan", "mine"]) == 0
    assert "Inverted row" in capsys.readouterr().out


def test_a_subcommand_registers_only_its_own_module() -> None:
    """`backtimer run` starts faster by not importing the other subcommands."""
    code = (
        "import sys; from backtimer.cli import build_parser, _command_of; "
        "build_parser(_command_of(['run', 'demo'])); "
        "print(sorted(m for m in sys.modules if m.startswith('backtimer.commands.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "['backtimer.commands.run']"


def test_help_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


@pytest.mark.parametrize("command", [["run", "demo"], ["run"]])
def test_the_session_without_a_terminal_is_a_clear_error(
    command: list[str], tmp_path: Path, home: Path
) -> None:
    """Regression: `backtimer run demo < /dev/null | cat` drew into the pipe and hung."""
    done = subprocess.run(
        [sys.executable, "-m", "backtimer", *command, "--log-dir", str(tmp_path / "logs")],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "BACKTIMER_HOME": str(home)},
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "Needs a terminal" in done.stderr and "backtimer plan ROUTINE" in done.stderr
    assert "Traceback" not in done.stderr


def test_resume_without_a_terminal_is_a_clear_error(
    tmp_path: Path,
    clock,
    capsys: pytest.CaptureFixture[str],  # noqa: ANN001 - a FakeClock
) -> None:
    from backtimer.logs import read_log
    from tests.unit.test_resume import _interrupted

    path = _interrupted(tmp_path, clock)
    assert main(["resume", "--yes", "--log-dir", str(tmp_path)]) == 2  # pytest's stdin: no tty
    assert "Needs a terminal" in capsys.readouterr().err
    assert read_log(path).status.value == "in_progress", "nothing was changed"
