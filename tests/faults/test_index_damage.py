"""A damaged history index is never trusted (issue 12, point 6).

``.history-index.json`` caches one summary row per log. Byte flips and wrong types in it
gave tracebacks and wrong listings, and one damaged index broke every later ``history`` and
``resume`` until it was deleted. Now a damaged index (its checksum does not match) is
rebuilt from the logs, and each entry of an intact one is checked before it is used: a bad
entry is read again from its log. Either way the listing is exactly what the logs say, and
the index on disk is good again afterwards.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from backtimer.cli import main
from backtimer.logs import load_history
from backtimer.logs.history import INDEX_NAME, History
from tests.conftest import DATA

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("index") / "sessions"
    shutil.copytree(DATA / "logs", target)
    load_history(target)  # writes the index
    return target


def _truth(folder: Path) -> History:
    return load_history(folder, use_index=False)


def _same(a: History, b: History) -> None:
    assert a.rows == b.rows
    assert a.warnings == b.warnings


def _checked(folder: Path, damaged: bytes, good: bytes) -> None:
    """Load with ``damaged`` as the index: exactly the truth, and the index is good after."""
    index = folder / INDEX_NAME
    try:
        index.write_bytes(damaged)
        truth = _truth(folder)
        _same(load_history(folder), truth)
        _same(load_history(folder), truth)  # a later run: not broken by the first
        assert json.loads(index.read_bytes()) == json.loads(good), "rebuilt, silently"
    finally:
        index.write_bytes(good)


@SETTINGS
@given(
    flips=st.lists(st.tuples(st.integers(0, 10**9), st.integers(1, 255)), min_size=1, max_size=4)
)
@example(flips=[(0, 1)])
def test_byte_flips_in_the_index_are_never_trusted(
    folder: Path, flips: list[tuple[int, int]]
) -> None:
    good = (folder / INDEX_NAME).read_bytes()
    data = bytearray(good)
    for offset, xor in flips:
        data[offset % len(data)] ^= xor
    _checked(folder, bytes(data), good)


#: Any JSON value: deep, huge, not a number, of every type.
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(2**63), float("nan"), float("inf"), -1, 0, 1e308])
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["completed", "in_progress", "2026-11-24T18:02:00+00:00", "kg", "x.toml"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


def _paths(doc: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


def _set_at(doc: Any, where: tuple[Any, ...], value: object) -> Any:
    if not where:
        return value
    head, rest = where[0], where[1:]
    if isinstance(doc, dict):
        return {**doc, head: _set_at(doc[head], rest, value)}
    return [_set_at(v, rest, value) if i == head else v for i, v in enumerate(doc)]


def _sealed(doc: Any) -> bytes:
    """``doc`` as an index file whose checksum matches, as a buggy writer would leave it."""
    if isinstance(doc, dict) and "files" in doc:
        files = json.dumps(doc["files"], separators=(",", ":"))
        doc = {**doc, "sha256": hashlib.sha256(files.encode()).hexdigest()}
    return json.dumps(doc, separators=(",", ":")).encode()


@SETTINGS
@given(data=st.data(), swaps=st.integers(1, 3), sealed=st.booleans())
def test_any_value_anywhere_in_the_index_is_never_trusted(
    folder: Path, data: st.DataObject, swaps: int, sealed: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """Wrong types, huge or non-finite numbers, other names: each entry is checked."""
    good = (folder / INDEX_NAME).read_bytes()
    doc: Any = json.loads(good)
    for _ in range(swaps):
        where = data.draw(st.sampled_from(_paths(doc)))
        doc = _set_at(doc, where, data.draw(JSON))
    if not sealed:  # the checksum does not match: rebuilt, exactly the truth
        _checked(folder, json.dumps(doc).encode(), good)
        return
    # A checksum that matches, as a buggy writer would leave it: a plausible value of the
    # right type cannot be told from the truth, but each log is listed once under its
    # own name (a row or a warning), and nothing raises, now or later.
    index = folder / INDEX_NAME
    try:
        index.write_bytes(_sealed(doc))
        first = load_history(folder)
        named = [r.file for r in first.rows] + [w.split(": ", 1)[0] for w in first.warnings]
        assert sorted(named) == sorted(p.name for p in folder.glob("*.toml"))
        again = load_history(folder)
        _same(again, first)
        assert main(["history", "--plain", "--log-dir", str(folder)]) == 0
        assert main(["resume", "--log-dir", str(folder)]) == 0
    finally:
        index.write_bytes(good)


@pytest.mark.parametrize(
    "damage",
    [
        b"[" * 100_000,  # nested too deep for json
        b'{"version": 2, "files": {"a": ' + b"9" * 5000 + b"}}",  # more than 4,300 digits
        b"\xff\xfe\x00",
    ],
    ids=["deep", "digits", "bytes"],
)
def test_an_index_that_cannot_be_parsed_is_rebuilt(folder: Path, damage: bytes) -> None:
    _checked(folder, damage, (folder / INDEX_NAME).read_bytes())


def test_an_entry_for_another_file_or_with_a_bad_date_is_read_again(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The listing the issue reported: a row under the wrong name, a date that is not one."""
    good = (folder / INDEX_NAME).read_bytes()
    doc = json.loads(good)
    names = sorted(n for n, e in doc["files"].items() if "row" in e[2])
    doc["files"][names[0]][2]["row"]["file"] = names[1]
    doc["files"][names[1]][2]["row"]["started"] = "yesterday"
    doc["files"][names[2]][2]["row"]["active_seconds"] = "NaN"
    try:
        (folder / INDEX_NAME).write_bytes(_sealed(doc))
        assert main(["history", "--plain", "--log-dir", str(folder)]) == 0
        assert main(["resume", "--log-dir", str(folder)]) == 0
        out = capsys.readouterr().out
        assert "No interrupted session" in out
        _same(load_history(folder), _truth(folder))
    finally:
        (folder / INDEX_NAME).write_bytes(good)


def test_an_index_that_is_a_fifo_does_not_hang(folder: Path) -> None:
    import os
    import threading

    index = folder / INDEX_NAME
    good = index.read_bytes()
    index.unlink()
    os.mkfifo(index)
    try:
        done: list[History] = []
        thread = threading.Thread(target=lambda: done.append(load_history(folder)), daemon=True)
        thread.start()
        thread.join(5)
        if thread.is_alive():  # pragma: no cover - let it go before failing
            os.close(os.open(index, os.O_WRONLY | os.O_NONBLOCK))
            thread.join(5)
            pytest.fail("load_history hung on a FIFO index")
        _same(done[0], _truth(folder))
    finally:
        index.unlink()
        index.write_bytes(good)
