"""``backtimer import`` as a user runs it, on parse results made by hand (the parsers
have their own tests; ``test_import_cli_files.py`` runs the command on real files)."""

from __future__ import annotations

import re
import sys
import types
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.logs import read_log
from backtimer.logs.imports import (
    ImportedSet,
    ImportedWorkout,
    ImportFileError,
    ParseResult,
    SetKind,
    Source,
)
from backtimer.routine import Unit
from tests.conftest import DATA

TZ = timezone(timedelta(hours=2))
DAY = datetime(2025, 3, 3, 18, 0, tzinfo=TZ)


def strong_file(n: int = 3, assumed: Unit | None = Unit.KG) -> ParseResult:
    workouts = []
    for i in range(n):
        started = DAY + timedelta(days=2 * i, minutes=i)
        sets = [
            ImportedSet("Bent Over Row (Barbell)", SetKind.WARMUP, 10, 30.0, Unit.KG),
            *[ImportedSet("Bent Over Row (Barbell)", reps=8, weight=50.0, unit=Unit.KG)] * 3,
            ImportedSet("Deadlift", reps=5, weight=100.0 + i, unit=Unit.KG),
            ImportedSet("Zercher Carry", seconds=40.0),
        ]
        workouts.append(
            ImportedWorkout(
                Source.STRONG, "Back day", started, sets, ended=started + timedelta(minutes=50)
            )
        )
    workouts[0].remarks.append("duration 264h 1m looks left running: used the span of its sets")
    return ParseResult(
        Source.STRONG,
        "strong 12 columns",
        workouts,
        rows=40,
        skipped=Counter({"rest timer": 4}),
        bad=[(17, "weight 'abc' is not a number")],
        assumed_unit=assumed,
    )


class Parser:
    """A stand-in for ``parse_file``: a result (or an error) per file name."""

    def __init__(self) -> None:
        self.results: dict[str, ParseResult | Exception] = {}
        self.calls: list[tuple[str, Source | None, Unit]] = []

    def __call__(
        self, path: Path, *, source: Source | None = None, unit: Unit = Unit.KG, tz: object = None
    ) -> ParseResult:
        self.calls.append((path.name, source, unit))
        found = self.results[path.name]
        if isinstance(found, Exception):
            raise found
        return found


@pytest.fixture
def parser(monkeypatch: pytest.MonkeyPatch) -> Parser:
    fake = Parser()
    try:
        import backtimer.logs.imports.parse  # noqa: F401
    except ImportError:  # the parsers are not there yet: a module of just the stand-in
        module = types.ModuleType("backtimer.logs.imports.parse")
        monkeypatch.setitem(sys.modules, "backtimer.logs.imports.parse", module)
    monkeypatch.setattr("backtimer.logs.imports.parse.parse_file", fake, raising=False)
    return fake


@pytest.fixture
def files(tmp_path: Path, parser: Parser) -> Path:
    """A folder with ``strong.csv`` (3 workouts)."""
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "strong.csv").write_text("Date,Workout Name\n")
    parser.results["strong.csv"] = strong_file()
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_writes_one_log_per_workout_and_says_so(
    tmp_path: Path, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    code, out, err = run(capsys, "import", files / "strong.csv", "--log-dir", logs)
    assert (code, err) == (0, "")
    assert "strong.csv: strong 12 columns; no unit in the file: weights read as kg" in out
    assert "3 sessions: 3 new, 0 already imported · 18 sets · 2025-03-03 to 2025-03-07" in out
    assert "skipped 4 rows on purpose: 4 rest timer" in out
    assert "strong.csv:17: weight 'abc' is not a number" in out
    assert "2025-03-03 Back day: duration 264h 1m looks left running" in out
    import_id = re.search(r"as import (\d{8}-\d{6})\.", out)
    assert import_id is not None
    assert f"backtimer import --undo {import_id[1]}" in out
    written = sorted(logs.glob("*.toml"))
    assert [p.name for p in written] == [
        "2025-03-03T18-00-00_back-day.toml",
        "2025-03-05T18-01-00_back-day.toml",
        "2025-03-07T18-02-00_back-day.toml",
    ]
    log = read_log(written[0])
    assert (log.source, log.import_id, len(log.records)) == ("strong", import_id[1], 6)
    code, out, _ = run(capsys, "history", "--plain", "--log-dir", logs)
    assert code == 0 and out.count("Back day") == 3


def test_a_second_import_adds_nothing(
    tmp_path: Path, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    assert run(capsys, "import", files / "strong.csv", "--log-dir", logs)[0] == 0
    before = snapshot(logs)
    code, out, _ = run(capsys, "import", files / "strong.csv", "--log-dir", logs)
    assert code == 0
    assert "3 sessions: 0 new, 3 already imported" in out
    assert "Nothing new: 0 new, 3 already imported." in out
    assert snapshot(logs) == before


def test_the_unit_assumed_comes_from_unit_then_config_then_kg(
    tmp_path: Path, home: Path, parser: Parser, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = files / "strong.csv"
    logs = tmp_path / "logs"
    run(capsys, "import", csv, "--dry-run", "--log-dir", logs)
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text('unit = "lb"\n')
    parser.results["strong.csv"] = strong_file(assumed=Unit.LB)
    _, out, _ = run(capsys, "import", csv, "--dry-run", "--log-dir", logs)
    assert "weights read as lb (config.toml's unit)" in out
    _, out, _ = run(capsys, "import", csv, "--dry-run", "--unit", "kg", "--from", "strong")
    assert parser.calls == [
        ("strong.csv", None, Unit.KG),
        ("strong.csv", None, Unit.LB),
        ("strong.csv", Source.STRONG, Unit.KG),
    ]


def test_dry_run_writes_nothing_and_suggests_aliases(
    tmp_path: Path, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    run(capsys, "import", files / "strong.csv", "--log-dir", logs)  # one import, then its index
    (logs / "2025-03-05T18-01-00_back-day.toml").unlink()
    run(capsys, "history", "--plain", "--log-dir", logs)
    before = snapshot(logs)
    code, out, err = run(capsys, "import", files / "strong.csv", "--dry-run", "--log-dir", logs)
    assert (code, err) == (0, "")
    assert snapshot(logs) == before
    assert "3 sessions: 1 new, 2 already imported" in out
    assert "would import 1 session (6 sets), 2025-03-05. Nothing was written." in out
    assert re.search(r"4  Bent Over Row \(Barbell\)   \(in none of your routines\)", out)
    assert re.search(r"1  Deadlift\n", out)  # a shipped routine's exercise
    assert '"Bent Over Row (Barbell)" = "Bent-over barbell row"' in out
    assert "Zercher Carry" in out and '"Zercher Carry" =' not in out


def test_dry_run_into_an_empty_folder_makes_no_folder(
    tmp_path: Path, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "new"
    code, out, _ = run(capsys, "import", files / "strong.csv", "--dry-run", "--log-dir", logs)
    assert code == 0 and "would import 3 sessions (18 sets)" in out
    assert not logs.exists()


def test_aliases_of_the_config_rename_exercises(
    tmp_path: Path, home: Path, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(
        '[aliases]\n"bent over row (barbell)" = "Bent-over barbell row"\n'
    )
    logs = tmp_path / "logs"
    _, out, _ = run(capsys, "import", files / "strong.csv", "--dry-run", "--log-dir", logs)
    assert re.search(r"12  Bent-over barbell row\n", out)
    run(capsys, "import", files / "strong.csv", "--log-dir", logs)
    log = read_log(sorted(logs.glob("*.toml"))[0])
    assert {r.exercise for r in log.records} == {
        "Bent-over barbell row",
        "Deadlift",
        "Zercher Carry",
    }


def test_list_and_undo(tmp_path: Path, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logs = tmp_path / "logs"
    code, _, err = run(capsys, "import", "--list", "--log-dir", logs)
    assert code == 2 and "check the folder's name" in err  # a --log-dir that is not there
    logs.mkdir()
    code, out, _ = run(capsys, "import", "--list", "--log-dir", logs)
    assert code == 0 and "No imports yet" in out
    _, out, _ = run(capsys, "import", files / "strong.csv", "--log-dir", logs)
    match = re.search(r"as import (\S+)\.", out)
    assert match is not None
    import_id = match[1]
    code, out, _ = run(capsys, "import", "--list", "--log-dir", logs)
    assert code == 0
    (line,) = out.splitlines()
    fields = line.split("\t")
    assert fields[0] == import_id and fields[2:] == [
        "strong",
        "strong.csv",
        "3 sessions",
        "2025-03-03 to 2025-03-07",
    ]
    code, out, err = run(capsys, "import", "--undo", "nope", "--log-dir", logs)
    assert code == 2 and "No import called 'nope'" in err and import_id in err
    code, out, _ = run(capsys, "import", "--undo", import_id, "--log-dir", logs)
    assert code == 0 and f"Removed 3 sessions of import {import_id}." in out
    assert list(logs.glob("*.toml")) == []
    _, out, _ = run(capsys, "history", "--plain", "--log-dir", logs)
    assert "Back day" not in out
    # and it can be imported again
    _, out, _ = run(capsys, "import", files / "strong.csv", "--log-dir", logs)
    assert "3 new, 0 already imported" in out


def test_undo_keeps_other_imports_and_sessions(
    tmp_path: Path, files: Path, parser: Parser, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    run(capsys, "import", files / "strong.csv", "--log-dir", logs)
    other = strong_file(2)
    for w in other.workouts:
        w.started += timedelta(days=100)
        w.ended = None
    (files / "later.csv").write_text("x")
    parser.results["later.csv"] = other
    _, out, _ = run(capsys, "import", files / "later.csv", "--log-dir", logs)
    match = re.search(r"as import (\S+)\.", out)
    assert match is not None
    _, listing, _ = run(capsys, "import", "--list", "--log-dir", logs)
    assert len(listing.splitlines()) == 2
    run(capsys, "import", "--undo", match[1], "--log-dir", logs)
    assert len(list(logs.glob("*.toml"))) == 3


def test_a_file_that_cannot_be_imported_exits_2_and_writes_nothing(
    tmp_path: Path, files: Path, parser: Parser, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    (files / "odd.csv").write_text("a,b\n")
    parser.results["odd.csv"] = ImportFileError(
        "Unknown file", "odd.csv: the header 'a,b' is none of: Strong, Hevy"
    )
    code, out, err = run(
        capsys, "import", files / "strong.csv", files / "odd.csv", "--log-dir", logs
    )
    assert code == 2 and out == ""
    assert "1 of 2 files cannot be imported" in err
    assert "the header 'a,b' is none of" in err and "Nothing was imported." in err
    assert not logs.exists()
    code, _, err = run(capsys, "import", files / "odd.csv", "--log-dir", logs)
    assert code == 2 and "Unknown file" in err


@pytest.mark.parametrize("name", ["missing.csv", "."])
def test_a_missing_file_or_a_folder_exits_2(
    tmp_path: Path, files: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, out, err = run(capsys, "import", files / name, "--log-dir", tmp_path / "logs")
    assert code == 2 and out == ""
    assert ("no such file" in err) if name != "." else ("is a folder" in err)


def test_a_reader_that_crashes_is_a_message_not_a_traceback(
    tmp_path: Path, files: Path, parser: Parser, capsys: pytest.CaptureFixture[str]
) -> None:
    parser.results["strong.csv"] = KeyError("Date")
    code, _, err = run(capsys, "import", files / "strong.csv", "--log-dir", tmp_path / "logs")
    assert code == 2 and "KeyError" in err and "Traceback" not in err


def test_no_file_or_files_with_list_are_refused(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "import")
    assert code == 2 and "No file to import" in err
    code, _, err = run(capsys, "import", files / "strong.csv", "--list")
    assert code == 2 and "--list and --undo take no FILE" in err


def test_a_log_folder_that_is_a_file_is_said(
    tmp_path: Path, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = run(capsys, "import", files / "strong.csv", "--log-dir", blocker)
    assert code == 2 and "Part of the path is a file" in err and str(blocker) in err
    code, _, err = run(capsys, "import", files / "strong.csv", "--log-dir", blocker / "logs")
    assert code == 2 and "Not a directory" in err


def test_a_write_that_fails_part_way_leaves_nothing(
    tmp_path: Path, files: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from backtimer.logs import LogData, write_log

    def full(log: LogData, path: Path) -> None:
        if list(path.parent.glob("*.toml")):
            raise OSError(28, "No space left on device")
        write_log(log, path)

    monkeypatch.setattr("backtimer.logs.imports.writer.write_log", full)
    logs = tmp_path / "logs"
    code, _, err = run(capsys, "import", files / "strong.csv", "--log-dir", logs)
    assert code == 2 and "No space left on device" in err and "Nothing was imported" in err
    assert list(logs.glob("*.toml")) == []


def test_imported_sessions_are_in_training_memory(
    tmp_path: Path, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from backtimer.logs import load_memory

    logs = tmp_path / "logs"
    run(capsys, "import", files / "strong.csv", "--log-dir", logs)
    last = load_memory(logs).last("deadlift")
    assert last is not None and last.imported and last.sets[0].weight == 102.0


@pytest.mark.parametrize(
    ("name", "mine"),
    [
        ("Bent Over Row (Barbell)", "Bent-over barbell row"),
        ("Deadlift (Barbell)", "Deadlift"),
        ("Seated Cable Row - V Grip (Cable)", "Seated cable row"),
        ("pull up", "Pull-up"),
        ("Barbell Row", "Bent-over barbell row"),  # StrongLifts' name: every word in yours
        ("Romanian Deadlift (Barbell)", None),
        ("Wall Sit", None),
        ("Bench Press (Barbell)", None),
    ],
)
def test_aliases_are_suggested_only_for_close_names(name: str, mine: str | None) -> None:
    from backtimer.commands.import_ import suggest_alias

    known = ["Bent-over barbell row", "Deadlift", "Seated cable row", "Pull-up", "Wall slide"]
    assert suggest_alias(name, known) == mine


def test_suggested_aliases_are_valid_toml_for_any_name() -> None:
    import tomllib

    from backtimer.commands.import_ import alias_lines

    pairs = [('Row "Pendlay" (Barbell)', "Row"), ("Squat\\Low", "Squat"), ("Dip", "Dip\tbar")]
    text = "[aliases]\n" + "\n".join(alias_lines(pairs)) + "\n"
    assert tomllib.loads(text)["aliases"] == dict(pairs)


@pytest.mark.parametrize(
    ("reason", "n", "said"),
    [
        ("rest timer row", 4, "rest timer rows"),
        ("rest timer row", 1, "rest timer row"),
        ("0-rep slot", 2, "0-rep slots"),
        ("empty set (no reps, time or distance)", 3, "empty sets (no reps, time or distance)"),
        ("cardio row without time or distance", 2, "cardio rows without time or distance"),
    ],
)
def test_skip_reasons_are_counted_in_words(reason: str, n: int, said: str) -> None:
    """Regression: the summary said "4 rest timer row", "2 0-rep slot"."""
    from backtimer.commands.import_ import plural

    assert plural(reason, n) == said


def test_two_imports_into_one_folder_take_turns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: two imports at once both saw the folder empty and wrote every workout
    twice. One holds the folder's import lock while it reads and writes; another waits
    (here: not at all, and is refused), and never writes a duplicate."""
    import fcntl
    import os

    from backtimer.logs.imports import ledger

    logs = tmp_path / "logs"
    logs.mkdir()
    fixture = DATA / "imports" / "hevy_kg.csv"
    fd = os.open(logs / ledger.LOCK_NAME, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another import is under way
    monkeypatch.setattr(ledger, "LOCK_WAIT", 0.2)
    try:
        assert main(["import", str(fixture), "--log-dir", str(logs)]) == 2
        assert "Another import is running" in capsys.readouterr().err
        assert not list(logs.glob("*.toml"))
        # A dry run reads only: it does not wait for the lock.
        assert main(["import", str(fixture), "--log-dir", str(logs), "--dry-run"]) == 0
    finally:
        os.close(fd)
    assert main(["import", str(fixture), "--log-dir", str(logs)]) == 0
    assert len(list(logs.glob("*.toml"))) == 2
