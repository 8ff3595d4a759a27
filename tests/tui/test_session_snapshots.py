"""SVG snapshots of the session App at 80×24 and 120×40, time frozen on a fake clock.

Regenerate after an intended change with ``make snapshots`` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from backtimer.engine import FakeClock, Session, Step, StepKind
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.session import SessionScreen
from tests.tui.sessionkit import advance, shipped_session

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SCENARIOS = ["get_ready", "work_set", "rest", "stretch", "paused", "set_entry", "help", "summary"]
SNAPSHOTS = Path(__file__).parent / "__snapshots__"


async def _settle(pilot: Pilot) -> None:
    """Let the screen finish drawing, without the step-change flash or a toast.

    A toast lasts its seconds of real time: whether one is still up when the picture is
    taken depended on the machine's load (a loaded CI run caught "Saved: …" on the
    summary). Toasts are tested by text in test_set_entry.py.
    """
    await pilot.pause()
    for widget in pilot.app.screen.query(".-flash"):
        widget.remove_class("-flash")
    pilot.app.clear_notifications()
    await pilot.pause()


async def _skip_until(pilot: Pilot, session: Session, arrived: Callable[[Step], bool]) -> None:
    """Skip steps until ``arrived(step)``, as the s key does, without a key press each.

    A Pilot key press waits for the App to go idle (~0.1 s): forty of them were most of
    a snapshot's time. Skipping is tested by key in test_session_screen.py.
    """
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    while not arrived(session.step):
        screen.action_skip()
    await pilot.pause()


async def _to(pilot: Pilot, clock: FakeClock, session: Session, kind: StepKind) -> None:
    """Skip ahead to the first step of ``kind``, then let 7 s of it pass."""
    await _skip_until(pilot, session, lambda step: step.kind is kind)
    await advance(pilot, clock, 7)


def _scenario(name: str) -> Callable[[Pilot, FakeClock, Session], Awaitable[None]]:
    async def get_ready(pilot: Pilot, clock: FakeClock, session: Session) -> None:
        steps = session.plan.steps
        await _skip_until(  # the get-ready before the first work set
            pilot,
            session,
            lambda step: (
                step.kind is StepKind.GET_READY and steps[step.index + 1].kind is StepKind.SET
            ),
        )
        await advance(pilot, clock, 3)

    async def help(pilot: Pilot, clock: FakeClock, session: Session) -> None:
        await work_set(pilot, clock, session)
        await pilot.press("question_mark")

    async def work_set(pilot: Pilot, clock: FakeClock, session: Session) -> None:
        await _skip_until(
            pilot, session, lambda step: step.kind is StepKind.SET and "row" in step.name.lower()
        )
        await advance(pilot, clock, 12)

    async def rest(pilot: Pilot, clock: FakeClock, session: Session) -> None:
        await work_set(pilot, clock, session)
        await pilot.press("enter", "escape")
        await advance(pilot, clock, 20)

    async def stretch(pilot: Pilot, clock: FakeClock, session: Session) -> None:
        await _to(pilot, clock, session, StepKind.STRETCH)

    async def paused(pilot: Pilot, clock: FakeClock, session: Session) -> None:
        await _to(pilot, clock, session, StepKind.WARMUP)
        await pilot.press("space")

    async def set_entry(pilot: Pilot, clock: FakeClock, session: Session) -> None:
        await work_set(pilot, clock, session)
        await pilot.press("enter")
        await advance(pilot, clock, 3)

    async def summary(pilot: Pilot, clock: FakeClock, session: Session) -> None:
        await work_set(pilot, clock, session)
        await pilot.press("enter", "enter")
        await pilot.press("s", "s")
        await pilot.press("q", "y")

    return {
        "get_ready": get_ready,
        "work_set": work_set,
        "rest": rest,
        "help": help,
        "stretch": stretch,
        "paused": paused,
        "set_entry": set_entry,
        "summary": summary,
    }[name]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_session_snapshot(
    snap_compare, scenario: str, size: tuple[int, int], tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the summary shows the log's path: keep it short and fixed
    clock = FakeClock()
    session = shipped_session("strength", clock)
    app = BacktimerApp(session, clock=clock, log_dir=Path("sessions"), quiet=True)
    act = _scenario(scenario)

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await act(pilot, clock, session)
        await _settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_picker_snapshot(snap_compare, size: tuple[int, int], tmp_path: Path) -> None:
    app = BacktimerApp(None, clock=FakeClock(), log_dir=tmp_path / "sessions", quiet=True)
    assert snap_compare(app, terminal_size=size, run_before=_settle)


def test_every_snapshot_file_has_its_test() -> None:
    """A snapshot no test compares would go stale unseen.

    Run serially, syrupy fails on one; under pytest-xdist (``make test``) it cannot tell,
    so the names are checked here, for both folders of snapshots.
    """
    sizes = [param.id for param in SIZES]
    expected = {
        "test_session_snapshots": {
            *(f"test_session_snapshot[{s}-{size}].svg" for s in SCENARIOS for size in sizes),
            *(f"test_picker_snapshot[{size}].svg" for size in sizes),
        },
        "test_history_screens": {"test_sessions_snapshot.svg", "test_trends_snapshot.svg"},
    }
    assert {folder.name for folder in SNAPSHOTS.iterdir()} == set(expected)
    for folder, names in expected.items():
        found = {path.name for path in (SNAPSHOTS / folder).iterdir()}
        assert sorted(found - names) == [], f"snapshots in {folder}/ that no test compares"
        assert sorted(names - found) == [], f"snapshots missing from {folder}/"
