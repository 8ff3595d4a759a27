"""`backtimer new` and `backtimer edit` with a fake editor: a script that writes chosen text.

The fake editor is a small Python script set as $EDITOR. Each run it records the
arguments and the text it was given, then writes the next text of its queue
into the file (the last one again when the queue runs out), or leaves the file
alone when the queue is empty. Answers to the prompts come from a patched
``input``; ``None`` in the answers stands for the end of input (Ctrl-D, a pipe).
"""

from __future__ import annotations

import builtins
import json
import os
import pty
import select
import shlex
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from backtimer.cli import main
from backtimer.commands.editing import editor_command
from backtimer.paths import user_routines_dir
from backtimer.routine import load_routine, parse_routine
from backtimer.routine.schema import SCHEMA_FILE, routine_schema, schema_uri
from backtimer.routine.spec import TABLES
from backtimer.routine.template import routine_template, with_schema_line
from tests.conftest import REPO, SHIPPED

VALID = """\
[routine]
name = "Pull day"

[[exercise]]
name = "Inverted row"
sets = 3
reps = 8
cues = ["Spine straight"]
"""

VALID_2 = VALID.replace("reps = 8", "reps = 10")

INVALID = VALID.replace("reps = 8", "rep = 8")  # 'rep' instead of 'reps'

EDITOR_SCRIPT = """\
import json, pathlib, sys
here = pathlib.Path(__file__).parent
state = json.loads((here / "state.json").read_text())
target = pathlib.Path(sys.argv[-1])
state["runs"].append({"argv": sys.argv[1:], "seen": target.read_text(encoding="utf-8")})
(here / "state.json").write_text(json.dumps(state))
queue = state["queue"]
if queue:
    target.write_text(queue[min(len(state["runs"]), len(queue)) - 1], encoding="utf-8")
sys.exit(state["exit"])
"""


@dataclass
class FakeEditor:
    """The fake editor's folder; ``runs`` reads back what it saw."""

    folder: Path
    answers: list[str | None] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)

    def will_write(self, *texts: str, exit_code: int = 0) -> None:
        state = {"queue": list(texts), "runs": [], "exit": exit_code}
        (self.folder / "state.json").write_text(json.dumps(state))

    @property
    def runs(self) -> list[dict]:
        return json.loads((self.folder / "state.json").read_text())["runs"]


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeEditor:
    folder = tmp_path / "editor"
    folder.mkdir()
    script = folder / "fake_editor.py"
    script.write_text(EDITOR_SCRIPT)
    fake = FakeEditor(folder)
    fake.will_write()
    drafts = tmp_path / "drafts"  # where rejected edits are left, instead of the real /tmp
    drafts.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(drafts))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")

    def answer(prompt: str = "") -> str:
        fake.prompts.append(prompt)
        print(prompt, end="")
        if not fake.answers:
            raise AssertionError(f"unexpected question: {prompt!r}")
        reply = fake.answers.pop(0)
        if reply is None:
            raise EOFError
        return reply

    monkeypatch.setattr(builtins, "input", answer)
    # The answers are given here, not typed: stand in the terminal an editor needs.
    monkeypatch.setattr("backtimer.commands.editing.is_terminal", lambda stream: True)
    return fake


def user_file(name: str) -> Path:
    return user_routines_dir() / f"{name}.toml"


def mine(text: str = VALID, name: str = "pull-day") -> Path:
    path = user_file(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- edit -------------------------------------------------------------------------


def test_valid_edit_is_saved(editor: FakeEditor, capsys: pytest.CaptureFixture[str]) -> None:
    path = mine()
    editor.will_write(VALID_2)
    assert main(["edit", "pull-day"]) == 0
    assert path.read_text() == VALID_2
    assert editor.prompts == []
    assert [run["seen"] for run in editor.runs] == [VALID]
    out = capsys.readouterr().out
    assert f"Saved {path}: OK" in out
    assert "'Pull day'" in out


def test_editor_gets_a_draft_with_the_routines_name_not_the_file_itself(
    editor: FakeEditor,
) -> None:
    path = mine()
    editor.will_write(VALID_2)
    assert main(["edit", str(path)]) == 0
    opened = Path(editor.runs[0]["argv"][-1])
    assert opened.name == path.name
    assert opened != path
    assert not opened.exists(), "the draft is cleaned up after a save"


def test_unchanged_file_says_so(editor: FakeEditor, capsys: pytest.CaptureFixture[str]) -> None:
    path = mine()
    before = path.stat().st_mtime_ns
    assert main(["edit", "pull-day"]) == 0
    assert "No changes" in capsys.readouterr().out
    assert path.stat().st_mtime_ns == before


def test_invalid_then_fixed(editor: FakeEditor, capsys: pytest.CaptureFixture[str]) -> None:
    path = mine()
    editor.will_write(INVALID, VALID_2)
    editor.answers = ["e"]
    assert main(["edit", "pull-day"]) == 0
    assert path.read_text() == VALID_2
    runs = editor.runs
    assert len(runs) == 2
    assert runs[1]["seen"] == INVALID, "editing again reopens the invalid text, not the old file"
    out = capsys.readouterr().out
    assert f"{path}:7:1: unknown key 'rep'" in out, "problems name the routine, not the draft"
    assert "(e)dit again, (k)eep the invalid file, (r)estore the previous version?" in out
    assert f"Saved {path}: OK" in out


def test_enter_means_edit_again(editor: FakeEditor) -> None:
    path = mine()
    editor.will_write(INVALID, VALID_2)
    editor.answers = [""]
    assert main(["edit", "pull-day"]) == 0
    assert path.read_text() == VALID_2
    assert len(editor.runs) == 2


def test_invalid_kept(editor: FakeEditor, capsys: pytest.CaptureFixture[str]) -> None:
    path = mine()
    editor.will_write(INVALID)
    editor.answers = ["k"]
    assert main(["edit", "pull-day"]) == 1
    assert path.read_text() == INVALID
    assert f"Kept the invalid file {path}" in capsys.readouterr().out


def test_invalid_restored(editor: FakeEditor, capsys: pytest.CaptureFixture[str]) -> None:
    path = mine()
    editor.will_write(INVALID)
    editor.answers = ["r"]
    assert main(["edit", "pull-day"]) == 1
    assert path.read_text() == VALID
    out = capsys.readouterr().out
    assert f"Restored the previous version of {path}" in out
    left = Path(out.split("Your edited text is left in ", 1)[1].split()[0])
    assert left.read_text() == INVALID, "the rejected edit is not thrown away"


def test_end_of_input_restores(editor: FakeEditor, capsys: pytest.CaptureFixture[str]) -> None:
    path = mine()
    editor.will_write(INVALID)
    editor.answers = [None]
    assert main(["edit", "pull-day"]) == 1
    assert path.read_text() == VALID
    assert "end of input" in capsys.readouterr().out


def test_an_unknown_answer_is_asked_again(editor: FakeEditor) -> None:
    path = mine()
    editor.will_write(INVALID)
    editor.answers = ["x", "k"]
    assert main(["edit", "pull-day"]) == 1
    assert path.read_text() == INVALID
    assert len(editor.prompts) == 2


def test_restore_brings_back_an_invalid_original(editor: FakeEditor) -> None:
    path = mine(INVALID)
    editor.will_write(INVALID.replace("Pull day", "Broken"))
    editor.answers = ["r"]
    assert main(["edit", "pull-day"]) == 1
    assert path.read_text() == INVALID


def test_editor_arguments_are_split_like_a_shell(
    editor: FakeEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    mine()
    editor.will_write(VALID_2)
    monkeypatch.setenv("VISUAL", os.environ["EDITOR"] + " --wait '+set ft=toml'")
    monkeypatch.setenv("EDITOR", "never-used-editor")
    assert main(["edit", "pull-day"]) == 0
    assert editor.runs[0]["argv"][:2] == ["--wait", "+set ft=toml"]


def test_editor_not_found(
    editor: FakeEditor, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = mine()
    monkeypatch.setenv("EDITOR", "no-such-editor-here --flag")
    assert main(["edit", "pull-day"]) == 2
    err = capsys.readouterr().err
    assert "Editor not found" in err
    assert "no-such-editor-here" in err
    assert "Traceback" not in err
    assert path.read_text() == VALID


def test_editor_exit_status_is_an_error_and_nothing_is_saved(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    path = mine()
    editor.will_write(VALID_2, exit_code=3)
    assert main(["edit", "pull-day"]) == 2
    captured = capsys.readouterr()
    assert "exited with status 3" in captured.err
    assert path.read_text() == VALID
    assert "Your edited text is left in" in captured.out


def test_a_routine_that_does_not_exist(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["edit", "nothing-like-it"]) == 2
    assert "No routine called 'nothing-like-it'" in capsys.readouterr().err
    assert editor.runs == []


def test_a_missing_file(
    editor: FakeEditor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["edit", str(tmp_path / "gone.toml")]) == 2
    assert "backtimer new gone" in capsys.readouterr().err


# -- shipped routines ---------------------------------------------------------------


def test_shipped_routine_is_copied_to_the_user_folder_first(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = SHIPPED / "demo.toml"
    original = shipped.read_bytes()
    edited = with_schema_line(shipped.read_text()).replace("rest = 15", "rest = 20")
    editor.will_write(edited)
    editor.answers = ["y"]
    assert main(["edit", "demo"]) == 0
    assert shipped.read_bytes() == original, "a shipped routine is never edited in place"
    copy = user_file("demo")
    text = copy.read_text()
    assert text.startswith(f"#:schema {schema_uri()}\n")
    assert "rest = 20" in text
    assert editor.runs[0]["seen"].startswith("#:schema "), "the editor opens the copy"
    assert load_routine(copy).defaults.rest.seconds == 20
    assert f"Copy it to {copy}" in editor.prompts[0]
    assert "[y/N]" in editor.prompts[0]
    assert "never edits it in place" in capsys.readouterr().out


@pytest.mark.parametrize("answer", ["", "n", None])
def test_declining_the_copy_changes_nothing(
    editor: FakeEditor, answer: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    editor.answers = [answer]
    assert main(["edit", str(SHIPPED / "strength.toml")]) == 1
    assert not user_file("strength").exists()
    assert editor.runs == []
    assert "Nothing changed" in capsys.readouterr().out


def test_an_existing_copy_is_offered_instead(editor: FakeEditor) -> None:
    path = mine(VALID, "strength")
    editor.will_write(VALID_2)
    editor.answers = ["y"]
    assert main(["edit", str(SHIPPED / "strength.toml")]) == 0
    assert "You already have your own copy" in editor.prompts[0]
    assert path.read_text() == VALID_2


# -- new ------------------------------------------------------------------------------


def test_new_from_the_template_opens_it_and_saves_the_edit(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    editor.will_write(VALID_2)
    assert main(["new", "Leg day"]) == 0
    path = user_file("leg-day")
    assert path.read_text() == VALID_2
    seen = editor.runs[0]["seen"]
    assert seen == routine_template("Leg day", "leg-day")
    assert f"Created {path}" in capsys.readouterr().out


def test_new_without_editing_leaves_the_template(editor: FakeEditor) -> None:
    assert main(["new", "leg-day", "--no-edit"]) == 0
    path = user_file("leg-day")
    routine = load_routine(path)
    assert routine.name == "Leg day"
    assert editor.runs == []


def test_new_template_kept_when_the_edit_is_restored(editor: FakeEditor) -> None:
    editor.will_write(INVALID)
    editor.answers = ["r"]
    assert main(["new", "Leg day"]) == 1
    assert user_file("leg-day").read_text() == routine_template("Leg day", "leg-day")


def test_new_refuses_to_overwrite(editor: FakeEditor, capsys: pytest.CaptureFixture[str]) -> None:
    path = mine()
    assert main(["new", "Pull day"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err
    assert path.name in err
    assert path.read_text() == VALID
    assert editor.runs == []


def test_new_from_a_shipped_routine(editor: FakeEditor, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "My strength", "--from", "strength", "--no-edit"]) == 0
    path = user_file("my-strength")
    text = path.read_text()
    assert text.startswith(f"#:schema {schema_uri()}\n")
    routine = load_routine(path)
    assert routine.name == "My strength"
    shipped = load_routine(SHIPPED / "strength.toml")
    assert routine.exercises == shipped.exercises
    assert f"from {SHIPPED / 'strength.toml'}" in capsys.readouterr().out


def test_new_from_a_user_routine_replaces_its_schema_line(editor: FakeEditor) -> None:
    mine("#:schema file:///old/place.json\n# My notes\n" + VALID)
    editor.will_write()
    assert main(["new", "Pull day two", "--from", "pull-day"]) == 0
    text = user_file("pull-day-two").read_text()
    assert text.count("#:schema") == 1
    assert text.startswith(f"#:schema {schema_uri()}\n# My notes\n")
    assert 'name = "Pull day two"' in text
    assert editor.runs[0]["seen"] == text


def test_new_from_something_missing(editor: FakeEditor, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "X", "--from", "no-such-routine"]) == 2
    assert "No routine called 'no-such-routine'" in capsys.readouterr().err
    assert not user_file("x").exists()


def test_new_with_a_name_that_is_only_punctuation(
    editor: FakeEditor, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "!!!"]) == 2
    assert "needs a name" in capsys.readouterr().err


# -- the template -------------------------------------------------------------------


def test_template_is_a_valid_routine_for_validator_and_schema() -> None:
    text = routine_template("Leg day", "leg-day")
    routine = parse_routine(text)
    assert routine.name == "Leg day"
    assert routine.warmup and routine.exercises and routine.stretches
    assert Draft202012Validator(routine_schema()).is_valid(tomllib.loads(text))


def test_template_uses_and_explains_every_key() -> None:
    text = routine_template("Leg day", "leg-day")
    data = tomllib.loads(text)
    comments = "\n".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    flat = " ".join(comments.split())
    for table in TABLES:
        assert table.header in text
        assert " ".join(table.doc.split()) in flat
        entries = data[table.name] if table.array else [data[table.name]]
        for spec in table.fields:
            assert any(spec.name in entry for entry in entries), f"{table.name}.{spec.name}"
            assert " ".join(spec.doc.split()) in flat, f"{table.name}.{spec.name} not explained"
            for item in spec.items:
                assert f"{item.name}: {item.doc}" in flat


def test_template_starts_with_a_schema_line_to_the_shipped_file() -> None:
    first = routine_template("X", "x").splitlines()[0]
    assert first == f"#:schema {SCHEMA_FILE.as_uri()}"
    assert SCHEMA_FILE.is_file()


def test_with_schema_line_keeps_the_rest() -> None:
    assert with_schema_line(VALID, "file:///s.json") == "#:schema file:///s.json\n" + VALID
    again = with_schema_line(with_schema_line(VALID, "file:///a.json"), "file:///b.json")
    assert again == "#:schema file:///b.json\n" + VALID


# -- choosing the editor ----------------------------------------------------------------


def test_visual_wins_over_editor() -> None:
    words, origin = editor_command({"VISUAL": "code --wait", "EDITOR": "vim"})
    assert (words, origin) == (["code", "--wait"], "$VISUAL")
    assert editor_command({"VISUAL": "  ", "EDITOR": "emacs -nw"})[0] == ["emacs", "-nw"]


def test_fallback_is_nano_when_on_the_path_else_vi(tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    assert editor_command({"PATH": str(empty)})[0] == ["vi"]
    nano = tmp_path / "bin" / "nano"
    nano.parent.mkdir()
    nano.write_text("#!/bin/sh\n")
    nano.chmod(0o755)
    assert editor_command({"PATH": str(nano.parent)})[0] == ["nano"]


def test_unbalanced_quotes_in_editor_are_a_clear_error(
    editor: FakeEditor, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    mine()
    monkeypatch.setenv("EDITOR", "vim '+set")
    assert main(["edit", "pull-day"]) == 2
    err = capsys.readouterr().err
    assert "$EDITOR" in err
    assert "Traceback" not in err


# -- a real process ------------------------------------------------------------------


def test_edit_in_a_real_process_with_answers_typed(tmp_path: Path, home: Path) -> None:
    """The real CLI under a pseudo-terminal, a real editor process and answers typed:
    no traceback anywhere. (Without a terminal `edit` is refused: test_text_from_files.)"""
    folder = tmp_path / "proc-editor"
    folder.mkdir()
    (folder / "fake_editor.py").write_text(EDITOR_SCRIPT)
    fake = FakeEditor(folder)
    fake.will_write(INVALID, VALID_2)
    path = mine()
    env = {
        "PATH": "/usr/bin:/bin",
        "BACKTIMER_HOME": str(home),
        "EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(folder / 'fake_editor.py'))}",
        "TMPDIR": str(tmp_path),
    }
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "backtimer", "edit", "pull-day"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=REPO,
        env=env,
    )
    os.close(slave)
    output = b""
    answered = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not select.select([master], [], [], 0.5)[0]:
            if process.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the last writer went away
            break
        if not chunk:
            break
        output += chunk
        if not answered and b"[E/k/r]" in output:
            os.write(master, b"e\n")
            answered = True
    os.close(master)
    text = output.decode("utf-8", errors="replace")
    assert process.wait(10) == 0, text
    assert answered, text
    assert "Traceback" not in text
    assert path.read_text() == VALID_2
    assert len(fake.runs) == 2
