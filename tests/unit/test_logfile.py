"""The log format: any LogData built in code is written and read back equal.

Issue 11: a log need not come from a live session. An import from another app or
an edited set builds a :class:`LogData` by hand and calls :func:`write_log`; it
must read back the same and be read by history and export like any other log.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import tomllib
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.engine import Outcome, Status, StepKind, StepRecord
from backtimer.errors import BacktimerError
from backtimer.logs import (
    ExportFormat,
    LogData,
    dump_log,
    load_history,
    log_name,
    mark_status,
    parse_log,
    read_all,
    read_log,
    write_log,
)
from backtimer.logs.export import export
from backtimer.routine import Unit

DOC = Path(__file__).resolve().parents[2] / "docs" / "session-log.md"

# Derandomized and without an example database: the same examples on every run
# and on CI, and no .hypothesis folder is read or written.
ROUND_TRIP = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# -- strategies ----------------------------------------------------------------

#: TOML integers are signed 64-bit.
INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
# NaN and infinity are left out: TOML can hold them, but what a log should say
# for them is another issue's business.
FINITE = st.floats(allow_nan=False, allow_infinity=False)

#: Pieces that have broken TOML writers: quotes and the literal-string
#: delimiter, Windows and lone line ends, control characters (TOML must escape
#: every one but the tab), DEL, a backslash before a line end, non-ASCII text.
PIECES = (
    "'",
    "''",
    "'''",
    '"',
    '"""',
    "\\",
    "\\\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x1b",
    "\x7f",
    "\u0085",
    "\u2028",
    "\ufeff",
    "é",
    "Rückenübung",
    "背中",
    "💪",
    "[routine]",
    "text = ",
    "#",
    " ",
)
#: Any text, control characters included (no lone surrogates: UTF-8 has none).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
TEXT = st.one_of(
    st.just(""),
    ANY_TEXT,
    st.lists(st.one_of(st.sampled_from(PIECES), ANY_TEXT), max_size=8).map("".join),
)

#: Offsets in whole minutes (what TOML and RFC 3339 hold), either side of UTC.
OFFSET = st.one_of(
    st.just(UTC),
    st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    ),
)
WHEN = st.builds(
    lambda naive, tz: naive.replace(tzinfo=tz),
    # Naive bounds, as st.datetimes wants; a day in from each end of what Python
    # holds, so that no offset moves the instant out of range.
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),  # noqa: DTZ001
    OFFSET,
)


def _optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


RECORD = st.builds(
    StepRecord,
    index=INT64,
    kind=st.sampled_from(StepKind),
    name=TEXT,
    exercise=_optional(TEXT),
    set_number=_optional(INT64),
    set_count=_optional(INT64),
    side=_optional(TEXT),
    planned=_optional(INT64),
    actual=FINITE,
    paused=FINITE,
    outcome=st.sampled_from(Outcome),
    started=WHEN,
    ended=WHEN,
    reps=_optional(INT64),
    weight=_optional(FINITE),
    unit=_optional(st.sampled_from(Unit)),
    # RPE is 1–10 in half steps, written as given: 8 stays an int, 6.5 a float.
    rpe=_optional(st.one_of(st.integers(1, 10), st.integers(2, 20).map(lambda half: half / 2))),
    entered=st.booleans(),
    edited=st.booleans(),
    target_reps=_optional(INT64),
    target_weight=_optional(FINITE),
    group=_optional(TEXT),
    set_type=_optional(st.sampled_from(["drop", "failure"])),
)

LOG = st.builds(
    LogData,
    started=WHEN,
    routine_name=TEXT,
    status=st.sampled_from(Status),
    records=st.lists(RECORD, max_size=4),
    ended=_optional(WHEN),
    updated=_optional(WHEN),
    active_seconds=FINITE,
    paused_seconds=FINITE,
    steps_planned=INT64,
    resume_at=INT64,
    resumed=INT64,
    notes=TEXT,
    exercise_notes=st.dictionaries(TEXT, TEXT, max_size=3),
    routine_path=_optional(TEXT),
    routine_sha256=TEXT,
    routine_text=TEXT,
    unit=st.sampled_from(Unit),
    source=st.sampled_from(["", "strong", "hevy"]),
    source_key=TEXT,
    import_id=TEXT,
)


def _times(log: LogData) -> list[datetime | None]:
    times = [log.started, log.ended, log.updated]
    for record in log.records:
        times += [record.started, record.ended]
    return times


def assert_same(read: LogData, log: LogData) -> None:
    """``read`` says what ``log`` says, down to each time's UTC offset.

    Aware datetimes compare equal when they are the same instant, so ``==``
    alone would not see an offset lost on the way.
    """
    assert read == log
    assert [t and t.utcoffset() for t in _times(read)] == [t and t.utcoffset() for t in _times(log)]


# -- round trips ---------------------------------------------------------------


@ROUND_TRIP
@given(LOG)
def test_any_log_dumps_and_parses_back_equal(log: LogData) -> None:
    """Every valid LogData, whatever its text, numbers and times, survives dump_log → parse_log."""
    text = dump_log(log)
    read = parse_log(text.encode("utf-8"), Path("x.toml"))
    assert_same(read, log)
    assert read.path == Path("x.toml")


@ROUND_TRIP
@given(LOG)
def test_any_log_writes_and_reads_back_equal(log: LogData) -> None:
    """The same through a file: write_log then read_log give back an equal LogData."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "log.toml"
        write_log(log, path)
        read = read_log(path)
    assert_same(read, log)
    assert read.path == path


@pytest.mark.parametrize("seconds", [1, 30, 59, -1, -59, 19 * 60 + 32, 23 * 3600 + 59 * 60 + 59])
def test_a_time_whose_offset_has_seconds_is_written_as_the_same_instant(seconds: int) -> None:
    """A time with seconds in its UTC offset (TOML has none) reads back as the same instant."""
    tz = timezone(timedelta(seconds=seconds))
    when = datetime(1900, 5, 1, 12, 0, 7, 250, tzinfo=tz)
    log = LogData(started=when, routine_name="Old import", ended=when + timedelta(hours=1))
    read = parse_log(dump_log(log).encode("utf-8"), Path("x.toml"))
    assert read == log  # the same instants
    offset = read.started.utcoffset()
    assert offset is not None and offset % timedelta(minutes=1) == timedelta(0)
    assert abs(offset - timedelta(seconds=seconds)) < timedelta(minutes=1)


def test_a_naive_time_is_refused_not_written_as_an_unreadable_log(tmp_path: Path) -> None:
    """A time without a UTC offset raises ValueError instead of writing a log no one can read."""
    log = LogData(started=datetime(2026, 11, 25, 18), routine_name="Naive")  # noqa: DTZ001
    with pytest.raises(ValueError, match="UTC offset"):
        write_log(log, tmp_path / "naive.toml")
    assert list(tmp_path.iterdir()) == []


# -- a log from code is a log like any other -----------------------------------

STARTED = datetime(2026, 11, 25, 18, 4, 12, tzinfo=timezone(timedelta(hours=1)))


def _export_rows(text: str, fmt: ExportFormat) -> list[tuple[str, str, str]]:
    """(exercise, reps, weight) of each exported set, whatever the format."""
    if fmt is ExportFormat.JSON:
        return [(r["exercise"], str(r["reps"]), f"{r['weight']:g}") for r in json.loads(text)]
    rows = list(csv.DictReader(io.StringIO(text)))
    if fmt is ExportFormat.STRONG:
        return [(r["Exercise Name"], r["Reps"], f"{float(r['Weight']):g}") for r in rows]
    if fmt is ExportFormat.HEVY:  # bodyweight: an empty weight, as Hevy writes it
        weight = "weight_lbs" if rows and "weight_lbs" in rows[0] else "weight_kg"
        return [(r["exercise_title"], r["reps"], r[weight] or "0") for r in rows]
    return [(r["exercise"], r["reps"], r["weight"]) for r in rows]


def test_the_smallest_log_is_a_log_like_any_other(tmp_path: Path) -> None:
    """A log with only a start and a routine name reads back equal, shows in history and exports."""
    log = LogData(started=STARTED, routine_name="Imported")
    path = log_name(log.started, log.routine_name, tmp_path)
    write_log(log, path)
    assert path.name == "2026-11-25T18-04-12_imported.toml"
    assert_same(read_log(path), log)

    history = load_history(tmp_path)
    assert history.warnings == []
    assert [(r.file, r.routine, r.status) for r in history.rows] == [
        (path.name, "Imported", "completed")
    ]
    assert history.rows[0].when == STARTED
    assert (history.rows[0].sets, history.rows[0].steps_planned) == (0, 0)

    found = read_all(tmp_path)
    assert found.warnings == []
    assert found.logs == [log]
    for fmt in ExportFormat:
        assert _export_rows(export(found.logs, fmt), fmt) == [], fmt


def _hand_set(index: int, exercise: str, set_number: int, reps: int, weight: float) -> StepRecord:
    """A set as an importer builds it: done, entered, no plan behind it."""
    started = STARTED + timedelta(minutes=3 * index)
    return StepRecord(
        index=index,
        kind=StepKind.SET,
        name=exercise,
        exercise=exercise,
        set_number=set_number,
        set_count=None,
        side=None,
        planned=None,
        actual=40.0,
        paused=0.0,
        outcome=Outcome.DONE,
        started=started,
        ended=started + timedelta(seconds=40),
        reps=reps,
        weight=weight,
        unit="lb",
        entered=True,
    )


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_sets_built_by_hand_export_in_every_format(tmp_path: Path, fmt: ExportFormat) -> None:
    """An imported log's sets (kind SET, outcome DONE, entered) come out of every export format."""
    log = LogData(
        started=STARTED,
        routine_name="Strong import",
        unit=Unit.LB,
        records=[
            _hand_set(0, "Deadlift", 1, 5, 225.0),
            _hand_set(1, "Deadlift", 2, 5, 235.5),
            _hand_set(2, "Pull-up", 1, 8, 0.0),
        ],
    )
    write_log(log, log_name(log.started, log.routine_name, tmp_path))
    found = read_all(tmp_path)
    assert found.warnings == [] and found.logs == [log]

    # In pounds, as logged (strong and hevy write the unit asked; csv and json each set's).
    assert _export_rows(export(found.logs, fmt, Unit.LB), fmt) == [
        ("Deadlift", "5", "225"),
        ("Deadlift", "5", "235.5"),
        ("Pull-up", "8", "0"),
    ]
    row = load_history(tmp_path).rows[0]
    assert (row.sets, row.volume, row.unit) == (3, 5 * 225 + 5 * 235.5, "lb")


@settings(ROUND_TRIP, max_examples=50)
@given(LOG, st.sampled_from(Status), WHEN)
def test_mark_status_changes_only_status_and_ended(
    log: LogData, status: Status, when: datetime
) -> None:
    """mark_status rewrites the status, sets a missing end (to the second), and keeps all else."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "log.toml"
        write_log(log, path)
        mark_status(path, status, when=when)
        read = read_log(path)
    assert read.status is status
    if log.ended is None:
        assert read.ended == when.replace(microsecond=0)
        assert read.ended is not None and read.ended.utcoffset() == when.utcoffset()
    else:
        assert read.ended == log.ended
    assert_same(replace(read, status=log.status, ended=log.ended), log)


def test_mark_status_without_a_time_leaves_an_open_log_open(tmp_path: Path) -> None:
    """Without ``when``, a log that has not ended still has no end after mark_status."""
    path = tmp_path / "log.toml"
    log = LogData(started=STARTED, routine_name="Open", status=Status.IN_PROGRESS, notes="n")
    write_log(log, path)
    mark_status(path, Status.ABANDONED)
    assert read_log(path) == replace(log, status=Status.ABANDONED)


# -- notes ----------------------------------------------------------------------


def test_exercise_notes_are_a_table_keyed_by_exercise_name(tmp_path: Path) -> None:
    """Notes about an exercise are written as [exercise_notes], any name a quoted key."""
    log = LogData(
        started=STARTED,
        routine_name="Back",
        notes="Felt strong.\nShort on time.",
        exercise_notes={"Bent-over row": "grip slipped", 'Row "heavy" [b]': "ok\nthen not"},
    )
    path = tmp_path / "log.toml"
    write_log(log, path)
    doc = tomllib.loads(path.read_text("utf-8"))
    assert doc["exercise_notes"] == log.exercise_notes
    assert doc["notes"] == "Felt strong.\nShort on time."
    assert_same(read_log(path), log)


def test_a_log_without_exercise_notes_reads_with_none(tmp_path: Path) -> None:
    """Older logs have no [exercise_notes]; a log without any writes no such table."""
    path = tmp_path / "log.toml"
    write_log(LogData(started=STARTED, routine_name="Old", notes="n"), path)
    text = path.read_text("utf-8")
    assert "exercise_notes" not in text
    assert read_log(path).exercise_notes == {}


@pytest.mark.parametrize("table", ["exercise_notes = 1\n", "[exercise_notes]\nRow = 3\n"])
def test_exercise_notes_of_the_wrong_type_are_refused(tmp_path: Path, table: str) -> None:
    path = tmp_path / "log.toml"
    write_log(LogData(started=STARTED, routine_name="Bad"), path)
    text = path.read_text("utf-8")
    path.write_text(text.replace("step = []\n", f"step = []\n{table}", 1), "utf-8")
    with pytest.raises(BacktimerError, match="exercise_notes"):
        read_log(path)


# -- the documentation's example runs ------------------------------------------


def _doc_snippet() -> str:
    """The Python block of the "Writing a log from code" section of docs/session-log.md."""
    section = DOC.read_text("utf-8").split("## Writing a log from code", 1)[1]
    section = section.split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) == 1, "the section has one python block"
    return blocks[0]


def test_the_documented_example_writes_a_log_that_reads_back(home: Path) -> None:
    """The snippet in docs/session-log.md runs and writes the log it describes."""
    namespace: dict[str, object] = {}
    exec(compile(_doc_snippet(), str(DOC), "exec"), namespace)
    logs = list((home / "data" / "sessions").glob("*.toml"))
    assert len(logs) == 1
    log = read_log(logs[0])
    assert log == namespace["log"]
    assert [r.kind for r in log.records] == [StepKind.SET, StepKind.SET]
    assert tomllib.loads(logs[0].read_text("utf-8"))["format"] == 1


def test_the_documented_example_file_is_what_the_writer_writes() -> None:
    """The TOML example in docs/session-log.md is byte for byte what dump_log writes for it."""
    example = re.findall(r"```toml\n(.*?)```", DOC.read_text("utf-8"), flags=re.DOTALL)[0]
    log = parse_log(example.encode("utf-8"), Path("example.toml"))
    assert len(log.records) == 3 and log.routine_text.startswith("[routine]")
    assert dump_log(log) == example


# -- a timed step cut short ----------------------------------------------------------------


def _cut_short_plank(index: int = 0) -> StepRecord:
    """A 60 s timed set ended with Enter after 42.4 s, as the session records it."""
    started = STARTED + timedelta(minutes=index)
    return StepRecord(
        index=index,
        kind=StepKind.SET,
        name="Plank",
        exercise="Plank",
        set_number=1,
        set_count=2,
        side=None,
        planned=60,
        actual=42.4,
        paused=0.0,
        outcome=Outcome.CUT_SHORT,
        started=started,
        ended=started + timedelta(seconds=42),
        weight=10.0,
        unit=Unit.KG,
        entered=False,
    )


def test_a_cut_short_step_is_written_read_and_counted_as_done(tmp_path: Path) -> None:
    done = replace(_cut_short_plank(1), outcome=Outcome.DONE, actual=60.0, set_number=2)
    log = LogData(started=STARTED, routine_name="Core", records=[_cut_short_plank(0), done])
    path = log_name(log.started, log.routine_name, tmp_path)
    write_log(log, path)
    steps = tomllib.loads(path.read_text(encoding="utf-8"))["step"]
    assert (steps[0]["outcome"], steps[0]["skipped"], steps[0]["actual"]) == (
        "cut_short",
        False,
        42.4,
    )
    assert read_log(path) == replace(log, path=path)
    row = load_history(tmp_path).rows[0]
    assert (row.sets, row.steps_done, row.exercises["Plank"].sets) == (2, 2, 2)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_a_cut_short_timed_set_exports_with_its_actual_seconds(
    tmp_path: Path, fmt: ExportFormat
) -> None:
    log = LogData(started=STARTED, routine_name="Core", records=[_cut_short_plank()])
    text = export([log], fmt)
    if fmt is ExportFormat.JSON:
        seconds = [r["seconds"] for r in json.loads(text)]
    else:
        column = {ExportFormat.STRONG: "Seconds", ExportFormat.HEVY: "duration_seconds"}
        seconds = [r[column.get(fmt, "seconds")] for r in csv.DictReader(io.StringIO(text))]
    expected = {
        ExportFormat.JSON: [42.4],
        ExportFormat.STRONG: ["42"],
        ExportFormat.HEVY: ["42"],
        ExportFormat.CSV: ["42.4"],
    }
    assert seconds == expected[fmt]


def test_a_log_from_before_cut_short_still_reads(tmp_path: Path) -> None:
    log = LogData(started=STARTED, routine_name="Core", records=[_cut_short_plank()])
    path = log_name(log.started, log.routine_name, tmp_path)
    write_log(log, path)
    old = path.read_text(encoding="utf-8").replace('"cut_short"', '"done"')
    path.write_text(old, encoding="utf-8")
    assert read_log(path).records[0].outcome is Outcome.DONE
    path.write_text(old.replace('outcome = "done"', 'outcome = "half_done"'), encoding="utf-8")
    with pytest.raises(BacktimerError, match="half_done"):  # an unknown outcome is refused
        read_log(path)
