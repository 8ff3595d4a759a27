"""config.toml's ``e1rm``: the estimated one-rep-max formula of personal records."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.config import ConfigError, load_config
from backtimer.engine.prs import E1rm


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_epley_is_the_default(tmp_path: Path) -> None:
    assert load_config(_config(tmp_path, "quiet = true\n")).e1rm is E1rm.EPLEY
    assert load_config(tmp_path / "missing.toml").e1rm is E1rm.EPLEY


@pytest.mark.parametrize("formula", list(E1rm))
def test_either_formula_is_read(tmp_path: Path, formula: E1rm) -> None:
    assert load_config(_config(tmp_path, f'e1rm = "{formula}"\n')).e1rm is formula


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('e1rm = "lombardi"\n', "'e1rm' must be \"epley\" or \"brzycki\", not 'lombardi'"),
        ('e1rm = "Brzycki"\n', "not 'Brzycki'"),
        ("e1rm = 1\n", "'e1rm' must be a string, not an integer"),
    ],
)
def test_another_value_is_refused_where_it_is(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_config(tmp_path, "# settings\n" + text))
    problem = caught.value.problems[0]
    assert says in problem.message
    assert problem.line == 2
