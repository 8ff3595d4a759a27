"""The text of a new routine: a commented template, or a copy of another routine.

The template is a usable routine with every key of :mod:`backtimer.routine.spec` in it,
each explained by a comment made from the spec's own docs, so it stays true
when the format grows. Both start with a ``#:schema`` line that points editors
at the shipped JSON Schema (:mod:`backtimer.routine.schema`).
"""

from __future__ import annotations

import json
import re
import textwrap
import tomllib

from backtimer.routine.schema import schema_uri
from backtimer.routine.spec import FORMAT_VERSION, TABLES, Field, FieldType

SCHEMA_DIRECTIVE = "#:schema"

#: Example values for every key; the template writes them in spec order.
_EXAMPLE: dict[str, list[dict[str, object]]] = {
    "routine": [
        {
            "name": "",  # the routine's own name goes here
            "description": "Who this routine is for, what it needs, how long it takes.",
            "format": FORMAT_VERSION,
        }
    ],
    "defaults": [
        {"rest": "1m30s", "warmup_rest": "1m", "get_ready": 5, "unit": "kg", "transition": 0}
    ],
    "warmup": [
        {
            "name": "Arm circles",
            "duration": "30s",
            "cues": ["Small circles, growing", "Switch direction halfway"],
        },
        {
            "name": "Cat-cow",
            "duration": 40,
            "cues": ["Move with your breath", "Round, then arch, slowly"],
        },
    ],
    "exercise": [
        {
            "name": "Bent-over row",
            "sets": 3,
            "reps": 8,
            "weight": 30,
            "rest": "2m",
            "warmup_rest": "45s",
            "equipment": "barbell",
            "cues": ["Hinge at the hips, spine straight", "Pull to the lower chest"],
            "warmup_sets": [{"reps": 10, "weight": 15}, {"reps": 5, "percent": 75}],
            "progression": {"rule": "double", "reps": [8, 12], "add": 2.5},
        },
        {
            "name": "Superman hold",
            "sets": 2,
            "duration": "30s",
            "cues": ["Lift chest and legs a little", "Neutral head, eyes down"],
            "progression": {"rule": "hold", "add": "5s", "max": "1m"},
        },
        {
            "name": "Single-arm dumbbell row",
            "group": "A",
            "sets": 3,
            "reps": 10,
            "weight": 12,
            "sides": ["left", "right"],
            "transition": "10s",
            "cues": ["Hinge at the hips, spine straight", "Pull the elbow to your hip"],
        },
        {
            "name": "Face pull",
            "group": "A",
            "sets": 3,
            "reps": 15,
            "rest": "1m30s",
            "cues": ["Pull to your forehead", "Elbows high, squeeze the shoulder blades"],
        },
        {
            "name": "Prone Y-raise",
            "group": "B",
            "rounds": 3,
            "duration": "30s",
            "transition": "10s",
            "cues": ["Thumbs up, arms in a Y", "Lift from the shoulder blades"],
        },
        {
            "name": "Bird dog",
            "group": "B",
            "duration": "20s",
            "sides": ["left", "right"],
            "rest": "1m",
            "cues": ["Opposite arm and leg long", "Hips level, spine straight"],
        },
    ],
    "stretch": [
        {
            "name": "Child's pose",
            "hold": 30,
            "cues": ["Sink the hips back slowly", "Ease in, never force it"],
            "progression": {"rule": "hold", "add": "5s", "max": "1m"},
        },
        {
            "name": "Cross-body shoulder stretch",
            "hold": "30s",
            "sides": ["left", "right"],
            "cues": ["Pull the arm gently across", "Shoulder down, away from ear"],
        },
    ],
}

_TYPE_SHORT = {
    FieldType.STRING: "text",
    FieldType.INTEGER: "whole number",
    FieldType.NUMBER: "number",
    FieldType.DURATION: "duration",
    FieldType.STRINGS: "list of texts",
    FieldType.TABLES: "list of inline tables",
    FieldType.TABLE: "inline table",
    FieldType.RANGE: "two whole numbers",
    FieldType.AMOUNT: "number or duration",
    FieldType.DELOAD: "percentage or number",
}


def toml_value(value: object) -> str:
    """A Python value (str, int, float, list, dict) written as a TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # JSON's escapes (\" \\ \n \uXXXX) are TOML basic-string escapes too.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def _comment(text: str) -> list[str]:
    return textwrap.wrap(text, width=98, initial_indent="# ", subsequent_indent="# ")


def _key_help(spec: Field) -> list[str]:
    if spec.required:
        when = "required"
    elif spec.default is not None:
        when = f"optional, default {toml_value(spec.default)}"
    else:
        when = "optional"
    if spec.choices:
        when += "; one of " + ", ".join(toml_value(c) for c in spec.choices)
    elif spec.minimum is not None and spec.type is not FieldType.STRING:
        unit = ""
        if spec.type is FieldType.DURATION:
            unit = " second" if spec.minimum == 1 else " seconds"
        when += f"; at least {spec.minimum:g}{unit}"
    if spec.maximum is not None:
        when += f", at most {spec.maximum:g}"
    return _comment(f"{spec.doc} ({_TYPE_SHORT[spec.type]}, {when})")


def _key_line(name: str, value: object) -> list[str]:
    line = f"{name} = {toml_value(value)}"
    if len(line) <= 98 or not isinstance(value, list):
        return [line]
    return [f"{name} = ["] + [f"    {toml_value(v)}," for v in value] + ["]"]


def routine_template(name: str, slug: str) -> str:
    """A commented, valid routine called ``name`` (its file is ``slug.toml``)."""
    lines = [
        f"{SCHEMA_DIRECTIVE} {schema_uri()}",
        f"# {name}: a backtimer routine (format {FORMAT_VERSION}).",
        "#",
        "# Every key is explained in the comment above its first use. Change the examples to your",
        "# own, delete the entries you don't need, copy one to add another.",
        '# Durations are whole seconds (90) or strings like "90s", "1m30s" or "2m".',
        f"# Check it with `backtimer check {slug}`; see its steps with `backtimer plan {slug}`.",
        "# The line at the top lets editors with TOML support (taplo, Even Better TOML)",
        "# complete keys and flag mistakes as you type.",
    ]
    explained: set[tuple[str, str]] = set()
    for table in TABLES:
        for entry in _EXAMPLE[table.name]:
            lines.append("")
            if (table.name, "") not in explained:
                lines += _comment(table.doc)
                explained.add((table.name, ""))
            lines.append(table.header)
            for spec in table.fields:
                if spec.name not in entry:
                    continue
                value = entry[spec.name] if (table.name, spec.name) != ("routine", "name") else name
                if (table.name, spec.name) not in explained:
                    lines += _key_help(spec)
                    for item in spec.items:
                        default = (
                            "" if item.default is None else f" (default {toml_value(item.default)})"
                        )
                        lines += _comment(f"  {item.name}: {item.doc}{default}")
                    explained.add((table.name, spec.name))
                lines += _key_line(spec.name, value)
    return "\n".join(lines) + "\n"


def with_schema_line(text: str, uri: str | None = None) -> str:
    """``text`` with a ``#:schema`` line first (replacing one among its leading comments)."""
    lines = text.split("\n")
    head = 0
    while head < len(lines) and lines[head].lstrip().startswith("#"):
        head += 1
    kept = [
        line for i, line in enumerate(lines) if i >= head or not line.startswith(SCHEMA_DIRECTIVE)
    ]
    return f"{SCHEMA_DIRECTIVE} {uri or schema_uri()}\n" + "\n".join(kept)


_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*'")


def renamed(text: str, name: str) -> str:
    """``text`` with its ``[routine]`` name set to ``name``; unchanged if it can't be found."""
    from backtimer.routine.tomlpos import locate

    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return text
    where = locate(text).get(("routine", "name"))
    if where is None:
        return text
    lines = text.split("\n")
    line = lines[where.value.line - 1]
    start = where.value.col - 1
    match = _STRING.match(line, start)
    if match is None:
        return text
    lines[where.value.line - 1] = line[:start] + toml_value(name) + line[match.end() :]
    return "\n".join(lines)
