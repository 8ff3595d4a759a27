"""Our Strong and Hevy exports read back by backtimer's own importers: the same workouts,
sets, weights, reps and dates; importing an export of our own logs adds nothing."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from backtimer.cli import main
from backtimer.engine import StepKind, StepRecord
from backtimer.logs import LogData, write_log
from backtimer.logs.export import KG_PER_LB, convert_weight, to_hevy, to_strong
from backtimer.logs.imports.model import ImportedWorkout, SetKind, Source
from backtimer.logs.imports.parse import parse_bytes
from backtimer.routine import Unit
from tests.unit.test_export_apps import EXAMPLES, START, push_day, session_logs

PLUS_TWO = timezone(timedelta(hours=2))

#: What each set must read back as: (exercise, kind, reps, weight, seconds, rpe).
Row = tuple[str, SetKind, int | None, float | None, float | None, float | None]


def _kind(r: StepRecord) -> SetKind:
    if r.kind is StepKind.WARMUP_SET:
        return SetKind.WARMUP
    return {"drop": SetKind.DROP, "failure": SetKind.FAILURE}.get(r.set_type or "", SetKind.NORMAL)


def _weight(r: StepRecord, log: LogData, unit: Unit) -> float | None:
    logged = r.unit or log.unit
    if r.weight is None or convert_weight(r.weight, logged, unit) == 0:
        return None  # bodyweight: an import reads an empty or 0 weight as bodyweight
    if logged is unit:
        return r.weight
    return r.weight * (KG_PER_LB if unit is Unit.KG else 1 / KG_PER_LB)


def expected(log: LogData, unit: Unit) -> list[Row]:
    """The done sets of ``log``, each exercise's together, as an import must read them
    (a set with neither reps nor seconds reads as an empty set, and is skipped)."""
    by_exercise: dict[str, list[Row]] = {}
    for r in log.records:
        if not r.is_set or not r.performed:
            continue
        timed = r.planned is not None
        exercise = r.exercise or r.name
        rows = by_exercise.setdefault(exercise, [])  # in the order first done
        if not (int(r.actual + 0.5) if timed else r.reps):
            continue  # no reps, no time: an empty set to both apps, which an import skips
        rows.append(
            (
                exercise,
                _kind(r),
                None if timed else r.reps,
                _weight(r, log, unit),
                float(int(r.actual + 0.5)) if timed else None,
                None if r.rpe is None else float(r.rpe),
            )
        )
    return [row for rows in by_exercise.values() for row in rows]


def read_back(workout: ImportedWorkout) -> list[Row]:
    return [(s.exercise, s.kind, s.reps, s.weight, s.seconds, s.rpe) for s in workout.sets]


def same_sets(got: list[Row], want: list[Row]) -> None:
    assert [r[:3] + r[4:] for r in got] == [r[:3] + r[4:] for r in want]
    for g, w in zip(got, want, strict=True):
        if w[3] is None:
            assert g[3] is None
        else:
            assert g[3] == pytest.approx(w[3], abs=0.0051)


@pytest.mark.parametrize("unit", list(Unit))
def test_strong_export_imports_back_whole(unit: Unit) -> None:
    result = parse_bytes(to_strong([push_day()], unit).encode(), "s.csv", unit=unit, tz=PLUS_TWO)
    assert result.source is Source.STRONG and not result.bad and not result.skipped
    [workout] = result.workouts
    assert workout.name == 'Push, "heavy"'
    assert workout.started == START
    assert workout.ended == START + timedelta(minutes=65)
    assert workout.notes == "Felt good\nslept well"
    assert workout.sets[0].notes == "Pause at the bottom\nelbows in"
    same_sets(read_back(workout), expected(push_day(), unit))


@pytest.mark.parametrize("unit", list(Unit))
def test_hevy_export_imports_back_whole(unit: Unit) -> None:
    result = parse_bytes(to_hevy([push_day()], unit).encode(), "h.csv", tz=PLUS_TWO)
    assert result.source is Source.HEVY and not result.bad and not result.skipped
    [workout] = result.workouts
    assert workout.name == 'Push, "heavy"'
    assert workout.started == START.replace(second=0)  # Hevy keeps minutes
    assert workout.notes == "Felt good\nslept well"
    assert workout.sets[0].notes == "Pause at the bottom\nelbows in"
    assert [s.superset for s in workout.sets if s.exercise in ("Pull-up", "Dips")] == ["0"] * 3
    same_sets(read_back(workout), expected(push_day(), unit))


@pytest.mark.parametrize(("fmt", "unit"), [("strong", "kg"), ("strong", "lb"), ("hevy", "lb")])
def test_importing_our_own_export_adds_nothing(
    fmt: str, unit: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "sessions"
    logs.mkdir()
    write_log(push_day(), logs / "2026-05-03T07-48-12_push.toml")
    exported = tmp_path / f"{fmt}.csv"
    assert (
        main(
            ["export", "--format", fmt, "--unit", unit, "--log-dir", str(logs)]
            + [
                "-o",
                str(exported),
            ]
        )
        == 0
    )
    before = sorted(p.name for p in logs.glob("*.toml"))
    assert main(["import", str(exported), "--unit", unit, "--log-dir", str(logs)]) == 0
    assert "0 new, 1 already imported" in capsys.readouterr().out
    assert sorted(p.name for p in logs.glob("*.toml")) == before


def _with_sets(logs: list[LogData], unit: Unit) -> list[LogData]:
    """The logs with a set an import reads (one of only empty sets is skipped)."""
    return [log for log in logs if expected(log, unit)]


def _wall(log: LogData, *, seconds: bool = True) -> object:
    wall = log.started.replace(tzinfo=None, microsecond=0)
    return wall if seconds else wall.replace(second=0)


@EXAMPLES
@given(session_logs(), st.sampled_from(list(Unit)))
def test_strong_export_of_random_logs_imports_as_the_same_sets(
    logs: list[LogData], unit: Unit
) -> None:
    logs, text = _with_sets(logs, unit), to_strong(logs, unit)
    assume(logs)  # else "No sets in the file" (tested by the importers' own tests)
    result = parse_bytes(text.encode(), "s.csv", unit=unit, tz=UTC)
    assert not result.bad
    assert len(result.workouts) == len(logs)
    for log, workout in zip(logs, result.workouts, strict=True):
        assert workout.name == log.routine_name
        assert workout.started.replace(tzinfo=None) == _wall(log)  # the wall time, as logged
        assert workout.notes == log.notes.strip()
        same_sets(read_back(workout), expected(log, unit))


@EXAMPLES
@given(session_logs(), st.sampled_from(list(Unit)))
def test_hevy_export_of_random_logs_imports_as_the_same_sets(
    logs: list[LogData], unit: Unit
) -> None:
    logs, text = _with_sets(logs, unit), to_hevy(logs, unit)
    assume(logs)
    result = parse_bytes(text.encode(), "h.csv", tz=UTC)
    assert not result.bad
    assert len(result.workouts) == len(logs)
    for log, workout in zip(logs, result.workouts, strict=True):
        assert workout.name == log.routine_name
        assert workout.started.replace(tzinfo=None) == _wall(log, seconds=False)
        assert workout.notes == log.notes.strip()
        same_sets(read_back(workout), expected(log, unit))
