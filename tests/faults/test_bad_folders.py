"""A log folder that cannot be read, and things in it that are not log files.

Issue 12, points 4 and 7 and one item of 13. Every command that reads the log folder
(``history``, ``history --plain``/``--json``, ``export``, ``resume``) says when it cannot
read it and exits non-zero; it never writes an empty export or prints ``[]`` as if there
were no sessions. A folder that does not exist is "no sessions yet" only when it is the
default one (nothing was ever run); a ``--log-dir`` that is missing or a file is an error.

Tests run as root, which reads a chmod 000 folder: the permission failure is simulated by
an ``os.scandir`` that refuses the folder with EACCES, as the kernel does for other users.

In the folder, a FIFO named ``*.toml`` (opening it for reading would wait for a writer
forever), a link to ``/dev/zero`` or to a huge file, and dangling or looping links are
each a warning naming the file; nothing hangs and nothing is read without a size limit.
"""

from __future__ import annotations

import contextlib
import errno
import os
import resource
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest

from backtimer.cli import main
from backtimer.logs import load_history, read_all, read_log, recent_interrupted
from backtimer.tui.history_app import HistoryApp
from tests.conftest import DATA, REPO

T = TypeVar("T")
GOOD = sorted(p.name for p in (DATA / "logs").glob("*.toml") if "truncated" not in p.name)

#: Every command that reads the log folder, as argv without --log-dir.
READERS = {
    "history --plain": ["history", "--plain"],
    "history --json": ["history", "--json"],
    "export": ["export"],
    "export -o": ["export", "-o", "{out}"],
    "resume": ["resume"],
    "history (screen)": ["history"],
}


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    target = tmp_path / "sessions"
    shutil.copytree(DATA / "logs", target)
    return target


@pytest.fixture
def no_screen(monkeypatch: pytest.MonkeyPatch) -> list[HistoryApp]:
    """The review screen is never run: the test records that it would have been."""
    started: list[HistoryApp] = []
    monkeypatch.setattr(HistoryApp, "run", lambda self, *a, **k: started.append(self))
    return started


def _argv(command: str, tmp_path: Path, log_dir: Path | None) -> list[str]:
    argv = [a.replace("{out}", str(tmp_path / "backup.csv")) for a in READERS[command]]
    return argv + (["--log-dir", str(log_dir)] if log_dir is not None else [])


def _refused(
    command: str,
    tmp_path: Path,
    log_dir: Path,
    capsys: pytest.CaptureFixture[str],
    no_screen: list[HistoryApp],
    why: str,
) -> None:
    code = main(_argv(command, tmp_path, log_dir))
    out, err = capsys.readouterr()
    assert code != 0, f"{command}: exit 0 with {out!r}"
    assert "Cannot read session logs" in err and str(log_dir) in err and why in err, err
    assert out == "", "no empty table, no [] as if there were no sessions"
    assert not (tmp_path / "backup.csv").exists(), "no export with only the header"
    assert no_screen == []


# -- the folder (point 4) ---------------------------------------------------------


@pytest.mark.parametrize("command", sorted(READERS))
def test_a_log_dir_that_is_missing_is_an_error(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_screen: list[HistoryApp]
) -> None:
    _refused(command, tmp_path, tmp_path / "sesions", capsys, no_screen, "No such file")


@pytest.mark.parametrize("command", sorted(READERS))
def test_a_log_dir_that_is_a_file_is_an_error(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], no_screen: list[HistoryApp]
) -> None:
    blocker = tmp_path / "sessions.txt"
    blocker.write_text("not a folder")
    _refused(command, tmp_path, blocker, capsys, no_screen, "Not a directory")


@pytest.fixture
def unreadable(logs: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``logs`` as a user without read permission sees it: listing it fails with EACCES."""
    real = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if Path(path).resolve() == logs.resolve():
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return logs


@pytest.mark.parametrize("command", sorted(READERS))
def test_an_unreadable_log_dir_is_an_error(
    command: str,
    tmp_path: Path,
    unreadable: Path,
    capsys: pytest.CaptureFixture[str],
    no_screen: list[HistoryApp],
) -> None:
    _refused(command, tmp_path, unreadable, capsys, no_screen, "Permission denied")


def test_the_core_readers_raise_for_an_unreadable_folder(unreadable: Path) -> None:
    from backtimer.errors import BacktimerError

    with pytest.raises(BacktimerError, match="Permission denied"):
        read_all(unreadable)
    with pytest.raises(BacktimerError, match="Permission denied"):
        load_history(unreadable)


@pytest.mark.parametrize("command", sorted(set(READERS) - {"history (screen)"}))
def test_the_default_folder_not_made_yet_means_no_sessions(
    command: str, home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing was ever run: not an error, just nothing to show."""
    assert not (home / "data" / "sessions").exists()
    assert main(_argv(command, tmp_path, None)) == 0
    out, err = capsys.readouterr()
    assert err == "" or err.startswith("wrote "), err
    if command == "history --json":
        assert out == "[]\n"
    elif command == "resume":
        assert "No interrupted session" in out


# -- things in the folder that are not log files (point 7, 13) ---------------------------


def _within(seconds: float, fifo: Path | None, call: Callable[[], T]) -> T:
    """``call()``'s result; fails if it takes longer (a FIFO opened for reading blocks)."""
    result: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if fifo is not None:  # pragma: no cover - let the stuck reader go: a writer comes
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            thread.join(5)
        pytest.fail(f"hung for over {seconds} s")
    if errors:
        raise errors[0]
    return result[0]


@pytest.fixture
def with_fifo(logs: Path) -> Path:
    fifo = logs / "2026-11-20T18-00-00_fifo.toml"
    os.mkfifo(fifo)
    return fifo


def test_a_fifo_never_hangs_the_readers(
    logs: Path, with_fifo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = _within(5, with_fifo, lambda: load_history(logs))
    assert sorted(r.file for r in history.rows) == GOOD
    assert any(with_fifo.name in w for w in history.warnings)
    found = _within(5, with_fifo, lambda: read_all(logs))
    assert any(with_fifo.name in w for w in found.warnings)
    with pytest.raises(Exception, match="not a regular file"):
        _within(5, with_fifo, lambda: read_log(with_fifo))
    now = datetime(2026, 11, 25, tzinfo=UTC)
    assert _within(5, with_fifo, lambda: recent_interrupted(logs, now)) is None
    for argv in (["history", "--plain"], ["history", "--json"], ["export"], ["resume"]):
        code = _within(5, with_fifo, lambda argv=argv: main([*argv, "--log-dir", str(logs)]))
        err = capsys.readouterr().err
        assert code == 0, argv
        assert argv[0] == "resume" or with_fifo.name in err, (argv, err)


def test_a_link_to_a_huge_file_is_refused_not_read(
    logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as f:
        f.truncate(256 * 1024 * 1024)  # sparse: no disk used, 256 MB to read
    link = logs / "2026-11-20T18-00-00_huge.toml"
    link.symlink_to(huge)
    with pytest.raises(Exception, match="too big"):
        read_log(link)
    history = load_history(logs)
    assert sorted(r.file for r in history.rows) == GOOD
    assert any(w.startswith(link.name) and "too big" in w for w in history.warnings)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_dev_zero_is_refused_by_the_real_command(logs: Path, tmp_path: Path) -> None:
    """In a real process with 1 GB of memory at most: reading /dev/zero would never end."""
    (logs / "2026-11-20T18-00-00_zero.toml").symlink_to("/dev/zero")

    def limit() -> None:  # pragma: no cover - runs in the child
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    for argv in (["history", "--plain"], ["history", "--json"], ["export"], ["resume"]):
        done = subprocess.run(
            [sys.executable, "-m", "backtimer", *argv, "--log-dir", str(logs)],
            capture_output=True,
            text=True,
            env={**os.environ, "BACKTIMER_HOME": str(tmp_path / "home")},
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            timeout=60,
            preexec_fn=limit,  # noqa: PLW1509 - no threads in this test
        )
        assert done.returncode == 0, (argv, done.stderr[-500:])
        assert "Traceback" not in done.stderr
        assert argv[0] == "resume" or "_zero.toml" in done.stderr


@pytest.mark.parametrize("kind", ["dangling", "looping"])
@pytest.mark.parametrize("argv", [["history", "--plain"], ["history", "--json"], ["export"]])
def test_a_bad_link_is_a_warning_in_every_listing(
    logs: Path, capsys: pytest.CaptureFixture[str], kind: str, argv: list[str]
) -> None:
    link = logs / f"2026-11-20T18-00-00_{kind}.toml"
    link.symlink_to(logs / "gone.toml" if kind == "dangling" else link)
    assert main([*argv, "--log-dir", str(logs)]) == 0
    err = capsys.readouterr().err
    assert link.name in err, err
