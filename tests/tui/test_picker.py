"""Pilot tests of the routine picker: it lists routines, Enter starts one, and it
reloads files that change on disk — an invalid edit shows its problems instead of
breaking it."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import OptionList

from backtimer.engine import FakeClock
from backtimer.paths import user_routines_dir
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.picker import PickerScreen
from backtimer.tui.screens.session import SessionScreen
from tests.conftest import SHIPPED
from tests.tui.sessionkit import text_of

GOOD = """\
[routine]
name = "My rows"

[[exercise]]
name = "Bent-over row"
sets = 2
reps = 10
"""

BROKEN = GOOD.replace("reps = 10", "rep = 10")


def _app(clock: FakeClock, tmp_path: Path) -> BacktimerApp:
    return BacktimerApp(None, clock=clock, log_dir=tmp_path / "sessions", quiet=True)


def _write(path: Path, text: str, mtime: float) -> None:
    """Write ``text`` with a distinct mtime, as an editor saving a second later would."""
    path.write_text(text)
    os.utime(path, (mtime, mtime))


def _picker(app: BacktimerApp) -> PickerScreen:
    screen = app.screen
    assert isinstance(screen, PickerScreen)
    return screen


async def test_lists_every_shipped_routine_with_its_length(
    clock: FakeClock, tmp_path: Path
) -> None:
    app = _app(clock, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        picker = _picker(app)
        names = {entry.path.name for entry in picker.entries}
        assert names == {path.name for path in SHIPPED.glob("*.toml")}
        assert all(entry.plan is not None for entry in picker.entries)
        first = picker.entries[0]
        prompt = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert first.plan.describe_total() in prompt
        assert first.plan.routine.name in text_of(app, "#preview")


async def test_enter_starts_the_highlighted_routine(clock: FakeClock, tmp_path: Path) -> None:
    app = _app(clock, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        picker = _picker(app)
        names = [entry.path.stem for entry in picker.entries]
        await pilot.press(*["down"] * names.index("demo"))
        assert "Demo: back taster" in text_of(app, "#preview")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.session is not None
        assert app.session.plan.routine.name == "Demo: back taster"
        assert app.journal is not None and app.journal.path.exists()


async def test_a_routine_changed_on_disk_is_reloaded_and_an_invalid_edit_shows_its_problems(
    clock: FakeClock, tmp_path: Path
) -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    mine = folder / "my-rows.toml"
    app = _app(clock, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        picker = _picker(app)
        shipped = len(picker.entries)

        _write(mine, GOOD, 1_000_000)  # a new file appears
        assert picker.reload_changed()
        assert [e.plan.routine.name for e in picker.entries if e.source == "user"] == ["My rows"]
        assert not picker.reload_changed()  # nothing changed since

        await pilot.press(*["down"] * shipped)  # highlight the user routine
        _write(mine, BROKEN, 1_000_001)  # saved with a typo
        assert picker.reload_changed()
        entry = picker.selected
        assert entry is not None and entry.plan is None
        preview = text_of(app, "#preview")
        assert "has problems" in preview
        assert "my-rows.toml:7:1" in preview and "did you mean 'reps'" in preview
        await pilot.press("enter")  # an invalid routine does not start
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)

        _write(mine, GOOD.replace("sets = 2", "sets = 4"), 1_000_002)  # fixed
        assert picker.reload_changed()
        assert picker.selected is not None and picker.selected.plan is not None
        assert "Bent-over row, set 4 of 4" in text_of(app, "#preview")

        mine.unlink()  # deleted
        assert picker.reload_changed()
        assert len(picker.entries) == shipped


async def test_a_user_copy_of_a_shipped_routine_is_listed_once_as_the_users(
    clock: FakeClock, tmp_path: Path
) -> None:
    """Regression: after `backtimer edit strength` the picker listed strength twice."""
    folder = user_routines_dir()
    folder.mkdir(parents=True)
    copy = folder / "strength.toml"
    copy.write_text((SHIPPED / "strength.toml").read_text())
    app = _app(clock, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        picker = _picker(app)
        stems = [entry.path.stem for entry in picker.entries]
        assert stems.count("strength") == 1
        assert len(stems) == len(list(SHIPPED.glob("*.toml")))
        index = stems.index("strength")
        entry = picker.entries[index]
        assert entry.path == copy and entry.shadows
        prompt = str(app.screen.query_one(OptionList).get_option_at_index(index).prompt)
        assert "(your copy)" in prompt
        await pilot.press(*["down"] * index)
        assert "your copy of the shipped routine" in text_of(app, "#preview")
