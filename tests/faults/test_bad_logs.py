"""Corrupt, truncated, empty and future-version logs among good ones.

The review (``history --plain``, ``--json``, the sessions screen) lists every good session
and warns about each bad log by its file name; nothing crashes. Beyond the four kinds, any
prefix of a real log and random byte damage to one either read or are refused as a
:class:`LogError` naming the file, never another exception.
"""

from __future__ import annotations

import json
import math
import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual.widgets import DataTable, Static

from backtimer.cli import main
from backtimer.logs import LogData, LogError, load_history, parse_log
from backtimer.logs.history import summarize_log
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


# -- numbers the format cannot hold, and nesting too deep (issue 12, point 5) -----------

#: Values that are valid TOML but no number a log can hold (nan, infinities, 1e400, which
#: reads as infinity) or that Python refuses to read (more than 4,300 digits).
NOT_A_NUMBER = st.sampled_from(
    ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "1e400", "-1e400", "1.8e308", "9e999"]
)
HUGE_INT = st.integers(4301, 6000).map(lambda n: "9" * n)  # Python refuses to read it
ABOVE_FLOAT = st.integers(309, 4000).map(lambda n: "1" + "0" * n)  # an integer above 1e308
BAD_NUMBER = NOT_A_NUMBER | HUGE_INT | ABOVE_FLOAT | st.sampled_from(["-" + "9" * 400])

#: Lines of SAMPLE whose first occurrence a bad number replaces, with their key.
NUMBER_LINES = {
    "active_seconds": b"active_seconds = 381.8\n",
    "paused_seconds": b"paused_seconds = 0.0\n",
    "steps_planned": b"steps_planned = 9\n",
    "resume_at": b"resume_at = 9\n",
    "weight": b"weight = 47.5\n",
    "reps": b"reps = 10\n",
    "actual": b"actual = 29.0\n",
    "rpe": b"rpe = 9\n",
    "index": b"index = 0\n",
    "set_number": b"set_number = 1\n",
}
BAD_NAME = "2026-11-20T18-00-00_bad-number.toml"


def _with_number(key: str, value: str) -> bytes:
    line = NUMBER_LINES[key]
    assert line in SAMPLE, line
    return SAMPLE.replace(line, f"{key} = {value}\n".encode(), 1)


def _nested(depth: int, opener: str) -> bytes:
    closer = {"[": "]", "{a = ": "}"}[opener]
    value = opener * depth + "1" + closer * depth
    return SAMPLE.replace(b'notes = ""\n', f"notes = {value}\n".encode(), 1)


@settings(max_examples=60, deadline=None, database=None)
@given(key=st.sampled_from(sorted(NUMBER_LINES)), value=BAD_NUMBER)
@example(key="active_seconds", value="nan")
@example(key="weight", value="1e400")
@example(key="reps", value="9" * 4301)
@example(key="active_seconds", value="1" + "0" * 309)
def test_a_number_no_log_can_hold_is_refused_naming_the_file(key: str, value: str) -> None:
    path = Path(BAD_NAME)
    with pytest.raises(LogError) as caught:
        parse_log(_with_number(key, value), path)
    assert caught.value.path == path and BAD_NAME in str(caught.value)


@settings(max_examples=15, deadline=None, database=None)
@given(depth=st.integers(1_000, 20_000), opener=st.sampled_from(["[", "{a = "]))
@example(depth=5_000, opener="[")
def test_nesting_too_deep_is_refused_naming_the_file(depth: int, opener: str) -> None:
    path = Path(BAD_NAME)
    with pytest.raises(LogError, match="nested too deep") as caught:
        parse_log(_nested(depth, opener), path)
    assert caught.value.path == path


@pytest.fixture
def one_bad(tmp_path: Path) -> Path:
    target = tmp_path / "sessions"
    shutil.copytree(DATA / "logs", target)
    return target


def _good_and_named(logs: Path, err: str, out_files: list[str]) -> None:
    assert sorted(out_files) == GOOD, "every good session is still listed"
    assert BAD_NAME in err and "Traceback" not in err


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    bad=st.one_of(
        st.tuples(st.sampled_from(sorted(NUMBER_LINES)), BAD_NUMBER).map(
            lambda t: _with_number(*t)
        ),
        st.just(_nested(5_000, "[")),
    )
)
@example(bad=_with_number("active_seconds", "nan"))
@example(bad=_with_number("weight", "inf"))
@example(bad=_with_number("reps", "1" + "0" * 309))
def test_every_reader_skips_such_a_log_and_lists_the_good_ones(
    one_bad: Path, capsys: pytest.CaptureFixture[str], bad: bytes
) -> None:
    """history (index or not), --plain, --json, export and resume skip it with its name."""
    (one_bad / BAD_NAME).write_bytes(bad)
    (one_bad / ".history-index.json").unlink(missing_ok=True)
    history = load_history(one_bad)
    assert sorted(r.file for r in history.rows) == GOOD
    assert any(w.startswith(BAD_NAME) for w in history.warnings), history.warnings
    assert main(["history", "--plain", "--log-dir", str(one_bad)]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1 + len(GOOD) and BAD_NAME in err
    assert main(["history", "--json", "--log-dir", str(one_bad)]) == 0
    out, err = capsys.readouterr()
    _good_and_named(one_bad, err, [s["file"] for s in json.loads(out)])
    assert main(["export", "--format", "json", "--log-dir", str(one_bad)]) == 0
    out, err = capsys.readouterr()
    assert BAD_NAME not in out and BAD_NAME in err
    assert main(["resume", "--log-dir", str(one_bad)]) == 0
    out, err = capsys.readouterr()
    assert "No interrupted session" in out


async def test_the_review_screen_skips_a_log_with_nan(one_bad: Path) -> None:
    (one_bad / BAD_NAME).write_bytes(_with_number("active_seconds", "nan"))
    app = HistoryApp(one_bad, today=date(2026, 11, 25))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == len(GOOD)
        assert BAD_NAME in str(app.screen.query_one("#warnings", Static).render())


# -- arbitrary values and structures (issue 12, "done when") -----------------------

_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=10),
    st.sampled_from(["set", "done", "kg", "completed", "in_progress", "", "lb"]),
    st.datetimes(timezones=st.none() | st.timezones()),
    st.dates(),
    st.times(),
)
#: Numbers of every size and kind: nan, infinities, beyond 64 bits, beyond a float.
_NUMBER = st.one_of(
    st.floats(),
    st.integers(-(2**70), 2**70),
    st.integers(309, 1000).map(lambda n: 10**n),
    st.sampled_from([-1, 0, 2**63 - 1, -(2**63), float("nan"), float("inf"), -float("inf")]),
)
_ANY = st.recursive(
    _SCALAR,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _sample_doc() -> dict:
    return tomllib.loads(SAMPLE.decode())


def _paths(doc: object, prefix: tuple = ()) -> list[tuple]:
    """Every key path into ``doc`` (dicts and lists), the root's too."""
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


def _set_at(doc: object, where: tuple, value: object) -> object:
    if not where:
        return value
    head, rest = where[0], where[1:]
    if isinstance(doc, dict):
        return {**doc, head: _set_at(doc[head], rest, value)}
    assert isinstance(doc, list)
    return [_set_at(v, rest, value) if i == head else v for i, v in enumerate(doc)]


def _toml_ready(value: object) -> object:
    """``value`` as tomli-w can write it: None dropped, dates and times as themselves."""
    if isinstance(value, dict):
        return {str(k): _toml_ready(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_toml_ready(v) for v in value if v is not None]
    return value


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data(), swaps=st.integers(1, 4))
def test_any_value_anywhere_in_a_log_reads_or_is_a_named_skip(
    data: st.DataObject, swaps: int
) -> None:
    """Replace any key's value (the root too) with any value: parse_log reads or names the file."""
    doc: object = _sample_doc()
    for _ in range(swaps):
        where = data.draw(st.sampled_from(_paths(doc)))
        doc = _set_at(doc, where, data.draw(_NUMBER | _ANY))
    ready = _toml_ready(doc)
    if not isinstance(ready, dict):
        ready = {"format": 1, "value": ready}
    try:
        text = tomli_w.dumps(ready)
    except (TypeError, ValueError):
        return  # not writable as TOML at all (e.g. a list of tables mixed with values)
    path = Path("2026-11-24T18-02-00_fuzzed.toml")
    try:
        log = parse_log(text.encode(), path)
    except LogError as error:
        assert error.path == path and path.name in str(error)
        return
    _assert_holdable(log)
    summarize_log(log)  # what history does with it: no exception either


INT64 = range(-(2**63), 2**63)


def _assert_holdable(log: LogData) -> None:
    """Every number a log read gives is one a log can hold: finite, ints in 64 bits."""
    numbers: list[object] = [log.active_seconds, log.paused_seconds]
    numbers += [log.steps_planned, log.resume_at, log.resumed]
    for r in log.records:
        numbers += [r.index, r.set_number, r.set_count, r.planned, r.actual, r.paused]
        numbers += [r.reps, r.weight, r.rpe]
    for n in numbers:
        if isinstance(n, float):
            assert math.isfinite(n), numbers
        elif isinstance(n, int):
            assert n in INT64, numbers
