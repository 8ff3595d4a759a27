"""config.toml's [equipment.NAME] kits: read over the defaults, or refused at path:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.config import ConfigError, load_config
from backtimer.engine import Kit, Rounding, default_kits, kits_for
from backtimer.routine import Unit

GOOD = """\
quiet = true

[equipment.barbell]
bar = 20
pairs = [25, 20, 20, 15, 10, 5, 2.5, 1.25]
round = "nearest"

[equipment.dumbbell]
fixed = [2, 4, 6, 8, 10, 12.5, 15, 17.5, 20]

[equipment.ez-bar]
bar = 15
pairs = [25, 10, 5, 2.5]
unit = "lb"
"""


def load(tmp_path: Path, text: str) -> list[str]:
    """The problems of a config.toml with ``text``, as the user reads them (no path)."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return [str(problem).removeprefix(f"{path}:") for problem in info.value.problems]


def test_kits_are_read_each_in_its_unit(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD, encoding="utf-8")
    config = load_config(path)
    assert config.quiet
    assert config.equipment["barbell"] == Kit(
        "barbell",
        Unit.KG,
        bar=20,
        pairs=(25, 20, 20, 15, 10, 5, 2.5, 1.25),
        round=Rounding.NEAREST,
    )
    assert config.equipment["dumbbell"].fixed[-1] == 20
    assert config.equipment["ez-bar"].unit is Unit.LB
    kg = kits_for(config, Unit.KG)
    assert kg["barbell"] is config.equipment["barbell"] and "ez-bar" not in kg
    lb = kits_for(config, Unit.LB)
    assert lb["barbell"] == default_kits(Unit.LB)["barbell"] and lb["ez-bar"].bar == 15


def test_no_equipment_means_the_default_kits(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("quiet = true\n", encoding="utf-8")
    assert load_config(path).equipment == {}
    assert kits_for(load_config(path), Unit.KG) == default_kits(Unit.KG)
    assert load_config(tmp_path / "missing.toml").equipment == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[equipment.barbell]\nbar = 20\ncolour = 'red'\n",
            "3:1: unknown key 'colour' in kit 'barbell' (known: bar, pairs, fixed, round, unit)",
        ),
        (
            "[equipment.mixed]\nbar = 20\nfixed = [10]\n",
            "3:9: kit 'mixed' has both 'bar' and 'fixed'",
        ),
        ("[equipment.empty]\nround = 'down'\n", "1:1: kit 'empty' needs 'bar' (bar = 20"),
        (
            "[equipment.barbell]\nbar = -20\n",
            "2:7: 'bar' of kit 'barbell' must not be negative, like bar = 20",
        ),
        (
            "[equipment.barbell]\nbar = 20\npairs = [25, -5]\n",
            "3:14: 'pairs' entry 2 of kit 'barbell' must be more than 0",
        ),
        (
            "[equipment.barbell]\nbar = 20\npairs = [25, '5']\n",
            "3:14: 'pairs' entry 2 of kit 'barbell' must be a number",
        ),
        (
            "[equipment.barbell]\nbar = nan\n",
            "2:7: 'bar' of kit 'barbell' must be a number, not inf or nan",
        ),
        (
            "[equipment.db]\nfixed = [10, 2.555]\n",
            "2:14: 'fixed' entry 2 of kit 'db' has more than two decimals",
        ),
        (
            "[equipment.db]\nfixed = [10, 5000]\n",
            "2:14: 'fixed' entry 2 of kit 'db' must be at most 1000",
        ),
        (
            "[equipment.barbell]\nbar = 20\npairs = [" + "5, " * 101 + "5]\n",
            "3:9: 'pairs' of kit 'barbell' has 102 entries; at most 100",
        ),
        (
            "[equipment.barbell]\nbar = 20\nround = 'up'\n",
            "3:9: 'round' of kit 'barbell' must be \"down\" or \"nearest\"",
        ),
        (
            "[equipment.db]\nfixed = [10]\nunit = 'st'\n",
            "3:8: 'unit' of kit 'db' must be \"kg\" or \"lb\"",
        ),
        ("[equipment.db]\nfixed = []\n", "2:9: 'fixed' of kit 'db' is empty; list its weights"),
        ("[equipment]\nbarbell = 20\n", "2:1: kit 'barbell' must be a table"),
        ("equipment = 20\n", "1:13: 'equipment' must be a table of kits"),
    ],
)
def test_a_wrong_kit_is_refused_where_it_stands(tmp_path: Path, text: str, expected: str) -> None:
    (problem,) = load(tmp_path, text)
    assert problem.startswith(expected)


def test_every_problem_is_listed(tmp_path: Path) -> None:
    problems = load(tmp_path, "[equipment.a]\nbar = 'x'\n[equipment.b]\nfixed = [0]\nquiet = 3\n")
    assert len(problems) == 3
    assert problems[0].startswith("2:7: 'bar' of kit 'a' must be a number")
