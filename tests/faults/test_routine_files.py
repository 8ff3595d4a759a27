"""Routine files that are not what they seem: FIFOs, devices, huge files, huge numbers,
huge routines. Each is refused by name with a clear message and a non-zero exit, never a
traceback, and never a hang (every real process here runs under a timeout)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from backtimer.errors import RoutineError
from backtimer.routine import load_routine, parse_routine
from backtimer.routine.spec import MAX_FILE_BYTES, MAX_SETS_IN_ALL
from tests.conftest import REPO

HEAD = '[routine]\nname = "Big"\n\n'
ROW = '[[exercise]]\nname = "Row"\nreps = 10\n'


def backtimer(*args: str, home: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """A real ``backtimer`` process; a hang fails the test instead of stopping the suite."""
    env = {**os.environ, "BACKTIMER_HOME": str(home), "COLUMNS": "200"}
    try:
        return subprocess.run(
            [sys.executable, "-m", "backtimer", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as error:
        raise AssertionError(f"backtimer {' '.join(args)} hung for {timeout}s") from error


def no_traceback(result: subprocess.CompletedProcess[str]) -> str:
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out
    return out


# -- files that are not regular files -------------------------------------------------


@pytest.fixture
def fifo(home: Path) -> Path:
    """A FIFO among the user's routines, that no one ever writes to."""
    folder = home / "config" / "routines"
    folder.mkdir(parents=True)
    path = folder / "pipe.toml"
    os.mkfifo(path)
    (folder / "fine.toml").write_text(HEAD + ROW, encoding="utf-8")
    return path


def _unblock(path: Path) -> None:
    """Let a reader stuck in open() go: open the FIFO for writing, then close it."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        return
    os.close(fd)


def test_loading_a_fifo_is_refused_at_once(fifo: Path) -> None:
    outcome: list[BaseException | None] = []

    def load() -> None:
        try:
            load_routine(fifo)
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome.append(error)
        else:
            outcome.append(None)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(5)
    if thread.is_alive():
        _unblock(fifo)
        thread.join(5)
        raise AssertionError("load_routine blocked on a FIFO")
    (error,) = outcome
    assert isinstance(error, RoutineError)
    (problem,) = error.problems
    assert problem.path == str(fifo)
    assert problem.message.startswith("is not a regular file but a FIFO (a named pipe)")


@pytest.mark.parametrize("command", [["list"], ["check", "pipe"], ["plan", "pipe"]])
def test_commands_never_hang_on_a_fifo(fifo: Path, home: Path, command: list[str]) -> None:
    result = backtimer(*command, home=home, timeout=20)
    out = no_traceback(result)
    assert f"{fifo}: " in out
    assert "not a regular file" in out
    if command != ["list"]:
        assert result.returncode != 0
    else:
        assert "fine" in out  # the other routines are still listed


def test_run_never_hangs_on_a_fifo(fifo: Path, home: Path) -> None:
    """Without a terminal `run` stops before it reads; the routine is not opened at all."""
    result = backtimer("run", "pipe", home=home, timeout=20)
    no_traceback(result)
    assert result.returncode != 0


def test_picker_loads_a_fifo_as_an_invalid_entry(fifo: Path) -> None:
    from backtimer.tui.screens.picker import load_entry

    entries = []
    thread = threading.Thread(target=lambda: entries.append(load_entry(fifo, "user")), daemon=True)
    thread.start()
    thread.join(5)
    if thread.is_alive():
        _unblock(fifo)
        thread.join(5)
        raise AssertionError("the picker blocked on a FIFO")
    (entry,) = entries
    assert entry.plan is None
    assert "not a regular file" in entry.error


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused(device: str, home: Path) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    start = time.monotonic()
    result = backtimer("check", device, home=home, timeout=20)
    assert time.monotonic() - start < 20
    out = no_traceback(result)
    assert result.returncode == 1
    assert f"{device}: is not a regular file but a character device" in out


def test_a_link_to_dev_zero_is_refused(tmp_path: Path, home: Path) -> None:
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    result = backtimer("check", str(link), home=home, timeout=20)
    out = no_traceback(result)
    assert result.returncode == 1
    assert f"{link}: is not a regular file but a character device" in out


def test_a_file_over_the_size_limit_is_refused_by_name(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEAD + ROW)
        handle.write("# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    result = backtimer("check", str(path), home=home)
    out = no_traceback(result)
    assert result.returncode == 1
    assert f"{path}: the file is" in out
    assert "a routine can be at most 1 MB" in out


def test_text_over_the_size_limit_is_refused() -> None:
    """A routine copied into a log is parsed from text: the same limit holds."""
    text = HEAD + ROW + "#" * MAX_FILE_BYTES
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, "big.toml")
    assert "at most 1 MB" in caught.value.problems[0].message


# -- numbers no routine needs ----------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "plan"])
def test_an_integer_of_thousands_of_digits_is_a_problem_not_a_traceback(
    tmp_path: Path, home: Path, command: str
) -> None:
    path = tmp_path / "digits.toml"
    path.write_text(HEAD + ROW.replace("reps = 10", "reps = " + "1" * 4400), encoding="utf-8")
    result = backtimer(command, str(path), home=home)
    out = no_traceback(result)
    assert result.returncode == 1
    assert f"{path}:6:8: " in out
    assert "4400 digits" in out


@pytest.mark.parametrize("command", ["check", "plan"])
def test_a_weight_beyond_a_float_is_refused(tmp_path: Path, home: Path, command: str) -> None:
    path = tmp_path / "weight.toml"
    path.write_text(HEAD + ROW + "weight = " + "9" * 400 + "\n", encoding="utf-8")
    result = backtimer(command, str(path), home=home)
    out = no_traceback(result)
    assert result.returncode == 1
    assert f"{path}:7:1: 'weight'" in out
    assert "at most" in out


# -- routines too big to run -------------------------------------------------------------


def test_fifty_thousand_exercises_are_refused_quickly() -> None:
    """50,000 × 99 sets took 34 s and 2.4 GB in `check`; `plan` ran out of memory."""
    text = HEAD + (ROW + "sets = 99\n") * 20_000  # under 1 MB of text
    start = time.monotonic()
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, "many.toml")
    assert time.monotonic() - start < 10
    messages = " ".join(p.message for p in caught.value.problems)
    assert "at most" in messages


def test_too_many_steps_in_all_are_refused_at_the_entry_that_overflows() -> None:
    entries = MAX_SETS_IN_ALL // 99 + 1
    text = HEAD + (ROW + "sets = 99\n") * entries
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, "long.toml")
    (problem,) = caught.value.problems
    assert "steps" in problem.message
    assert f"at most {MAX_SETS_IN_ALL:,}" in problem.message
    assert problem.line > 3


def test_a_header_of_ten_thousand_parts_is_quick() -> None:
    text = HEAD + ROW + "[" + ".".join(["t"] * 10_000) + "]\n"
    start = time.monotonic()
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, "deep.toml")
    assert time.monotonic() - start < 5
    assert "unknown table 't'" in caught.value.problems[0].message


def test_a_dotted_key_of_ten_thousand_parts_is_quick() -> None:
    text = HEAD + ROW + ".".join(["t"] * 10_000) + " = 1\n"
    start = time.monotonic()
    with pytest.raises(RoutineError):
        parse_routine(text, "deep.toml")
    assert time.monotonic() - start < 5


def test_a_fifo_for_config_toml_is_refused_not_waited_on(tmp_path: Path) -> None:
    """Regression: config.toml was read with a plain read, so a FIFO there hung `run`."""
    from backtimer.config import ConfigError, load_config

    path = tmp_path / "config.toml"
    os.mkfifo(path)
    outcome: list[BaseException | None] = []

    def load() -> None:
        try:
            load_config(path)
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome.append(error)

    reader = threading.Thread(target=load, daemon=True)
    reader.start()
    reader.join(timeout=5)
    if reader.is_alive():
        _unblock(path)
        reader.join(timeout=5)
        raise AssertionError("load_config waited on a FIFO")
    assert isinstance(outcome[0], ConfigError)
    assert "FIFO" in str(outcome[0]) and str(path) in str(outcome[0])
