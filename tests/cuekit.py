"""Helpers for the cue-command tests: small scripts as commands, fake speech programs, and
checks on real processes.

A cue runs in a process group of its own (its pid is the group's id), so "no cue process
is left running" means the group has no live member: a zombie waiting to be reaped (by
whatever reaps orphans here) does not count. Waits on real processes are short and bounded.
"""

from __future__ import annotations

import asyncio
import errno
import os
import signal
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

#: The longest any test waits for a real process to do something (start, exit, be reaped).
PROCESS_WAIT = 5.0


def write_script(directory: Path, name: str, body: str) -> Path:
    """A ``/bin/sh`` script ``name`` in ``directory``, executable; returns its path."""
    path = directory / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def live_members(pgid: int) -> list[int]:
    """The processes of group ``pgid`` that are still running (not zombies)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended while we looked
        state, group = fields[0], int(fields[2])
        if group == pgid and state not in ("Z", "X"):
            members.append(int(entry.name))
    return members


def wait_until(ready: Callable[[], bool], timeout: float = PROCESS_WAIT) -> bool:
    """Poll ``ready`` until it is true or ``timeout`` passes; returns its last value."""
    end = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > end:
            return ready()
        time.sleep(0.01)
    return True


async def wait_until_async(ready: Callable[[], bool], timeout: float = PROCESS_WAIT) -> bool:
    """:func:`wait_until` that lets the event loop (a running App) go on meanwhile."""
    end = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > end:
            return ready()
        await asyncio.sleep(0.01)
    return True


def gone(process: subprocess.Popen[bytes]) -> bool:
    """The cue has ended and no process of its group is left running."""
    return process.poll() is not None and not live_members(process.pid)


@contextmanager
def recording(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Record every process started meanwhile, in order; kill any left running at the end.

    Test modules make it their ``spawned`` fixture.
    """
    started: list[subprocess.Popen[bytes]] = []
    real = subprocess.Popen

    class Recorded(real):  # type: ignore[valid-type,misc]
        def __init__(self, *args: object, **kw: object) -> None:
            super().__init__(*args, **kw)
            started.append(self)

    monkeypatch.setattr(subprocess, "Popen", Recorded)
    try:
        yield started
    finally:
        for process in started:  # only what the test started, by its group id
            if live_members(process.pid):
                os.killpg(process.pid, signal.SIGKILL)
            if process.poll() is None:
                process.kill()
                process.wait(timeout=PROCESS_WAIT)


def fake_speech(folder: Path, name: str = "espeak-ng", gate: Path | None = None) -> Path:
    """A speech program ``name`` in ``folder`` that writes down its arguments (each ended
    by a tab, a call a line) in the file it returns; with a ``gate`` (:class:`Gate`) it
    then waits there until let through."""
    heard = folder / "heard.txt"
    wait = f"read line < '{gate}'\n" if gate is not None else ""
    write_script(folder, name, f"printf '%s\\t' \"$@\" >> '{heard}'\necho >> '{heard}'\n{wait}")
    return heard


def calls(heard: Path) -> list[list[str]]:
    """The arguments of each call of a fake speech program, in order."""
    if not heard.exists():
        return []
    return [line.split("\t")[:-1] for line in heard.read_text("utf-8").splitlines()]


def said(heard: Path) -> list[str]:
    """What a fake speech program was asked to say: one argument a call."""
    texts = []
    for args in calls(heard):
        assert len(args) == 1, f"one argument a call, not {args!r}"
        texts.append(args[0])
    return texts


class Gate:
    """A FIFO a fake speech program waits on once it has written what it says: the test
    ends each utterance when it chooses, so which text waits for which is never a race."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "gate"
        os.mkfifo(self.path)

    def release(self) -> None:
        """Let the utterance waiting at the gate end (waits, bounded, for one to be there)."""
        opened: list[int] = []

        def reader_waits() -> bool:
            try:
                opened.append(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError as error:
                if error.errno != errno.ENXIO:  # ENXIO: no reader yet
                    raise
                return False
            return True

        assert wait_until(reader_waits), "no utterance waits at the gate"
        try:
            os.write(opened[0], b"go\n")
        finally:
            os.close(opened[0])
