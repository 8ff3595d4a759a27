"""What the validator says about mistakes the fixtures cannot pin down alone: where a TOML
syntax error points when the value spans lines, and what it does not repeat."""

from __future__ import annotations

import pytest

from backtimer.errors import Problem, RoutineError
from backtimer.routine import parse_duration, parse_routine

EXERCISE = """\
[routine]
name = "Back strength"

[[exercise]]
name = "Deadlift"
sets = 3
reps = 5
"""


def problems(text: str) -> list[Problem]:
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, "r.toml")
    return caught.value.problems


def test_a_key_set_twice_points_at_the_second_key_even_after_a_multiline_value() -> None:
    text = EXERCISE + 'cues = [\n    "Bar over mid-foot",\n]\ncues = [\n    "Drive",\n]\n'
    (problem,) = problems(text)
    assert (problem.line, problem.col) == (11, 1)
    assert "'cues' is set twice" in problem.message


def test_a_key_set_twice_at_the_very_end_without_a_newline() -> None:
    (problem,) = problems(EXERCISE + "  reps = 6")
    assert (problem.line, problem.col) == (8, 3)
    assert "'reps' is set twice" in problem.message


def test_a_header_clashing_with_a_key_points_at_the_header() -> None:
    (problem,) = problems('routine = "x"\n[routine]\nname = "y"\n')
    assert (problem.line, problem.col) == (2, 1)
    assert "this header clashes with a key or table of the same name" in problem.message


def test_an_unclosed_string_says_to_close_it() -> None:
    (problem,) = problems(EXERCISE.replace('"Deadlift"', '"Deadlift'))
    assert problem.line == 5
    assert "not closed" in problem.message and "closing quote" in problem.message


def test_a_missing_value_names_its_key() -> None:
    (problem,) = problems(EXERCISE.replace("sets = 3", "sets =   # how many?"))
    assert (problem.line, problem.col) == (6, 10)
    assert "'sets' has no value" in problem.message


def test_an_empty_file_says_it_is_empty() -> None:
    (problem,) = problems("  \n\n")
    assert (problem.line, problem.col) == (1, 1)
    assert "empty" in problem.message and "[routine]" in problem.message


def test_misspelt_reps_is_reported_once_not_also_as_neither_reps_nor_duration() -> None:
    found = problems(EXERCISE.replace("reps = 5", "repps = 5"))
    assert [p.line for p in found] == [7]
    assert "did you mean 'reps'?" in found[0].message


def test_an_unrelated_unknown_key_still_leaves_the_missing_reps_reported() -> None:
    found = problems(EXERCISE.replace("reps = 5", "colour = 5"))
    assert any("needs 'reps'" in p.message for p in found)
    assert any("unknown key 'colour'" in p.message for p in found)


def test_a_wrong_array_says_what_it_holds() -> None:
    (problem,) = problems(EXERCISE + "cues = [1, 2]\n")
    assert problem.message.endswith("not an array of integers")


@pytest.mark.parametrize(
    ("text", "fix"), [("1m70s", "2m10s"), ("1h60m", "2h"), ("1h75s", "1h1m15s")]
)
def test_a_unit_that_overflows_is_refused_with_the_likely_meaning(text: str, fix: str) -> None:
    with pytest.raises(ValueError, match=f"'{fix}'"):
        parse_duration(text)


@pytest.mark.parametrize(("text", "seconds"), [("1m59s", 119), ("75s", 75), ("90", 90)])
def test_seconds_alone_may_pass_a_minute(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


def test_a_huge_number_of_sets_is_refused_before_the_plan_is_built() -> None:
    """sets = 10**30 used to pass and then exhaust memory expanding the plan."""
    (problem,) = problems(EXERCISE.replace("sets = 3", "sets = " + "9" * 30))
    assert (problem.line, problem.col) == (6, 1)
    assert "it can be at most 99" in problem.message


def test_a_duration_longer_than_a_day_is_refused() -> None:
    (problem,) = problems(EXERCISE.replace("reps = 5", 'duration = "99999999h"'))
    assert (problem.line, problem.col) == (7, 1)
    assert "at most 24h" in problem.message


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_a_weight_that_is_not_a_number_is_refused(value: str) -> None:
    (problem,) = problems(EXERCISE + f"weight = {value}\n")
    assert (problem.line, problem.col) == (8, 1)
    assert "write a number" in problem.message


@pytest.mark.parametrize("opener", ["[", "{ a = "])
def test_nesting_thousands_deep_is_a_problem_not_a_recursion_error(opener: str) -> None:
    (problem,) = problems(EXERCISE + "cues = " + opener * 5000 + "\n")
    assert problem.line == 8
    assert "nested too deeply" in problem.message


def test_an_escaped_key_is_found_where_it_is_written() -> None:
    """ "\\u0072eps" is the key 'reps'; tomlpos used to read it as 'u0072eps' and point at 1:1."""
    text = EXERCISE.replace("reps = 5", '"\\u0072eps" = 0')
    (problem,) = problems(text)
    assert (problem.line, problem.col) == (7, 1)
    assert "'reps'" in problem.message


def test_a_table_made_only_by_a_dotted_header_is_found_at_that_header() -> None:
    found = problems('# notes\n\n[routine.extra]\nx = 1\n\n[[stretch]]\nname = "S"\nhold = 20\n')
    missing = [p for p in found if "missing the required key 'name'" in p.message]
    assert [(p.line, p.col) for p in missing] == [(3, 1)]
