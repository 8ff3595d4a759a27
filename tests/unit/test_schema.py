"""The JSON Schema and the validator say the same thing about every routine.

The schema is checked with a real schema tool (jsonschema's Draft 2020-12
validator) against the shipped routines, every fixture in tests/data/routines,
a sweep of wrong values for every key of the spec, and generated durations.
"""

from __future__ import annotations

import copy
import json
import math
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from backtimer.cli import main
from backtimer.errors import RoutineError
from backtimer.routine import load_routine, parse_routine
from backtimer.routine.schema import (
    SCHEMA_FILE,
    field_schema,
    reference_markdown,
    routine_schema,
    schema_json,
    schema_uri,
)
from backtimer.routine.spec import TABLES, TABLES_BY_NAME, FieldType
from tests.conftest import DATA, REPO, SHIPPED

SCHEMA = Draft202012Validator(routine_schema())
BAD = sorted((DATA / "routines" / "bad").glob("*.toml"))
GOOD = sorted((DATA / "routines" / "good").glob("*.toml"))
DOC = REPO / "docs" / "routines.md"

#: Bad fixtures that parse as TOML, that the validator refuses and the schema can't:
#: name -> why. A fixture listed here must still pass the schema, so the list can't go
#: stale.
SCHEMA_CANNOT_TELL: dict[str, str] = {
    "group-not-adjacent.toml": "no keyword compares one [[exercise]] with another",
    "group-of-one.toml": "no keyword counts the entries that share a value",
    "rounds-on-later-member.toml": "no keyword knows which entry comes first in a group",
    "rounds-with-sets.toml": "the sets are on another entry than the rounds",
}


def non_finite(value: object) -> bool:
    """Whether a parsed document holds nan or inf: JSON has neither, so no schema refuses them.

    (The one rule of the validator no JSON Schema can say; see backtimer/schema.py.)
    """
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(non_finite(v) for v in value.values())
    if isinstance(value, list):
        return any(non_finite(v) for v in value)
    return False


def toml_data(path: Path) -> dict | None:
    """The parsed document, or None when it is not UTF-8 or not TOML (no schema sees it)."""
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def validator_accepts(text: str) -> bool:
    try:
        parse_routine(text)
    except RoutineError:
        return False
    return True


def schema_errors(data: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in SCHEMA.iter_errors(data)]


# -- the shipped file ----------------------------------------------------------


def test_shipped_schema_file_is_the_generated_schema() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), (
        "backtimer/routine.schema.json is stale: run "
        "`backtimer schema > backtimer/routine.schema.json`"
    )


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(routine_schema())
    assert routine_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_uri_points_at_the_shipped_file() -> None:
    assert schema_uri().startswith("file:///")
    assert schema_uri().endswith("/routine.schema.json")
    assert Path(schema_uri().removeprefix("file://")).resolve() == SCHEMA_FILE.resolve()


def test_backtimer_schema_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == routine_schema()
    assert main(["schema", "--uri"]) == 0
    assert capsys.readouterr().out == schema_uri() + "\n"


def test_schema_command_in_a_real_process_matches_the_file() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "backtimer", "schema"], capture_output=True, cwd=REPO, check=True
    )
    assert result.stdout.decode("utf-8") == SCHEMA_FILE.read_text(encoding="utf-8")


def test_schema_module_does_not_import_textual_or_rich() -> None:
    code = (
        "import sys, backtimer.routine.schema, backtimer.routine.template, "
        "backtimer.commands.editing; "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == ""


def test_every_key_has_its_doc_as_description() -> None:
    schema = routine_schema()
    for table in TABLES:
        node = schema["properties"][table.name]
        assert node["description"] == table.doc
        entry = node["items"] if table.array else node
        assert entry["additionalProperties"] is False
        assert list(entry["properties"]) == [f.name for f in table.fields]
        for spec in table.fields:
            assert entry["properties"][spec.name]["description"].startswith(spec.doc)


# -- routines and fixtures -----------------------------------------------------


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.toml")), ids=lambda p: p.stem)
def test_shipped_routine_passes_the_schema(path: Path) -> None:
    data = toml_data(path)
    assert data is not None
    assert schema_errors(data) == []


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_fixture_passes_validator_and_schema(path: Path) -> None:
    load_routine(path)
    data = toml_data(path)
    assert data is not None
    assert schema_errors(data) == []


PARSED_BAD = [p for p in BAD if toml_data(p) is not None]


@pytest.mark.parametrize("path", PARSED_BAD, ids=lambda p: p.name)
def test_bad_fixture_fails_validator_and_schema(path: Path) -> None:
    with pytest.raises(RoutineError):
        load_routine(path)
    data = toml_data(path)
    assert data is not None
    if path.name in SCHEMA_CANNOT_TELL:
        assert schema_errors(data) == [], f"{path.name} is caught now: drop it from the list"
    elif not non_finite(data):
        assert schema_errors(data), f"the schema accepts {path.name}, the validator refuses it"


def test_most_bad_fixtures_reach_the_schema() -> None:
    assert len(PARSED_BAD) >= 20


def test_fixtures_that_never_reach_a_schema_are_broken_toml_or_not_utf8() -> None:
    """Only a file tomllib can't read is outside the schema's reach: the validator says why."""
    unparsed = [p for p in BAD if toml_data(p) is None]
    assert unparsed, "expected the syntax and non-UTF-8 fixtures"
    for path in unparsed:
        with pytest.raises(RoutineError) as caught:
            load_routine(path)
        text = " ".join(p.message for p in caught.value.problems)
        assert "TOML syntax error" in text or "UTF-8" in text, (path.name, text)


# -- a sweep of wrong values for every key ---------------------------------------

BASE = tomllib.loads((DATA / "routines" / "good" / "all-keys.toml").read_text(encoding="utf-8"))

#: Values tried for every key. Whole floats (3.0) are left out on purpose: JSON Schema
#: counts 3.0 as an integer, the validator asks for 3 (see backtimer/schema.py).
VALUES = [
    "Text",
    "",
    "  ",
    "kg",
    "lb",
    "kgs",
    "90s",
    "1m30s",
    "1m70s",
    "10s",
    "0s",
    0,
    1,
    -1,
    19,
    20,
    100,
    10**9,
    42.5,
    -0.5,
    True,
    [],
    ["left", "right"],
    ["left", "left"],
    [1, 2],
    {},
    {"name": "x"},
    [{"reps": 5}],
    [{"reps": 5, "duration": 10}],
    [{"weight": 5}],
    [{"rep": 5}],
    [{"reps": 0}],
]


#: Keys that say something of several entries at once: a mutation sets them on every
#: entry of the first one's group, so that the sweep tries the value, not the members'
#: number and order (which no schema can tell: see backtimer/routine/schema.py).
SHARED = {("exercise", "group")}


def _mutations() -> list[tuple[str, dict]]:
    out = []
    for table in TABLES:
        for spec in table.fields:
            for value in [*VALUES, None]:  # None: the key removed
                doc = copy.deepcopy(BASE)
                entry = doc[table.name][0] if table.array else doc[table.name]
                entries = [entry]
                if (table.name, spec.name) in SHARED:
                    entries = [e for e in doc[table.name] if e.get("group") == entry["group"]]
                for one in entries:
                    if value is None:
                        one.pop(spec.name, None)
                    else:
                        one[spec.name] = value
                out.append((f"{table.name}.{spec.name}={value!r}", doc))
        for where in ("unknown", "setz"):
            doc = copy.deepcopy(BASE)
            entry = doc[table.name][0] if table.array else doc[table.name]
            entry[where] = 1
            out.append((f"{table.name}.{where}", doc))
        doc = copy.deepcopy(BASE)
        del doc[table.name]
        out.append((f"no {table.name}", doc))
    # The plank (a timed exercise) given reps too, and the row without its reps.
    doc = copy.deepcopy(BASE)
    doc["exercise"][1]["reps"] = 5
    out.append(("timed exercise with reps", doc))
    doc = copy.deepcopy(BASE)
    del doc["exercise"][0]["reps"]
    out.append(("exercise without reps or duration", doc))
    return out


MUTATIONS = _mutations()


def test_schema_and_validator_agree_on_every_mutation() -> None:
    """Every key set to every kind of value, removed, or joined by an unknown key."""
    disagreements = []
    refused = 0
    for label, doc in MUTATIONS:
        text = tomli_w.dumps(doc)
        by_validator = validator_accepts(text)
        by_schema = SCHEMA.is_valid(tomllib.loads(text))
        refused += not by_validator
        if by_validator != by_schema:
            disagreements.append(f"{label}: validator {by_validator}, schema {by_schema}")
    assert disagreements == []
    assert 0.3 < refused / len(MUTATIONS) < 0.95  # the sweep really hits both sides


# -- durations --------------------------------------------------------------------

DURATION_FIELDS = [
    (table.name, spec) for table in TABLES for spec in table.fields if spec.type == "duration"
]
WARMUP_SET_DURATION = next(
    item
    for spec in TABLES_BY_NAME["exercise"].fields
    for item in spec.items
    if item.name == "duration"
)


# Besides the ASCII that durations are written in: a non-ASCII digit, space, "s" and "i"
# that Python's re would take for 0, " ", "s" and "i" without re.ASCII.
duration_texts = st.text(
    alphabet="0123456789hHmMsSiInN \t\u0660\u00a0\u017f\u0131", max_size=9
) | st.from_regex(r"\A ?(\d{1,3} ?[hH])? ?(\d{1,3} ?(m|min))? ?(\d{1,3} ?s?)? ?\Z", fullmatch=True)


def _with_duration(table: str, key: str, value: object) -> str:
    """The all-keys routine with one duration key set to ``value``."""
    doc = copy.deepcopy(BASE)
    entry = doc[table][0] if isinstance(doc[table], list) else doc[table]
    if key == "warmup_sets":  # the duration of a warm-up set
        entry["warmup_sets"] = [{"duration": value}]
    else:
        entry[key] = value
        if (table, key) == ("exercise", "duration"):
            del entry["reps"]  # one of reps / duration
            del entry["progression"]  # "linear" counts reps
    return tomli_w.dumps(doc)


@settings(max_examples=200, deadline=None)
@given(value=duration_texts | st.integers(-100, 200_000) | st.booleans())
def test_duration_schema_accepts_exactly_what_the_validator_accepts(value: object) -> None:
    """Each duration key, set to a generated value in a whole routine, by both judges."""
    keys = [(t, s.name, s) for t, s in DURATION_FIELDS]
    keys.append(("exercise", "warmup_sets", WARMUP_SET_DURATION))
    for table, key, spec in keys:
        by_validator = validator_accepts(_with_duration(table, key, value))
        by_schema = Draft202012Validator(field_schema(spec)).is_valid(value)
        assert by_schema == by_validator, (table, key, value)


def test_duration_pattern_examples() -> None:
    hold = Draft202012Validator(
        field_schema(next(s for t, s in DURATION_FIELDS if s.name == "hold"))
    )
    for good in ("20s", "20", "1m", "1min", "0m20s", "1h", "1 m 5 s", "2M"):
        assert hold.is_valid(good), good
    for bad in ("19s", "0m19s", "1m70s", "1h60m", "abc", "", " ", "20x", "1.5m", "0h"):
        assert not hold.is_valid(bad), bad


# -- docs/routines.md ---------------------------------------------------------------

BEGIN = "<!-- BEGIN key reference: generated by `backtimer schema --markdown` -->"
END = "<!-- END key reference -->"


def test_docs_key_reference_is_up_to_date() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    block = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert block.strip() == reference_markdown().strip(), (
        "docs/routines.md is stale: paste `backtimer schema --markdown` between the markers"
    )


def test_docs_name_every_key_and_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    for table in TABLES:
        assert table.header in text
        for spec in table.fields:
            assert f"`{spec.name}`" in text, spec.name
            dot = "." if spec.type is FieldType.TABLE else "[]."
            for item in spec.items:
                assert f"{spec.name}{dot}{item.name}" in text


def test_docs_examples_are_valid_routines() -> None:
    """Every complete routine in a ```toml block of the docs passes validator and schema."""
    blocks = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    complete = [b for b in blocks if "[routine]" in b]
    assert complete
    for block in complete:
        routine = parse_routine(block, "docs/routines.md")
        assert schema_errors(tomllib.loads(block)) == [], routine.name


def test_docs_mention_every_shipped_routine() -> None:
    text = DOC.read_text(encoding="utf-8")
    for path in SHIPPED.glob("*.toml"):
        assert f"routines/{path.name}" in text, path.name


def test_docs_quote_the_shipped_routines_as_they_are() -> None:
    """The demo is shown whole and excerpts are cut from the files, so neither goes stale."""
    blocks = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    shipped = [p.read_text(encoding="utf-8") for p in SHIPPED.glob("*.toml")]
    assert (SHIPPED / "demo.toml").read_text(encoding="utf-8") in blocks
    excerpts = [b for b in blocks if b.startswith("[[")]
    assert excerpts
    for block in excerpts:
        assert any(block in text for text in shipped), block
