from __future__ import annotations

import pytest

from backtimer.formatting import format_clock, format_duration, format_minutes
from backtimer.routine import parse_duration, to_duration


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(90, 90), ("90s", 90), ("1m30s", 90), ("2m", 120), ("1h", 3600), ("90", 90), (" 2m 5s ", 125)],
)
def test_parse_duration(value: object, seconds: int) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["abc", "", "1.5m", "s", True, 1.5, [], "m30s2"])
def test_parse_duration_refuses_with_a_hint(value: object) -> None:
    with pytest.raises(ValueError, match="1m30s"):
        parse_duration(value)


def test_duration_keeps_how_it_was_written() -> None:
    assert str(to_duration("1m30s")) == "1m30s"
    assert str(to_duration(90)) == "90s"
    assert str(to_duration("90")) == "90s"


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0s"), (45, "45s"), (120, "2m"), (90, "1m30s"), (3900, "1h5m")]
)
def test_format_duration(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


def test_format_clock() -> None:
    assert format_clock(5) == "0:05"
    assert format_clock(90.9) == "1:30"
    assert format_clock(3723) == "1:02:03"
    assert format_clock(-3) == "0:00"


@pytest.mark.parametrize(
    ("seconds", "down", "up"),
    [
        (0, "0m", "0m"),
        (0.4, "0m", "1m"),
        (59, "0m", "1m"),
        (60, "1m", "1m"),
        (61, "1m", "2m"),
        (3599, "59m", "1h00m"),
        (3900, "1h05m", "1h05m"),
        (-5, "0m", "0m"),
    ],
)
def test_format_minutes_rounds_done_down_and_left_up(seconds: float, down: str, up: str) -> None:
    assert format_minutes(seconds) == down
    assert format_minutes(seconds, up=True) == up
