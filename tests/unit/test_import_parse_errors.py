"""Issue 15: a file that cannot be imported says so (file:line, what to do), never a
traceback or a hang; odd but readable files (encodings, delimiters, quotes) import."""

from __future__ import annotations

import os
from datetime import UTC
from pathlib import Path

import pytest

from backtimer.logs.imports import (
    KNOWN_SHAPES,
    ImportFileError,
    Source,
    parse_bytes,
    parse_file,
)
from backtimer.logs.imports import parse as parse_module
from backtimer.routine import Unit
from tests.conftest import DATA

STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE\n"
)
ROW = '2024-03-05 18:04:12,"Push",1h,"Bench Press (Barbell)",{order},60,{reps},0,0,,,\n'


def error(data: bytes, name: str = "export.csv", **kwargs: object) -> ImportFileError:
    source = kwargs.get("source")
    assert source is None or isinstance(source, Source)
    with pytest.raises(ImportFileError) as info:
        parse_bytes(data, name, source=source, tz=UTC)
    return info.value


def test_unknown_shape_names_the_header_and_the_shapes_known() -> None:
    err = error(b"foo,bar,baz\n1,2,3\n", "mystery.csv")
    assert err.title == "Unknown export shape"
    assert err.message.startswith("mystery.csv:1: the header reads 'foo,bar,baz'")
    for shape in KNOWN_SHAPES:
        assert shape in err.message
    assert err.exit_code == 2


def test_a_long_or_hostile_header_is_shortened_and_escaped() -> None:
    header = "\x1b[31mred," + ",".join(f"column {n}" for n in range(60))
    err = error(f"{header}\n1,2\n".encode())
    assert "\x1b" not in err.message and "\\x1b" in err.message
    assert "…" in err.message.split("\n")[0]
    assert len(err.message.split("\n")[0]) < 260


@pytest.mark.parametrize("data", [b"", b"\n\n   \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"])
def test_an_empty_file(data: bytes) -> None:
    err = error(data, "empty.csv")
    assert err.title == "Empty file" and err.message.startswith("empty.csv:")


def test_a_header_without_rows() -> None:
    err = error(STRONG_HEADER.encode() + b"\n\n", "strong.csv")
    assert err.title == "No workouts in the file"
    assert err.message.startswith("strong.csv:1:")


def test_a_file_of_only_rows_skipped_on_purpose_has_nothing_to_import() -> None:
    rest = '2024-03-05 18:04:12,"Push",1h,"Bench",Rest Timer,0,0,0,90,,,\n'
    err = error((STRONG_HEADER + rest * 3).encode(), "rests.csv")
    assert err.title == "No sets in the file"
    assert "3 rest timer row" in err.message


def test_fewer_than_half_readable_stops_and_shows_the_first_bad_rows() -> None:
    bad = [ROW.format(order=n, reps="lots") for n in range(1, 8)]
    good = [ROW.format(order=8, reps=5), ROW.format(order=9, reps=5)]
    err = error((STRONG_HEADER + "".join(good + bad)).encode(), "mostly-bad.csv")
    assert err.title == "Too many unreadable rows"
    lines = err.message.split("\n")
    assert lines[0].startswith("mostly-bad.csv: only 2 of 9 rows")
    assert lines[1:6] == [f"  mostly-bad.csv:{n}: reps 'lots' is not a number" for n in range(4, 9)]
    assert lines[6] == "  … and 2 more"
    assert "--from" in lines[-1]


def test_half_readable_goes_on_with_the_bad_rows_listed() -> None:
    rows = [ROW.format(order=1, reps=5), ROW.format(order=2, reps="x")]
    result = parse_bytes((STRONG_HEADER + "".join(rows)).encode(), "half.csv", tz=UTC)
    assert result.sets == 1 and result.bad == [(3, "reps 'x' is not a number")]


def test_rows_skipped_on_purpose_do_not_count_against_the_half() -> None:
    rest = '2024-03-05 18:04:12,"Push",1h,"Bench",Rest Timer,0,0,0,90,,,\n'
    rows = [ROW.format(order=1, reps=5), ROW.format(order=2, reps="x"), rest * 5]
    result = parse_bytes((STRONG_HEADER + "".join(rows)).encode(), "s.csv", tz=UTC)
    assert result.sets == 1 and len(result.bad) == 1


def test_a_source_that_does_not_match_the_header() -> None:
    data = (DATA / "imports" / "hevy_kg.csv").read_bytes()
    err = error(data, "workouts.csv", source=Source.STRONG)
    assert err.title == "Not a Strong export"
    assert err.message.startswith("workouts.csv:1: the header reads 'title,start_time,")
    assert "It looks like a Hevy export: use --from hevy (or --from auto)." in err.message
    err = error(b"a,b\n1,2\n", source=Source.FITNOTES)
    assert err.title == "Not a FitNotes export" and "looks like" not in err.message


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04\x14\x00\x00\x00rest of a zip", b"Date,Exercise\x00\x00\x01\x02\n"],
)
def test_a_file_that_is_not_text(data: bytes) -> None:
    err = error(data, "export.zip")
    assert err.title == "Not a CSV file" and err.message.startswith("export.zip:1:")


def test_an_unclosed_quote_that_swallows_the_file() -> None:
    rows = [ROW.format(order=1, reps=5)]
    rows.append('2024-03-05 18:04:12,Push,1h,Bench,2,60,5,0,0,"Paused reps,,\n')
    rows += [f"2024-03-05 18:04:12,Push,1h,Bench,{n},60,5,0,0,,,\n" for n in range(3, 80)]
    err = error((STRONG_HEADER + "".join(rows)).encode(), "quote.csv")
    assert err.title == "Unreadable CSV"
    assert err.message.startswith("quote.csv:3: a quote opened on this line")


def test_a_stray_quote_over_a_few_lines_is_a_bad_row_that_says_so() -> None:
    rows = [ROW.format(order=n, reps=5) for n in range(1, 6)]
    rows.insert(2, '2024-03-05 18:04:12,"Push",1h,"Bench,3,60,5,0,0,,,\n')
    rows.append('2024-03-05 18:04:12,"Push",1h,"Bench",9,60,5,0,0,"x,,\n')
    result = parse_bytes((STRONG_HEADER + "".join(rows)).encode(), "stray.csv", tz=UTC)
    assert result.sets == 5
    ((line, reason),) = result.bad
    assert line == 4 and "(the row runs on to line" in reason


def test_a_field_larger_than_the_csv_limit() -> None:
    data = STRONG_HEADER + ROW.format(order=1, reps=5) + '2024,"' + "x" * 200_000 + '"\n'
    err = error(data.encode(), "huge.csv")
    assert err.title == "Unreadable CSV" and err.message.startswith("huge.csv:3:")


def test_a_row_with_more_cells_than_the_header_is_bad() -> None:
    rows = [ROW.format(order=1, reps=5), ROW.format(order=2, reps=5)]
    rows.append('2024-03-05 18:04:12,"Push",1h,Bench, wide grip,3,60,5,0,0,,,\n')
    rows.append('2024-03-05 18:04:12,"Push",1h,Bench,4,60,5,0,0,,,\n')
    result = parse_bytes((STRONG_HEADER + "".join(rows)).encode(), "s.csv", tz=UTC)
    assert result.sets == 3
    assert result.bad == [
        (4, "13 fields where the header has 12 (a ',' inside a name that is not quoted?)")
    ]


def test_cp1252_and_utf16_files_are_read() -> None:
    french = (DATA / "imports" / "strong_french.csv").read_text(encoding="utf-8")
    for data in (french.encode("cp1252"), b"\xff\xfe" + french.encode("utf-16-le")):
        result = parse_bytes(data, "fr.csv", tz=UTC)
        assert result.shape == "strong 12 columns, French headers" and result.sets == 6
    latin = french.replace("Entraînement du soir", "Entraînement du soir \x81").encode("latin-1")
    assert parse_bytes(latin, "fr.csv", tz=UTC).sets == 6  # 0x81 is not cp1252: latin-1


def test_an_excel_sep_line_and_tabs() -> None:
    text = (DATA / "imports" / "strong_2019.csv").read_text(encoding="utf-8")
    result = parse_bytes(("sep=;\n" + text).encode(), "s.csv", tz=UTC)
    assert result.sets == 5 and result.workouts[0].line == 7
    tabbed = (DATA / "imports" / "fitnotes_kgs.csv").read_text(encoding="utf-8").replace(",", "\t")
    assert parse_bytes(tabbed.encode(), "f.tsv", tz=UTC).sets == 7


def test_parse_file_refuses_what_is_not_a_readable_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="File not found") as info:
        parse_file(tmp_path / "nope.csv")
    assert str(tmp_path / "nope.csv") in info.value.message
    with pytest.raises(ImportFileError, match="Not a file"):
        parse_file(tmp_path)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(ImportFileError, match="Not a file"):  # never waits for a writer
        parse_file(fifo)


def test_parse_file_caps_the_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes((DATA / "imports" / "hevy_kg.csv").read_bytes())
    assert parse_file(path).sets == 8
    monkeypatch.setattr(parse_module, "MAX_FILE_BYTES", 100)
    with pytest.raises(ImportFileError, match="File too big"):
        parse_file(path)


def test_parse_file_names_the_file_in_row_messages(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(STRONG_HEADER + ROW.format(order=1, reps="x"), encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        parse_file(path, unit=Unit.LB)
    assert f"{path}:2: reps 'x' is not a number" in info.value.message


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("2024-02-30 10:00:00", "date '2024-02-30 10:00:00' is not a real day"),
        ("2024-03-05 25:00:00", "time '2024-03-05 25:00:00' is not a time of day"),
        ("0001-01-01 00:00:00", "date '0001-01-01 00:00:00' has an unlikely year"),
        (
            "2024-03-05 18:04:12+99:00",
            "date '2024-03-05 18:04:12+99:00' has an impossible UTC offset",
        ),
    ],
)
def test_impossible_dates_are_bad_rows(cell: str, reason: str) -> None:
    rows = [ROW.format(order=1, reps=5), ROW.format(order=2, reps=5)]
    rows.append(ROW.format(order=3, reps=5).replace("2024-03-05 18:04:12", cell))
    result = parse_bytes((STRONG_HEADER + "".join(rows)).encode(), "d.csv", tz=UTC)
    assert result.bad == [(4, reason)]


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ("60,-3", "reps '-3' is negative"),
        ("60,2.5", "reps '2.5' is not a whole number"),
        ("nan,5", "weight 'nan' is not a number"),
        ("1e999,5", "weight '1e999' is out of range"),
    ],
)
def test_unreadable_numbers_are_bad_rows(cells: str, reason: str) -> None:
    rows = [ROW.format(order=1, reps=5), ROW.format(order=2, reps=5)]
    rows.append(f'2024-03-05 18:04:12,"Push",1h,"Bench",3,{cells},0,0,,,\n')
    result = parse_bytes((STRONG_HEADER + "".join(rows)).encode(), "n.csv", tz=UTC)
    assert result.bad == [(4, reason)]


def test_an_rpe_out_of_range_keeps_the_set_and_says_so() -> None:
    data = STRONG_HEADER + ROW.format(order=1, reps=5).replace(",,,\n", ",,,11\n")
    (w,) = parse_bytes(data.encode(), "r.csv", tz=UTC).workouts
    assert w.sets[0].rpe is None
    assert w.remarks == ["line 2: RPE '11' is not between 1 and 10: RPE left out"]


def test_an_unreadable_duration_leaves_the_end_unknown() -> None:
    data = STRONG_HEADER + ROW.format(order=1, reps=5).replace(",1h,", ",soon,")
    (w,) = parse_bytes(data.encode(), "d.csv", tz=UTC).workouts
    assert w.ended is None
    assert w.remarks == [
        "duration 'soon' is not a duration (like 35m, 1h 8m or 0:05:00): its end is left unknown"
    ]


def test_hevy_dates_it_cannot_read() -> None:
    header = (DATA / "imports" / "hevy_kg.csv").read_text(encoding="utf-8").split("\n")[0]
    good = '"A","5 Sep 2025, 07:48","5 Sep 2025, 08:00","","Squat",,"",0,"normal",100,5,,,'
    rows = [good, good, good.replace("5 Sep 2025, 07:48", "3 févr. 2026, 18:00")]
    rows.append(good.replace("5 Sep 2025, 08:00", "later"))
    result = parse_bytes("\n".join([header, *rows]).encode(), "h.csv", tz=UTC)
    assert result.bad == [(4, "start_time '3 févr. 2026, 18:00': 'févr' is not an English month")]
    (w,) = result.workouts
    assert w.ended is not None  # the first row's end_time is the workout's
