"""config.toml's [aliases] (imported name = yours) and the unit an import assumes."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.config import ConfigError, load_config
from backtimer.routine import Unit


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    path = config(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return [str(p).removeprefix(f"{path}:") for p in info.value.problems]


def test_aliases_and_unit_are_read(tmp_path: Path) -> None:
    text = (
        'unit = "lb"\n\n[aliases]\n'
        '"Bent Over Row (Barbell)" = "Bent-over barbell row"\n'
        'Deadlift = " Deadlift "\n'
    )
    loaded = load_config(config(tmp_path, text))
    assert loaded.unit is Unit.LB
    assert loaded.aliases == {
        "Bent Over Row (Barbell)": "Bent-over barbell row",
        "Deadlift": "Deadlift",
    }


def test_none_means_no_aliases_and_no_unit(tmp_path: Path) -> None:
    loaded = load_config(config(tmp_path, "quiet = true\n"))
    assert loaded.aliases == {} and loaded.unit is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[aliases]\n"Squat (Barbell)" = 3\n',
            "2:21: the alias of 'Squat (Barbell)' must be a string",
        ),
        ('[aliases]\n"Squat" = ""\n', "2:11: the alias of 'Squat' is empty"),
        ('[aliases]\n"" = "Squat"\n', "2:1: the imported name is empty"),
        (
            '[aliases]\nrow = ["a"]\n',
            "2:7: the alias of 'row' must be a string (your exercise's name), not an array",
        ),
        ("aliases = 3\n", "1:11: 'aliases' must be a table of names"),
        ('unit = "stone"\n', "1:8: 'unit' must be \"kg\" or \"lb\", not 'stone'"),
        ("unit = 1\n", "1:8: 'unit' must be a string"),
    ],
)
def test_a_wrong_alias_is_refused_where_it_stands(tmp_path: Path, text: str, expected: str) -> None:
    (problem,) = problems(tmp_path, text)
    assert problem.startswith(expected)


def test_every_wrong_alias_is_listed(tmp_path: Path) -> None:
    found = problems(tmp_path, "[aliases]\na = 1\nb = 2\nc = 'fine'\n")
    assert [p.split(":")[0] for p in found] == ["2", "3"]
