"""The log folder read-only, missing or on a full disk.

Before a session: ``backtimer run`` refuses with a clear message naming the folder (exit 2,
no traceback) and starts nothing. During a session: a failing write shows one warning, the
session goes on, the write is retried every few seconds even when no step ends (a long rest,
a pause), and once it works again one message says so.

A full disk is simulated by standing in for the ``os`` module of ``backtimer.logs.atomic``
(``fsync`` fails with ENOSPC), so the real atomic write runs up to that point; read-only by
a ``mkstemp`` that fails with EACCES or EROFS (root can write to a chmod 0o500 folder, so
the chmod variant only runs as another user).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import backtimer.logs.atomic as atomic_mod
from backtimer.cli import main
from backtimer.commands.run import report
from backtimer.engine import FakeClock, Status, StepKind
from backtimer.logs import RETRY_SECONDS, read_log
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.summary import SummaryScreen
from tests.conftest import REPO
from tests.tui.sessionkit import advance, make_app, small_session, spy_notifications


class FullDisk:
    """Stands in for ``os`` in backtimer.logs.atomic: while ``full``, fsync fails with ENOSPC."""

    def __init__(self) -> None:
        self.full = False
        self.failures = 0

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    def fsync(self, fd: int) -> None:
        if self.full:
            self.failures += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        os.fsync(fd)


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> FullDisk:
    fake = FullDisk()
    monkeypatch.setattr(atomic_mod, "os", fake)
    return fake


@pytest.fixture
def no_app(monkeypatch: pytest.MonkeyPatch) -> list[BacktimerApp]:
    """Never take over the test's terminal: record the App instead of running it."""
    started: list[BacktimerApp] = []
    monkeypatch.setattr(BacktimerApp, "run", lambda self, *a, **k: started.append(self))
    monkeypatch.setattr("backtimer.commands.run.require_terminal", lambda: None)
    return started


def _refused(capsys: pytest.CaptureFixture[str], log_dir: Path) -> str:
    code = main(["run", "--log-dir", str(log_dir), "demo"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Cannot write session logs" in err
    assert f"{log_dir}: " in err, "the message names the folder, on one line"
    assert "--log-dir" in err
    return err


# -- before the session ---------------------------------------------------------


def test_a_folder_that_cannot_be_made_is_refused_before_the_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_app: list[BacktimerApp]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    err = _refused(capsys, blocker / "sessions")
    assert "Not a directory" in err and "Part of the path is a file" in err
    assert no_app == []


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        (errno.EACCES, "Fix the folder's permissions"),
        (errno.EROFS, "The disk is mounted read-only"),
    ],
)
def test_a_read_only_folder_is_refused_before_the_session(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    no_app: list[BacktimerApp],
    code: int,
    advice: str,
) -> None:
    def refuse(*args: object, **kw: object) -> tuple[int, str]:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic_mod, "tempfile", SimpleNamespace(mkstemp=refuse))
    err = _refused(capsys, tmp_path / "sessions")
    assert os.strerror(code) in err and advice in err
    assert no_app == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_chmod_read_only_folder_is_refused_before_the_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_app: list[BacktimerApp]
) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        err = _refused(capsys, folder)
    finally:
        folder.chmod(0o700)
    assert "Permission denied" in err
    assert no_app == []


def test_a_full_disk_is_refused_before_the_session(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    disk: FullDisk,
    no_app: list[BacktimerApp],
) -> None:
    disk.full = True
    err = _refused(capsys, tmp_path / "sessions")
    assert "No space left on device" in err and "The disk is full" in err
    assert no_app == []
    assert list((tmp_path / "sessions").iterdir()) == [], "the test file is cleaned up"


def test_a_missing_folder_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_app: list[BacktimerApp]
) -> None:
    folder = tmp_path / "not" / "yet" / "there"
    assert main(["run", "--log-dir", str(folder), "demo"]) == 0
    assert folder.is_dir() and len(no_app) == 1


def test_the_real_command_says_so_without_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env = {**os.environ, "BACKTIMER_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "backtimer", "run", "--log-dir", str(blocker / "s"), "demo"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"{blocker / 's'}: Not a directory." in done.stderr
    assert done.stdout == ""


# -- during the session ---------------------------------------------------------


def _log_notes(shown: list[tuple[str, str]]) -> list[str]:
    return [message for title, message in shown if title == "Session log"]


async def test_a_failing_write_warns_once_retries_every_few_seconds_and_recovers(
    clock: FakeClock, tmp_path: Path, disk: FullDisk
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = spy_notifications(app)
        await advance(pilot, clock, 2)
        disk.full = True
        await advance(pilot, clock, 3)  # get-ready ends: the write fails
        await advance(pilot, clock, 20)  # the warm-up move ends: still failing
        await advance(pilot, clock, 5)  # the next get-ready ends: the set starts
        assert session.step.kind is StepKind.SET, "the session goes on"
        (warning,) = _log_notes(shown)
        assert str(app.journal.path) in warning and "No space left on device" in warning
        assert f"every {RETRY_SECONDS:g} s" in warning
        await pilot.press("enter")  # the set is done; a 30 s rest starts, no event in it
        await pilot.press("escape")
        assert session.step.kind is StepKind.REST
        failures = disk.failures
        for _ in range(12):  # 12 s of rest: a retry at 5 s and at 10 s
            await advance(pilot, clock, 1)
        assert disk.failures == failures + 2
        assert _log_notes(shown) == [warning], "one warning per streak"
        disk.full = False
        for _ in range(5):
            await advance(pilot, clock, 1)
        assert not app.journal.failing
        assert _log_notes(shown) == [warning, f"Session log saved again: {app.journal.path}"]
        log = read_log(app.journal.path)
        assert log.status is Status.IN_PROGRESS
        assert [r.index for r in log.records] == list(range(session.index))
        assert log.resume_at == session.index, "nothing is lost"
        await advance(pilot, clock, 10)
        assert len(_log_notes(shown)) == 2
    assert not list(tmp_path.glob(".*.tmp")), "failed writes leave no temporary files"


async def test_a_first_write_failing_before_the_first_screen_warns_and_retries(
    clock: FakeClock, tmp_path: Path, disk: FullDisk
) -> None:
    """Given a session, the log opens while the App makes its first screen, before any is up.

    The warning must still show on that screen, and the retries run from the start.
    """
    disk.full = True  # passed `backtimer run`'s check, fails at the first write
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("No space left on device" in toast for toast in toasts), toasts
        await pilot.press("space")  # paused: no step ends from here on
        failures = disk.failures
        for _ in range(6):  # only the retry writes in these 6 s
            await advance(pilot, clock, 1)
        assert disk.failures == failures + 1
        disk.full = False
        for _ in range(6):
            await advance(pilot, clock, 1)
        assert not app.journal.failing
        assert read_log(app.journal.path).status is Status.IN_PROGRESS


async def test_retries_go_on_while_paused_on_real_time(
    clock: FakeClock, tmp_path: Path, disk: FullDisk
) -> None:
    """Paused, the screen sleeps; the App's own timer keeps retrying (by the session clock)."""
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    app.LOG_RETRY_POLL = 0.02
    async with app.run_test(size=(80, 24)) as pilot:
        shown = spy_notifications(app)
        await pilot.press("space")
        assert session.paused
        disk.full = True
        await pilot.press("space")  # resume: the write fails
        await pilot.press("space")  # pause again
        assert session.paused and app.journal.failing
        failures = disk.failures
        disk.full = False
        clock.advance(RETRY_SECONDS)  # no sync: only the App's timer can notice
        await pilot.pause(0.2)
        assert disk.failures == failures and not app.journal.failing
        assert _log_notes(shown)[-1].startswith("Session log saved again")
        assert read_log(app.journal.path).paused_seconds == pytest.approx(RETRY_SECONDS)


async def test_a_log_folder_removed_mid_session_is_made_again(
    clock: FakeClock, tmp_path: Path
) -> None:
    logs = tmp_path / "sessions"
    session = small_session(clock)
    app = make_app(session, clock, logs)
    async with app.run_test(size=(80, 24)) as pilot:
        shown = spy_notifications(app)
        await advance(pilot, clock, 2)
        shutil.rmtree(logs)
        await advance(pilot, clock, 3)
        assert _log_notes(shown) == []
        assert len(read_log(app.journal.path).records) == 1


async def test_a_log_still_failing_at_the_end_is_reported_after_the_app(
    clock: FakeClock, tmp_path: Path, disk: FullDisk, capsys: pytest.CaptureFixture[str]
) -> None:
    session = small_session(clock)
    app = make_app(session, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        disk.full = True
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
    assert report(app) == 0
    out, err = capsys.readouterr()
    assert "Stopped early" in out
    assert f"could not be written: {app.journal.path}: No space left on device" in err
    disk.full = False
    assert report(app) == 0, "a last try at the end"
    assert "could not be written" not in capsys.readouterr().err
    assert read_log(app.journal.path).status is Status.ABANDONED
