"""The Strong and Hevy exports, exactly as those apps write (and read) them."""

from __future__ import annotations

import csv
import io
import math
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.cli import main
from backtimer.engine import Outcome, StepKind, StepRecord
from backtimer.logs import LogData, write_log
from backtimer.logs.export import (
    HEVY_COLUMNS,
    KG_PER_LB,
    ExportFormat,
    convert_weight,
    export,
    hevy_columns,
    hevy_time,
    to_hevy,
    to_strong,
)
from backtimer.routine import Unit

PLUS_TWO = timezone(timedelta(hours=2))
START = datetime(2026, 5, 3, 7, 48, 12, tzinfo=PLUS_TWO)

# Derandomized and without an example database: the same examples on every run.
EXAMPLES = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def step(
    index: int,
    exercise: str | None,
    *,
    kind: StepKind = StepKind.SET,
    reps: int | None = None,
    weight: float | None = None,
    unit: Unit | None = None,
    rpe: float | None = None,
    planned: int | None = None,
    actual: float = 30.0,
    outcome: Outcome = Outcome.DONE,
    group: str | None = None,
    set_type: str | None = None,
    start: datetime = START,
) -> StepRecord:
    began = start + timedelta(minutes=index)
    return StepRecord(
        index=index,
        kind=kind,
        name=exercise or "Rest",
        exercise=exercise,
        set_number=None,
        set_count=None,
        side=None,
        planned=planned,
        actual=actual,
        paused=0.0,
        outcome=outcome,
        started=began,
        ended=began + timedelta(seconds=actual),
        reps=reps,
        weight=weight,
        unit=unit,
        rpe=rpe,
        entered=kind is not StepKind.REST,
        group=group,
        set_type=set_type,
    )


def push_day() -> LogData:
    """A small log with one of everything the two layouts mark."""
    records = [
        step(0, "Bench press", kind=StepKind.WARMUP_SET, reps=10, weight=20),
        step(1, "Bench press", reps=8, weight=60, rpe=8),
        step(2, None, kind=StepKind.REST, planned=90, actual=90),
        step(3, "Bench press", reps=6, weight=62.5, rpe=9.5),
        step(4, "Bench press", reps=10, weight=50, set_type="drop"),
        step(5, "Bench press", reps=8, weight=60, outcome=Outcome.SKIPPED),  # not done
        step(6, "Pull-up", reps=8, group="A"),  # bodyweight
        step(7, "Dips", reps=12, group="A", set_type="failure"),
        step(8, "Pull-up", reps=7, group="A"),
        step(9, "Plank", planned=60, actual=45.2, outcome=Outcome.CUT_SHORT),
        step(10, "Curl", reps=12, weight=30, unit=Unit.LB),  # a lb set in a kg log
    ]
    return LogData(
        started=START,
        routine_name='Push, "heavy"',
        records=records,
        ended=START + timedelta(seconds=3950),
        active_seconds=3600.0,
        paused_seconds=300.0,
        notes="Felt good\nslept well",
        exercise_notes={"Bench press": "Pause at the bottom\nelbows in"},
        unit=Unit.KG,
    )


STRONG_HEAD = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE\n"
)
# As Strong writes them: the session's notes on the workout's first row, an exercise's
# on its first row (quoted even when empty), later rows empty.
FIRST = '"Pause at the bottom\nelbows in","Felt good\nslept well"'
W = '2026-05-03 07:48:12,"Push, ""heavy""",1h 5m,'


def strong_rows(bench: tuple[str, ...], curl: str) -> str:
    return STRONG_HEAD + (
        f'{W}"Bench press",W,{bench[0]},10,0,0,{FIRST},\n'
        f'{W}"Bench press",1,{bench[1]},8,0,0,,,8\n'
        f'{W}"Bench press",2,{bench[2]},6,0,0,,,9.5\n'
        f'{W}"Bench press",D,{bench[3]},10,0,0,,,\n'
        f'{W}"Pull-up",1,0,8,0,0,"",,\n'
        f'{W}"Pull-up",2,0,7,0,0,,,\n'
        f'{W}"Dips",F,0,12,0,0,"",,\n'
        f'{W}"Plank",1,0,0,0,45,"",,\n'
        f'{W}"Curl",1,{curl},12,0,0,"",,\n'
    )


STRONG_KG = strong_rows(("20.0", "60.0", "62.5", "50.0"), "13.61")
STRONG_LB = strong_rows(("44.09", "132.28", "137.79", "110.23"), "30.0")

H = '"Push, ""heavy""","3 May 2026, 07:48","3 May 2026, 08:53","Felt good\\nslept well",'
HB = '"Bench press",,"Pause at the bottom\\nelbows in"'

HEVY_KG = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"\n'
    f'{H}{HB},0,"warmup",20,10,,,\n'
    f'{H}{HB},1,"normal",60,8,,,8\n'
    f'{H}{HB},2,"normal",62.5,6,,,9.5\n'
    f'{H}{HB},3,"dropset",50,10,,,\n'
    f'{H}"Pull-up",0,"",0,"normal",,8,,,\n'
    f'{H}"Pull-up",0,"",1,"normal",,7,,,\n'
    f'{H}"Dips",0,"",0,"failure",,12,,,\n'
    f'{H}"Plank",,"",0,"normal",,,,45,\n'
    f'{H}"Curl",,"",0,"normal",13.61,12,,,\n'
)

HEVY_LB = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_lbs","reps","distance_miles",'
    '"duration_seconds","rpe"\n'
    f'{H}{HB},0,"warmup",44.09,10,,,\n'
    f'{H}{HB},1,"normal",132.28,8,,,8\n'
    f'{H}{HB},2,"normal",137.79,6,,,9.5\n'
    f'{H}{HB},3,"dropset",110.23,10,,,\n'
    f'{H}"Pull-up",0,"",0,"normal",,8,,,\n'
    f'{H}"Pull-up",0,"",1,"normal",,7,,,\n'
    f'{H}"Dips",0,"",0,"failure",,12,,,\n'
    f'{H}"Plank",,"",0,"normal",,,,45,\n'
    f'{H}"Curl",,"",0,"normal",30,12,,,\n'
)


@pytest.fixture
def machine_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Lets a test set TZ; the machine's zone is put back afterwards."""
    yield
    monkeypatch.undo()
    time.tzset()


# -- exact text -------------------------------------------------------------------


def test_strong_export_exact_text_in_kg() -> None:
    assert to_strong([push_day()], Unit.KG) == STRONG_KG


def test_strong_export_exact_text_in_lb() -> None:
    assert to_strong([push_day()], Unit.LB) == STRONG_LB


def test_hevy_export_exact_text_in_kg() -> None:
    assert to_hevy([push_day()], Unit.KG) == HEVY_KG


def test_hevy_export_exact_text_in_lb() -> None:
    assert to_hevy([push_day()], Unit.LB) == HEVY_LB


def test_hevy_header_is_exactly_hevys() -> None:
    assert to_hevy([]) == (
        '"title","start_time","end_time","description","exercise_title","superset_id",'
        '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
        '"duration_seconds","rpe"\n'
    )
    assert hevy_columns(Unit.KG) == HEVY_COLUMNS
    assert hevy_columns(Unit.LB)[9:12] == ("weight_lbs", "reps", "distance_miles")


def test_a_lb_log_converts_to_kg_without_float_noise() -> None:
    log = push_day()
    log.unit = Unit.LB
    log.records = [step(0, "Row", reps=5, weight=135), step(1, "Row", reps=5, weight=165.3)]
    rows = list(csv.DictReader(io.StringIO(to_strong([log], Unit.KG))))
    assert [r["Weight"] for r in rows] == ["61.23", "74.98"]
    assert convert_weight(74.99999999999999, Unit.KG, Unit.KG) == 75
    assert convert_weight(1.125, Unit.KG, Unit.KG) == 1.125  # micro plates stay
    assert convert_weight(100, Unit.LB, Unit.KG) == 45.36
    assert convert_weight(45.36, Unit.KG, Unit.LB) == 100.0
    assert math.isclose(KG_PER_LB * 2.2046226218, 1, rel_tol=1e-9)


@pytest.mark.parametrize(
    ("active", "paused", "ended", "duration"),
    [
        (10.0, 0.0, None, "1m"),  # a few seconds of sets: 1m, never 0m
        (0.0, 0.0, None, "1m"),  # no times at all (an import): the span of its sets
        (0.0, 0.0, 2 * 3600 + 40, "2h 1m"),  # an import with an end: end - start
        (150.0, 0.0, None, "3m"),
    ],
)
def test_strong_duration_is_never_0m(
    active: float, paused: float, ended: float | None, duration: str
) -> None:
    log = LogData(
        started=START,
        routine_name="Quick",
        records=[step(0, "Row", reps=5, weight=40, actual=5)],
        ended=START + timedelta(seconds=ended) if ended is not None else None,
        active_seconds=active,
        paused_seconds=paused,
    )
    row = next(csv.DictReader(io.StringIO(to_strong([log]))))
    assert row["Duration"] == duration


def test_a_workout_without_done_sets_is_left_out() -> None:
    log = push_day()
    log.records = [step(0, "Row", reps=5, weight=40, outcome=Outcome.SKIPPED)]
    assert to_strong([log]) == STRONG_HEAD
    assert to_hevy([log]).count("\n") == 1


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati"])
def test_dates_are_the_sessions_wall_time_whatever_the_machines_zone(
    zone: str, monkeypatch: pytest.MonkeyPatch, machine_zone: None
) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    strong = next(csv.DictReader(io.StringIO(to_strong([push_day()]))))
    hevy = next(csv.DictReader(io.StringIO(to_hevy([push_day()]))))
    assert strong["Date"] == "2026-05-03 07:48:12"  # logged at +02:00
    assert (hevy["start_time"], hevy["end_time"]) == ("3 May 2026, 07:48", "3 May 2026, 08:53")


def test_hevy_time_has_no_zero_padded_day_and_english_months() -> None:
    assert hevy_time(datetime(2025, 9, 5, 7, 8, tzinfo=PLUS_TWO)) == "5 Sep 2025, 07:08"
    assert hevy_time(datetime(2025, 12, 15, 17, 48, tzinfo=PLUS_TWO)) == "15 Dec 2025, 17:48"


def test_the_sets_of_an_exercise_are_written_together() -> None:
    log = push_day()
    log.records = [  # a superset done in turns: row, curl, row, curl
        step(0, "Row", reps=5, weight=40, group="A"),
        step(1, "Curl", reps=8, weight=10, group="A"),
        step(2, "Row", reps=5, weight=42.5, group="A"),
        step(3, "Curl", reps=7, weight=10, group="A"),
    ]
    strong = list(csv.DictReader(io.StringIO(to_strong([log]))))
    assert [(r["Exercise Name"], r["Set Order"], r["Weight"]) for r in strong] == [
        ("Row", "1", "40.0"),
        ("Row", "2", "42.5"),
        ("Curl", "1", "10.0"),
        ("Curl", "2", "10.0"),
    ]
    hevy = list(csv.DictReader(io.StringIO(to_hevy([log]))))
    assert [(r["exercise_title"], r["set_index"], r["superset_id"]) for r in hevy] == [
        ("Row", "0", "0"),
        ("Row", "1", "0"),
        ("Curl", "0", "0"),
        ("Curl", "1", "0"),
    ]


def test_superset_ids_from_group_names_and_numbers() -> None:
    log = push_day()
    log.records = [
        step(0, "Row", reps=5, weight=40, group="back"),
        step(1, "Curl", reps=5, weight=10, group="arms"),
        step(2, "Press", reps=5, weight=30, group="back"),
    ]
    rows = list(csv.DictReader(io.StringIO(to_hevy([log]))))
    assert [(r["exercise_title"], r["superset_id"]) for r in rows] == [
        ("Row", "0"),  # numbered in the order the groups first show
        ("Curl", "1"),
        ("Press", "0"),
    ]
    log.records = [step(0, "Row", reps=5, weight=40, group="3")]  # imported from Hevy
    assert next(csv.DictReader(io.StringIO(to_hevy([log]))))["superset_id"] == "3"


# -- the command ---------------------------------------------------------------------


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    folder = tmp_path / "sessions"
    folder.mkdir()
    write_log(push_day(), folder / "2026-05-03T07-48-12_push.toml")
    return folder


@pytest.mark.parametrize(
    ("fmt", "unit", "text"),
    [
        ("strong", "kg", STRONG_KG),
        ("strong", "lb", STRONG_LB),
        ("hevy", "kg", HEVY_KG),
        ("hevy", "lb", HEVY_LB),
    ],
)
def test_export_command_strong_and_hevy_with_unit(
    fmt: str, unit: str, text: str, logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", fmt, "--unit", unit, "--log-dir", str(logs)]) == 0
    out, err = capsys.readouterr()
    assert out == text
    assert err == ""


def test_export_command_default_unit_says_it_converted(
    logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "hevy.csv"
    assert main(["export", "--format", "hevy", "--log-dir", str(logs), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == HEVY_KG
    err = capsys.readouterr().err
    assert "weights converted to kg (add --unit lb to keep lb)" in err


def test_export_command_takes_the_unit_of_the_config(
    logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from backtimer.paths import config_file

    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text('unit = "lb"\n', encoding="utf-8")
    assert main(["export", "--format", "strong", "--log-dir", str(logs)]) == 0
    out, err = capsys.readouterr()
    assert out == STRONG_LB and err == ""
    assert main(["export", "--format", "strong", "--unit", "kg", "--log-dir", str(logs)]) == 0
    assert capsys.readouterr().out == STRONG_KG  # --unit wins


def test_export_help_names_hevy_and_unit(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert "hevy" in out and "--unit" in out
    assert ExportFormat("hevy") is ExportFormat.HEVY
    assert export([push_day()], ExportFormat.HEVY, Unit.LB) == HEVY_LB


# -- read back by any CSV reader: the same sets ------------------------------------

NAMES = st.text(alphabet=st.sampled_from("abcXYZ é,\"'-()"), min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and s.strip()
)
NOTES = st.text(alphabet=st.sampled_from('ab ,"\n'), max_size=10)


@st.composite
def sets(draw: st.DrawFn, index: int, start: datetime) -> StepRecord:
    timed = draw(st.booleans())
    weight = draw(
        st.one_of(st.none(), st.integers(0, 4000).map(lambda q: q / 8), st.floats(0, 500))
    )
    return step(
        index,
        draw(st.sampled_from(["Row", "Squat, back", 'Curl "EZ"', "Plank"])),
        kind=draw(st.sampled_from([StepKind.SET, StepKind.SET, StepKind.WARMUP_SET])),
        reps=None if timed else draw(st.integers(0, 60)),
        weight=weight,
        unit=draw(st.sampled_from([None, Unit.KG, Unit.LB])),
        rpe=draw(st.one_of(st.none(), st.integers(2, 20).map(lambda h: h / 2))),
        planned=60 if timed else None,
        actual=draw(st.floats(0, 600)) if timed else 20.0,
        outcome=draw(st.sampled_from([Outcome.DONE, Outcome.DONE, Outcome.CUT_SHORT])),
        group=draw(st.sampled_from([None, None, "A", "B"])),
        set_type=draw(st.sampled_from([None, None, "drop", "failure"])),
        start=start,
    )


@st.composite
def session_logs(draw: st.DrawFn) -> list[LogData]:
    logs = []
    for day in range(draw(st.integers(1, 3))):
        offset = timezone(timedelta(minutes=draw(st.integers(-12 * 4, 14 * 4)) * 15))
        started = datetime(2026, 1, 1, tzinfo=offset) + timedelta(
            days=day, seconds=draw(st.integers(0, 86399))
        )
        records = [draw(sets(i, started)) for i in range(draw(st.integers(1, 8)))]
        logs.append(
            LogData(
                started=started,
                routine_name=draw(NAMES),
                records=records,
                active_seconds=draw(st.floats(0, 4 * 3600)),
                notes=draw(NOTES),
                unit=draw(st.sampled_from(list(Unit))),
            )
        )
    return logs


def _expected(log: LogData, unit: Unit) -> dict[str, list[tuple[str, int, float | None]]]:
    """What each exercise's rows must say: (set kind mark, reps, weight in ``unit``)."""
    per: dict[str, list[tuple[str, int, float | None]]] = {}
    for r in log.records:
        if not r.is_set or not r.performed:
            continue
        weight = r.weight
        if weight is not None and (r.unit or log.unit) is not unit:
            weight *= KG_PER_LB if unit is Unit.KG else 1 / KG_PER_LB
        per.setdefault(r.exercise or r.name, []).append((_mark(r), r.reps or 0, weight))
    return per


def _mark(r: StepRecord) -> str:
    if r.kind is StepKind.WARMUP_SET:
        return "W"
    return {"drop": "D", "failure": "F"}.get(r.set_type or "", "N")


@EXAMPLES
@given(session_logs(), st.sampled_from(list(Unit)))
def test_strong_export_reads_back_as_the_same_sets(logs: list[LogData], unit: Unit) -> None:
    rows = list(csv.DictReader(io.StringIO(to_strong(logs, unit))))
    for log in logs:
        date = log.started.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S")
        mine = [r for r in rows if (r["Date"], r["Workout Name"]) == (date, log.routine_name)]
        assert [r["Workout Notes"] for r in mine[:1]] == [log.notes]  # the first row's
        assert datetime.strptime(date, "%Y-%m-%d %H:%M:%S") == log.started.replace(  # noqa: DTZ007
            tzinfo=None, microsecond=0
        )
        got: dict[str, list[tuple[str, int, float | None]]] = {}
        for row in mine:
            assert row["Duration"] != "0m"
            order = row["Set Order"]
            mark = order if order in ("W", "D", "F") else "N"
            got.setdefault(row["Exercise Name"], []).append(
                (mark, int(row["Reps"]), float(row["Weight"]))
            )
            if mark == "N":  # work sets count 1..n per exercise
                assert int(order) == sum(1 for m, _, _ in got[row["Exercise Name"]] if m == "N")
        want = _expected(log, unit)
        assert list(got) == list(want)
        for exercise, sets_ in want.items():
            assert [s[:2] for s in got[exercise]] == [s[:2] for s in sets_]
            for (_, _, weight), (_, _, written) in zip(sets_, got[exercise], strict=True):
                assert written == pytest.approx(weight or 0.0, abs=0.0051)


@EXAMPLES
@given(session_logs(), st.sampled_from(list(Unit)))
def test_hevy_export_reads_back_as_the_same_sets(logs: list[LogData], unit: Unit) -> None:
    text = to_hevy(logs, unit)
    weight_column = hevy_columns(unit)[9]
    rows = list(csv.DictReader(io.StringIO(text)))
    for log in logs:
        start = hevy_time(log.started)
        mine = [r for r in rows if (r["start_time"], r["title"]) == (start, log.routine_name)]
        assert all(r["description"].replace("\\n", "\n") == log.notes for r in mine)
        assert datetime.strptime(start, "%d %b %Y, %H:%M") == log.started.replace(  # noqa: DTZ007
            tzinfo=None, second=0, microsecond=0
        )
        got: dict[str, list[tuple[str, int, float | None]]] = {}
        marks = {"warmup": "W", "dropset": "D", "failure": "F", "normal": "N"}
        for row in mine:
            sets_ = got.setdefault(row["exercise_title"], [])
            assert int(row["set_index"]) == len(sets_)
            weight = float(row[weight_column]) if row[weight_column] else None
            sets_.append((marks[row["set_type"]], int(row["reps"] or 0), weight))
        want = _expected(log, unit)
        assert list(got) == list(want)
        for exercise, sets_ in want.items():
            assert [s[:2] for s in got[exercise]] == [s[:2] for s in sets_]
            for (_, _, weight), (_, _, written) in zip(sets_, got[exercise], strict=True):
                if weight is None:
                    assert written is None  # bodyweight: empty, never 0
                else:
                    assert written == pytest.approx(weight, abs=0.0051)
