"""Issue 15: properties of the import parsers (hypothesis), and a year-long Hevy export.

- any weight with an app's float noise reads as the nearest thousandth;
- Hevy's two date forms (and padded or not) give the same instant;
- Strong's duration spellings agree;
- a generated Hevy export of 7,000 sets in 335 workouts parses whole (no timing assert:
  ``make bench`` times the import).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.logs.imports import ImportFileError, SetKind, parse_bytes
from backtimer.logs.imports.csvtext import RowError, clean, duration
from backtimer.logs.imports.hevy import hevy_time
from tests.conftest import DATA

# Derandomized, no example database: the same examples everywhere, no .hypothesis folder.
PROPS = settings(max_examples=200, deadline=None, derandomize=True, database=None)

STRONG_HEADER = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds\n"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@PROPS
@given(
    thousandths=st.integers(min_value=1, max_value=2_000_000),
    noise=st.floats(min_value=-1e-7, max_value=1e-7, allow_nan=False),
)
def test_a_noisy_weight_reads_as_the_nearest_thousandth(thousandths: int, noise: float) -> None:
    exact = thousandths / 1000
    assert clean(exact + noise) == exact


@PROPS
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=500_000),
            st.floats(min_value=-1e-9, max_value=1e-9, allow_nan=False),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_strong_weights_with_float_noise_import_rounded(weights: list[tuple[int, float]]) -> None:
    rows = [
        f"2024-03-05 18:04:12,A,1h,Bench,{n},{repr(t / 1000 + noise)},5,0,0"
        for n, (t, noise) in enumerate(weights, 1)
    ]
    result = parse_bytes((STRONG_HEADER + "\n".join(rows)).encode(), "s.csv", tz=UTC)
    assert [s.weight for s in result.workouts[0].sets] == [t / 1000 for t, _ in weights]


@PROPS
@given(
    when=st.datetimes(
        min_value=datetime(1990, 1, 1),  # noqa: DTZ001 - naive bounds, as st.datetimes wants
        max_value=datetime(2100, 12, 31),  # noqa: DTZ001
    ),
    pad=st.booleans(),
    zone=st.sampled_from([UTC, ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York")]),
)
def test_hevy_date_forms_read_the_same_instant(when: datetime, pad: bool, zone: ZoneInfo) -> None:
    when = when.replace(second=0, microsecond=0)
    month = MONTHS[when.month - 1]
    day = f"{when.day:02d}" if pad else str(when.day)
    hour12 = when.hour % 12 or 12
    ampm = "AM" if when.hour < 12 else "PM"
    old = f"{day} {month} {when.year}, {when.hour:02d}:{when.minute:02d}"
    new = f"{month} {when.day}, {when.year}, {hour12}:{when.minute:02d}\u202f{ampm}"
    a, b = hevy_time(old, zone), hevy_time(new, zone)
    assert a == b and a.utcoffset() == b.utcoffset()
    assert a.replace(tzinfo=None) == when


@PROPS
@given(hours=st.integers(min_value=0, max_value=300), minutes=st.integers(0, 59))
def test_strong_duration_spellings_agree(hours: int, minutes: int) -> None:
    seconds = hours * 3600 + minutes * 60
    spellings = [f"{hours}h {minutes}m", f"{hours}h {minutes}min", f"{hours}:{minutes:02d}:00"]
    if not hours:
        spellings += [f"{minutes}m", f"{minutes}min"]
    spellings.append(str(seconds))
    assert {duration(s) for s in spellings} == {float(seconds)}


FIXTURES = sorted((DATA / "imports").glob("*.csv"))
PIECES = [
    ",",
    ";",
    '"',
    "\n",
    "\r\n",
    " ",
    "W",
    "Rest Timer",
    "Note",
    "0",
    "5",
    "-3",
    "72,5",
    "1e400",
    "nan",
    "1h 8m",
    "264h 1m",
    "2024-03-05 18:04:12",
    "2024-02-30",
    "5 Sep 2025, 07:48",
    "Jul 5, 2026, 10:21 AM",
    "10:56 PM",
    "0:05:00",
    "kgs",
    "lbs",
    "mi.",
    "\x00",
    "\ufeff",
    "\x1b",
    "é",
    "×",
    "\\n",
    "2026/04/30",
    "",
]


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(
    fixture=st.sampled_from(FIXTURES),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 12), st.sampled_from(PIECES)), max_size=8
    ),
    encoding=st.sampled_from(["utf-8", "utf-8", "cp1252", "utf-16"]),
)
def test_any_damaged_export_parses_or_says_why(
    fixture: Path, edits: list[tuple[float, int, str]], encoding: str
) -> None:
    """A real-looking export with pieces cut out and others put in: the parser returns
    a result or raises ImportFileError, whatever the damage."""
    text = fixture.read_text(encoding="utf-8-sig")
    for where, cut, piece in edits:
        at = int(where * len(text))
        text = text[:at] + piece + text[at + cut :]
    data = text.encode(encoding, errors="replace")
    try:
        result = parse_bytes(data, "fuzz.csv", tz=UTC)
    except ImportFileError as err:
        assert err.message.startswith("fuzz.csv")
        return
    assert result.sets > 0 and len(result.bad) * 2 <= result.rows
    for w in result.workouts:
        assert w.started.tzinfo is not None
        assert w.ended is None or w.ended >= w.started
        for s in w.sets:
            assert s.weight is None or (s.weight > 0 and s.unit is not None)
            assert s.reps is None or s.reps > 0
            assert s.reps is not None or s.seconds is not None or s.distance is not None


def test_long_hostile_cells_fail_fast() -> None:
    """Cells are matched by regular expressions that cannot backtrack for ages."""
    for text in ("1h  " * 5000 + "x", "1" * 100_000 + "x", " " * 100_000 + "1"):
        with pytest.raises(RowError):
            duration(text + "?")
    with pytest.raises(RowError):
        hevy_time("5 " * 20_000 + "Sep 2025, 07:48 x", UTC)


def hevy_export(workouts: int, sets: int) -> bytes:
    """A Hevy export of ``sets`` sets in ``workouts`` workouts, the newest first as Hevy
    writes it, both date forms, every set type, supersets, notes and timed sets."""
    header = (
        '"title","start_time","end_time","description","exercise_title","superset_id",'
        '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
        '"duration_seconds","rpe"'
    )
    types = ["warmup", "normal", "normal", "failure", "dropset"]
    per, extra = divmod(sets, workouts)
    lines = [header]
    start = datetime(2025, 1, 1, 7, 30)  # noqa: DTZ001 - the export's wall time
    for w in reversed(range(workouts)):
        when = start + timedelta(days=w, minutes=w % 90)
        end = when + timedelta(minutes=70)
        fmt = "{d} {m} {y}, {H:02d}:{M:02d}" if w % 2 else "{m} {d}, {y}, {h}:{M:02d} {p}"

        def show(t: datetime, fmt: str = fmt) -> str:
            return fmt.format(
                d=t.day,
                m=MONTHS[t.month - 1],
                y=t.year,
                H=t.hour,
                M=t.minute,
                h=t.hour % 12 or 12,
                p="AM" if t.hour < 12 else "PM",
            )

        head = f'"Day {w % 7}","{show(when)}","{show(end)}","week {w // 7}\\nfelt ok",'
        for n in range(per + (1 if w < extra else 0)):
            exercise = f"Exercise {n // 4}"
            superset = str(n // 8) if n % 8 < 4 else ""
            if n % 10 == 9:
                lines.append(head + f'"Plank",,"",0,"normal",,,,{30 + n},')
                continue
            weight = f"{40 + n * 2.5}" if n % 6 else ""
            lines.append(
                head + f'"{exercise}",{superset},"cue {n // 4}",{n % 4},"{types[n % 5]}",'
                f"{weight},{5 + n % 6},,,{'9.5' if n % 3 == 0 else ''}"
            )
    return ("\n".join(lines) + "\n").encode()


def test_a_hevy_export_of_7000_sets_in_335_workouts() -> None:
    data = hevy_export(335, 7000)
    result = parse_bytes(data, "workouts.csv", tz=UTC)
    assert (result.rows, len(result.workouts), result.sets) == (7000, 335, 7000)
    assert result.bad == [] and not result.skipped
    starts = [w.started for w in result.workouts]
    assert starts == sorted(starts) and starts[0] == datetime(2025, 1, 1, 7, 30, tzinfo=UTC)
    assert len({w.key for w in result.workouts}) == 335
    first = result.workouts[0]
    assert first.ended == first.started + timedelta(minutes=70)
    assert first.notes == "week 0\nfelt ok"
    kinds = {s.kind for w in result.workouts for s in w.sets}
    assert kinds == set(SetKind)
    planks = [s for w in result.workouts for s in w.sets if s.exercise == "Plank"]
    assert planks and all(s.seconds and s.reps is None for s in planks)
    assert sum(s.weight is None for w in result.workouts for s in w.sets) > 1000
