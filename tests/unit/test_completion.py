"""Shell completion (argcomplete) and --version: what a user who installed backtimer sees."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.commands.completion import SHELLS, routine_names

BACKTIMER = [sys.executable, "-m", "backtimer"]


@pytest.mark.parametrize("shell", SHELLS)
def test_each_shell_gets_a_script_for_backtimer(
    shell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert "backtimer" in script and len(script) > 200


def test_routines_complete_to_shipped_and_user_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKTIMER_HOME", str(tmp_path))
    mine = tmp_path / "config" / "routines"
    mine.mkdir(parents=True)
    (mine / "my-back.toml").write_text('[routine]\nname = "Mine"\n', "utf-8")
    names = routine_names("")
    assert {"demo", "strength", "supersets", "my-back"} <= set(names)
    assert routine_names("de") == ["demo", "desk-posture"]


def _complete(line: str, tmp_path: Path) -> list[str]:
    """What the shell would offer for ``line`` (argcomplete's protocol, in a process)."""
    out = tmp_path / "completions"
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(out),
        "BACKTIMER_HOME": str(tmp_path),
    }
    subprocess.run(BACKTIMER, env=env, check=True, timeout=30, stdin=subprocess.DEVNULL)
    return [word.rstrip(" ") for word in out.read_text("utf-8").split("\x0b")]


def test_run_completes_a_routine_and_the_commands_complete(tmp_path: Path) -> None:
    assert _complete("backtimer run de", tmp_path) == ["demo", "desk-posture"]
    assert _complete("backtimer pl", tmp_path) == ["plan", "plates"]


@pytest.mark.parametrize(
    "line",
    [
        "backtimer check st",
        "backtimer plan st",
        "backtimer edit st",
        "backtimer new Legs --from st",
        "backtimer history --routine st",
    ],
)
def test_every_routine_argument_completes_to_names(line: str, tmp_path: Path) -> None:
    assert _complete(line, tmp_path) == ["strength"]


def test_a_path_completes_to_routine_files_and_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "legs.toml").touch()
    (tmp_path / "notes.txt").touch()
    (tmp_path / "more").mkdir()
    monkeypatch.chdir(tmp_path)
    assert routine_names("./") == ["./legs.toml", "./more/"]
    assert routine_names("leg") == ["legs.toml"]  # no routine is called leg…


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_through_the_printed_script(tmp_path: Path) -> None:
    """The whole way: bash loads `backtimer completion bash`, its function calls the
    `backtimer` command on PATH, which answers on file descriptor 8."""
    script = (
        'eval "$(backtimer completion bash)"\n'
        'COMP_LINE="backtimer run de"; COMP_POINT=${#COMP_LINE}\n'
        "COMP_WORDS=(backtimer run de); COMP_CWORD=2\n"
        "_python_argcomplete backtimer de run\n"
        'printf "%s|" "${COMPREPLY[@]}"'
    )
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "backtimer").is_file()
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "BACKTIMER_HOME": str(tmp_path),
    }
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
    )
    assert done.stdout == "demo|desk-posture|", done.stderr


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_an_ordinary_start_does_not_load_completion(option: str) -> None:
    """Neither argcomplete nor Textual is imported unless the shell asks for completions
    (``--version`` reads Textual's version from its package's metadata)."""
    code = (
        "import sys\nfrom backtimer.cli import main\n"
        f"try:\n    main([{option!r}])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('argcomplete', 'textual'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_version_says_textual_and_where_the_files_are(tmp_path: Path) -> None:
    env = {**os.environ, "BACKTIMER_HOME": str(tmp_path)}
    done = subprocess.run(
        [*BACKTIMER, "--version"], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].startswith("backtimer ") and lines[1].startswith("Textual 8.")
    assert f"config:   {tmp_path / 'config' / 'config.toml'}" in lines
    assert f"logs:     {tmp_path / 'data' / 'sessions'}" in lines
