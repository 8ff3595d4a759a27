"""The resume offer the picker shows when a session was interrupted in the last 12 hours."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.screen import Screen

from backtimer.engine import FakeClock, Session, Status, expand
from backtimer.logs import Resumption, open_journal, read_log
from backtimer.tui.screens.history_resume import ResumeScreen, offer_resume
from tests.logfactory import tiny_routine


def _interrupted(directory: Path) -> Path:
    clock = FakeClock()
    session = Session(expand(tiny_routine()), clock, max_gap=None)
    session.start()
    journal = open_journal(session, directory)
    clock.advance(2)
    session.tick()
    clock.advance(20)
    session.done()
    journal.close()  # the process that ran it is gone
    return journal.path


class Host(App[None]):
    """Stands in for the picker: offers to resume on mount."""

    def __init__(self, directory: Path, clock: FakeClock) -> None:
        super().__init__()
        self.directory = directory
        self.clock = clock
        self.resumed: list[Resumption] = []
        self.offered: bool | None = None

    def on_mount(self) -> None:
        self.push_screen(Screen())
        self.offered = offer_resume(self.screen, self.directory, self.clock, self.resumed.append)


def _later(hours: float) -> FakeClock:
    clock = FakeClock()
    clock.advance(hours * 3600)
    return clock


async def test_continue_rebuilds_the_session_at_the_step_it_stopped(tmp_path: Path) -> None:
    _interrupted(tmp_path)
    app = Host(tmp_path, _later(2))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.offered and isinstance(app.screen, ResumeScreen)
        await pilot.press("enter")
        await pilot.pause()
    assert len(app.resumed) == 1
    resumed = app.resumed[0]
    assert resumed.log_path == tmp_path / resumed.log_path.name
    assert resumed.session.index == 2 and [r.index for r in resumed.session.records] == [0, 1]


async def test_declining_marks_it_abandoned(tmp_path: Path) -> None:
    path = _interrupted(tmp_path)
    app = Host(tmp_path, _later(2))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.click("#no")
        await pilot.pause()
        assert not isinstance(app.screen, ResumeScreen)
    assert app.resumed == []
    assert read_log(path).status is Status.ABANDONED


async def test_nothing_is_offered_after_twelve_hours(tmp_path: Path) -> None:
    path = _interrupted(tmp_path)
    app = Host(tmp_path, _later(13))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.offered is False and not isinstance(app.screen, ResumeScreen)
    assert read_log(path).status is Status.IN_PROGRESS


async def test_a_log_folder_that_is_a_file_offers_nothing(tmp_path: Path) -> None:
    """Regression: the picker's offer raised FolderError (a crash) for an unreadable folder."""
    folder = tmp_path / "sessions"
    folder.write_text("not a folder")
    app = Host(folder, _later(2))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.offered is False and not isinstance(app.screen, ResumeScreen)
