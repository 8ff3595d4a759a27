"""Every default is written once, in the spec; what runs, schema, template and docs agree.

The model's defaults are read from :mod:`backtimer.routine.spec`; these tests fail
if anything states a default of its own that differs from the spec's.
"""

from __future__ import annotations

import dataclasses
import tomllib

import pytest

from backtimer.routine import Defaults, Exercise, Routine, parse_duration, parse_routine
from backtimer.routine.schema import routine_schema
from backtimer.routine.spec import TABLES, Field, FieldType, Table, spec_default
from backtimer.routine.template import routine_template
from tests.conftest import REPO

DEFAULTED = [(t, f) for t in TABLES for f in t.fields if f.default is not None]


def _ids(item: tuple[Table, Field]) -> str:
    return f"{item[0].name}.{item[1].name}"


def _running(value: object, spec: Field) -> object:
    """A spec default as the model holds it (a duration as seconds)."""
    if spec.type is FieldType.DURATION:
        return parse_duration(value)
    if spec.type in (FieldType.STRINGS, FieldType.TABLES):
        return tuple(value) if isinstance(value, list) else value
    return value


MINIMAL = """\
[routine]
name = "Defaults"

[[warmup]]
name = "Arm circles"
duration = 30

[[exercise]]
name = "Row"
reps = 10

[[stretch]]
name = "Child's pose"
hold = 30
"""


def _loaded_value(routine: Routine, table: str, key: str) -> object:
    holder: object = {
        "routine": routine,
        "defaults": routine.defaults,
        "warmup": routine.warmup[0],
        "exercise": routine.exercises[0],
        "stretch": routine.stretches[0],
    }.get(table)
    if holder is None:
        pytest.skip(f"[{table}] is not in the minimal routine")
    value = getattr(holder, key)
    return value.seconds if hasattr(value, "seconds") else value


@pytest.mark.parametrize(("table", "spec"), DEFAULTED, ids=[_ids(d) for d in DEFAULTED])
def test_a_routine_that_leaves_a_key_out_runs_with_the_spec_default(
    table: Table, spec: Field
) -> None:
    """What runs: a routine without the key loads with exactly the spec's default."""
    routine = parse_routine(MINIMAL, "defaults.toml")
    assert _loaded_value(routine, table.name, spec.name) == _running(spec.default, spec)


def test_the_model_defaults_are_the_spec_defaults() -> None:
    """The dataclasses' own defaults (used when code builds a routine) are the spec's."""
    defaults = Defaults()
    assert defaults.rest.seconds == parse_duration(spec_default("defaults", "rest"))
    assert defaults.get_ready.seconds == parse_duration(spec_default("defaults", "get_ready"))
    assert defaults.unit == spec_default("defaults", "unit")
    assert Exercise("Row").sets == spec_default("exercise", "sets")
    assert Routine("R").description == spec_default("routine", "description")
    fields = {f.name: f for f in dataclasses.fields(Exercise)}
    assert fields["cues"].default == tuple(spec_default("exercise", "cues", list))


@pytest.mark.parametrize(("table", "spec"), DEFAULTED, ids=[_ids(d) for d in DEFAULTED])
def test_the_schema_states_the_spec_default(table: Table, spec: Field) -> None:
    schema = routine_schema()["properties"][table.name]
    entry = schema["items"] if table.array else schema
    assert entry["properties"][spec.name]["default"] == spec.default


def test_the_template_states_every_default_and_loads_with_them() -> None:
    """The template's comments name each default; the template itself is a valid routine."""
    text = routine_template("Leg day", "leg-day")
    for _, spec in DEFAULTED:
        shown = tomllib.loads(f"v = {_toml(spec.default)}")["v"]
        assert f"default {_toml(shown)}" in text, f"{spec.name}'s default is not in the template"
    parse_routine(text, "leg-day.toml")


def test_the_docs_state_every_default() -> None:
    """docs/routines.md's key reference shows each default in the table of its key."""
    docs = (REPO / "docs" / "routines.md").read_text(encoding="utf-8")
    for table, spec in DEFAULTED:
        section = docs.split(f"### `{table.header}`", 1)[1].split("### ", 1)[0]
        row = next(line for line in section.splitlines() if line.startswith(f"| `{spec.name}` |"))
        cells = [cell.strip() for cell in row.split(" | ")]
        assert cells[2] == f"`{_toml(spec.default)}`", f"[{table.name}] {spec.name}: {row}"


def _toml(value: object) -> str:
    from backtimer.routine.template import toml_value

    return toml_value(value)
