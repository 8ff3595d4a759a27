"""config.toml's cue_command: a command that would run a routine's text as code is refused.

The rule (backtimer.engine.speech.code_problem): a command that runs a shell or an
interpreter may not contain {text}, gets no text as an argument, and must give the shell
its code with -c; it reads the text from $BACKTIMER_TEXT or stdin. The refusal is a
path:line:col problem saying how to write the command.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backtimer.config import ConfigError, load_config

SAFE_FORM = """cue_command = "sh -c 'espeak-ng \\"$BACKTIMER_TEXT\\"'\""""


def write_config(tmp_path: Path, command: str) -> Path:
    """A config.toml with ``cue_command`` on line 3, its value at column 15."""
    path = tmp_path / "config.toml"
    path.write_text(
        f"# my settings\nquiet = true\ncue_command = {json.dumps(command)}\n", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    "command",
    [
        "espeak-ng {text}",
        "espeak-ng -v 'en us' --text={text}",
        "say -r 200",  # the text is appended as the last argument
        "espeak-ng --stdin",
        "sh -c 'espeak-ng \"$BACKTIMER_TEXT\"'",
        "bash -lc 'espeak-ng --stdin'",
        "/usr/bin/env python3 -c 'import os; print(os.environ[\"BACKTIMER_TEXT\"])'",
        "ssh speaker espeak-ng --stdin",
    ],
)
def test_a_command_that_keeps_the_text_data_is_accepted(tmp_path: Path, command: str) -> None:
    assert load_config(write_config(tmp_path, command)).cue_command == command


@pytest.mark.parametrize(
    ("command", "why"),
    [
        ("sh -c 'echo {text} | espeak-ng'", "{text} in a command that runs a shell"),
        ("/usr/bin/env bash -c 'espeak-ng {text}'", "{text} in a command that runs a shell"),
        ("sh -c 'espeak-ng \"$1\"' sh {text}", "{text} in a command that runs a shell"),
        ("nice -n 5 sh -c 'espeak-ng {text}'", "{text} in a command that runs a shell"),
        ("python3.12 -c 'print(\"{text}\")'", "{text} in a command that runs a shell"),
        ("ssh speaker espeak-ng {text}", "{text} in a command that runs a shell"),
        ("sh", "sh is not given its code with -c"),
        ("bash -s", "bash is not given its code with -c"),
        ("python3 -", "python3 is not given its code with -c"),
        ("bash ~/bin/speak.sh", "bash is not given its code with -c"),
    ],
)
def test_a_command_that_could_run_the_text_as_code_is_refused(
    tmp_path: Path, command: str, why: str
) -> None:
    """Issue 12, point 9: at path:line:col, with why and how to write it instead."""
    path = write_config(tmp_path, command)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    (problem,) = info.value.problems
    assert str(problem).startswith(f"{path}:3:15: 'cue_command': {why}")
    assert "$BACKTIMER_TEXT" in problem.message
    assert problem.message.endswith(f"write it as {SAFE_FORM}")
