"""Routine names as a user types them: a user copy of a shipped routine, accented names,
and ``history --routine`` by name or file name."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.cli import main
from backtimer.routine import MAX_SLUG, slugify
from tests.conftest import DATA, REPO, SHIPPED


@pytest.fixture
def user_copy(home: Path) -> Path:
    """What `backtimer edit strength` leaves: the user's copy of a shipped routine."""
    folder = home / "config" / "routines"
    folder.mkdir(parents=True)
    copy = folder / "strength.toml"
    shutil.copy(SHIPPED / "strength.toml", copy)
    return copy


# -- 1. a user copy of a shipped routine -----------------------------------------


def test_list_shows_a_user_copy_once_as_the_users(
    user_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one table row a line
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if re.search(r"\bstrength\b", line)]
    assert len(rows) == 1, out
    assert "strength (your copy)" in rows[0] and "user" in rows[0]
    for path in SHIPPED.glob("*.toml"):
        assert path.stem in out


@pytest.mark.parametrize("command", [["plan", "strength"], ["check", "strength"]])
def test_a_command_says_it_uses_the_users_copy(
    user_copy: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(command) == 0
    captured = capsys.readouterr()
    assert captured.err.count("Using your copy of strength: ") == 1, captured.err
    assert str(user_copy) in captured.err
    if command[0] == "check":
        assert f"{user_copy}: OK" in captured.out


def test_no_word_about_copies_without_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "strength"]) == 0
    assert main(["check", str(SHIPPED / "strength.toml")]) == 0
    assert "Using your copy" not in capsys.readouterr().err


def test_run_says_it_uses_the_users_copy(user_copy: Path, home: Path, tmp_path: Path) -> None:
    """Said before the session's screen (here refused: no terminal)."""
    done = subprocess.run(
        [sys.executable, "-m", "backtimer", "run", "strength", "--log-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "BACKTIMER_HOME": str(home)},
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 2
    assert f"Using your copy of strength: {user_copy}" in done.stderr
    assert "Traceback" not in done.stderr


# -- 3. file names from any name -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Rücken Tag", "ruecken-tag"),
        ("ÜBUNG Größe", "uebung-groesse"),
        ("Café Señor", "cafe-senor"),
        ("Ærø øst", "aero-ost"),
        ("Åland łódź", "aland-lodz"),
        ("Back strength", "back-strength"),
        ("!!!", "routine"),  # nothing to spell: `new` refuses such a name before this
    ],
)
def test_slugify_spells_accented_letters_in_ascii(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_new_makes_a_transliterated_file_name(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "Rücken Tag", "--no-edit"]) == 0
    path = home / "config" / "routines" / "ruecken-tag.toml"
    assert path.is_file(), capsys.readouterr().out
    assert 'name = "Rücken Tag"' in path.read_text("utf-8")
    assert main(["plan", "ruecken-tag"]) == 0
    assert main(["plan", "rücken-tag"]) == 0  # as typed finds it too


SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_slugify_is_always_a_safe_file_name(name: str) -> None:
    slug = slugify(name)
    assert SLUG.fullmatch(slug), slug  # ASCII, no leading, trailing or double dashes
    assert 0 < len(slug) <= MAX_SLUG


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x24F), max_size=100))
def test_slugify_keeps_every_latin_name_readable(name: str) -> None:
    """A name with an ASCII letter or digit, or an accented Latin one, never becomes the
    stand-in ``routine`` (unless it says so itself)."""
    from backtimer.routine import ascii_letters

    if any(c.isascii() and c.isalnum() for c in ascii_letters(name)):
        assert slugify(name) != "routine" or "routine" in ascii_letters(name).lower()


# -- 2. history --routine by name or file name -----------------------------------


@pytest.fixture
def logs(home: Path) -> Path:
    target = home / "data" / "sessions"
    shutil.copytree(DATA / "logs", target)
    return target


def _routines_listed(out: str) -> set[str]:
    return {line.split("\t")[1] for line in out.splitlines()[1:]}


@pytest.mark.parametrize(
    "wanted", ["strength", "STRENGTH", "Back strength", "back STRENGTH", "back-strength"]
)
def test_history_routine_by_file_name_or_name_in_any_case(
    logs: Path, wanted: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "--plain", "--routine", wanted]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 5 and _routines_listed(out) == {"Back strength"}


def test_history_routine_by_the_file_name_of_a_users_routine(
    home: Path, logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`my-back.toml` named "Back strength": its file name finds its sessions."""
    folder = home / "config" / "routines"
    folder.mkdir(parents=True)
    shutil.copy(SHIPPED / "strength.toml", folder / "my-back.toml")
    assert main(["history", "--plain", "--routine", "my-back"]) == 0
    assert _routines_listed(capsys.readouterr().out) == {"Back strength"}
    assert main(["history", "--json", "--routine", "My-Back"]) == 0
    assert '"routine_name": "Back strength"' in capsys.readouterr().out


@pytest.mark.parametrize("output", [["--plain"], ["--json"], []])
def test_history_of_an_unknown_routine_is_an_error_listing_the_known_ones(
    logs: Path, output: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", *output, "--routine", "nope"]) == 2
    captured = capsys.readouterr()
    assert "No routine called 'nope'" in captured.err
    assert "Back strength" in captured.err and "Beginner back" in captured.err  # the logs
    assert "desk-posture" in captured.err  # the library
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_history_of_a_routine_never_done_is_no_error(
    logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "--plain", "--routine", "demo"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1  # the header
    assert main(["history", "--routine", "demo"]) == 0  # no screen to open for nothing
    assert "No sessions of demo yet" in capsys.readouterr().out


# -- 4. an empty history says how to start ---------------------------------------


def test_empty_history_says_how_to_start(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 0  # no screen, no terminal needed
    assert "No sessions yet. Start one with: backtimer run demo" in capsys.readouterr().out
    assert main(["history", "--plain"]) == 0  # for scripts: the header, nothing else
    assert capsys.readouterr().out.startswith("date\troutine\t")
