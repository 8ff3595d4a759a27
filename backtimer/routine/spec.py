"""The routine format (version 1), described once as data.

The validator (:mod:`backtimer.routine`) checks files against this description,
and the JSON Schema (``backtimer schema``) and the docs are generated from it, so
the three cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar, overload

_T = TypeVar("_T")

FORMAT_VERSION = 1
MIN_STRETCH_HOLD = 20
MAX_SETS = 99  # more is a typo; a million sets would make a plan too big to hold
MAX_DURATION = 24 * 3600  # any duration longer than a day is a typo
MAX_REPS = 1000  # reps of one set
MAX_WEIGHT = 10_000  # kg or lb: far above any lift, far below what a float can't hold
MAX_WARMUP_SETS = 20  # of one exercise
MAX_CUES = 20  # of one entry
MAX_SIDES = 4  # of one exercise or stretch
MIN_SIDES = 2  # of an exercise done per side: one side alone is a set done once
MAX_GROUP = 40  # characters of a group's name ("A", "Back circuit")
MAX_NAME = 400  # characters of a name (routine, move, exercise, stretch)
MAX_TEXT = 200  # characters of a cue or a side
MAX_DESCRIPTION = 1000  # characters of the routine's description
MAX_ENTRIES = 100  # [[warmup]], [[exercise]] or [[stretch]] entries, each
#: Warm-up moves, sets and stretch holds in all; with a rest or a get-ready lead-in
#: beside most of them, a plan has at most about twice as many steps.
MAX_SETS_IN_ALL = 1000
MAX_FILE_BYTES = 1_000_000  # a routine file (or a routine's text); real ones are ~3 kB
MAX_FAILS = 20  # sessions in a row a linear progression may fail before it deloads
MAX_EQUIPMENT = 40  # characters of an equipment name (a kit of the user's config)
#: A deload written as a percentage of the weight: "10%", "12.5%" (1 to 99.9…%).
DELOAD_PERCENT = r"^([1-9][0-9]?)(\.[0-9]+)?%$"


class Unit(StrEnum):
    """The unit of every weight in a routine (and its logs)."""

    KG = "kg"
    LB = "lb"


UNITS = tuple(str(unit) for unit in Unit)


class ProgressionRule(StrEnum):
    """How an exercise's targets grow from one session to the next (``progression.rule``).

    - ``double``: reps climb within a range, then the weight goes up and reps start over;
    - ``linear``: the weight goes up after a session where every set was done, and drops
      (a deload) after ``fails`` sessions in a row that were not;
    - ``hold``: a timed set or stretch hold gets ``add`` longer after a session held in full.
    """

    DOUBLE = "double"
    LINEAR = "linear"
    HOLD = "hold"


RULES = tuple(str(rule) for rule in ProgressionRule)

#: The keys of ``progression`` each rule takes (``rule`` aside), and those it must have.
RULE_KEYS: dict[ProgressionRule, tuple[str, ...]] = {
    ProgressionRule.DOUBLE: ("reps", "add"),
    ProgressionRule.LINEAR: ("add", "fails", "deload"),
    ProgressionRule.HOLD: ("add", "max"),
}
RULE_REQUIRED: dict[ProgressionRule, tuple[str, ...]] = {
    ProgressionRule.DOUBLE: ("reps",),  # besides ``rule`` and ``add``, which every rule needs
    ProgressionRule.LINEAR: (),
    ProgressionRule.HOLD: (),
}
#: The rules that count reps (a rep-based exercise); ``hold`` times a set or a hold.
REP_RULES = (ProgressionRule.DOUBLE, ProgressionRule.LINEAR)


class FieldType(StrEnum):
    """What a key's value is; the validator converts and checks each kind its own way."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    DURATION = "duration"
    STRINGS = "strings"  # an array of strings
    TABLES = "tables"  # an array of inline tables, described by ``Field.items``
    TABLE = "table"  # one inline table, described by ``Field.items``
    RANGE = "range"  # an array of two integers, low then high: [8, 12]
    AMOUNT = "amount"  # a weight (a number), or a duration for rule "hold"
    DELOAD = "deload"  # a percentage string ("10%") or a weight (a number)


@dataclass(frozen=True)
class Field:
    """One key of a table.

    Attributes:
        name: The key as written in TOML.
        type: What the value is (:class:`FieldType`).
        doc: What the key means, for docs, schema and the template.
        required: Whether the key must be present.
        default: The value used when the key is absent: what runs (the model's
            defaults are read from here), the schema, the template and the docs.
        minimum: The smallest allowed value (integers, numbers, durations).
        choices: The allowed values, for strings.
        items: The keys of each inline table, for ``tables`` and ``table``.
        maximum: The largest allowed value (integers, numbers, durations), if any.
        max_length: The most characters a string may have (for ``strings``, each one).
        max_items: The most items an array may have (``strings``, ``tables``).
        min_items: The fewest items an array may have when it has any (an empty
            array is the key left out).
        nonblank: Whether a string must hold more than white space (as every
            required string must).

    Every string of a routine is refused when it holds a control character
    (:data:`backtimer.formatting.UNSAFE_RANGES`): text is shown on screen as it is.
    """

    name: str
    type: FieldType
    doc: str
    required: bool = False
    default: object = None
    minimum: float | None = None
    choices: tuple[str, ...] = ()
    items: tuple[Field, ...] = ()
    maximum: float | None = None
    max_length: int | None = None
    max_items: int | None = None
    min_items: int | None = None
    nonblank: bool = False


@dataclass(frozen=True)
class Table:
    """A top-level table (``[name]``) or array of tables (``[[name]]``)."""

    name: str
    array: bool
    doc: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    max_entries: int | None = None  # for ``[[name]]``: how many entries it may have

    def field(self, name: str) -> Field | None:
        """The field called ``name``, if any."""
        return next((f for f in self.fields if f.name == name), None)

    @property
    def header(self) -> str:
        """How the table is written: ``[routine]`` or ``[[exercise]]``."""
        return f"[[{self.name}]]" if self.array else f"[{self.name}]"


_CUES = Field(
    "cues",
    FieldType.STRINGS,
    "Short form cues shown on screen during the step, e.g. "
    '["Elbows close to your body", "Pull through the elbows"].',
    default=[],
    max_length=MAX_TEXT,
    max_items=MAX_CUES,
)

_PROGRESSION = Field(
    "progression",
    FieldType.TABLE,
    "How the targets grow from session to session, e.g. "
    '{ rule = "double", reps = [8, 12], add = 2.5 }, { rule = "linear", add = 2.5 } or '
    '{ rule = "hold", add = "5s", max = "60s" }; without it, every session is the '
    "routine's sets.",
    items=(
        Field(
            "rule",
            FieldType.STRING,
            '"double": reps climb to the top of the range, then the weight goes up '
            '(rep-based sets); "linear": the weight goes up after every set was done '
            'and drops after failed sessions (rep-based sets); "hold": a timed set or '
            "hold gets longer after it was held in full.",
            required=True,
            choices=RULES,
        ),
        Field(
            "reps",
            FieldType.RANGE,
            '"double" only: the range of reps, low then high, e.g. [8, 12]; the '
            "exercise's reps (the first target) is within it.",
            minimum=1,
            maximum=MAX_REPS,
        ),
        Field(
            "add",
            FieldType.AMOUNT,
            'How much is added: a weight for "double" and "linear" (e.g. 2.5), a '
            'duration for "hold" (e.g. "5s").',
            required=True,
            minimum=0,
            maximum=MAX_WEIGHT,
        ),
        Field(
            "fails",
            FieldType.INTEGER,
            '"linear" only: after this many sessions in a row with a set not done, the '
            "weight drops by deload.",
            default=3,
            minimum=1,
            maximum=MAX_FAILS,
        ),
        Field(
            "deload",
            FieldType.DELOAD,
            '"linear" only: how much the weight drops, a percentage ("10%") or a weight (5).',
            default="10%",
            minimum=0,
            maximum=MAX_WEIGHT,
        ),
        Field(
            "max",
            FieldType.DURATION,
            '"hold" only: the longest the set or hold grows to; omit for no limit.',
            minimum=1,
        ),
    ),
)

TABLES: tuple[Table, ...] = (
    Table(
        "routine",
        False,
        "What the routine is called and which format version it is written in.",
        (
            Field(
                "name",
                FieldType.STRING,
                "The routine's name, shown in lists and logs.",
                required=True,
                max_length=MAX_NAME,
            ),
            Field(
                "description",
                FieldType.STRING,
                "A sentence or two about who it is for.",
                default="",
                max_length=MAX_DESCRIPTION,
            ),
            Field(
                "format",
                FieldType.INTEGER,
                f"The format version this file is written in; this backtimer reads "
                f"{FORMAT_VERSION}.",
                default=FORMAT_VERSION,
                minimum=1,
            ),
        ),
    ),
    Table(
        "defaults",
        False,
        "Values used by every entry that does not set its own.",
        (
            Field("rest", FieldType.DURATION, "Rest between sets.", default=90, minimum=1),
            Field(
                "warmup_rest",
                FieldType.DURATION,
                "Rest after a warm-up set: shorter than after a work set.",
                default=60,
                minimum=1,
            ),
            Field(
                "get_ready",
                FieldType.DURATION,
                "Lead-in before a step that does not follow a rest; 0 for none.",
                default=5,
                minimum=0,
            ),
            Field(
                "transition",
                FieldType.DURATION,
                "Pause between the members of a superset or circuit, and between the "
                "sides of an exercise done per side; 0 goes straight on.",
                default=0,
                minimum=0,
            ),
            Field(
                "unit",
                FieldType.STRING,
                "The unit of every weight.",
                default=Unit.KG,
                choices=UNITS,
            ),
        ),
    ),
    Table(
        "warmup",
        True,
        "Dynamic warm-up moves, done first, each for a set time.",
        (
            Field(
                "name",
                FieldType.STRING,
                'The move, e.g. "Arm circles".',
                required=True,
                max_length=MAX_NAME,
            ),
            Field("duration", FieldType.DURATION, "How long to do it.", required=True, minimum=1),
            _CUES,
        ),
        max_entries=MAX_ENTRIES,
    ),
    Table(
        "exercise",
        True,
        "The work: sets of an exercise, each either rep-based or timed, with rest after.",
        (
            Field(
                "name",
                FieldType.STRING,
                'The exercise, e.g. "Bent-over row".',
                required=True,
                max_length=MAX_NAME,
            ),
            Field(
                "group",
                FieldType.STRING,
                'The superset or circuit it belongs to, e.g. "A": exercises with the same '
                "group, written one after another, run in rounds (a set of each, then the "
                "last member's rest).",
                max_length=MAX_GROUP,
                nonblank=True,
            ),
            Field(
                "rounds",
                FieldType.INTEGER,
                "On the first member of a group whose members have no sets: how many "
                "rounds it runs (a circuit), each member once a round.",
                minimum=1,
                maximum=MAX_SETS,
            ),
            Field(
                "sets",
                FieldType.INTEGER,
                f"How many work sets, at most {MAX_SETS}.",
                default=1,
                minimum=1,
                maximum=MAX_SETS,
            ),
            Field(
                "reps",
                FieldType.INTEGER,
                "Reps per set: a rep-based set, finished with Enter. Exactly one of "
                "reps / duration.",
                minimum=1,
                maximum=MAX_REPS,
            ),
            Field(
                "duration",
                FieldType.DURATION,
                "Length of a timed set. Exactly one of reps / duration.",
                minimum=1,
            ),
            Field(
                "weight",
                FieldType.NUMBER,
                "The weight per set, in the routine's unit.",
                minimum=0,
                maximum=MAX_WEIGHT,
            ),
            Field(
                "sides",
                FieldType.STRINGS,
                'Each set done once per side, back to back, e.g. ["left", "right"]: two '
                "or more sides, each once; omit for a set done with both at once.",
                default=[],
                max_length=MAX_TEXT,
                max_items=MAX_SIDES,
                min_items=MIN_SIDES,
            ),
            Field(
                "rest",
                FieldType.DURATION,
                "Rest after each set (in a group: after each round, the last member's); "
                "overrides defaults.rest.",
                minimum=1,
            ),
            Field(
                "warmup_rest",
                FieldType.DURATION,
                "Rest after each warm-up set; overrides defaults.warmup_rest.",
                minimum=1,
            ),
            Field(
                "transition",
                FieldType.DURATION,
                "Pause after each of its sets before the next member of its group, and "
                "between its sides; overrides defaults.transition.",
                minimum=0,
            ),
            Field(
                "equipment",
                FieldType.STRING,
                'Which kit loads it, so targets are weights you can load: "barbell", '
                '"dumbbell" or a kit of your config.toml.',
                max_length=MAX_EQUIPMENT,
            ),
            _CUES,
            Field(
                "warmup_sets",
                FieldType.TABLES,
                "Lighter sets done first, e.g. [{ reps = 10, weight = 20 }] or "
                "[{ reps = 5, percent = 50 }]. Each takes reps or duration (else the "
                "exercise's) and an optional weight or percent.",
                default=[],
                max_items=MAX_WARMUP_SETS,
                items=(
                    Field(
                        "reps",
                        FieldType.INTEGER,
                        "Reps of this warm-up set.",
                        minimum=1,
                        maximum=MAX_REPS,
                    ),
                    Field("duration", FieldType.DURATION, "Length of this warm-up set.", minimum=1),
                    Field(
                        "weight",
                        FieldType.NUMBER,
                        "Weight of this warm-up set.",
                        minimum=0,
                        maximum=MAX_WEIGHT,
                    ),
                    Field(
                        "percent",
                        FieldType.NUMBER,
                        "Weight of this warm-up set as a percentage of the work weight "
                        "(which may grow with a progression); not with weight.",
                        minimum=1,
                        maximum=100,
                    ),
                ),
            ),
            _PROGRESSION,
        ),
        max_entries=MAX_ENTRIES,
    ),
    Table(
        "stretch",
        True,
        f"Static stretches, done last, each held at least {MIN_STRETCH_HOLD} seconds.",
        (
            Field(
                "name",
                FieldType.STRING,
                'The stretch, e.g. "Child\'s pose".',
                required=True,
                max_length=MAX_NAME,
            ),
            Field(
                "hold",
                FieldType.DURATION,
                f"How long to hold it: at least {MIN_STRETCH_HOLD} seconds.",
                required=True,
                minimum=MIN_STRETCH_HOLD,
            ),
            Field(
                "sides",
                FieldType.STRINGS,
                'One hold per side, e.g. ["left", "right"]; omit for a single hold.',
                default=[],
                max_length=MAX_TEXT,
                max_items=MAX_SIDES,
            ),
            _CUES,
            Field(
                "progression",
                FieldType.TABLE,
                'How the hold grows: { rule = "hold", add = "5s", max = "60s" }.',
                items=_PROGRESSION.items,
            ),
        ),
        max_entries=MAX_ENTRIES,
    ),
)

TABLES_BY_NAME = {table.name: table for table in TABLES}


@overload
def spec_default(table: str, key: str) -> object: ...
@overload
def spec_default(table: str, key: str, kind: type[_T]) -> _T: ...
def spec_default(table: str, key: str, kind: type[object] = object) -> object:
    """The default of ``[table] key``: the one place a default is written.

    The model's defaults (what runs) are read from here, as are the schema, the
    template and the docs; ``kind`` checks the value is of the expected type.
    ``key`` may name a key of an inline table: ``"progression.fails"``.
    """
    name, _, item = key.partition(".")
    found = TABLES_BY_NAME[table].field(name)
    if found is not None and item:
        found = next((f for f in found.items if f.name == item), None)
    if found is None or found.default is None:
        raise KeyError(f"[{table}] {key} has no default in the spec")
    if not isinstance(found.default, kind):
        raise TypeError(f"the default of [{table}] {key} is not a {kind.__name__}")
    return found.default


TYPE_WORDS: dict[FieldType, str] = {
    FieldType.STRING: 'a string (text in quotes, e.g. "Deadlift")',
    FieldType.INTEGER: "an integer (a whole number, e.g. 10)",
    FieldType.NUMBER: "a number (e.g. 40 or 42.5)",
    FieldType.DURATION: 'a duration (whole seconds like 90, or a string like "90s", "1m30s", "2m")',
    FieldType.STRINGS: 'an array of strings (e.g. ["Spine straight", "Hinge at the hips"])',
    FieldType.TABLES: "an array of inline tables (e.g. [{ reps = 10, weight = 20 }])",
    FieldType.TABLE: 'an inline table (e.g. { rule = "linear", add = 2.5 })',
    FieldType.RANGE: "an array of two integers, low then high (e.g. [8, 12])",
    FieldType.AMOUNT: 'a weight (e.g. 2.5), or for rule "hold" a duration (e.g. "5s")',
    FieldType.DELOAD: 'a percentage of the weight (e.g. "10%") or a weight (e.g. 5)',
}


def toml_type_name(value: object) -> str:
    """The TOML word for a parsed value's type, for error messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"
