"""The trends screen: each exercise charted by its own measure, its records, the weeks."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList, Static, TabbedContent

from backtimer.logs import read_log
from backtimer.tui.history_app import HistoryApp
from backtimer.tui.screens.history_trends import TrendChart, TrendsScreen
from tests.conftest import DATA
from tests.logfactory import write_sets_log

TODAY = date(2026, 11, 25)


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    target = tmp_path / "sessions"
    shutil.copytree(DATA / "logs", target)
    return target


async def _open_trends(app: HistoryApp, pilot) -> TrendsScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("t")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, TrendsScreen)
    return screen


def _text(screen: TrendsScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _best_e1rm_by_day(logs: Path, exercise: str) -> list[tuple[str, float]]:
    """Epley by hand from the fixture logs: the best estimate of each session."""
    days = []
    for path in sorted(logs.glob("*.toml")):
        if "truncated" in path.name:
            continue
        log = read_log(path)
        estimates = [
            r.weight * (1 + r.reps / 30)
            for r in log.records
            if r.exercise == exercise
            and r.kind == "set"
            and r.performed
            and r.weight
            and r.reps
            and r.reps <= 12
        ]
        if estimates:
            days.append((f"{log.started:%Y-%m-%d}", max(estimates)))
    return days


async def test_each_exercise_charts_its_e1rm_and_volume(logs: Path) -> None:
    app = HistoryApp(logs, today=TODAY)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await _open_trends(app, pilot)
        options = screen.query_one("#exercise-list", OptionList)
        names = [str(options.get_option_at_index(i).id) for i in range(options.option_count)]
        assert sorted(names) == ["Bent-over row", "Deadlift"]
        shown = names[0]
        chart = screen.query_one("#measure-chart", TrendChart)
        assert chart.label == "e1RM (kg)"
        expected = _best_e1rm_by_day(logs, shown)
        assert [d for d, _ in chart.points] == [d for d, _ in expected]
        assert [v for _, v in chart.points] == pytest.approx([v for _, v in expected])
        volume = screen.query_one("#volume-chart", TrendChart)
        assert volume.display and len(volume.points) == len(expected)
        assert all(v > 0 for _, v in volume.points)
        records = _text(screen, "#records")
        for heading in ("Best estimated 1RM", "Heaviest for N reps or more", "Best session"):
            assert heading in records
        headline = _text(screen, "#headline")
        assert shown in headline and "estimated 1RM" in headline
        # Moving down the list charts the other exercise.
        await pilot.press("down")
        await pilot.pause()
        other = names[1]
        assert other in _text(screen, "#headline")
        expected = _best_e1rm_by_day(logs, other)
        assert [v for _, v in chart.points] == pytest.approx([v for _, v in expected])


async def test_bodyweight_and_timed_exercises_chart_their_own_measure(tmp_path: Path) -> None:
    """Regression: a pull-up showed "0 kg × 6, 1RM 0.0" and a plank nothing."""
    logs = tmp_path / "sessions"
    start = datetime(2026, 11, 2, 18, tzinfo=UTC)
    for day, (reps, hold) in enumerate([(6, 40.0), (8, 45.0), (7, 60.0)]):
        when = start + timedelta(days=7 * day)
        write_sets_log(
            logs,
            when,
            [("Pull-up", reps, None, None), ("Pull-up", reps - 1, None, None)]
            + [("Plank", None, None, hold)],
        )
    app = HistoryApp(logs, today=TODAY)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await _open_trends(app, pilot)
        chart = screen.query_one("#measure-chart", TrendChart)
        volume = screen.query_one("#volume-chart", TrendChart)
        screen.show_exercise("Pull-up")
        await pilot.pause()
        assert chart.label == "most reps"
        assert [v for _, v in chart.points] == [6, 8, 7]
        assert not volume.display
        text = _text(screen, "#headline") + _text(screen, "#records")
        assert "kg" not in text and "1RM" not in text
        assert "most reps — 8" in text and "last 7 reps, best 8 reps" in text
        screen.show_exercise("Plank")
        await pilot.pause()
        assert chart.label == "longest set (s)"
        assert [v for _, v in chart.points] == [40, 45, 60]
        records = _text(screen, "#records")
        assert "Longest set or hold" in records and "longest hold 1:00" in records
        assert "best 1:00" in _text(screen, "#headline")


async def test_the_weeks_tab_lists_weeks_and_the_streak(logs: Path) -> None:
    app = HistoryApp(logs, today=TODAY)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await _open_trends(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "weeks-tab"
        weeks = screen.query_one("#weeks", DataTable)
        assert weeks.row_count == 4 and weeks.get_row_at(0)[0] == "2026-W48"
        assert "4 weeks in a row" in _text(screen, "#streak")


async def test_trends_follow_the_routine_filter(logs: Path) -> None:
    """Only the sessions shown in the table are charted."""
    app = HistoryApp(logs, routine="Beginner back", today=TODAY)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await _open_trends(app, pilot)
        assert all(len(past) == 2 for past in screen.exercises.values())


async def test_no_sets_yet_says_so(tmp_path: Path) -> None:
    logs = tmp_path / "sessions"
    write_sets_log(logs, datetime(2026, 11, 2, 18, tzinfo=UTC), [])
    app = HistoryApp(logs, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_trends(app, pilot)
        assert "No exercise with a set" in _text(screen, "#headline")


def test_heaviest_for_n_reps_held_by_one_set_is_one_line() -> None:
    from backtimer.engine import PersonalRecord, RecordKind
    from backtimer.routine import Unit
    from backtimer.tui.screens.history_trends import record_lines

    day = datetime(2026, 11, 24, 18, tzinfo=UTC)

    def heaviest(n: int, weight: float, reps: int) -> PersonalRecord:
        return PersonalRecord(
            RecordKind.WEIGHT_FOR_REPS, "Row", weight, reps, weight, None, Unit.KG, day, n
        )

    lines = record_lines([heaviest(n, 52.5, 10) for n in range(1, 11)] + [heaviest(11, 50, 11)])
    assert lines == [
        "Heaviest for N reps or more",
        "  ★ heaviest for 1+ to 10+ reps — 52.5 kg × 10 · 2026-11-24",
        "  ★ heaviest for 11+ reps — 50 kg × 11 · 2026-11-24",
    ]
