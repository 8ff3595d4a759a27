"""History: summary rows through the index cache, aggregates, and the history CLI."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.logs import load_history, newest_in_progress, streak, weekly
from backtimer.logs.history import INDEX_NAME, INDEX_VERSION, epley
from tests.conftest import DATA
from tests.logfactory import make_fake_logs

FIXTURES = DATA / "logs"


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    """A copy of the fixture logs (6 sessions + 1 truncated file)."""
    target = tmp_path / "sessions"
    shutil.copytree(FIXTURES, target)
    return target


def test_rows_newest_first_and_the_broken_log_is_a_warning(logs: Path) -> None:
    history = load_history(logs)
    assert [r.started[:10] for r in history.rows] == [
        "2026-11-24",
        "2026-11-19",
        "2026-11-17",
        "2026-11-10",
        "2026-11-05",
        "2026-11-03",
    ]
    assert len(history.warnings) == 1
    assert "2026-11-12T18-00-00_truncated.toml" in history.warnings[0]
    newest = history.rows[0]
    assert newest.routine == "Back strength" and newest.status == "completed"
    assert newest.completed_percent == 100 and newest.sets == 5
    assert newest.volume == pytest.approx(sum(d.volume for d in newest.exercises.values()))
    abandoned = history.rows[1]
    assert abandoned.status == "abandoned" and abandoned.completed_percent < 100


def test_the_index_gives_the_same_rows_and_follows_changed_and_deleted_logs(logs: Path) -> None:
    """That unchanged logs are not parsed again (the index's point) is make bench's to check."""
    first = load_history(logs)
    assert (logs / INDEX_NAME).exists()
    again = load_history(logs)
    assert again.rows == first.rows and again.warnings == first.warnings
    changed = logs / "2026-11-10T18-00-05_back-strength.toml"
    changed.write_text(changed.read_text().replace('notes = ""', 'notes = "grip"'))
    third = load_history(logs)
    assert next(r for r in third.rows if r.file == changed.name).notes == "grip"
    assert [r for r in third.rows if r.file != changed.name] == [
        r for r in first.rows if r.file != changed.name
    ]
    (logs / "2026-11-03T18-04-12_back-strength.toml").unlink()
    assert len(load_history(logs).rows) == 5


@pytest.mark.parametrize("junk", [b"", b"{not json", b'{"version": 99}', b"[1, 2]"])
def test_corrupt_index_is_rebuilt(logs: Path, junk: bytes) -> None:
    (logs / INDEX_NAME).write_bytes(junk)
    assert len(load_history(logs).rows) == 6
    assert json.loads((logs / INDEX_NAME).read_bytes())["version"] == INDEX_VERSION


def test_missing_folder_means_no_sessions(tmp_path: Path) -> None:
    history = load_history(tmp_path / "nothing")
    assert history.rows == [] and history.warnings == []


def test_epley() -> None:
    assert epley(100, 10) == pytest.approx(133.333, rel=1e-4)
    assert epley(100, 1) == 100
    assert epley(0, 10) == 0 and epley(50, 0) == 0


def test_weekly_totals_and_streak(logs: Path) -> None:
    rows = load_history(logs).rows
    weeks = weekly(rows)
    assert [w.label for w in weeks] == ["2026-W48", "2026-W47", "2026-W46", "2026-W45"]
    assert [w.sessions for w in weeks] == [1, 2, 1, 2]
    assert weeks[1].completed == 1
    assert weeks[0].seconds == pytest.approx(rows[0].active_seconds + rows[0].paused_seconds)
    assert streak(rows, date(2026, 11, 25)) == 4
    assert streak(rows, date(2026, 11, 30)) == 4, "a week under way does not break it"
    assert streak(rows, date(2026, 12, 8)) == 0
    assert streak(rows, date(2026, 11, 15)) == 2


def test_newest_in_progress(logs: Path) -> None:
    assert newest_in_progress(load_history(logs)) is None


def test_plain_prints_a_tab_separated_table(logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--plain", "--log-dir", str(logs)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split("\t") == [
        "date",
        "routine",
        "status",
        "duration",
        "completed",
        "sets",
        "volume",
    ]
    assert len(lines) == 7
    assert lines[1].startswith("2026-11-24 18:02\tBack strength\tcompleted\t")
    assert "\x1b" not in out
    assert "truncated.toml" in err


def test_plain_filters_by_routine(logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["history", "--plain", "--log-dir", str(logs), "--routine", "Beginner back"])
    lines = capsys.readouterr().out.splitlines()[1:]
    assert len(lines) == 2 and all("\tBeginner back\t" in line for line in lines)


def test_json_prints_every_session(logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--json", "--log-dir", str(logs)]) == 0
    sessions = json.loads(capsys.readouterr().out)
    assert len(sessions) == 6
    assert sessions[0]["started"] == "2026-11-24T18:02:00+00:00"
    assert sessions[0]["steps"][0]["kind"] == "set"
    assert "routine_text" not in sessions[0]


def test_history_reads_the_default_folder(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_fake_logs(home / "data" / "sessions", 3, seed=1)
    main(["history", "--plain"])
    assert len(capsys.readouterr().out.splitlines()) == 4
