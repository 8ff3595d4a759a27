"""Exports checked column by column: our CSV, the Strong app's CSV layout, JSON."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.logs import read_all, read_log
from backtimer.logs.export import CSV_COLUMNS, STRONG_COLUMNS, strong_duration, to_strong
from tests.conftest import DATA

FIXTURES = DATA / "logs"
NEWEST = "2026-11-24T18-02-00_back-strength.toml"


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    target = tmp_path / "sessions"
    shutil.copytree(FIXTURES, target)
    return target


def _done_sets(path: Path) -> list:
    return [r for r in read_log(path).records if r.is_set and r.outcome.value == "done"]


def test_strong_header_is_exactly_the_strong_layout() -> None:
    text = to_strong([])
    assert text.splitlines()[0] == (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE"
    )
    assert tuple(text.splitlines()[0].split(",")) == STRONG_COLUMNS


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "1m"),  # never 0m: an exported workout has sets
        (29, "1m"),
        (89, "1m"),
        (90, "2m"),  # to the nearest minute, halves up
        (42 * 60 + 10, "42m"),
        (3600, "1h 0m"),
        (3900, "1h 5m"),
        (3600 + 59 * 60 + 45, "2h 0m"),
        (float("nan"), "1m"),
    ],
)
def test_strong_duration(seconds: float, text: str) -> None:
    assert strong_duration(seconds) == text


def test_strong_rows_column_by_column(logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "strong", "--log-dir", str(logs)]) == 0
    out, err = capsys.readouterr()
    assert "truncated.toml" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    newest = read_log(logs / NEWEST)
    mine = [r for r in rows if r["Date"] == "2026-11-24 18:02:00"]
    sets = _done_sets(logs / NEWEST)
    assert len(mine) == len(sets) == 5
    first, fourth = mine[0], mine[3]
    assert first["Workout Name"] == "Back strength"
    assert first["Duration"] == strong_duration(newest.active_seconds + newest.paused_seconds)
    assert first["Exercise Name"] == "Bent-over row"
    assert [r["Set Order"] for r in mine] == ["1", "2", "3", "1", "2"]
    assert float(first["Weight"]) == sets[0].weight
    assert int(first["Reps"]) == sets[0].reps
    assert first["Distance"] == "0"
    assert first["Seconds"] == "0"  # rep-based set
    assert first["Notes"] == "" and first["Workout Notes"] == newest.notes
    assert int(first["RPE"]) == sets[0].rpe
    assert fourth["Exercise Name"] == "Deadlift"
    # oldest workout first, like Strong
    assert rows[0]["Date"] == "2026-11-03 18:04:12"


def test_csv_rows_column_by_column(logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["export", "--format", "csv", "--log-dir", str(logs)])
    reader = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    rows = [r for r in reader if r["log"] == NEWEST]
    record = _done_sets(logs / NEWEST)[1]
    row = rows[1]
    assert row["date"] == "2026-11-24T18:02:00+00:00"
    assert row["routine"] == "Back strength"
    assert row["exercise"] == "Bent-over row"
    assert row["kind"] == "set" and row["set_number"] == "2" and row["side"] == ""
    assert int(row["reps"]) == record.reps and float(row["weight"]) == record.weight
    assert row["unit"] == "kg" and int(row["rpe"]) == record.rpe
    assert float(row["seconds"]) == pytest.approx(record.actual, abs=0.1)
    assert row["entered"] == "yes"


def test_json_export_to_a_file(logs: Path, tmp_path: Path) -> None:
    out = tmp_path / "sets.json"
    assert main(["export", "--format", "json", "--log-dir", str(logs), "-o", str(out)]) == 0
    sets = json.loads(out.read_text())
    total = sum(len(_done_sets(log.path)) for log in read_all(logs).logs)
    assert len(sets) == total
    assert set(sets[0]) == set(CSV_COLUMNS)


def test_export_to_an_unwritable_file_is_a_clear_error(
    logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing-folder" / "x.csv"
    assert main(["export", "--log-dir", str(logs), "-o", str(target)]) == 2
    assert "Cannot write the export" in capsys.readouterr().err


def _import_like_strong_importers(text: str) -> dict[tuple[datetime, str], dict]:
    """Read a Strong CSV the way the importers of Strong exports do.

    They key a workout on Date + Workout Name, parse Date as ``%Y-%m-%d %H:%M:%S``,
    Duration with ``(\\d+)h`` / ``(\\d+)m`` patterns, and the numeric columns as
    numbers (an empty RPE is "none").
    """
    workouts: dict[tuple[datetime, str], dict] = {}
    for row in csv.DictReader(io.StringIO(text)):
        when = datetime.strptime(row["Date"], "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007 - Strong is naive
        hours = re.search(r"(\d+)h", row["Duration"])
        minutes = re.search(r"(\d+)m", row["Duration"])
        assert hours or minutes, row["Duration"]
        total = (int(hours[1]) if hours else 0) * 60 + (int(minutes[1]) if minutes else 0)
        workout = workouts.setdefault(
            (when, row["Workout Name"]), {"minutes": total, "sets": [], "notes": ""}
        )
        workout["notes"] = row["Workout Notes"]
        workout["sets"].append(
            (
                row["Exercise Name"],
                row["Set Order"],  # 1..n, or W / D / F
                float(row["Weight"]),
                int(row["Reps"]),
                float(row["Distance"]),
                int(row["Seconds"]),
                int(row["RPE"]) if row["RPE"] else None,
            )
        )
    return workouts


def test_a_strong_importer_reads_every_workout_back(logs: Path) -> None:
    result = read_all(logs)
    workouts = _import_like_strong_importers(to_strong(result.logs))
    assert len(workouts) == len(result.logs)
    for log in result.logs:
        workout = workouts[(log.started.replace(tzinfo=None, microsecond=0), log.routine_name)]
        seconds = log.active_seconds + log.paused_seconds
        assert workout["minutes"] == max(1, int(seconds / 60 + 0.5))
        done = [r for r in log.records if r.is_set and r.outcome.value == "done"]
        assert [(s[0], s[3]) for s in workout["sets"]] == [
            (r.exercise or r.name, r.reps or 0) for r in done
        ]
        assert [s[2] for s in workout["sets"]] == [r.weight or 0.0 for r in done]
