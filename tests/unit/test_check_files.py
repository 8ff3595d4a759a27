"""`backtimer check` given things that are not routine files: each is a clear error, never a
traceback, and the other files are still checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.errors import RoutineError
from backtimer.routine import load_routine
from tests.conftest import REPO, SHIPPED

DEMO = SHIPPED / "demo.toml"


def test_a_missing_file_does_not_stop_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "gone.toml"
    assert main(["check", str(missing), str(DEMO)]) == 1
    out = capsys.readouterr().out
    assert f"{missing}: no such file; check the path" in out
    assert f"{DEMO}: OK" in out
    assert "1 of 2 files have problems" in out


def test_an_unknown_routine_name_is_reported_and_the_rest_checked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "strenght", str(DEMO)]) == 1
    out = capsys.readouterr().out
    assert "strenght: it is neither a file nor a shipped or user routine" in out
    assert "did you mean 'strength'?" in out
    assert f"{DEMO}: OK" in out
    assert "1 of 2 files have problems" in out


def test_a_routine_name_is_checked_like_its_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "demo"]) == 0
    assert "demo.toml: OK" in capsys.readouterr().out


def test_a_folder_says_how_to_check_its_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path}: is a folder, not a routine file" in out
    assert f"backtimer check {tmp_path}/*.toml" in out


def test_a_file_that_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Permissions are not enforced for root, so the refusal is simulated."""
    path = tmp_path / "locked.toml"
    path.write_text(DEMO.read_text())

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr("backtimer.routine.loader._read_regular", refuse)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}: cannot read the file: Permission denied; check its permissions" in out


@pytest.mark.parametrize(
    ("data", "line", "col"),
    [
        ('[routine]\nname = "Rücken'.encode("latin-1"), 2, 10),
        # Columns count characters, not bytes: "é" is two bytes but one column.
        ('[routine]\nname = "éé'.encode() + b"\xff", 2, 11),
        # A BOM does not shift the position (it used to, by three bytes).
        (b'\xef\xbb\xbf[routine]\nname = "\xff"', 2, 9),
    ],
)
def test_a_file_that_is_not_utf8_names_the_first_bad_byte(
    tmp_path: Path, data: bytes, line: int, col: int
) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(data)
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.col) == (line, col)
    assert "not UTF-8" in problem.message and "save it as UTF-8" in problem.message


def test_a_utf8_bom_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + DEMO.read_bytes())
    assert load_routine(path).name == "Demo: back taster"


def test_missing_and_folder_in_a_real_process_never_show_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "gone.toml"
    result = subprocess.run(
        [sys.executable, "-m", "backtimer", "check", str(missing), str(tmp_path), "nosuch"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{missing}: no such file" in result.stdout
    assert f"{tmp_path}: is a folder" in result.stdout
    assert "nosuch: it is neither a file nor" in result.stdout
    assert "3 of 3 files have problems" in result.stdout
