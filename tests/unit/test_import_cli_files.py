"""``backtimer import`` on real-looking exports of every app (tests/data/imports): one
log per workout, a second import a no-op, export and import back a no-op, bad files
refused with nothing written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.logs import read_all
from backtimer.logs.imports.parse import parse_file
from tests.conftest import DATA

FILES = sorted((DATA / "imports").glob("*.csv"))


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def test_there_are_fixtures_of_every_app() -> None:
    names = " ".join(f.name for f in FILES)
    for app in ("strong", "hevy", "fitnotes", "stronglifts"):
        assert app in names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_file_imports_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    parsed = parse_file(path)
    workouts = [w for w in parsed.workouts if w.sets]
    logs = tmp_path / "logs"
    code, out, err = run(capsys, "import", path, "--log-dir", logs)
    assert code == 0, err
    assert f"{len(parsed.workouts)} session" in out
    assert f"{len(workouts)} new, 0 already imported" in out
    found = read_all(logs)
    assert found.warnings == []
    assert len(found.logs) == len(workouts)
    assert sum(len(log.records) for log in found.logs) == sum(len(w.sets) for w in workouts)
    assert {log.source_key for log in found.logs} == {w.key for w in workouts}
    before = snapshot(logs)
    code, out, _ = run(capsys, "import", path, "--log-dir", logs)
    assert code == 0
    assert f"Nothing new: 0 new, {len(workouts)} already imported." in out
    assert snapshot(logs) == before
    code, out, _ = run(capsys, "history", "--plain", "--log-dir", logs)
    assert code == 0 and len(out.splitlines()) == 1 + len(workouts)


@pytest.mark.parametrize("fmt", ["strong", "hevy"])
def test_an_export_imported_back_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    logs = tmp_path / "logs"
    shutil.copytree(DATA / "logs", logs)
    (logs / "2026-11-12T18-00-00_truncated.toml").unlink()
    for path in FILES:
        assert run(capsys, "import", path, "--log-dir", logs)[0] == 0
    sessions = len(read_all(logs).logs)
    exported = tmp_path / f"export-{fmt}.csv"
    assert run(capsys, "export", "--format", fmt, "--log-dir", logs, "-o", exported)[0] == 0
    before = snapshot(logs)
    code, out, err = run(capsys, "import", exported, "--log-dir", logs)
    assert code == 0, err
    assert f"{sessions} sessions: 0 new, {sessions} already imported" in out
    assert snapshot(logs) == before


def test_an_import_exported_and_imported_elsewhere_keeps_its_sets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for name in ("hevy_kg.csv", "strong_classic.csv"):
        assert run(capsys, "import", DATA / "imports" / name, "--log-dir", first)[0] == 0
    exported = tmp_path / "hevy.csv"
    run(capsys, "export", "--format", "hevy", "--log-dir", first, "-o", exported)
    assert run(capsys, "import", exported, "--log-dir", second)[0] == 0

    def sets(folder: Path) -> list[tuple[object, ...]]:
        return sorted(
            (
                log.started.replace(tzinfo=None, second=0),
                log.routine_name,
                r.exercise,
                r.kind,
                r.reps,
                r.weight,
                r.set_type,
            )
            for log in read_all(folder).logs
            for r in log.records
        )

    assert sets(second) == sets(first)


def test_dry_run_on_a_real_file_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    code, out, _ = run(
        capsys, "import", DATA / "imports" / "strong_classic.csv", "--dry-run", "--log-dir", logs
    )
    assert code == 0 and "Dry run: would import" in out and "Exercises (sets):" in out
    assert snapshot(logs) == {}


def test_undo_of_a_real_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logs = tmp_path / "logs"
    _, out, _ = run(capsys, "import", DATA / "imports" / "stronglifts.csv", "--log-dir", logs)
    match = re.search(r"as import (\S+)\.", out)
    assert match is not None
    code, out, _ = run(capsys, "import", "--undo", match[1], "--log-dir", logs)
    assert code == 0 and "Removed 3 sessions" in out
    assert list(logs.glob("*.toml")) == []


def test_an_unknown_shape_exits_2_naming_the_header_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("when,what,how much\n2024-01-01,squat,100\n", encoding="utf-8")
    logs = tmp_path / "logs"
    good = DATA / "imports" / "hevy_kg.csv"
    code, out, err = run(capsys, "import", good, odd, "--log-dir", logs)
    assert code == 2 and out == ""
    assert "when,what,how much" in err and "Hevy" in err and "Traceback" not in err
    assert not logs.exists()


def test_a_mostly_unreadable_file_exits_2_with_its_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    header = (DATA / "imports" / "strong_classic.csv").read_text(encoding="utf-8").splitlines()[0]
    rows = [f"2024-03-0{d} 18:00:00,Push,1h,Bench,1,heavy,five,0,0,,," for d in range(1, 6)]
    bad.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    logs = tmp_path / "logs"
    logs.mkdir()
    code, _, err = run(capsys, "import", bad, "--log-dir", logs)
    assert code == 2 and "bad.csv:2:" in err
    assert snapshot(logs) == {}


def test_a_wrong_from_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys,
        "import",
        DATA / "imports" / "hevy_kg.csv",
        "--from",
        "strong",
        "--log-dir",
        tmp_path / "logs",
    )
    assert code == 2 and "--from hevy" in err
