"""Issue 15: every export shape imports from a real-looking fixture with the right counts.

Each fixture under ``tests/data/imports/`` is small and written after real exports
(headers checked against published files); each test pins the workouts, sets, skipped
rows, units and a few values the import must produce.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from backtimer.logs.imports import (
    KNOWN_SHAPES,
    ImportedWorkout,
    ParseResult,
    SetKind,
    Source,
    parse_bytes,
    parse_file,
)
from backtimer.routine import Unit
from tests.conftest import DATA

FIXTURES = DATA / "imports"
PARIS = ZoneInfo("Europe/Paris")


def parse(
    name: str, *, source: Source | None = None, unit: Unit = Unit.KG, tz: tzinfo = UTC
) -> ParseResult:
    return parse_file(FIXTURES / name, source=source, unit=unit, tz=tz)


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def by_name(result: ParseResult, name: str) -> ImportedWorkout:
    (found,) = [w for w in result.workouts if w.name == name]
    return found


def test_every_fixture_is_detected_without_from() -> None:
    expected = {
        "strong_classic.csv": Source.STRONG,
        "strong_10col.csv": Source.STRONG,
        "strong_older.csv": Source.STRONG,
        "strong_2019.csv": Source.STRONG,
        "strong_2025.csv": Source.STRONG,
        "strong_french.csv": Source.STRONG,
        "hevy_kg.csv": Source.HEVY,
        "hevy_lbs.csv": Source.HEVY,
        "fitnotes_kgs.csv": Source.FITNOTES,
        "fitnotes_units.csv": Source.FITNOTES,
        "stronglifts.csv": Source.STRONGLIFTS,
    }
    assert sorted(p.name for p in FIXTURES.glob("*.csv")) == sorted(expected)
    for name, source in expected.items():
        result = parse(name)
        assert result.source is source, name
        assert parse(name, source=source).sets == result.sets
        for w in result.workouts:
            assert w.started.tzinfo is not None and w.source is source
            assert w.ended is None or w.ended.tzinfo is not None
            assert w.ended is None or w.ended >= w.started
            assert all(s.exercise == s.exercise.strip() and s.line >= 2 for s in w.sets)
        starts = [w.started for w in result.workouts]
        assert starts == sorted(starts)
        assert len({w.key for w in result.workouts}) == len(result.workouts)


def test_known_shapes_name_each_app() -> None:
    assert [shape.split(":")[0] for shape in KNOWN_SHAPES] == [
        "Strong",
        "Hevy",
        "FitNotes",
        "StrongLifts 5x5",
    ]


# -- Strong ------------------------------------------------------------------------


def test_strong_classic_12_columns() -> None:
    r = parse("strong_classic.csv")
    assert r.shape == "strong 12 columns"
    assert (r.rows, len(r.workouts), r.sets) == (17, 3, 11)
    assert r.skipped == {
        "rest timer row": 4,
        "note row": 1,
        "empty set (no reps, time or distance)": 1,
    }
    assert r.bad == []
    assert r.assumed_unit is Unit.KG

    push = by_name(r, "Push Day")
    assert push.line == 2 and push.notes == "Felt strong"
    assert push.started == at(2024, 3, 5, 18, 4, 12)
    assert push.ended == at(2024, 3, 5, 19, 12, 12)  # 1h 8m
    kinds = [s.kind for s in push.sets]
    assert kinds == [
        SetKind.WARMUP,
        SetKind.NORMAL,
        SetKind.NORMAL,
        SetKind.DROP,
        SetKind.NORMAL,
        SetKind.FAILURE,
        SetKind.NORMAL,
    ]
    warmup, first, second, drop, dip, dip_f, plank = push.sets
    assert (warmup.reps, warmup.weight, warmup.unit) == (10, 40.0, Unit.KG)
    assert warmup.notes == "Elbows in"  # the Note row, on the exercise's first set
    assert warmup.rest_after == 90.0  # the Rest Timer row after it
    assert first.weight == 75.0  # 74.99999999999999
    assert first.reps == 5 and first.rpe == 8.5
    assert first.notes == "Paused reps\nsecond line" and first.line == 5
    assert first.rest_after == 180.0
    assert second.rpe == 9 and second.rest_after is None and second.line == 8
    assert (drop.reps, drop.weight) == (12, 50.0)
    assert dip.exercise == "Triceps Dip" and dip.weight is None and dip.unit is None
    assert (dip.reps, dip_f.reps) == (12, 8)
    assert plank.reps is None and plank.seconds == 60.0

    cardio = by_name(r, "Cardio")
    (run,) = cardio.sets
    assert (run.distance, run.distance_unit, run.seconds, run.reps) == (5.2, "km", 1800.0, None)
    assert cardio.ended == cardio.started + timedelta(minutes=35)

    legs = by_name(r, "Legs")
    assert [s.rest_after for s in legs.sets] == [120.0, 120.0, None]
    assert legs.ended == legs.started + timedelta(seconds=120 + 120 + 45)
    assert legs.remarks == [
        "duration 264h 1m looks left running: used the time of its sets and rests (4m45s)"
    ]


def test_strong_12_columns_in_pounds_when_told() -> None:
    r = parse("strong_classic.csv", unit=Unit.LB)
    assert r.assumed_unit is Unit.LB
    first = by_name(r, "Push Day").sets[1]
    assert (first.weight, first.unit) == (75.0, Unit.LB)
    assert by_name(r, "Cardio").sets[0].distance_unit == "mi"


def test_strong_10_columns_collects_bad_rows_and_goes_on() -> None:
    r = parse("strong_10col.csv")  # CRLF line ends
    assert r.shape == "strong 10 columns"
    assert (r.rows, len(r.workouts), r.sets) == (8, 2, 6)
    assert r.bad == [
        (4, "reps 'abc' is not a number"),
        (7, "date 'yesterday' is not a date like 2024-03-05 18:04:12"),
    ]
    assert r.assumed_unit is Unit.KG
    pull = by_name(r, "Pull")
    assert pull.ended == pull.started + timedelta(minutes=35)  # "35min"
    assert [s.weight for s in pull.sets] == [142.5, 142.5, None, None]  # empty and 0: bodyweight
    assert [s.reps for s in pull.sets] == [3, 3, 8, 7]
    evening = by_name(r, "Evening")
    assert evening.ended == evening.started + timedelta(seconds=2700)  # plain seconds


def test_strong_older_without_duration_or_rpe() -> None:
    r = parse("strong_older.csv")
    assert r.shape == "strong older 10 columns (no Duration, no RPE)"
    assert (len(r.workouts), r.sets, r.assumed_unit) == (1, 3, Unit.KG)
    (w,) = r.workouts
    assert w.ended is None and w.remarks == []
    assert [s.exercise for s in w.sets] == ["Squat (Barbell)"] * 2 + ["Overhead Press (Barbell)"]


def test_strong_2019_semicolons_with_unit_columns() -> None:
    r = parse("strong_2019.csv")
    assert r.shape == "strong with Weight Unit column (2019, ;-separated)"
    assert (len(r.workouts), r.sets, r.assumed_unit) == (3, 5, None)
    bike, afternoon, upper = r.workouts  # oldest first, though last in the file
    assert bike.name == "Indoor Bike" and bike.line == 6
    (ride,) = bike.sets
    assert (ride.distance, ride.distance_unit, ride.seconds) == (2.4, "mi", 2100.0)
    curl, deadlift = afternoon.sets
    assert (curl.weight, curl.unit) == (10.0, Unit.KG)
    assert (deadlift.weight, deadlift.rpe) == (102.5, 8.0)  # "102,5"
    assert afternoon.ended == afternoon.started + timedelta(minutes=53)
    bench, pullup = upper.sets
    assert (bench.weight, bench.unit, bench.reps) == (225.0, Unit.LB, 5)
    assert pullup.weight is None and pullup.reps == 10
    assert upper.notes == "Strong day"


def test_strong_2025_quoted_semicolons_with_workout_number() -> None:
    r = parse("strong_2025.csv")
    assert r.shape == "strong with Workout # (2025, ;-separated)"
    assert (r.rows, len(r.workouts), r.sets) == (6, 2, 4)
    assert r.skipped == {"note row": 1, "rest timer row": 1}
    assert r.assumed_unit is None
    push, run = r.workouts
    assert push.ended == push.started + timedelta(seconds=4557)
    warmup, first, failure = push.sets
    assert warmup.kind is SetKind.WARMUP and warmup.notes == "strap\n3rd"
    assert (first.weight, first.unit, first.rpe, first.rest_after) == (32.5, Unit.KG, 8.0, 120.0)
    assert failure.kind is SetKind.FAILURE and failure.rpe == 10
    (running,) = run.sets
    assert (running.distance, running.distance_unit, running.seconds) == (5000.0, "m", 1500.0)
    assert run.notes == "Easy"


def test_strong_2025_in_pounds() -> None:
    data = (
        b'"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";'
        b'"Weight (lbs)";"Reps";"RPE";"Distance (miles)";"Seconds";"Notes";"Workout Notes"\n'
        b'"1";"2026-03-01 09:00:00";"A";"3600";"Squat";"1";"225.0";"5";"";"";"";"";""\n'
    )
    r = parse_bytes(data, "strong.csv", tz=UTC)
    assert r.assumed_unit is None
    assert (r.workouts[0].sets[0].weight, r.workouts[0].sets[0].unit) == (225.0, Unit.LB)


def test_strong_2018_and_2019_without_rpe_or_duration() -> None:
    oldest = (
        "Date;Workout Name;Exercise Name;Set Order;lbs;Reps;mi.;Seconds;Notes;Workout Notes\n"
        '2018-02-03 17:03:17;"A";"Squat (Barbell)";1;135;5;;0;"";""\n'
        '2018-02-03 17:03:17;"A";"Cycling (Indoor)";1;;;2.4;2100;"";""\n'
    )
    r = parse_bytes(oldest.encode(), "export_0.csv", tz=UTC)
    assert r.shape == "strong with the unit in the header" and r.assumed_unit is None
    squat, bike = r.workouts[0].sets
    assert (squat.weight, squat.unit) == (135.0, Unit.LB)
    assert (bike.distance, bike.distance_unit, bike.seconds) == (2.4, "mi", 2100.0)
    legacy = (
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;Distance;"
        "Distance Unit;Seconds;Notes;Workout Notes\n"
        '2019-01-20 17:03:17;"Indoor Bike";"Cycling (Indoor)";1;;;;2.4;mi.;2100;"";""\n'
        '2019-01-21 18:00:00;"Legs";"Squat (Barbell)";1;60;kg;5;;;0;"";""\n'
    )
    r = parse_bytes(legacy.encode(), "export.csv", tz=UTC)
    assert r.shape == "strong with Weight Unit column (2019, ;-separated)"
    assert [w.ended for w in r.workouts] == [None, None]
    assert r.workouts[1].sets[0].unit is Unit.KG


def test_strong_french_headers_and_rest_timers() -> None:
    r = parse("strong_french.csv")
    assert r.shape == "strong 12 columns, French headers"
    assert (r.rows, len(r.workouts), r.sets) == (11, 3, 6)
    assert r.skipped == {"rest timer row": 5}  # "Minuteur de repos"
    assert r.assumed_unit is Unit.KG
    soir, jambes, stretch = r.workouts
    assert soir.name == "Entraînement du soir"
    assert soir.ended == soir.started + timedelta(hours=1, minutes=39)
    assert [(s.reps, s.weight, s.rest_after) for s in soir.sets] == [
        (15, 14.0, 120.0),
        (11, 20.0, 120.0),
    ]
    assert jambes.ended == jambes.started + timedelta(seconds=5 + 120 + 120)
    assert jambes.remarks[0].startswith("duration 21h 30min looks left running")
    assert stretch.name == "Échauffement / Étirements"
    talon, etirement = stretch.sets
    assert (talon.reps, talon.weight) == (20, None)
    assert (etirement.exercise, etirement.seconds, etirement.rest_after) == (
        "Étirement",
        10.0,
        30.0,
    )


def test_strong_left_running_with_no_timed_sets_has_no_end() -> None:
    data = (
        b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        b"Notes,Workout Notes,RPE\n"
        b'2025-06-03 20:23:00,"Evening Workout",264h 1m,"Curl",1,10,10,0,0,,,\n'
    )
    (w,) = parse_bytes(data, "s.csv", tz=UTC).workouts
    assert w.ended is None
    assert w.remarks == ["duration 264h 1m looks left running: its end is left unknown"]


def test_strong_unknown_set_order_is_read_by_what_it_holds() -> None:
    header = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds\n"
    rows = [
        "2025-01-01 10:00:00,A,1h,Row,1,50,10,0,0",
        "2025-01-01 10:00:00,A,1h,Row,Pausentimer,0,0,0,90",  # a rest timer, another language
        "2025-01-01 10:00:00,A,1h,Row,X,50,8,0,0",  # holds reps: a set
    ]
    r = parse_bytes((header + "\n".join(rows)).encode(), "s.csv", tz=UTC)
    (w,) = r.workouts
    assert [s.reps for s in w.sets] == [10, 8]
    assert w.sets[0].rest_after == 90
    assert r.skipped == {"rest timer row": 1}
    assert "Set Order 'Pausentimer' is not known: read as a rest timer" in w.remarks


# -- Hevy --------------------------------------------------------------------------


def test_hevy_kg() -> None:
    r = parse("hevy_kg.csv")
    assert r.shape == "hevy (kg)"
    assert (r.rows, len(r.workouts), r.sets) == (9, 2, 8)
    assert r.skipped == {"empty set (no reps, time or distance)": 1}
    assert r.assumed_unit is None
    push, legs = r.workouts
    assert push.started == at(2025, 9, 5, 7, 48)  # "5 Sep 2025, 07:48": the day not padded
    assert push.ended == at(2025, 9, 5, 8, 55)
    assert push.notes == "Chest day\nGood pump"  # "\n" in the file is a line end
    warmup, normal, failure, fly, pushup, plank = push.sets
    assert [s.kind for s in push.sets] == [
        SetKind.WARMUP,
        SetKind.NORMAL,
        SetKind.FAILURE,
        SetKind.NORMAL,
        SetKind.DROP,
        SetKind.NORMAL,
    ]
    assert warmup.notes == "Pause at chest\nFeet flat"  # the exercise's notes, once
    assert normal.notes is None and failure.notes is None
    assert (normal.weight, normal.unit, normal.reps, normal.rpe) == (80.0, Unit.KG, 8, 9.5)
    assert failure.rpe == 10
    assert (fly.superset, pushup.superset, plank.superset) == ("0", "0", None)
    assert pushup.weight is None and pushup.unit is None and pushup.reps == 15  # bodyweight
    assert plank.seconds == 60 and plank.reps is None
    squat, running = legs.sets
    assert squat.weight == 100.0  # 100.00000000000001
    assert (running.distance, running.distance_unit, running.seconds) == (2.5, "km", 900.0)
    assert legs.started == at(2025, 9, 15, 18, 2)


def test_hevy_lbs_with_12_hour_dates() -> None:
    r = parse("hevy_lbs.csv")
    assert r.shape == "hevy (lb)"
    assert (len(r.workouts), r.sets, r.skipped) == (3, 5, {})
    upper, morning, night = r.workouts
    assert upper.started == at(2026, 1, 12, 12, 5)  # 12:05 PM
    assert upper.ended == at(2026, 1, 12, 13, 1)
    assert morning.started == at(2026, 7, 5, 10, 21)
    assert night.started == at(2026, 7, 5, 22, 56)  # two workouts on one day stay two
    assert night.ended == at(2026, 7, 5, 23, 40)
    assert [(s.weight, s.unit) for s in morning.sets[:2]] == [(88.18, Unit.LB), (135.0, Unit.LB)]
    assert (morning.sets[2].distance, morning.sets[2].distance_unit) == (1.5, "mi")
    assert night.sets[0].rpe == 8.5


def test_hevy_times_are_local_wall_times_with_each_dates_offset() -> None:
    r = parse("hevy_lbs.csv", tz=PARIS)
    upper, morning, _ = r.workouts
    assert upper.started.utcoffset() == timedelta(hours=1)  # winter
    assert morning.started.utcoffset() == timedelta(hours=2)  # summer
    assert morning.key == "hevy|2026-07-05T10:21:00|Morning"  # the wall time, in any zone
    assert parse("hevy_lbs.csv", tz=timezone(timedelta(hours=-5))).workouts[1].key == morning.key


@pytest.fixture
def berlin() -> Iterator[None]:
    """The machine's zone is Berlin for the test (the C library's TZ), then as it was."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.mark.usefixtures("berlin")
def test_no_zone_given_reads_in_the_machines_zone_per_date() -> None:
    r = parse_file(FIXTURES / "hevy_lbs.csv")
    upper, morning, _ = r.workouts
    assert upper.started.utcoffset() == timedelta(hours=1)
    assert morning.started.utcoffset() == timedelta(hours=2)
    assert morning.started.hour == 10 and morning.started.minute == 21


# -- FitNotes ----------------------------------------------------------------------


def test_fitnotes_weight_kgs() -> None:
    r = parse("fitnotes_kgs.csv")
    assert r.shape == "fitnotes (kg)"
    assert (r.rows, len(r.workouts), r.sets) == (8, 2, 7)
    assert r.skipped == {"cardio row without time or distance": 1}
    assert r.assumed_unit is None
    first, second = r.workouts
    assert first.name == second.name == "FitNotes"
    assert first.started == at(2024, 3, 5, 12, 0) and first.ended is None
    assert first.remarks == ["FitNotes keeps no time of day: started at 12:00"]
    bench, bench2, pullup, plank, rower = first.sets
    assert (bench.weight, bench.unit, bench.reps, bench.notes) == (60.0, Unit.KG, 10, "Warm up")
    assert pullup.weight is None and pullup.reps == 8
    assert (plank.reps, plank.seconds) == (None, 90.0)  # 0:01:30
    assert (rower.distance, rower.distance_unit, rower.seconds) == (2000.0, "m", 485.0)
    cycling, squat = second.sets
    assert (cycling.seconds, cycling.distance, cycling.distance_unit) == (1800.0, 12.0, "km")
    assert (squat.weight, squat.reps, squat.line) == (100.0, 5, 9)


def test_fitnotes_weight_unit_column() -> None:
    r = parse("fitnotes_units.csv")
    assert r.shape == "fitnotes with Weight Unit column"
    assert (len(r.workouts), r.sets, r.assumed_unit) == (2, 3, None)
    bench, curl = r.workouts[0].sets
    assert (bench.weight, bench.unit) == (74.6, Unit.KG)
    assert (curl.weight, curl.unit) == (30.0, Unit.LB)  # the unit is per row
    (plank,) = r.workouts[1].sets
    assert (plank.seconds, plank.notes, plank.weight) == (90.0, "hold", None)


def test_fitnotes_plain_weight_assumes_the_unit_and_local_dates() -> None:
    data = (
        b"Date,Exercise,Category,Weight,Reps,Distance,Distance Unit,Time\n"
        b"23/12/2025,Squat,Legs,100,5,,,\n"
        b"05/01/2026,Squat,Legs,102.5,5,,,\n"
    )
    r = parse_bytes(data, "fn.csv", unit=Unit.LB, tz=UTC)
    assert r.assumed_unit is Unit.LB
    assert [w.started.date().isoformat() for w in r.workouts] == ["2025-12-23", "2026-01-05"]
    assert r.workouts[1].sets[0].unit is Unit.LB


# -- StrongLifts -------------------------------------------------------------------


def test_stronglifts() -> None:
    r = parse("stronglifts.csv")  # a BOM, "×" in the header
    assert r.shape == "stronglifts (5 set columns, kg)"
    assert (r.rows, len(r.workouts), r.sets) == (6, 3, 23)
    assert r.skipped == {"0-rep slot": 2}
    assert r.assumed_unit is None
    a, b, c = r.workouts
    assert (a.name, b.name, c.name) == ("Workout A", "Workout B", "Workout A")
    assert a.started == at(2026, 4, 30, 7, 0) and a.ended == at(2026, 4, 30, 7, 35)
    assert b.started == at(2026, 4, 30, 22, 56) and b.ended == at(2026, 4, 30, 23, 40)
    assert [s.reps for s in a.sets if s.exercise == "Bench Press"] == [5, 5, 5, 4]
    assert {(s.weight, s.unit) for s in a.sets if s.exercise == "Squat"} == {(100.0, Unit.KG)}
    assert b.notes == "Second session"
    deadlift, *chinups = b.sets
    assert (deadlift.reps, deadlift.weight) == (5, 115.0)
    assert [(s.reps, s.weight, s.notes) for s in chinups] == [
        (10, None, "assisted 5 kg"),
        (10, None, "assisted 5 kg"),
        (8, None, "assisted 5 kg"),
    ]
    assert c.started == at(2026, 5, 2, 18, 30) and c.sets[0].weight == 102.5


def test_stronglifts_pounds_past_midnight_and_untimed() -> None:
    header = (
        "Date (yyyy/mm/dd),Workout,Workout Name,Exercise,Duration (hours),Start Time (h:mm),"
        "End Time (h:mm),Notes, Set 1 (Reps), Set 1 (LB), Set 2 (Reps), Set 2 (LB)\n"
    )
    rows = [
        "2026/01/10,7,Workout A,Squat,1.2,11:30 PM,12:40 AM,,5,225,5,225",
        "2026/01/11,8,Workout B,Squat,,,,,5,230,0,230",
        "2026/01/11,9,Workout B,Squat,0.5,,,,5,235,,",
        "2026/01/12,10,Workout A,Squat,0.5,half past six,7:00 PM,,5,240,,",
    ]
    r = parse_bytes((header + "\n".join(rows)).encode(), "sl.csv", tz=UTC)
    late, untimed, untimed2, odd = r.workouts
    assert late.ended == at(2026, 1, 11, 0, 40)  # past midnight: the next day
    assert late.sets[0].unit is Unit.LB and late.sets[0].weight == 225
    assert untimed.started == at(2026, 1, 11, 12, 0)
    assert untimed.remarks == ["no start time in the file: started at 12:00"]
    # Two untimed workouts of one name on one day keep apart (their keys differ).
    assert untimed2.started == at(2026, 1, 11, 12, 0, 1)
    assert untimed2.ended == untimed2.started + timedelta(minutes=30)
    assert untimed2.remarks[-1].startswith("another workout has the same start and name")
    assert r.skipped == {"0-rep slot": 1}
    assert odd.started == at(2026, 1, 12, 12, 0) and odd.ended == at(2026, 1, 12, 12, 30)
    assert odd.remarks == [
        "start time 'half past six' is not a time like 10:56 PM: started at 12:00"
    ]
