"""Shared fixtures: an isolated BACKTIMER_HOME and a fake clock for every test that asks."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from backtimer.engine import FakeClock

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHIPPED = REPO / "routines"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty BACKTIMER_HOME; nothing touches the real user dirs."""
    path = tmp_path / "home"
    monkeypatch.setenv("BACKTIMER_HOME", str(path))
    return path


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """The garbage collector as each test found it.

    `backtimer run` switches it off until its App has drawn (start-up speed); a test
    that runs the command in-process with the App faked must not leave it off.
    """
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()


@pytest.fixture
def clock() -> FakeClock:
    """A clock that only moves when the test says so."""
    return FakeClock()
