"""A damaged memory cache or index is never trusted (as the history index, issue 12).

``.memory-cache.json`` and ``.memory-index.json`` are read at every start. A checksum
covers each; a damaged one is rebuilt (from the index, or from the logs), and each entry
of an intact one is checked before it is used. Either way memory is exactly what the
logs say, and the files on disk are good again afterwards. A file whose checksum matches
(as a buggy writer would leave it) may hold plausible values that cannot be told from the
truth, but nothing it holds makes memory raise, name a log that is not there, or break a
later start.
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

from backtimer.engine.memory import Memory
from backtimer.engine.prs import Bests
from backtimer.logs.memory import CACHE_NAME, INDEX_NAME, load_memory
from tests.conftest import DATA
from tests.faults.test_index_damage import JSON, _paths, _set_at

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FILES = (CACHE_NAME, INDEX_NAME)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("memory") / "sessions"
    shutil.copytree(DATA / "logs", target)
    load_memory(target)  # writes both files
    return target


@pytest.fixture(scope="module")
def truth(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Memory:
    copy = tmp_path_factory.mktemp("truth") / "sessions"
    shutil.copytree(folder, copy)
    for name in FILES:
        (copy / name).unlink()
    return load_memory(copy)


def _checked(folder: Path, truth: Memory, name: str, damaged: bytes) -> None:
    """With ``damaged`` as file ``name``: exactly the truth, and the files good after.

    The index is read only when the cache cannot answer, so with a damaged index the
    cache is removed too.
    """
    good = {n: (folder / n).read_bytes() for n in FILES}
    try:
        if name == INDEX_NAME:
            (folder / CACHE_NAME).unlink()
        (folder / name).write_bytes(damaged)
        assert load_memory(folder) == truth
        assert load_memory(folder) == truth  # a later start: not broken by the first
        for n in FILES:  # rebuilt, silently
            assert _parsed((folder / n).read_bytes()) == _parsed(good[n])
    finally:
        for n, data in good.items():
            (folder / n).write_bytes(data)


def _parsed(data: bytes) -> Any:
    head, _, body = data.partition(b"\n")
    return json.loads(head), json.loads(body)


def _sane(folder: Path, memory: Memory) -> None:
    """Nothing raises and only logs that are there are named."""
    there = {p.name for p in folder.glob("*.toml")}
    for key, sessions in memory.sessions.items():
        assert {s.file for s in sessions} <= there
        Bests.of(key, sessions).all()  # records over whatever it holds
        for session in sessions:
            float(session.volume)


@SETTINGS
@given(
    name=st.sampled_from(FILES),
    flips=st.lists(st.tuples(st.integers(0, 10**9), st.integers(1, 255)), min_size=1, max_size=4),
)
@example(name=CACHE_NAME, flips=[(0, 1)])
@example(name=INDEX_NAME, flips=[(70, 1)])
def test_byte_flips_are_never_trusted(
    folder: Path, truth: Memory, name: str, flips: list[tuple[int, int]]
) -> None:
    data = bytearray((folder / name).read_bytes())
    for offset, xor in flips:
        data[offset % len(data)] ^= xor
    _checked(folder, truth, name, bytes(data))


def _file(body: Any, *, sealed: bool, version: int = 1) -> bytes:
    """A cache or index file holding ``body``; its checksum matches when ``sealed``."""
    text = json.dumps(body, separators=(",", ":")).encode()
    digest = hashlib.sha256(text).hexdigest() if sealed else "0" * 64
    return json.dumps({"version": version, "sha256": digest}).encode() + b"\n" + text


def _body(folder: Path, name: str) -> Any:
    return json.loads((folder / name).read_bytes().partition(b"\n")[2])


@SETTINGS
@given(data=st.data(), name=st.sampled_from(FILES), swaps=st.integers(1, 3), sealed=st.booleans())
def test_any_value_anywhere_is_never_trusted(
    folder: Path, truth: Memory, data: st.DataObject, name: str, swaps: int, sealed: bool
) -> None:
    body: Any = _body(folder, name)
    for _ in range(swaps):
        where = data.draw(st.sampled_from(_paths(body)))
        body = _set_at(body, where, data.draw(JSON))
    good = {n: (folder / n).read_bytes() for n in FILES}
    try:
        if name == INDEX_NAME:
            (folder / CACHE_NAME).unlink()
        (folder / name).write_bytes(_file(body, sealed=sealed))
        first = load_memory(folder)
        if not sealed:  # the checksum does not match: rebuilt, exactly the truth
            assert first == truth
        _sane(folder, first)
        _sane(folder, load_memory(folder))
    finally:
        for n, content in good.items():
            (folder / n).write_bytes(content)


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize(
    "content",
    [b"", b"\n", b"{}", b"[]\n[]", b"null", b'{"version":1}\n{}', b"\xff" * 40, b"{" * 100_000],
)
def test_junk_is_rebuilt(folder: Path, truth: Memory, name: str, content: bytes) -> None:
    good = {n: (folder / n).read_bytes() for n in FILES}
    try:
        (folder / CACHE_NAME).unlink()
        (folder / name).write_bytes(content)
        assert load_memory(folder) == truth
    finally:
        for n, data in good.items():
            (folder / n).write_bytes(data)


def test_an_older_version_is_rebuilt(folder: Path, truth: Memory) -> None:
    good = (folder / CACHE_NAME).read_bytes()
    try:
        (folder / CACHE_NAME).write_bytes(_file(_body(folder, CACHE_NAME), sealed=True, version=0))
        assert load_memory(folder) == truth
        assert (folder / CACHE_NAME).read_bytes() == good
    finally:
        (folder / CACHE_NAME).write_bytes(good)
