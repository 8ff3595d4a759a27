"""`backtimer plates WEIGHT`: the loading, the weights either side, or a clear refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from backtimer.cli import main


def plates(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["plates", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["102.5"], "102.5 kg = bar + 25 + 15 + 1.25 per side"),
        (["60"], "60 kg = bar + 20 per side"),
        (["20"], "20 kg = the bar"),
        (["135", "--unit", "lb"], "135 lb = bar + 45 per side"),
        (["100", "--bar", "15"], "100 kg = bar + 25 + 15 + 2.5 per side"),
        (["22.5", "--kit", "dumbbell"], "22.5 kg dumbbell"),
    ],
)
def test_the_loading(
    home: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    assert plates(capsys, *args) == (0, expected + "\n", "")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["103"], "103 kg can't be loaded — 102.5 or 105"),
        (["15"], "15 kg can't be loaded — the lightest is 20"),
        (["23", "--kit", "dumbbell"], "no 23 kg dumbbell — 22.5 or 25"),
    ],
)
def test_a_weight_that_cannot_be_loaded_exits_1(
    home: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    assert plates(capsys, *args) == (1, expected + "\n", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["abc"], "WEIGHT must be a number"),
        (["nan"], "WEIGHT must be a number"),
        (["--", "-inf"], "WEIGHT must be a number"),
        (["--", "-1e999"], "WEIGHT must be more than 0"),
        (["-5"], "WEIGHT must be more than 0"),
        (["0"], "WEIGHT must be more than 0"),
        (["1e300"], "WEIGHT is too heavy"),
        (["9" * 400], "WEIGHT is too heavy"),
        (["10.555"], "WEIGHT has more than two decimals"),
        (["74.99999"], "WEIGHT has more than two decimals"),
        (["60", "--bar", "x"], "--bar must be a number"),
        (["60", "--bar", "-1"], "--bar must be 0 or more"),
        (["60", "--kit", "ez"], "No kg kit called 'ez'"),
        (["20", "--kit", "dumbbell", "--bar", "5"], "'dumbbell' has no bar"),
    ],
)
def test_a_bad_input_exits_2_with_a_message(
    home: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = plates(capsys, *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"backtimer: {message}\n")
    assert "Traceback" not in err


def test_the_kits_of_config_toml(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = home / "config"
    config.mkdir(parents=True)
    (config / "config.toml").write_text(
        "[equipment.barbell]\nbar = 20\npairs = [25, 20, 20, 10, 5]\n"
        '[equipment.ez-bar]\nbar = 15\npairs = [25, 10, 5]\nunit = "lb"\n',
        encoding="utf-8",
    )
    assert plates(capsys, "80")[1] == "80 kg = bar + 25 + 5 per side\n"
    assert plates(capsys, "85", "--kit", "ez-bar")[1] == "85 lb = bar + 25 + 10 per side\n"
    code, _, err = plates(capsys, "85", "--kit", "ez-bar", "--unit", "kg")
    assert code == 2 and "(yours is in lb: add --unit lb)" in err


def test_a_broken_config_is_its_problems(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = home / "config"
    config.mkdir(parents=True)
    (config / "config.toml").write_text("[equipment.barbell]\nbar = 'x'\n", encoding="utf-8")
    code, out, err = plates(capsys, "60")
    assert (code, out) == (1, "")
    assert "config.toml:2:7: 'bar' of kit 'barbell' must be a number" in err


def test_a_weight_argparse_takes_for_an_option_is_its_usage_error(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["plates", "-inf"])
    assert info.value.code == 2
    assert "error: the following arguments are required: WEIGHT" in capsys.readouterr().err
