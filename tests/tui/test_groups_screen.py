"""The session screen in a superset, a circuit and one side at a time (issue 16)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from backtimer.engine import FakeClock, Session, StepKind, expand
from backtimer.logs import read_log
from backtimer.routine import parse_routine
from backtimer.tui.screens.session import banner_text, next_text
from backtimer.tui.widgets.set_entry import SetEntry
from tests.tui.sessionkit import make_app, text_of

SUPERSET = """\
[routine]
name = "Pair"

[defaults]
rest = 60
get_ready = 0
transition = 10

[[exercise]]
name = "Single-arm row"
group = "A"
sets = 2
reps = 10
weight = 16
sides = ["left", "right"]

[[exercise]]
name = "Face pull"
group = "A"
sets = 2
reps = 15
rest = 90

[[stretch]]
name = "Child's pose"
hold = 20
"""


def _session(clock: FakeClock) -> Session:
    return Session(expand(parse_routine(SUPERSET, "pair.toml")), clock, max_gap=None)


def test_the_banner_says_the_group_round_and_side() -> None:
    steps = expand(parse_routine(SUPERSET, "pair.toml")).steps
    first = steps[0]
    assert banner_text(first, paused=False) == (
        "SUPERSET A · Round 1 of 2 · Single-arm row · Left side"
    )
    switch = steps[1]
    assert switch.kind is StepKind.TRANSITION
    assert banner_text(switch, paused=False, coming=steps[2]) == (
        "SWITCH · up next · SUPERSET A · Round 1 of 2"
    )
    rest = next(s for s in steps if s.kind is StepKind.REST)
    coming = steps[rest.index + 1]
    assert banner_text(rest, paused=False, coming=coming) == (
        "REST · up next · SUPERSET A · Round 2 of 2"
    )


async def _press_done(pilot: Pilot, clock: FakeClock, session: Session) -> None:
    """End the set under way, then let any switch that follows run out."""
    await pilot.press("enter")
    while session.step.kind is StepKind.TRANSITION:
        clock.advance(10)
        pilot.app.sync()
        await pilot.pause()


async def test_a_rounds_entries_are_asked_together_in_its_rest(tmp_path: Path) -> None:
    clock = FakeClock()
    session = _session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Left, right, face pull: no entry while the round is under way.
        for _ in range(2):
            await _press_done(pilot, clock, session)
            assert not list(app.screen.query(SetEntry))
            assert session.step.kind in (StepKind.SET, StepKind.TRANSITION)
        await _press_done(pilot, clock, session)
        assert session.step.kind is StepKind.REST
        await pilot.pause()
        rows = list(app.screen.query("#round-entry SetEntry").results(SetEntry))
        assert [(r.record.exercise, r.record.side) for r in rows] == [
            ("Single-arm row", "left"),
            ("Single-arm row", "right"),
            ("Face pull", None),
        ]
        assert app.focused is rows[0]
        assert "This round: Single-arm row left, right 10 × 16 kg → Face pull 15 reps" in (
            text_of(app, "#next")
        )
        # One Enter a set: 9 typed for the left side, the others as targeted.
        await pilot.press("9", "enter")
        await pilot.pause()
        assert app.focused is rows[1]
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert not app.screen.query("#round-entry")
        assert session.step.kind is StepKind.REST, "the rest went on: Enter saved, not skipped"
        app.session.quit()
    path = next(tmp_path.glob("*.toml"))
    log = read_log(path)
    sets = [(r.exercise, r.side, r.reps, r.round, r.group) for r in log.records if r.is_set]
    assert sets == [
        ("Single-arm row", "left", 9, 1, "A"),
        ("Single-arm row", "right", 10, 1, "A"),
        ("Face pull", None, 15, 1, "A"),
    ]


def test_a_rest_before_a_round_lists_the_round() -> None:
    clock = FakeClock()
    session = _session(clock)
    session.start()
    while session.step.kind is not StepKind.REST:
        session.done() if not session.step.timed else session.skip()
    assert next_text(session, 100).startswith("This round: Single-arm row left, right")
    # Narrow: the round gives way to what comes after it, within the width.
    narrow = next_text(session, 40)
    assert len(narrow) <= 40 and not narrow.startswith("This round")


async def test_the_history_detail_says_group_round_and_side(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from backtimer.tui.screens.history_detail import SessionDetailScreen

    clock = FakeClock()
    session = _session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _press_done(pilot, clock, session)
        app.session.quit()
    path = next(tmp_path.glob("*.toml"))
    from backtimer.tui.history_app import HistoryApp

    review = HistoryApp(tmp_path)
    async with review.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        review.push_screen(SessionDetailScreen(path))
        await pilot.pause()
        steps = review.screen.query_one("#steps", DataTable)
        assert str(steps.get_row_at(0)[1]) == "Single-arm row 1/2 (left) · A round 1"


def test_skipped_switches_are_not_listed_in_the_summary() -> None:
    """A switch skipped (s) or ended early is a lead-in: the summary says nothing of it."""
    from backtimer.engine import summarize

    clock = FakeClock()
    session = _session(clock)
    session.start()
    session.done()  # left side
    assert session.step.kind is StepKind.TRANSITION
    session.skip()
    session.done()  # right side
    session.done()  # the switch to the face pull, ended early with Enter
    session.quit()
    summary = summarize(session)
    assert "Switch" not in ", ".join(summary.skipped) and summary.cut_short == 0
