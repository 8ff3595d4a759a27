"""Corrupt, truncated, empty and future-version logs among good ones.

The review (``history --plain``, ``--json``, the sessions screen) lists every good session
and warns about each bad log by its file name; nothing crashes. Beyond the four kinds, any
prefix of a real log and random byte damage to one either read or are refused as a
:class:`LogError` naming the file, never another exception.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual.widgets import DataTable, Static

from backtimer.cli import main
from backtimer.logs import LogError, load_history, parse_log
from backtimer.tui.history_app import HistoryApp
from tests.conftest import DATA

GOOD = sorted(p.name for p in (DATA / "logs").glob("*.toml") if "truncated" not in p.name)
SAMPLE = (DATA / "logs" / "2026-11-24T18-02-00_back-strength.toml").read_bytes()

#: The bad logs, each with words its warning must hold.
BAD = {
    "2026-11-12T18-00-00_truncated.toml": "truncated",  # a fixture: cut mid-table
    "2026-11-13T18-00-00_corrupt.toml": "not valid TOML",
    "2026-11-14T18-00-00_garbage.toml": "not UTF-8",
    "2026-11-15T18-00-00_empty.toml": "empty",
    "2026-11-16T18-00-00_future.toml": "newer than this backtimer reads",
}


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    """The fixture logs (six good, one truncated) and the other kinds of bad log."""
    target = tmp_path / "sessions"
    shutil.copytree(DATA / "logs", target)
    (target / "2026-11-13T18-00-00_corrupt.toml").write_bytes(SAMPLE.replace(b" = ", b" : ", 3))
    (target / "2026-11-14T18-00-00_garbage.toml").write_bytes(b"\x00\xff\xfe" + SAMPLE[:40])
    (target / "2026-11-15T18-00-00_empty.toml").write_bytes(b"")
    (target / "2026-11-16T18-00-00_future.toml").write_bytes(
        SAMPLE.replace(b"format = 1\n", b"format = 2\n", 1)
    )
    return target


def _assert_warned(text: str) -> None:
    for name, words in BAD.items():
        (line,) = [line for line in text.splitlines() if name in line]
        assert words in line, line


def test_history_lists_the_good_logs_and_warns_about_each_bad_one(logs: Path) -> None:
    history = load_history(logs)
    assert sorted(row.file for row in history.rows) == GOOD
    assert len(history.warnings) == len(BAD)
    _assert_warned("\n".join(history.warnings))
    again = load_history(logs)  # from the index this time
    assert again.rows == history.rows and again.warnings == history.warnings


def test_plain_prints_the_good_ones_and_warns_on_stderr(
    logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "--plain", "--log-dir", str(logs)]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1 + len(GOOD)
    assert not any(name in out for name in BAD)
    _assert_warned(err)
    assert all(line.startswith(f"warning: skipped {logs}/") for line in err.splitlines())


def test_json_prints_the_good_ones_and_warns_on_stderr(
    logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "--json", "--log-dir", str(logs)]) == 0
    out, err = capsys.readouterr()
    assert sorted(s["file"] for s in json.loads(out)) == GOOD
    _assert_warned(err)


async def test_the_review_screen_shows_the_good_ones_and_warns_about_each_bad_one(
    logs: Path,
) -> None:
    app = HistoryApp(logs, today=date(2026, 11, 25))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == len(GOOD)
        warnings = app.screen.query_one("#warnings", Static)
        _assert_warned(str(warnings.render()))
        assert table.size.height >= 5, "the warnings leave room for the sessions"


async def test_many_bad_logs_never_push_the_sessions_off_the_screen(logs: Path) -> None:
    for n in range(30):
        (logs / f"2026-10-{n + 1:02d}T08-00-00_broken.toml").write_bytes(b"")
    app = HistoryApp(logs, today=date(2026, 11, 25))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == len(GOOD)
        assert table.size.height >= 5


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    cut=st.just(len(SAMPLE)) | st.integers(0, len(SAMPLE)),  # whole, or cut anywhere
    damage=st.lists(
        st.tuples(st.integers(0, len(SAMPLE) - 1), st.integers(0, 255)), min_size=0, max_size=6
    ),
)
@example(cut=0, damage=[])  # an empty file
@example(cut=len(SAMPLE) // 2, damage=[])  # cut mid-way
@example(cut=len(SAMPLE) - 1, damage=[])  # only the last newline missing
def test_a_log_cut_anywhere_or_damaged_reads_or_is_refused_naming_it(
    cut: int, damage: list[tuple[int, int]]
) -> None:
    """Any prefix of a real log, with or without random bytes changed, never crashes."""
    data = bytearray(SAMPLE)
    for offset, value in damage:
        data[offset] = value
    path = Path("2026-11-24T18-02-00_damaged.toml")
    try:
        log = parse_log(bytes(data[:cut]), path)
    except LogError as error:
        assert error.path == path and str(path) in str(error)
    else:
        if not damage:
            assert len(log.records) <= 9, "a cut log holds no step the whole one does not"
