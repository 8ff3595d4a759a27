"""Run a program under a real pseudo-terminal, the way a user's terminal would.

:class:`PtyProcess` spawns a command with its stdin, stdout and stderr on the
secondary side of a new pty sized with ``TIOCSWINSZ``, keeps reading (draining)
what it draws so it never blocks on a full terminal, notes when a marker first
appears in the output, and reads the child's CPU time and peak memory from
``/proc``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from bench import REPO

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
#: Enough of the output is kept to find a marker split across two reads.
KEEP = 1 << 20


def terminal_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a child: ours, an xterm, and an isolated ``BACKTIMER_HOME``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    for name in ("COLUMNS", "LINES", "NO_COLOR"):
        env.pop(name, None)
    env.update(TERM="xterm-256color", BACKTIMER_HOME=str(home), COLORTERM="truecolor")
    env.update(extra or {})
    return env


def _sched_runtime(task: Path) -> float:
    """Seconds a thread has run, from ``/proc/PID/task/TID/sched``."""
    for line in (task / "sched").read_text().splitlines():
        if line.startswith("se.sum_exec_runtime"):
            return float(line.split(":")[1]) / 1000  # milliseconds there
    raise ValueError(f"no se.sum_exec_runtime in {task}/sched")


class PtyProcess:
    """A child process on its own pseudo-terminal of ``columns`` × ``rows``."""

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        *,
        columns: int = 80,
        rows: int = 24,
        cwd: Path = REPO,
    ) -> None:
        primary, secondary = os.openpty()
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        os.set_blocking(primary, False)
        self.fd = primary
        self.closed = False
        self.output = bytearray()
        self.bytes_read = 0
        self.spawned = time.monotonic()
        try:
            self.proc = subprocess.Popen(
                list(argv),
                stdin=secondary,
                stdout=secondary,
                stderr=secondary,
                env=dict(env),
                cwd=cwd,
                start_new_session=True,
            )
        except BaseException:
            os.close(primary)
            raise
        finally:
            os.close(secondary)
        self.pid = self.proc.pid

    # -- output ---------------------------------------------------------------
    def pump(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s for output and read all there is; False at EOF."""
        try:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        except (OSError, ValueError):
            return False
        if not ready:
            return True
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                return True
            except OSError:
                return False  # EIO: the child closed its terminal
            if not chunk:
                return False
            self.bytes_read += len(chunk)
            self.output += chunk
            if len(self.output) > KEEP:
                del self.output[: len(self.output) - KEEP // 2]

    def wait_for(self, marker: bytes, timeout: float) -> float:
        """Seconds from spawn until ``marker`` first shows in the output.

        Raises:
            TimeoutError: The marker did not appear in time (or the child ended).
        """
        end = time.monotonic() + timeout
        seen = 0
        while True:
            found = self.output.find(marker, max(0, seen - len(marker)))
            if found >= 0:
                return time.monotonic() - self.spawned
            seen = len(self.output)
            left = end - time.monotonic()
            if left <= 0 or (not self.pump(min(left, 0.05)) and self.proc.poll() is not None):
                tail = bytes(self.output[-400:]).decode("utf-8", "replace")
                raise TimeoutError(
                    f"{marker!r} did not appear within {timeout:g} s "
                    f"(exit code {self.proc.poll()}); last output: {tail!r}"
                )

    def drain_for(self, seconds: float) -> None:
        """Keep reading the output for ``seconds``."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if not self.pump(min(left, 0.25)) and self.proc.poll() is not None:
                raise RuntimeError(f"the process ended early (exit code {self.proc.returncode})")

    # -- /proc ------------------------------------------------------------------
    def cpu_seconds(self) -> float:
        """CPU seconds the child has used so far, all its threads.

        From the scheduler's own account (``se.sum_exec_runtime`` in
        ``/proc/PID/task/*/sched``, nanoseconds) where the kernel has it: user +
        system time in ``/proc/PID/stat`` counts in clock ticks (10 ms), which
        over a 30 s window is a step of 0.03 % of a core, about a tenth of
        what is measured. Threads that ended are not counted there; Textual's
        (input, output) live as long as the App.
        """
        try:
            return sum(map(_sched_runtime, Path(f"/proc/{self.pid}/task").iterdir()))
        except (OSError, ValueError):
            pass
        with open(f"/proc/{self.pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def peak_rss_mb(self) -> float:
        """The child's peak resident memory so far (``VmHWM``), in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM in /proc/PID/status")

    # -- end ------------------------------------------------------------------
    def close(self, sig: int = signal.SIGTERM, timeout: float = 5.0) -> int:
        """Ask the child to leave (``sig``), draining its output; kill it if it lingers."""
        with contextlib.suppress(ProcessLookupError):
            if self.proc.poll() is None:
                self.proc.send_signal(sig)
        end = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < end:
            self.pump(0.05)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if not self.closed:
            self.closed = True
            os.close(self.fd)
        return self.proc.returncode

    def __enter__(self) -> PtyProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.closed:
            self.close()
