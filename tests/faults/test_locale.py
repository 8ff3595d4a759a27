"""A terminal that is not UTF-8: symbols in ASCII, said once, never a UnicodeEncodeError.

The commands run as real processes with the stream's encoding chosen the ways a
user's system does: ``PYTHONIOENCODING=latin-1``, the C locale with Python's UTF-8
mode and locale coercion off (ASCII), and a real ISO-8859-1 locale when the
system has one (``localedef -i en_US -f ISO-8859-1 en_US.ISO-8859-1``). The
session screen runs under a pseudo-terminal with its output read as bytes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer.tui.terminal import ascii_symbol
from tests.conftest import REPO
from tests.faults.ptykit import PtyRun


def _latin1_locale() -> str | None:
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    except OSError:
        return None
    return next((n for n in names if n.lower().replace("-", "") in ("en_us.iso88591",)), None)


LATIN1_LOCALE = _latin1_locale()

#: Environments whose stdout cannot encode "—"; each drops what could make Python UTF-8.
ENCODINGS = {
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "C": {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    "iso-8859-1-locale": {"LC_ALL": LATIN1_LOCALE or "", "PYTHONUTF8": "0"},
}
_UNSET = ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LC_CTYPE", "LANG")


def environment(name: str, home: Path) -> dict[str, str]:
    if name == "iso-8859-1-locale" and LATIN1_LOCALE is None:
        pytest.skip("no ISO-8859-1 locale on this system (localedef -i en_US -f ISO-8859-1)")
    env = {k: v for k, v in os.environ.items() if k not in _UNSET}
    return {**env, **ENCODINGS[name], "BACKTIMER_HOME": str(home), "COLUMNS": "100"}


def backtimer(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "backtimer", *args],
        capture_output=True,
        env=env,
        cwd=REPO,
        timeout=30,
    )


@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize(
    "args",
    [["check", "demo"], ["plan", "demo"], ["list"], ["history", "--plain"], ["plan", "nosuch"]],
    ids=" ".join,
)
def test_text_commands_fall_back_to_ascii(args: list[str], encoding: str, home: Path) -> None:
    done = backtimer(args, environment(encoding, home))
    err = done.stderr.decode("latin-1")
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err
    assert done.returncode == (2 if "nosuch" in args else 0), err
    out = done.stdout.decode("latin-1")
    assert "\\u" not in out and "\\x" not in out
    if encoding == "C":
        assert done.stdout.isascii() and done.stderr.isascii()
    noted = [line for line in err.splitlines() if "not a UTF-8" in line]
    assert len(noted) <= 1, err  # said once at most
    if args in (["check", "demo"], ["plan", "demo"]):
        # "—" is shown as "-", and that is said once
        assert ": OK - 'Demo" in out or "Demo: back taster - plan" in out
        assert len(noted) == 1, err


def test_a_utf8_terminal_is_left_alone(home: Path) -> None:
    env = {**environment("latin-1", home), "PYTHONIOENCODING": "utf-8"}
    done = backtimer(["check", "demo"], env)
    assert done.returncode == 0
    assert ": OK \u2014 'Demo".encode() in done.stdout
    assert b"UTF-8" not in done.stderr


def test_stand_ins_keep_a_screen_cell_for_a_cell() -> None:
    for char in "—–×…·•≥≤→±✗★█━─│╭╯┃▔▁▏▕▊▀░é":
        assert len(ascii_symbol(char, cells=True)) == 1, char
        assert ascii_symbol(char).isascii() and ascii_symbol(char)
    assert ascii_symbol("…") == "..." and ascii_symbol("…", cells=True) == "."
    assert ascii_symbol("≥") == ">="
    assert ascii_symbol("█") == "#" == ascii_symbol("█", cells=True)
    assert ascii_symbol("漢", cells=True) == "??"  # two cells wide
    assert ascii_symbol("\u0301", cells=True) == ""  # a combining accent takes none


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_the_session_screen_draws_ascii_digits(
    encoding: str, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: the clock showed "\\u2588\\u2588…" text instead of digits."""
    environment(encoding, home)  # skips without the locale
    for key in _UNSET:
        monkeypatch.delenv(key, raising=False)
    for key, value in ENCODINGS[encoding].items():
        monkeypatch.setenv(key, value)  # PtyRun starts backtimer with os.environ
    with PtyRun(["run", "demo", "--log-dir", str(tmp_path / "logs"), "--quiet"], home) as run:
        run.wait_until(lambda: b"#####" in run.output and b"Quit" in run.output, timeout=20)
        run.run_for(1.2)  # a second tick: a repaint of only the digits that changed
        run.press(b"\x03")  # Ctrl+C: stop now
        code = run.wait(timeout=20)
    shown = run.output
    assert code == 130, run.text[-500:]
    assert b"\\u" not in shown, shown[shown.find(b"\\u") - 40 :][:120]
    assert "\u2588".encode() not in shown and "\u2501".encode() not in shown
    assert b"\xe2" not in shown, "no UTF-8 sequences at all: every symbol fell back"
    assert b"Traceback" not in shown
    text = shown.decode("latin-1")
    assert "not a UTF-8" in text  # said once, after the screen is gone
    assert text.count("not a UTF-8") == 1
