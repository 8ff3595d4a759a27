"""The JSON Schema of the routine format, generated from :mod:`backtimer.routine.spec`.

Editors with TOML language support (taplo and the extensions built on it) read
it through a ``#:schema`` line at the top of a routine, to complete keys and
flag mistakes while typing. ``backtimer schema`` prints it; the package ships
it as ``backtimer/routine.schema.json`` (regenerate that file with
``backtimer schema > backtimer/routine.schema.json``; a test fails when it is
stale).

The schema says what the validator (:mod:`backtimer.routine.validator`) says, including
the rules that are not a single key's type: exactly one of ``reps`` /
``duration`` per exercise, a stretch hold of at least 20 seconds and no
duration over a day also when written as a string (``"15s"``, ``"25h"``), no
duration like ``"1m70s"``, a ``format`` no newer than this backtimer reads,
each side named once, no control character in any text, no string, array or
number beyond its limit. The tests check both
against the same fixtures. What it cannot say: a file that is not UTF-8 or not
TOML never reaches a schema; JSON has no NaN or infinity, so no schema refuses
``weight = nan``; and JSON Schema counts ``3.0`` as an integer where the
validator asks for ``3``; a routine's total of moves, sets and holds (at most
:data:`~backtimer.routine.spec.MAX_SETS_IN_ALL`) is a sum no schema keyword adds up; and
no schema compares two numbers, so a progression's range written high before low
(``reps = [12, 8]``) and an exercise's ``reps`` outside its ``double`` range pass it. What
it does say of a progression: the keys each rule takes and needs, ``add`` a weight or a
duration by rule, ``double``/``linear`` only on rep-based sets, ``hold`` only on timed sets
and stretches, ``linear`` and a warm-up set's ``percent`` only with a ``weight``, never
``weight`` and ``percent`` in one warm-up set.

Of supersets and circuits it says what one exercise shows: ``rounds`` only with a
``group`` and never with ``sets`` in the same exercise, ``transition`` only on an exercise
with a ``group`` or ``sides``, ``sides`` two or more, each once. What it cannot say, for
no schema keyword compares one array item with another: that the members of a group are
written one after another and are two or more, and that ``rounds`` stands on a group's
first member, none of whose members has ``sets``.

Only keywords that draft 4 to draft 2020-12 share are used (no ``$ref``), so
older schema tools read it too.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from backtimer.formatting import UNSAFE_RANGES, format_duration
from backtimer.routine.spec import (
    DELOAD_PERCENT,
    FORMAT_VERSION,
    MAX_DURATION,
    MAX_FILE_BYTES,
    MAX_SETS_IN_ALL,
    REP_RULES,
    RULE_KEYS,
    RULE_REQUIRED,
    TABLES,
    TYPE_WORDS,
    Field,
    FieldType,
    ProgressionRule,
    Table,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: The schema as shipped inside the package.
#: It stays at the top of the package, where the ``#:schema`` lines of users' routines
#: (written by ``backtimer new``) point, whatever module generates it.
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "routine.schema.json"

# -- durations ---------------------------------------------------------------
# The strings backtimer.routine.durations.parse_duration accepts, written without
# flags (JSON Schema patterns have none), in ASCII (durations.py reads ASCII
# digits, letters and spaces only, as JavaScript's \d does): an optional
# number of hours, then minutes ("m" or "min"), then seconds ("s" optional),
# at least one of them; seconds (and minutes after hours) go up to 59 once a
# larger unit is written.
_WS = r"[ \t\n\r\f\v]*"
_UNDER_60 = "0*[1-5]?[0-9]"
_HOURS = "[0-9]+" + _WS + "[hH]" + _WS
_MINUTES = "[mM](?:[iI][nN])?"
_SECONDS_UNDER_60 = f"(?:{_UNDER_60}{_WS}[sS]?{_WS})?"
DURATION_PATTERN = (
    "^" + _WS + "(?:"
    f"{_HOURS}(?:{_UNDER_60}{_WS}{_MINUTES}{_WS})?{_SECONDS_UNDER_60}"
    f"|[0-9]+{_WS}{_MINUTES}{_WS}{_SECONDS_UNDER_60}"
    f"|[0-9]+{_WS}[sS]?{_WS}"
    ")$"
)


def _at_least(k: int) -> str:
    """A pattern for a whole number without leading zeros that is ``k`` or more (1–99)."""
    if not 1 <= k <= 99:
        raise ValueError(f"no pattern for numbers of at least {k}")
    tens, units = divmod(k, 10)
    if tens == 0:
        return f"[1-9][0-9]+|[{units}-9]"
    alternatives = ["[1-9][0-9]{2,}"]
    if tens < 9:
        alternatives.append(f"[{tens + 1}-9][0-9]")
    alternatives.append(f"{tens}[{units}-9]")
    return "|".join(alternatives)


def duration_minimum_pattern(minimum: int) -> str:
    """A pattern a valid duration string matches when it is ``minimum`` seconds or more.

    Only for minimums under a minute: any hour or minute then suffices, else
    the seconds must reach the minimum.
    """
    if not 1 <= minimum < 60:
        raise ValueError(f"durations of at least {minimum}s can't be told by a pattern")
    return (
        "[1-9][0-9]*" + _WS + "[hHmM]"  # a non-zero hour or minute
        f"|(?:^|[^0-9])0*(?:{_at_least(minimum)}){_WS}[sS]?{_WS}$"
    )


def _at_most(n: int) -> str:
    """A pattern for a whole number, leading zeros allowed, that is ``n`` or less."""

    def span(low: int, high: int) -> str:
        return str(low) if low == high else f"[{low}-{high}]"

    def any_digits(count: int) -> str:
        return "" if count == 0 else "[0-9]" if count == 1 else f"[0-9]{{{count}}}"

    digits = str(n)
    alternatives = ["0"]
    if len(digits) > 1:  # fewer digits
        alternatives.append("[1-9]" + (f"[0-9]{{0,{len(digits) - 2}}}" if len(digits) > 2 else ""))
    for i, d in enumerate(digits):  # as many digits: the same up to i, then a smaller one
        low = 1 if i == 0 and len(digits) > 1 else 0
        if int(d) > low:
            alternatives.append(
                digits[:i] + span(low, int(d) - 1) + any_digits(len(digits) - i - 1)
            )
    alternatives.append(digits)
    return "0*(?:" + "|".join(alternatives) + ")"


def _equal(n: int) -> str:
    return "0*" + str(n) if n else "0+"


def duration_maximum_pattern(maximum: int) -> str:
    """A pattern a valid duration string matches when it is ``maximum`` seconds or less.

    The hours (then minutes, then seconds) are below the maximum's, or equal to it
    with the smaller units within what is left.
    """
    hours, left = divmod(maximum, 3600)
    minutes, seconds = divmod(left, 60)
    total_minutes, minute_seconds = divmod(maximum, 60)
    sec_any = f"(?:{_UNDER_60}{_WS}[sS]?{_WS})?"

    def secs_up_to(n: int) -> str:
        return f"(?:{_at_most(n)}{_WS}[sS]?{_WS})?"

    def mins(number: str) -> str:
        return f"{number}{_WS}{_MINUTES}{_WS}"

    forms = []
    h = f"{_WS}[hH]{_WS}"
    if hours:  # fewer hours: any minutes and seconds
        forms.append(f"{_at_most(hours - 1)}{h}(?:{mins(_UNDER_60)})?{sec_any}")
    if minutes:  # as many hours, fewer minutes (none counts as 0)
        forms.append(f"{_equal(hours)}{h}(?:{mins(_at_most(minutes - 1))})?{sec_any}")
    # as many hours and minutes, seconds within what is left
    optional = "?" if minutes == 0 else ""
    forms.append(f"{_equal(hours)}{h}(?:{mins(_equal(minutes))}){optional}{secs_up_to(seconds)}")
    if total_minutes:  # no hours, fewer minutes
        forms.append(f"{mins(_at_most(total_minutes - 1))}{sec_any}")
    forms.append(f"{mins(_equal(total_minutes))}{secs_up_to(minute_seconds)}")
    forms.append(f"{_at_most(maximum)}{_WS}[sS]?{_WS}")
    return f"^{_WS}(?:" + "|".join(forms) + ")$"


def _duration_limits(spec: Field) -> tuple[int, int]:
    """The smallest and largest number of seconds a duration key takes."""
    maximum = MAX_DURATION if spec.maximum is None else min(spec.maximum, MAX_DURATION)
    return int(spec.minimum or 0), int(maximum)


def _duration(spec: Field) -> dict[str, Any]:
    minimum, maximum = _duration_limits(spec)
    whole = {"type": "integer", "minimum": minimum, "maximum": maximum}
    checks = [{"pattern": duration_maximum_pattern(maximum)}]
    if minimum > 0:
        checks.insert(0, {"pattern": duration_minimum_pattern(minimum)})
    text = {"type": "string", "pattern": DURATION_PATTERN, "allOf": checks}
    return {"anyOf": [whole, text]}


# -- text ------------------------------------------------------------------------
#: A character no text of a routine may hold (control characters, bidi overrides),
#: written with escapes every schema tool reads.
UNSAFE_PATTERN = "[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in UNSAFE_RANGES) + "]"


def _text(spec: Field) -> dict[str, Any]:
    """The rules of one string's text: no control character, at most so long."""
    out: dict[str, Any] = {"type": "string", "not": {"pattern": UNSAFE_PATTERN}}
    if spec.max_length is not None:
        out["maxLength"] = spec.max_length
    return out


# -- keys and tables ---------------------------------------------------------
#: Rules the validator applies to one key beyond what its Field says.
_EXTRA: dict[tuple[str, str], dict[str, Any]] = {
    # the validator refuses a format newer than it reads.
    ("routine", "format"): {"maximum": FORMAT_VERSION},
    # the validator refuses a side named twice.
    ("stretch", "sides"): {"uniqueItems": True},
    ("exercise", "sides"): {"uniqueItems": True},
}


def _weight(spec: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "number"}
    if spec.minimum is not None:
        out["minimum"] = spec.minimum
    if spec.maximum is not None:
        out["maximum"] = spec.maximum
    return out


def _progression(spec: Field) -> dict[str, Any]:
    """A ``progression`` table: its keys, and for each rule the keys it takes and needs."""
    out = _object(spec.items)
    items = {f.name: f for f in spec.items}
    branches = []
    for rule in ProgressionRule:
        branch: dict[str, Any] = {"properties": {"rule": {"enum": [str(rule)]}}}
        add = items["add"]
        if rule is ProgressionRule.HOLD:  # a duration of at least a second
            branch["properties"]["add"] = _duration(
                dataclasses.replace(add, minimum=1, maximum=None)
            )
        else:  # a weight
            branch["properties"]["add"] = {"type": "number"}
        if RULE_REQUIRED[rule]:
            branch["required"] = list(RULE_REQUIRED[rule])
        unused = [f.name for f in spec.items if f.name != "rule" and f.name not in RULE_KEYS[rule]]
        branch["not"] = {"anyOf": [{"required": [name]} for name in unused]}
        branches.append(branch)
    out["oneOf"] = branches
    return out


def _rule_is(rules: tuple[ProgressionRule, ...], *, negate: bool = False) -> dict[str, Any]:
    """An entry whose progression, if it has one, has one of ``rules`` (or none of them)."""
    enum: dict[str, Any] = {"enum": [str(r) for r in rules]}
    rule = {"not": enum} if negate else enum
    return {"properties": {"progression": {"properties": {"rule": rule}}}}


def _describe(spec: Field) -> str:
    text = spec.doc
    if spec.type is FieldType.DURATION:
        words = TYPE_WORDS[FieldType.DURATION]
        text += " " + words[0].upper() + words[1:] + "."
    return text


def field_schema(spec: Field, table: str = "") -> dict[str, Any]:
    """The schema of one key's value."""
    out: dict[str, Any] = {"description": _describe(spec)}
    if spec.type is FieldType.STRING:
        out.update(_text(spec))
        if spec.choices:
            out["enum"] = list(spec.choices)
        if spec.required or spec.nonblank:
            out["pattern"] = r"\S"  # the validator refuses an empty or blank name
    elif spec.type in (FieldType.INTEGER, FieldType.NUMBER):
        out["type"] = spec.type
        if spec.minimum is not None:
            out["minimum"] = int(spec.minimum) if spec.type is FieldType.INTEGER else spec.minimum
        maximum = spec.maximum
        if maximum is not None:
            out["maximum"] = int(maximum) if spec.type is FieldType.INTEGER else maximum
    elif spec.type is FieldType.DURATION:
        out.update(_duration(spec))
    elif spec.type is FieldType.STRINGS:
        out["type"] = "array"
        out["items"] = _text(spec)
        if spec.max_items is not None:
            out["maxItems"] = spec.max_items
        if spec.min_items is not None:  # none at all is the key left out
            out["anyOf"] = [{"maxItems": 0}, {"minItems": spec.min_items}]
    elif spec.type is FieldType.TABLES:
        item: dict[str, Any] = _object(spec.items)
        # A warm-up set takes reps or duration (or neither: the exercise's), never both;
        # and a weight or a percent of the work weight (or neither), never both.
        item["not"] = {
            "type": "object",
            "anyOf": [{"required": ["reps", "duration"]}, {"required": ["weight", "percent"]}],
        }
        out["type"] = "array"
        out["items"] = item
        if spec.max_items is not None:
            out["maxItems"] = spec.max_items
    elif spec.type is FieldType.TABLE:
        out.update(_progression(spec))
    elif spec.type is FieldType.RANGE:
        number = {"type": "integer", "minimum": spec.minimum, "maximum": spec.maximum}
        out.update({"type": "array", "items": number, "minItems": 2, "maxItems": 2})
    elif spec.type is FieldType.AMOUNT:
        text = _duration(spec)["anyOf"][1]
        out["anyOf"] = [_weight(spec), text]
    elif spec.type is FieldType.DELOAD:
        out["anyOf"] = [_weight(spec), {"type": "string", "pattern": DELOAD_PERCENT}]
    else:  # pragma: no cover - the spec and this module grow together
        raise ValueError(f"unknown field type {spec.type!r}")
    if spec.default is not None:
        out["default"] = spec.default
    out.update(_EXTRA.get((table, spec.name), {}))
    return out


def _object(fields: tuple[Field, ...], table: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: field_schema(f, table) for f in fields},
        "additionalProperties": False,
    }
    required = [f.name for f in fields if f.required]
    if required:
        out["required"] = required
    return out


def table_schema(table: Table) -> dict[str, Any]:
    """The schema of a ``[table]``, or of the array a ``[[table]]`` header builds."""
    entry = _object(table.fields, table.name)
    if table.name == "exercise":
        # Exactly one of reps / duration: a rep-based set or a timed set.
        entry["oneOf"] = [{"required": ["reps"]}, {"required": ["duration"]}]
        percent = {"properties": {"warmup_sets": {"items": {"not": {"required": ["percent"]}}}}}
        entry["allOf"] = [
            # "double" and "linear" count reps; "hold" makes a timed set longer.
            {"anyOf": [_rule_is(REP_RULES, negate=True), {"required": ["reps"]}]},
            {"anyOf": [_rule_is((ProgressionRule.HOLD,), negate=True), {"required": ["duration"]}]},
            # "linear" adds to a weight; a warm-up set's percent is of the work weight.
            {"anyOf": [_rule_is((ProgressionRule.LINEAR,), negate=True), {"required": ["weight"]}]},
            {"anyOf": [percent, {"required": ["weight"]}]},
            # "rounds" is for a group (its first member), whose members have no sets.
            {"anyOf": [{"not": {"required": ["rounds"]}}, {"required": ["group"]}]},
            {"not": {"required": ["rounds", "sets"]}},
            # "transition" times a switch: to the group's next member, or of sides.
            {
                "anyOf": [
                    {"not": {"required": ["transition"]}},
                    {"required": ["group"]},
                    {"required": ["sides"], "properties": {"sides": {"minItems": 1}}},
                ]
            },
        ]
    if table.name == "stretch":
        # A stretch is held: only "hold" makes it grow.
        entry["allOf"] = [_rule_is((ProgressionRule.HOLD,))]
    if not table.array:
        return {"description": table.doc, **entry}
    out: dict[str, Any] = {"description": table.doc, "type": "array", "items": entry}
    if table.max_entries is not None:
        out["maxItems"] = table.max_entries
    return out


def routine_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a routine file, as a dict."""
    entries = [t.name for t in TABLES if t.array]
    return {
        "$schema": DRAFT,
        "title": "backtimer routine",
        "description": (
            f"A backtimer workout routine, format {FORMAT_VERSION}: a [routine] table, "
            "optional [defaults], then [[warmup]] moves, [[exercise]] entries and "
            "[[stretch]] holds. See docs/routines.md."
        ),
        "type": "object",
        "properties": {t.name: table_schema(t) for t in TABLES},
        "additionalProperties": False,
        "required": ["routine"],
        # The routine must have something to do.
        "anyOf": [{"required": [name]} for name in entries],
    }


def schema_json() -> str:
    """The schema as the JSON text of ``backtimer/routine.schema.json``."""
    return json.dumps(routine_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_uri() -> str:
    """The ``file://`` URI of the installed schema, for ``#:schema`` lines."""
    return SCHEMA_FILE.as_uri()


# -- the key reference of docs/routines.md ------------------------------------


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def _allowed(spec: Field, table: str) -> str:
    if spec.choices:
        return " or ".join(f'`"{c}"`' for c in spec.choices)
    if spec.type is FieldType.TABLE:
        return ""
    if spec.type is FieldType.AMOUNT:
        return f"a weight ≥ {spec.minimum:g}, ≤ {spec.maximum:g}; a duration ≥ 1s for `hold`"
    if spec.type is FieldType.DELOAD:
        return f'`"1%"` to `"99%"`, or a weight ≥ {spec.minimum:g}, ≤ {spec.maximum:g}'
    extra = _EXTRA.get((table, spec.name), {})
    low: float | None
    high: float | None
    if spec.type is FieldType.DURATION:
        low, high = _duration_limits(spec)
    else:
        low = spec.minimum
        high = extra.get("maximum", spec.maximum)
    show = format_duration if spec.type is FieldType.DURATION else (lambda n: f"{n:g}")
    parts = []
    if low is not None and low == high:
        parts.append(f"`{show(low)}`")
    else:
        if low is not None:
            parts.append(f"≥ {show(low)}")
        if high is not None:
            parts.append(f"≤ {show(high)}")
    if spec.min_items is not None and spec.max_items is not None:
        parts.append(f"{spec.min_items} to {spec.max_items} items")
    elif spec.max_items is not None:
        parts.append(f"≤ {spec.max_items} items")
    if spec.max_length is not None:
        each = " each" if spec.type is FieldType.STRINGS else ""
        parts.append(f"≤ {spec.max_length} characters{each}")
    if extra.get("uniqueItems"):
        parts.append("each once")
    if (spec.required or spec.nonblank) and spec.type is FieldType.STRING:
        parts.append("not empty")
    return ", ".join(parts)


_TYPE_NAMES = {
    FieldType.STRING: "string",
    FieldType.INTEGER: "integer",
    FieldType.NUMBER: "number",
    FieldType.DURATION: "duration",
    FieldType.STRINGS: "array of strings",
    FieldType.TABLES: "array of inline tables",
    FieldType.TABLE: "inline table",
    FieldType.RANGE: "array of two integers",
    FieldType.AMOUNT: "number or duration",
    FieldType.DELOAD: "percentage or number",
}


def reference_markdown() -> str:
    """Every table and key of the format as Markdown tables (``backtimer schema --markdown``)."""
    lines: list[str] = []
    for table in TABLES:
        lines += [f"### `{table.header}`", "", table.doc, ""]
        lines += ["| Key | Type | Default | Allowed | Meaning |", "| --- | --- | --- | --- | --- |"]
        for spec in table.fields:
            rows = [(spec.name, spec)]
            dot = "." if spec.type is FieldType.TABLE else "[]."
            rows += [(f"{spec.name}{dot}{item.name}", item) for item in spec.items]
            for name, item in rows:
                if item.required:
                    default = "required"
                elif item.default is not None:
                    default = f"`{_toml_value(item.default)}`"
                else:
                    default = "—"
                meaning = item.doc.replace("|", "\\|")
                lines.append(
                    f"| `{name}` | {_TYPE_NAMES[item.type]} | {default} | "
                    f"{_allowed(item, table.name)} | {meaning} |"
                )
        if table.max_entries is not None:
            lines += ["", f"At most {table.max_entries} `{table.header}` entries."]
        lines.append("")
    lines += [
        "### Limits",
        "",
        "Every text is plain text on one line: no control characters (escapes, tabs, line "
        "breaks) and no invisible marks that change the direction of text. A routine file "
        f"is at most 1 MB ({MAX_FILE_BYTES:,} bytes), and a routine has at most "
        f"{MAX_SETS_IN_ALL:,} warm-up moves, sets and stretch holds in all (each side of a "
        "set or a stretch counts, and each round of a circuit).",
    ]
    return "\n".join(lines).rstrip("\n") + "\n"
