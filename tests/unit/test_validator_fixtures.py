"""One broken routine per mistake: each must be refused with the file, line and key named.

Each fixture in tests/data/routines/bad/ starts with one or more lines
``# expect: LINE:COL WORD``: the validator must report a problem at exactly that
line and column whose message contains WORD (the key, usually).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.errors import RoutineError
from backtimer.routine import load_routine
from tests.conftest import DATA, REPO

BAD = sorted((DATA / "routines" / "bad").glob("*.toml"))
GOOD = sorted((DATA / "routines" / "good").glob("*.toml"))
EXPECT = re.compile(rb"^# expect: (\d+):(\d+) (\S+)", re.MULTILINE)


def expectations(path: Path) -> list[tuple[int, int, str]]:
    return [(int(a), int(b), c.decode()) for a, b, c in EXPECT.findall(path.read_bytes())]


def test_there_are_fixtures() -> None:
    assert len(BAD) >= 20
    assert GOOD


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_routine_is_refused_at_the_right_place(path: Path) -> None:
    expected = expectations(path)
    assert expected or path.stat().st_size == 0, f"{path.name} has no '# expect:' line"
    if not expected:  # an empty file cannot carry its own expectation
        expected = [(1, 1, "name")]
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    problems = caught.value.problems
    for line, col, word in expected:
        matching = [p for p in problems if (p.line, p.col) == (line, col)]
        assert matching, f"no problem at {line}:{col}; got {[str(p) for p in problems]}"
        assert any(word.lower() in p.message.lower() for p in matching), (
            f"'{word}' not in {[p.message for p in matching]}"
        )
        assert all(p.path == str(path) for p in problems)


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_routine_loads(path: Path) -> None:
    routine = load_routine(path)
    assert routine.name


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_check_prints_path_line_col_and_exits_1(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    for line, col, _word in expectations(path) or [(1, 1, "name")]:
        assert f"{path}:{line}:{col}: " in out


def test_check_every_bad_file_at_once_in_a_real_process() -> None:
    """One process, every fixture: all reported, exit 1, never a traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "backtimer", "check", *map(str, BAD), *map(str, GOOD)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for path in BAD:
        assert f"{path}:" in result.stdout
    for path in GOOD:
        assert f"{path}: OK" in result.stdout
    assert f"{len(BAD)} of {len(BAD) + len(GOOD)} files have problems" in result.stdout
