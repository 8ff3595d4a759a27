"""Imported workouts as session logs (backtimer.logs.imports.writer) and past imports
(ledger): logs every reader takes, matched so that importing twice adds nothing."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.engine import Outcome, Status, StepKind
from backtimer.logs import (
    ExportFormat,
    LogData,
    LogInUse,
    LogLock,
    load_history,
    load_memory,
    read_all,
    read_log,
    write_log,
)
from backtimer.logs.export import export
from backtimer.logs.history import INDEX_NAME
from backtimer.logs.imports import ImportedSet, ImportedWorkout, ParseResult, SetKind, Source
from backtimer.logs.imports.ledger import (
    LEDGER_NAME,
    UnknownImport,
    new_import_id,
    past_imports,
    record_import,
    undo_import,
)
from backtimer.logs.imports.writer import (
    MAX_REST,
    REP_SET_SECONDS,
    REST_SECONDS,
    Existing,
    WriteFailed,
    plan_import,
    to_log,
    write_import,
)
from backtimer.routine import Unit
from tests.conftest import DATA

TZ = timezone(timedelta(hours=1))
START = datetime(2025, 9, 15, 7, 48, 12, tzinfo=TZ)


def workout(
    name: str = "Push day",
    started: datetime = START,
    minutes: float | None = 60,
    source: Source = Source.STRONG,
    sets: list[ImportedSet] | None = None,
    notes: str = "",
) -> ImportedWorkout:
    ended = started + timedelta(minutes=minutes) if minutes is not None else None
    if sets is None:
        sets = [
            ImportedSet("Bench Press (Barbell)", SetKind.WARMUP, 10, 40.0, Unit.KG, line=2),
            ImportedSet("Bench Press (Barbell)", reps=5, weight=80.0, unit=Unit.KG, rpe=8.5),
            ImportedSet("Bench Press (Barbell)", reps=5, weight=80.0, unit=Unit.KG, notes="Hard"),
            ImportedSet("Bench Press (Barbell)", SetKind.DROP, 8, 60.0, Unit.KG, notes="Hard"),
            ImportedSet("Plank", seconds=62.4),
            ImportedSet("Pull Up", SetKind.FAILURE, reps=7, superset="1"),
            ImportedSet("Dip", reps=10, superset="1", distance=0.5, distance_unit="km"),
        ]
    return ImportedWorkout(source, name, started, sets, ended=ended, notes=notes)


def test_a_workout_is_one_completed_log_of_done_entered_sets() -> None:
    log = to_log(workout(notes="Felt good"), aliases={}, import_id="20261204-164012")
    assert log.routine_name == "Push day"
    assert log.status is Status.COMPLETED
    assert log.started == START.replace(microsecond=0)
    assert log.ended == START + timedelta(minutes=60)
    assert log.active_seconds == 3600.0 and log.paused_seconds == 0.0
    assert (log.source, log.import_id) == ("strong", "20261204-164012")
    assert log.source_key == "strong|2025-09-15T07:48:12|Push day"
    assert log.notes == "Felt good"
    assert log.unit is Unit.KG
    records = log.records
    assert [r.kind for r in records] == [StepKind.WARMUP_SET] + [StepKind.SET] * 6
    assert all(r.outcome is Outcome.DONE and r.entered for r in records)
    bench = [r for r in records if r.exercise == "Bench Press (Barbell)"]
    assert [(r.set_number, r.set_count) for r in bench] == [(1, 1), (1, 3), (2, 3), (3, 3)]
    assert [r.set_type for r in bench] == [None, None, None, "drop"]
    assert bench[1].rpe == 8.5 and bench[1].weight == 80.0 and bench[1].unit is Unit.KG
    assert bench[1].planned is None  # a rep set
    plank = records[4]
    assert (plank.planned, plank.actual, plank.reps) == (62, 62.4, None)
    pull, dip = records[5], records[6]
    assert (pull.set_type, pull.group, pull.weight, pull.unit) == ("failure", "1", None, None)
    assert dip.group == "1"
    assert log.exercise_notes == {"Bench Press (Barbell)": "Hard", "Dip": "Distance: 0.5 km"}


def test_set_times_stay_inside_the_workout_in_order() -> None:
    log = to_log(workout(), aliases={}, import_id="x")
    assert log.ended is not None
    last = log.started
    for r in log.records:
        assert last <= r.started <= r.ended <= log.ended
        last = r.ended
    # a rep set takes its usual length; the workout's spare time is rest between sets
    first = log.records[0]
    assert (first.ended - first.started).total_seconds() == REP_SET_SECONDS
    gap = (log.records[1].started - first.ended).total_seconds()
    assert 0 < gap <= MAX_REST


def test_a_short_workout_squeezes_its_sets_and_a_long_one_caps_the_rests() -> None:
    short = to_log(workout(minutes=1), aliases={}, import_id="x")
    assert short.ended == START + timedelta(minutes=1)
    assert all(START <= r.started <= r.ended <= short.ended for r in short.records)
    long = to_log(workout(minutes=48 * 60), aliases={}, import_id="x")
    gaps = [
        (b.started - a.ended).total_seconds()
        for a, b in zip(long.records, long.records[1:], strict=False)
    ]
    assert max(gaps) <= MAX_REST
    assert long.ended == START + timedelta(hours=48)


def test_no_end_or_an_end_before_the_start_is_estimated_from_the_sets() -> None:
    sets = [ImportedSet("Squat", reps=5, weight=100.0, unit=Unit.KG)] * 3
    log = to_log(workout(minutes=None, sets=sets), aliases={}, import_id="x")
    expected = 3 * REP_SET_SECONDS + 2 * REST_SECONDS
    assert log.ended == START + timedelta(seconds=expected)
    backwards = to_log(workout(minutes=-30, sets=sets), aliases={}, import_id="x")
    assert backwards.ended == log.ended


def test_a_rest_timer_spaces_the_sets() -> None:
    sets = [
        ImportedSet("Squat", reps=5, weight=100.0, unit=Unit.KG, rest_after=180),
        ImportedSet("Squat", reps=5, weight=100.0, unit=Unit.KG),
    ]
    log = to_log(workout(minutes=None, sets=sets), aliases={}, import_id="x")
    first, second = log.records
    assert (second.started - first.ended).total_seconds() == 180
    assert all(r.kind is not StepKind.REST for r in log.records)


def test_aliases_match_any_case_and_spacing() -> None:
    aliases = {"bench press  (BARBELL)": "Bench press", "Pull Up": "Pull-up"}
    log = to_log(workout(), aliases=aliases, import_id="x")
    names = [r.exercise for r in log.records]
    assert names[:4] == ["Bench press"] * 4
    assert "Pull-up" in names and all(r.name == r.exercise for r in log.records)
    assert "Bench press" in log.exercise_notes


def test_the_log_unit_is_that_of_its_weighted_sets() -> None:
    sets = [
        ImportedSet("Squat", reps=5, weight=225.0, unit=Unit.LB),
        ImportedSet("Pull Up", reps=8),
    ]
    log = to_log(workout(sets=sets), aliases={}, import_id="x")
    assert log.unit is Unit.LB
    assert log.records[0].unit is Unit.LB and log.records[1].unit is None
    bodyweight = to_log(workout(sets=[ImportedSet("Pull Up", reps=8)]), aliases={}, import_id="x")
    assert bodyweight.unit is Unit.KG


def test_an_rpe_the_log_cannot_hold_is_dropped() -> None:
    sets = [
        ImportedSet("Squat", reps=5, rpe=9.5),
        ImportedSet("Squat", reps=5, rpe=11.0),
        ImportedSet("Squat", reps=5, rpe=float("nan")),
        ImportedSet("Squat", reps=5, rpe=7),
    ]
    log = to_log(workout(sets=sets), aliases={}, import_id="x")
    assert [r.rpe for r in log.records] == [9.5, None, None, 7]


def test_set_notes_are_joined_once_each() -> None:
    sets = [
        ImportedSet("Squat", reps=5, notes="Belt\non"),
        ImportedSet("Squat", reps=5, notes="Belt\non"),
        ImportedSet("Squat", reps=5, notes="  Knees out "),
    ]
    log = to_log(workout(sets=sets), aliases={}, import_id="x")
    assert log.exercise_notes == {"Squat": "Belt\non\nKnees out"}


def test_it_round_trips_and_every_reader_takes_it(tmp_path: Path) -> None:
    log = to_log(workout(notes="Line one\nline two"), aliases={}, import_id="20261204-164012")
    path = tmp_path / "a.toml"
    write_log(log, path)
    assert read_log(path) == log
    history = load_history(tmp_path)
    (row,) = history.rows
    assert (row.routine, row.sets, row.source, row.import_id) == (
        "Push day",
        7,
        "strong",
        log.import_id,
    )
    assert row.source_key == log.source_key
    assert "Bench Press (Barbell)" in row.exercises
    text = export(read_all(tmp_path).logs, ExportFormat.STRONG)
    assert text.count("Bench Press (Barbell)") == 4
    memory = load_memory(tmp_path)
    (past,) = memory.of("bench press (barbell)")
    assert past.imported is True and len(past.sets) == 4
    assert past.sets[0].warmup


# -- matching ------------------------------------------------------------------------


def test_a_logged_workout_is_known_by_its_key_or_by_its_wall_time_and_name(
    tmp_path: Path,
) -> None:
    shutil.copytree(DATA / "logs", tmp_path / "logs")
    rows = load_history(tmp_path / "logs").rows
    existing = Existing.of(rows)
    native = read_log(tmp_path / "logs" / "2026-11-24T18-02-00_back-strength.toml")
    # the same session exported (wall time, no offset) and read back in another timezone
    wall = native.started.replace(tzinfo=None)
    elsewhere = wall.replace(second=0).replace(tzinfo=timezone(timedelta(hours=-7)))
    again = workout(name="back STRENGTH", started=elsewhere)
    assert existing.has(again)
    assert not existing.has(workout(name="Back strength", started=elsewhere + timedelta(minutes=1)))
    assert not existing.has(workout(name="Back strength 2", started=elsewhere))


def test_the_same_app_is_matched_by_its_key_only() -> None:
    first = workout()
    existing = Existing()
    log = to_log(first, aliases={}, import_id="x")
    existing.add(log.started, log.routine_name, log.source, log.source_key)
    assert existing.has(workout())
    # another Strong workout of the same name in the same minute is another workout
    assert not existing.has(workout(started=START + timedelta(seconds=30)))
    # but the same start and name from Hevy is the same workout, exported and read back
    assert existing.has(workout(source=Source.HEVY, started=START.replace(second=0)))


def result(*workouts: ImportedWorkout) -> ParseResult:
    return ParseResult(Source.STRONG, "strong 12 columns", list(workouts), rows=10)


def test_a_plan_leaves_out_what_is_logged_and_repeats_within_the_files(tmp_path: Path) -> None:
    a, b = workout(), workout(name="Pull day", started=START + timedelta(days=2))
    plans = plan_import(
        [(tmp_path / "one.csv", result(a, b)), (tmp_path / "two.csv", result(a))],
        Existing(),
        aliases={},
        import_id="x",
    )
    assert [(len(p.new), p.already) for p in plans] == [(2, 0), (0, 1)]
    assert plans[0].new_sets == 14
    empty = plan_import(
        [(tmp_path / "e.csv", result(workout(sets=[])))], Existing(), aliases={}, import_id="x"
    )
    assert (len(empty[0].new), empty[0].empty) == (0, 1)


def test_nonsense_numbers_are_a_bad_row_not_a_log(tmp_path: Path) -> None:
    huge = workout(sets=[ImportedSet("Squat", reps=10**9, weight=1e12, unit=Unit.KG, line=7)])
    huge.line = 7
    (plan,) = plan_import(
        [(tmp_path / "x.csv", result(huge))], Existing(), aliases={}, import_id="x"
    )
    assert plan.new == [] and plan.too_large[0][0] == 7


# -- writing -------------------------------------------------------------------------


def test_logs_get_free_names_and_never_replace_one(tmp_path: Path) -> None:
    log = to_log(workout(), aliases={}, import_id="x")
    other = to_log(workout(notes="other"), aliases={}, import_id="x")
    taken = tmp_path / "2025-09-15T07-48-12_push-day.toml"
    taken.write_text("not mine")
    written = write_import([log, other], tmp_path)
    assert sorted(written) == [
        "2025-09-15T07-48-12_push-day-2.toml",
        "2025-09-15T07-48-12_push-day-3.toml",
    ]
    assert taken.read_text() == "not mine"
    assert read_log(tmp_path / "2025-09-15T07-48-12_push-day-3.toml").notes == "other"
    assert not list(tmp_path.glob(".*.lock"))


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    logs = [
        to_log(workout(started=START + timedelta(days=d)), aliases={}, import_id="x")
        for d in range(5)
    ]
    real = write_log
    calls = 0

    def failing(log: LogData, path: Path) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise OSError(28, "No space left on device")
        real(log, path)

    monkeypatch.setattr("backtimer.logs.imports.writer.write_log", failing)
    with pytest.raises(WriteFailed, match="No space"):
        write_import(logs, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_index_takes_the_written_logs_without_reading_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backtimer.logs import history

    written = write_import([to_log(workout(), aliases={}, import_id="x")], tmp_path)

    def no_read(path: Path) -> object:
        raise AssertionError(f"parsed {path}")

    monkeypatch.setattr(history, "_summary", no_read)
    (row,) = load_history(tmp_path, fresh=written).rows
    assert row.import_id == "x"
    assert json.loads((tmp_path / INDEX_NAME).read_bytes())["version"] == 3


# -- past imports ----------------------------------------------------------------------


def test_import_ids_sort_by_time_and_never_repeat() -> None:
    now = datetime(2026, 12, 4, 16, 40, 12, tzinfo=TZ)
    assert new_import_id(now, []) == "20261204-164012"
    assert new_import_id(now, ["20261204-164012"]) == "20261204-164012-002"
    taken = ["20261204-164012", *(f"20261204-164012-{n:03d}" for n in range(2, 11))]
    assert new_import_id(now, taken) == "20261204-164012-011"
    assert sorted([*taken, "20261204-164012-011"]) == [*taken, "20261204-164012-011"]


def imported(tmp_path: Path, import_id: str, days: range) -> dict[str, object]:
    logs = [
        to_log(workout(started=START + timedelta(days=d)), aliases={}, import_id=import_id)
        for d in days
    ]
    return dict(write_import(logs, tmp_path))


def test_past_imports_are_listed_from_the_logs_and_the_ledger(tmp_path: Path) -> None:
    imported(tmp_path, "20261201-100000", range(3))
    imported(tmp_path, "20261202-100000", range(3, 5))
    record_import(tmp_path, "20261202-100000", datetime(2026, 12, 2, 10, tzinfo=TZ), ["s.csv"], 2)
    first, second = past_imports(load_history(tmp_path).rows, tmp_path)
    assert (first.id, first.sessions, first.files, first.sources) == (
        "20261201-100000",
        3,
        [],
        ["strong"],
    )
    assert first.when is not None and first.when.hour == 10  # from the id
    assert (second.sessions, second.files) == (2, ["s.csv"])
    assert second.first is not None and second.first.date() == (START + timedelta(days=3)).date()


def test_undo_removes_exactly_its_logs(tmp_path: Path) -> None:
    shutil.copytree(DATA / "logs", tmp_path, dirs_exist_ok=True)
    before = sorted(p.name for p in tmp_path.glob("*.toml"))
    imported(tmp_path, "20261201-100000", range(3))
    mine = imported(tmp_path, "20261202-100000", range(3, 5))
    record_import(tmp_path, "20261202-100000", datetime.now(TZ), ["s.csv"], 2)
    removed = undo_import("20261202-100000", load_history(tmp_path).rows, tmp_path)
    assert sorted(removed) == sorted(mine)
    left = sorted(p.name for p in tmp_path.glob("*.toml"))
    assert len(left) == len(before) + 3
    assert "20261202-100000" not in (tmp_path / LEDGER_NAME).read_text()


def test_undo_of_an_unknown_id_lists_the_known_ones(tmp_path: Path) -> None:
    imported(tmp_path, "20261201-100000", range(1))
    with pytest.raises(UnknownImport, match="20261201-100000") as info:
        undo_import("nope", load_history(tmp_path).rows, tmp_path)
    assert info.value.exit_code == 2


def test_undo_refuses_a_log_a_running_session_owns(tmp_path: Path) -> None:
    names = imported(tmp_path, "20261201-100000", range(2))
    lock = LogLock.acquire(tmp_path / sorted(names)[1])
    try:
        with pytest.raises(LogInUse):
            undo_import("20261201-100000", load_history(tmp_path).rows, tmp_path)
    finally:
        lock.release(remove=False)
    assert len(list(tmp_path.glob("*.toml"))) == 2


# -- any workout ------------------------------------------------------------------------

seconds = st.one_of(st.none(), st.floats(0, 4000, allow_nan=False))
any_set = st.builds(
    ImportedSet,
    exercise=st.sampled_from(["Squat", "squat ", "Pull Up", "Plank", "Row"]),
    kind=st.sampled_from(list(SetKind)),
    reps=st.one_of(st.none(), st.integers(0, 100)),
    weight=st.one_of(st.none(), st.floats(0.5, 500, allow_nan=False)),
    unit=st.sampled_from([Unit.KG, Unit.LB]),
    seconds=seconds,
    rpe=st.one_of(st.none(), st.sampled_from([6, 7.5, 8, 9.5, 10, 12])),
    notes=st.one_of(st.none(), st.text(max_size=20)),
    superset=st.one_of(st.none(), st.sampled_from(["0", "1"])),
    rest_after=seconds,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sets=st.lists(any_set, min_size=1, max_size=12),
    minutes=st.one_of(st.none(), st.floats(-60, 72 * 60, allow_nan=False)),
    offset=st.integers(-12 * 60, 14 * 60),
)
def test_any_workout_is_a_log_that_reads_back_with_its_sets_in_order(
    tmp_path: Path, sets: list[ImportedSet], minutes: float | None, offset: int
) -> None:
    tz = timezone(timedelta(minutes=offset))
    w = workout(started=START.astimezone(tz), minutes=minutes, sets=sets)
    log = to_log(w, aliases={}, import_id="x")
    assert len(log.records) == len(sets)
    assert log.ended is not None and log.ended >= log.started
    last = log.started
    for r, s in zip(log.records, sets, strict=True):
        assert last <= r.started <= r.ended <= log.ended
        last = r.ended
        assert (r.reps, r.weight) == (s.reps, s.weight)
        assert r.kind is (StepKind.WARMUP_SET if s.kind is SetKind.WARMUP else StepKind.SET)
    path = tmp_path / "any.toml"
    write_log(log, path)
    assert read_log(path) == log
