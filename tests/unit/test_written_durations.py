"""Durations read the way the routine writes them ("1m30s", "2m", "1min") in plan, list, check."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.cli import main

ROUTINE = """\
[routine]
name = "Written"

[defaults]
rest = "1m30s"
get_ready = "3s"

[[warmup]]
name = "Arm circles"
duration = "45s"

[[exercise]]
name = "Plank"
sets = 2
duration = "1min"
rest = "2m"

[[exercise]]
name = "Row"
sets = 2
reps = 8

[[stretch]]
name = "Child's pose"
hold = "1m5s"
"""


@pytest.fixture
def routine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COLUMNS", "200")  # rich tables at full width, no wrapped cells
    path = tmp_path / "written.toml"
    path.write_text(ROUTINE)
    return path


def test_plan_shows_each_duration_as_written(
    routine: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", str(routine)]) == 0
    out = capsys.readouterr().out
    assert "Rest 2m" in out  # the plank's own rest, not "120s" or "2m0s"
    assert "Rest 1m30s" in out  # the default rest between the rows, not "90s"
    assert "Hold 1m5s" in out  # not "65s"
    assert "1min" in out  # the timed set, not "60s" or "1m"
    assert "45s" in out
    assert "3s" in out
    for rewritten in ("120s", "90s", "65s", "60s", "2m0s"):
        assert rewritten not in out, rewritten


def test_check_and_list_totals_are_in_the_same_style(
    routine: Path, capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    # 3+45 warm-up; 3+60+120+60+120 plank and its rests; row, 90 (default rest), row;
    # 3+65 stretch: 569 s and two rep-based sets
    assert main(["check", str(routine)]) == 0
    assert "9m29s + 2 rep-based sets" in capsys.readouterr().out
    mine = home / "config" / "routines"
    mine.mkdir(parents=True)
    (mine / "written.toml").write_text(ROUTINE)
    assert main(["list"]) == 0
    assert "9m29s + 2 rep-based sets" in capsys.readouterr().out
