"""What `check` says of a progression, a warm-up set's percent and the new keys of issue 14:
each refused shape at its line and column, with a fix; and the schema refuses the same where
a schema can tell."""

from __future__ import annotations

import tomllib

import pytest
from jsonschema import Draft202012Validator

from backtimer.errors import Problem, RoutineError
from backtimer.routine import Duration, ProgressionRule, parse_routine
from backtimer.routine.schema import routine_schema

HEAD = '[routine]\nname = "R"\n\n[[exercise]]\nname = "Row"\nsets = 3\n'
SCHEMA = Draft202012Validator(routine_schema())


def problems(body: str) -> list[Problem]:
    with pytest.raises(RoutineError) as caught:
        parse_routine(HEAD + body, "r.toml")
    return caught.value.problems


#: (what, the exercise's lines after its sets, line, column, words of the message,
#:  whether the JSON Schema refuses it too)
REFUSED = [
    (
        "unknown rule",
        'reps = 10\nweight = 40\nprogression = { rule = "triple", add = 2.5 }\n',
        9,
        17,
        [
            '\'rule\' in the progression of [[exercise]] #1 "Row" is "triple"',
            '"double" or "linear" or "hold"',
        ],
        True,
    ),
    (
        "reversed range",
        'reps = 10\nweight = 40\nprogression = { rule = "double", reps = [12, 8], add = 2.5 }\n',
        9,
        34,
        ["is [12, 8], high before low", "reps = [8, 12]"],
        False,
    ),
    (
        "reps outside the range",
        'reps = 5\nweight = 40\nprogression = { rule = "double", reps = [8, 12], add = 2.5 }\n',
        9,
        34,
        ["climbs from 8 to 12 reps", "is 5; set reps = 8 on the exercise, or widen the range"],
        False,
    ),
    (
        "double on a timed set",
        'duration = 30\nprogression = { rule = "double", reps = [8, 12], add = 2.5 }\n',
        8,
        17,
        ['rule "double"', "its sets are timed", 'use rule = "hold"'],
        True,
    ),
    (
        "linear on a timed set",
        'duration = 30\nweight = 10\nprogression = { rule = "linear", add = 2.5 }\n',
        9,
        17,
        ['rule "linear"', "its sets are timed"],
        True,
    ),
    (
        "hold on a rep-based set",
        'reps = 10\nprogression = { rule = "hold", add = "5s" }\n',
        8,
        17,
        ['rule "hold"', "its sets are rep-based", 'use rule = "double" or "linear"'],
        True,
    ),
    (
        "linear without a weight",
        'reps = 10\nprogression = { rule = "linear", add = 2.5 }\n',
        8,
        17,
        ["the exercise has no 'weight'", "add weight = …"],
        True,
    ),
    (
        "double without its range",
        'reps = 10\nweight = 40\nprogression = { rule = "double", add = 2.5 }\n',
        9,
        1,
        ["needs 'reps' with rule \"double\", e.g. reps = [8, 12]"],
        True,
    ),
    (
        "a key of another rule",
        'reps = 10\nweight = 40\nprogression = { rule = "double", reps = [8, 12], add = 2.5, '
        "fails = 2 }\n",
        9,
        61,
        ["'fails'", 'not used by rule "double"', "takes rule, reps, add"],
        True,
    ),
    (
        "no add",
        'reps = 10\nweight = 40\nprogression = { rule = "linear" }\n',
        9,
        1,
        ["missing the required key 'add'"],
        True,
    ),
    (
        "a duration added to a weight",
        'reps = 10\nweight = 40\nprogression = { rule = "linear", add = "5s" }\n',
        9,
        34,
        ['\'add\' in the progression of [[exercise]] #1 "Row" is "5s"', "add = 2.5"],
        True,
    ),
    (
        "a weight added to a hold",
        'duration = 30\nprogression = { rule = "hold", add = 2.5 }\n',
        8,
        32,
        ["'add'", "is 2.5", 'add = "5s"'],
        True,
    ),
    (
        "a deload that is no percentage",
        'reps = 10\nweight = 40\nprogression = { rule = "linear", add = 2.5, deload = "110%" }\n',
        9,
        45,
        ["'deload'", '"110%"', 'like "10%"'],
        True,
    ),
    (
        "a range of one number",
        'reps = 10\nweight = 40\nprogression = { rule = "double", reps = [8], add = 2.5 }\n',
        9,
        34,
        ["has 1 numbers; write two, low then high"],
        True,
    ),
    (
        "an unknown key in the progression",
        'reps = 10\nweight = 40\nprogression = { rule = "linear", add = 2.5, dload = "5%" }\n',
        9,
        45,
        ["unknown key 'dload'", "did you mean 'deload'?"],
        True,
    ),
    (
        "percent with weight",
        "reps = 10\nweight = 40\nwarmup_sets = [{ reps = 5, percent = 50, weight = 20 }]\n",
        9,
        28,
        ["warm-up set 1 has both 'weight' and 'percent'; keep one"],
        True,
    ),
    (
        "percent over 100",
        "reps = 10\nweight = 40\nwarmup_sets = [{ reps = 5, percent = 150 }]\n",
        9,
        28,
        ["'percent'", "is 150; it can be at most 100"],
        True,
    ),
    (
        "percent under 1",
        "reps = 10\nweight = 40\nwarmup_sets = [{ reps = 5, percent = 0 }]\n",
        9,
        28,
        ["'percent'", "is 0; it must be at least 1"],
        True,
    ),
    (
        "percent without a work weight",
        "reps = 10\nwarmup_sets = [{ reps = 5 }, { reps = 3, percent = 50 }]\n",
        8,
        42,
        ["warm-up set 2 has a 'percent' of the work weight", "add weight = … to the exercise"],
        True,
    ),
    (
        "double on a stretch",
        'reps = 10\n\n[[stretch]]\nname = "Pose"\nhold = 30\n'
        'progression = { rule = "double", reps = [8, 12], add = 1 }\n',
        12,
        17,
        ['rule "double" in the progression of [[stretch]] #1 "Pose"', "a stretch is held"],
        True,
    ),
    (
        "warmup_rest of 0",
        "reps = 10\nwarmup_rest = 0\n",
        8,
        1,
        ["'warmup_rest'", "at least 1 second"],
        True,
    ),
]


@pytest.mark.parametrize(
    ("body", "line", "col", "words"),
    [case[1:5] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_a_refused_shape_is_one_problem_at_its_place_with_a_fix(
    body: str, line: int, col: int, words: list[str]
) -> None:
    (problem,) = problems(body)
    assert (problem.line, problem.col) == (line, col), problem
    for word in words:
        assert word in problem.message, problem.message
    assert "\n" not in problem.message


@pytest.mark.parametrize(
    ("body", "schema_tells"), [(case[1], case[5]) for case in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_the_schema_refuses_what_it_can_tell(body: str, schema_tells: bool) -> None:
    """Two numbers compared (a range, reps within it) are beyond a schema: it passes those."""
    data = tomllib.loads(HEAD + body)
    assert SCHEMA.is_valid(data) is not schema_tells


GOOD = """\
[routine]
name = "R"

[defaults]
warmup_rest = 45

[[exercise]]
name = "Bent-over row"
sets = 3
reps = 10
weight = 40
equipment = "barbell"
warmup_rest = "30s"
warmup_sets = [{ reps = 10, percent = 50 }, { reps = 5, percent = 75 }]
progression = { rule = "double", reps = [8, 12], add = 2.5 }

[[exercise]]
name = "Deadlift"
reps = 5
weight = 80
progression = { rule = "linear", add = 2.5, fails = 3, deload = 5 }

[[exercise]]
name = "Plank"
duration = 30
progression = { rule = "hold", add = "5s", max = "60s" }

[[stretch]]
name = "Child's pose"
hold = 30
progression = { rule = "hold", add = 5 }
"""


def test_every_new_key_loads() -> None:
    routine = parse_routine(GOOD, "r.toml")
    assert SCHEMA.is_valid(tomllib.loads(GOOD))
    assert routine.defaults.warmup_rest.seconds == 45
    row, deadlift, plank = routine.exercises
    assert (row.equipment, row.warmup_rest) == ("barbell", Duration(30, "30s"))
    assert [w.percent for w in row.warmup_sets] == [50, 75]
    assert row.progression is not None and row.progression.reps_low == 8
    assert deadlift.progression is not None
    assert deadlift.progression.rule is ProgressionRule.LINEAR
    assert deadlift.progression.deload.drop(80) == 5
    assert plank.progression is not None and plank.progression.max == Duration(60, "60s")
    (stretch,) = routine.stretches
    assert stretch.progression is not None and stretch.progression.add == Duration(5, "5s")


def test_a_linear_progression_defaults_to_three_fails_and_a_ten_percent_deload() -> None:
    routine = parse_routine(GOOD.replace(", fails = 3, deload = 5", ""), "r.toml")
    progression = routine.exercises[1].progression
    assert progression is not None
    assert (progression.fails, str(progression.deload)) == (3, "10%")
