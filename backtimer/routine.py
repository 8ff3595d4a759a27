"""Routines: the TOML format, its validator and the model it loads into.

:func:`load_routine` reads a file and either returns a :class:`Routine` or
raises :class:`~backtimer.errors.RoutineError` listing *every* problem, each
with its line and column. Nothing in a routine can run a command: it is data.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from backtimer.durations import Duration, format_duration, parse_duration, to_duration
from backtimer.errors import BacktimerError, Problem, RoutineError
from backtimer.spec import (
    FORMAT_VERSION,
    MAX_DURATION,
    MIN_STRETCH_HOLD,
    TABLES,
    TABLES_BY_NAME,
    TYPE_WORDS,
    Field,
    Table,
    toml_type_name,
)
from backtimer.tomlpos import Located, Pos, locate, nearest


@dataclass(frozen=True)
class Defaults:
    """The ``[defaults]`` table."""

    rest: Duration = Duration(90, "90s")
    get_ready: Duration = Duration(5, "5s")
    unit: str = "kg"


@dataclass(frozen=True)
class WarmupMove:
    """A dynamic warm-up move (``[[warmup]]``), done for a set time."""

    name: str
    duration: Duration
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class WarmupSet:
    """A lighter set before an exercise's work sets."""

    reps: int | None = None
    duration: Duration | None = None
    weight: float | None = None


@dataclass(frozen=True)
class Exercise:
    """An exercise (``[[exercise]]``): rep-based or timed sets with rest after."""

    name: str
    sets: int = 1
    reps: int | None = None
    duration: Duration | None = None
    weight: float | None = None
    rest: Duration | None = None
    cues: tuple[str, ...] = ()
    warmup_sets: tuple[WarmupSet, ...] = ()


@dataclass(frozen=True)
class Stretch:
    """A static stretch (``[[stretch]]``), held at least 20 seconds per side."""

    name: str
    hold: Duration
    sides: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Routine:
    """A validated routine.

    Attributes:
        source: The file it was loaded from, if any.
        text: The file's text exactly as read (logs keep a copy of it).
    """

    name: str
    description: str = ""
    format: int = FORMAT_VERSION
    defaults: Defaults = field(default_factory=Defaults)
    warmup: tuple[WarmupMove, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    stretches: tuple[Stretch, ...] = ()
    source: Path | None = None
    text: str = ""

    @property
    def sha256(self) -> str:
        """A hash of the routine's text, to tell whether it changed since a session."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------
# Reading and validating
# ---------------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")

_SYNTAX_HINTS = {
    "Invalid value": 'put text in quotes (name = "Deadlift") and check the value is complete',
    "Expected '=' after a key in a key/value pair": "write key = value, one per line",
    "Invalid statement": "each line is key = value, a [table] header, or a # comment",
    "Invalid initial character for a key part": (
        "each line is key = value, a [table] header, or a # comment"
    ),
    "Expected newline or end of document after a statement": (
        "put each key = value on its own line; anything after a value must be a # comment"
    ),
    "Expected ']' at the end of a table declaration": "close the header with ], e.g. [defaults]",
    "Expected ']]' at the end of an array declaration": (
        "close the header with ]], e.g. [[exercise]]"
    ),
    "Unclosed inline table": "close the inline table with } on the same line",
    "Duplicate inline table key": "this key is already set in the same { … }; keep only one",
    "Unterminated string": "close the string with the same quotes it opens with (\"\"\" or ''')",
    "Unescaped '\\' in a string": (
        "write \\\\ for a backslash, or put the text in 'single quotes'"
    ),
    "Invalid date or datetime": 'put text in quotes (name = "Deadlift")',
    "Illegal character": "remove this invisible control character",
}

_KEY_LINE = re.compile(r"\s*([A-Za-z0-9_-]+(?:\s*\.\s*[A-Za-z0-9_-]+)*)\s*=")
_HEADER_LINE = re.compile(r"\s*(\[\[?[^\]\n]*\]?\]?)")


def _first_col(line: str) -> int:
    """The 1-based column of the first non-blank character of ``line``."""
    return len(line) - len(line.lstrip()) + 1


def _syntax_problem(path: str, text: str, error: tomllib.TOMLDecodeError) -> Problem:
    """A tomllib error as a problem a user can fix: where, what, and how."""
    raw = str(error)
    lines = text.split("\n")
    match = _TOML_POSITION.search(raw)
    if match and match.group(1):
        line, col = int(match.group(1)), int(match.group(2))
    else:  # at the end of the document: point after the last thing written
        content = [i for i, t in enumerate(lines) if t.strip()] or [0]
        line = content[-1] + 1
        col = len(lines[line - 1].rstrip()) + 1
    line = min(max(line, 1), len(lines))
    here = lines[line - 1]
    what = _TOML_POSITION.sub("", raw).strip()
    message = f"TOML syntax error: {what[:1].lower()}{what[1:]}"
    hint = next((h for key, h in _SYNTAX_HINTS.items() if what.startswith(key)), "")

    if what == "Illegal character '\\n'":
        # A one-line string reached the end of its line.
        message = "TOML syntax error: this string is not closed"
        hint = 'add the closing quote (") at the end of the text, on the same line'
    elif what == "Unclosed array":
        message = "TOML syntax error: expected a comma or ] here"
        hint = "separate the items of an array with commas and close it with ]"
    elif what == "Invalid value" and here[col - 1 :].strip()[:1] in ("", "#"):
        key = _KEY_LINE.match(here)
        message = f"TOML syntax error: '{key.group(1) if key else 'this key'}' has no value"
        hint = 'write one after the =, e.g. reps = 10 or name = "Deadlift"'
    elif what == "Invalid value" and here.lstrip().startswith("["):
        # A table header read as an item: an array above was never closed.
        message = (
            "TOML syntax error: an array above is not closed, so this header is read as a value"
        )
        hint = "add ] after the array's last item"
        col = _first_col(here)
    elif what.startswith("Cannot declare"):
        header = _HEADER_LINE.match(here)
        name = header.group(1) if header else "this table"
        message = f"TOML syntax error: {name} is declared twice"
        hint = f"keep one {name} header and put all its keys under it"
        col = _first_col(here)
    elif what == "Cannot overwrite a value":
        if here.lstrip().startswith("["):
            message = "TOML syntax error: this header clashes with a key or table of the same name"
            hint = "rename one of them, or keep only one"
            col = _first_col(here)
        else:
            # The error stands after the value; the key starts its line, or a line above
            # when the value spans several lines.
            for back in range(line - 1, -1, -1):
                key = _KEY_LINE.match(lines[back])
                if key:
                    line, col = back + 1, _first_col(lines[back])
                    message = f"TOML syntax error: '{key.group(1)}' is set twice in the same table"
                    hint = "keep only one"
                    break
    if hint:
        message += f"; {hint}"
    return Problem(path, line, max(col, 1), message)


def read_text(path: Path) -> str:
    """Read a routine file as UTF-8 text.

    Raises:
        RoutineError: When the file is missing, unreadable or not UTF-8.
    """
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _failure(name, 0, 0, "no such file; check the path or run `backtimer list`") from None
    except IsADirectoryError:
        raise _failure(
            name,
            0,
            0,
            "is a folder, not a routine file (.toml); to check the routines in it, "
            f"run `backtimer check {name.rstrip('/')}/*.toml`",
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise _failure(
            name, 0, 0, f"cannot read the file: {reason}; check its permissions"
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # utf-8-sig counts error.start after the BOM; the column counts characters.
        body = data.removeprefix(b"\xef\xbb\xbf")
        before = body[: error.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise _failure(
            name, line, col, "the file is not UTF-8 text; save it as UTF-8 in your editor"
        ) from None


def _failure(name: str, line: int, col: int, message: str) -> RoutineError:
    """The error for a file with one problem that stops all further checks."""
    return RoutineError(name, [Problem(name, line, col, message)])


def load_routine(path: Path | str) -> Routine:
    """Read, validate and return the routine in ``path``.

    Raises:
        RoutineError: Listing every problem in the file.
    """
    path = Path(path)
    text = read_text(path)
    return parse_routine(text, path)


def parse_routine(text: str, path: Path | str = "<routine>") -> Routine:
    """Validate ``text`` as a routine; ``path`` names it in messages.

    Raises:
        RoutineError: Listing every problem in the text.
    """
    name = str(path)
    try:
        data = tomllib.loads(text)
        found = locate(text)
    except tomllib.TOMLDecodeError as error:
        raise RoutineError(name, [_syntax_problem(name, text, error)]) from None
    except RecursionError:  # [[[[… thousands deep: tomllib gives up
        line, col = _too_deep(text)
        raise _failure(
            name,
            line,
            col,
            "arrays or inline tables are nested too deeply to read; "
            "a routine needs at most two levels, as in warmup_sets = [{ reps = 10 }]",
        ) from None
    validator = _Validator(name, found)
    routine = validator.validate(data)
    if validator.problems or routine is None:
        raise RoutineError(name, validator.problems)
    return replace(routine, source=Path(path), text=text)


def _too_deep(text: str, limit: int = 100) -> tuple[int, int]:
    """Roughly where brackets first nest ``limit`` deep (1, 1 if nowhere)."""
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        for col, char in enumerate(line, 1):
            depth += (char in "[{") - (char in "]}")
            if depth >= limit:
                return number, col
    return 1, 1


def _suggest(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


class _Validator:
    """Collects every problem of one document instead of stopping at the first."""

    def __init__(self, path: str, found: dict[tuple, Located]) -> None:
        self.path = path
        self.found = found
        self.problems: list[Problem] = []

    # -- reporting --------------------------------------------------------
    def at(self, where: tuple, message: str, *, value: bool = False) -> None:
        pos: Pos = nearest(self.found, where, value=value)
        self.problems.append(Problem(self.path, pos.line, pos.col, message))

    @staticmethod
    def label(table: Table, index: int | None, entry: dict) -> str:
        if index is None:
            return table.header
        name = entry.get("name")
        named = f' "{name}"' if isinstance(name, str) and name else ""
        return f"{table.header} #{index + 1}{named}"

    # -- the document -----------------------------------------------------
    def validate(self, data: dict) -> Routine | None:
        for key, value in data.items():
            table = TABLES_BY_NAME.get(key)
            if table is None:
                kind = "table" if isinstance(value, dict | list) else "key"
                self.at(
                    (key,),
                    f"unknown {kind} '{key}' at the top level"
                    f"{_suggest(key, TABLES_BY_NAME)} (known tables: "
                    + ", ".join(t.header for t in TABLES)
                    + ")",
                )
            elif table.array and not _is_table_list(value):
                self.at(
                    (key,),
                    f"'{key}' must be an array of tables: write each entry under its own "
                    f"[[{key}]] header",
                )
            elif not table.array and not isinstance(value, dict):
                how = "[[" if isinstance(value, list) else ""
                self.at(
                    (key,),
                    f"'{key}' must be a single table: write [{key}] once"
                    + (f", not {how}{key}]]" if how else f", not {key} = …"),
                )

        routine_table = data.get("routine")
        if not isinstance(routine_table, dict):
            if "routine" not in data:
                what = "missing the [routine] table" if data else "the file is empty"
                self.problems.append(
                    Problem(
                        self.path,
                        1,
                        1,
                        f"{what}; a routine starts with its name:\n"
                        '    [routine]\n    name = "My routine"',
                    )
                )
            return None

        head = self.check_entry(TABLES_BY_NAME["routine"], routine_table, ("routine",), None)
        fmt = head.get("format", FORMAT_VERSION)
        if isinstance(fmt, int) and fmt > FORMAT_VERSION:
            self.at(
                ("routine", "format"),
                f"'format' is {fmt}, but this backtimer reads routine format "
                f"{FORMAT_VERSION}; upgrade backtimer, or write the routine in format "
                f"{FORMAT_VERSION}",
            )
            return None

        defaults_raw = data.get("defaults", {})
        defaults = Defaults()
        if isinstance(defaults_raw, dict):
            d = self.check_entry(TABLES_BY_NAME["defaults"], defaults_raw, ("defaults",), None)
            defaults = Defaults(
                rest=d.get("rest", defaults.rest),
                get_ready=d.get("get_ready", defaults.get_ready),
                unit=d.get("unit", defaults.unit),
            )

        warmup = tuple(
            WarmupMove(e["name"], e["duration"], tuple(e.get("cues", ())))
            for e in self.entries(data, "warmup")
            if {"name", "duration"} <= e.keys()
        )
        exercises = tuple(self.exercise(e) for e in self.entries(data, "exercise"))
        stretches = tuple(
            Stretch(e["name"], e["hold"], tuple(e.get("sides", ())), tuple(e.get("cues", ())))
            for e in self.entries(data, "stretch")
            if {"name", "hold"} <= e.keys()
        )

        present = [n for n in ("warmup", "exercise", "stretch") if _is_table_list(data.get(n))]
        if not present and not any(n in data for n in ("warmup", "exercise", "stretch")):
            self.at(
                ("routine",),
                "the routine has nothing to do: add at least one [[warmup]], [[exercise]] "
                "or [[stretch]] entry",
            )
        if self.problems:
            return None
        return Routine(
            name=head["name"],
            description=head.get("description", ""),
            format=head.get("format", FORMAT_VERSION),
            defaults=defaults,
            warmup=warmup,
            exercises=tuple(e for e in exercises if e is not None),
            stretches=stretches,
        )

    def entries(self, data: dict, name: str) -> list[dict]:
        """Check every entry of an array of tables; return their cleaned values."""
        raw = data.get(name)
        if not _is_table_list(raw):
            return []
        table = TABLES_BY_NAME[name]
        out = []
        for i, entry in enumerate(raw):
            out.append(self.check_entry(table, entry, (name, i), i))
        return out

    def exercise(self, e: dict) -> Exercise | None:
        if "name" not in e:
            return None
        return Exercise(
            name=e["name"],
            sets=e.get("sets", 1),
            reps=e.get("reps"),
            duration=e.get("duration"),
            weight=e.get("weight"),
            rest=e.get("rest"),
            cues=tuple(e.get("cues", ())),
            warmup_sets=tuple(
                WarmupSet(s.get("reps"), s.get("duration"), s.get("weight"))
                for s in e.get("warmup_sets", ())
            ),
        )

    # -- one table --------------------------------------------------------
    def check_entry(self, table: Table, entry: dict, where: tuple, index: int | None) -> dict:
        """Check the keys of one table; return the valid, converted values."""
        label = self.label(table, index, entry)
        cleaned: dict = {}
        for key, value in entry.items():
            spec = table.field(key)
            if spec is None:
                known = ", ".join(f.name for f in table.fields)
                self.at(
                    (*where, key),
                    f"unknown key '{key}' in {label}{_suggest(key, (f.name for f in table.fields))}"
                    f" (known keys: {known})",
                )
                continue
            converted = self.check_value(spec, value, (*where, key), label)
            if converted is not None:
                cleaned[key] = converted
        for spec in table.fields:
            if spec.required and spec.name not in entry:
                self.at(
                    where,
                    f"{label} is missing the required key '{spec.name}'; add a line "
                    f"{spec.name} = … under this header, with {TYPE_WORDS[spec.type]}",
                )
        if table.name == "exercise":
            self.check_reps_or_duration(entry, where, label, "")
        return cleaned

    def check_reps_or_duration(self, entry: dict, where: tuple, label: str, what: str) -> None:
        has_reps, has_duration = "reps" in entry, "duration" in entry
        if has_reps and has_duration:
            self.at(
                where,
                f"{label}{what} has both 'reps' and 'duration'; keep one: reps for a "
                "rep-based set, duration for a timed set",
            )
        elif not has_reps and not has_duration and not what and not _misspelt_reps(entry):
            self.at(
                where,
                f"{label} needs 'reps' (a rep-based set, e.g. reps = 10) or 'duration' "
                '(a timed set, e.g. duration = "40s")',
            )

    def check_value(self, spec: Field, value: object, where: tuple, label: str) -> object:
        """Check one value against its field; report and return None when wrong."""
        key = spec.name
        wrong_type = f"'{key}' in {label} must be {TYPE_WORDS[spec.type]}, not {_type_of(value)}"
        if spec.type == "string":
            if not isinstance(value, str):
                self.at(where, wrong_type)
                return None
            if spec.required and not value.strip():
                self.at(where, f"'{key}' in {label} is empty; write some text in the quotes")
                return None
            if spec.choices and value not in spec.choices:
                choices = " or ".join(f'"{c}"' for c in spec.choices)
                self.at(
                    where,
                    f"'{key}' in {label} is \"{value}\"; it must be {choices}"
                    + _suggest(value.lower().rstrip("s"), spec.choices),
                )
                return None
            return value
        if spec.type in ("integer", "number"):
            ok = (
                isinstance(value, int) if spec.type == "integer" else isinstance(value, int | float)
            )
            if isinstance(value, bool) or not ok:
                self.at(where, wrong_type)
                return None
            if isinstance(value, float) and not math.isfinite(value):
                self.at(where, f"'{key}' in {label} is {value}; write a number, e.g. 40 or 42.5")
                return None
            if spec.minimum is not None and value < spec.minimum:
                limit = "at least 1" if spec.minimum == 1 else f"{spec.minimum:g} or more"
                self.at(where, f"'{key}' in {label} is {value}; it must be {limit}")
                return None
            if spec.maximum is not None and value > spec.maximum:
                self.at(
                    where,
                    f"'{key}' in {label} is {value}; it can be at most {spec.maximum:g} (a typo?)",
                )
                return None
            return value
        if spec.type == "duration":
            try:
                seconds = parse_duration(value)
            except ValueError as error:
                self.at(where, f"'{key}' in {label}: {error}")
                return None
            if spec.minimum is not None and seconds < spec.minimum:
                self.at(where, self.too_short(spec, seconds, label))
                return None
            if seconds > MAX_DURATION:
                self.at(
                    where,
                    f"'{key}' in {label} is {format_duration(seconds)}; a duration can be at "
                    f"most {format_duration(MAX_DURATION)} (a typo?)",
                )
                return None
            return to_duration(value)
        if spec.type == "strings":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.at(where, wrong_type)
                return None
            if key == "sides" and len(set(value)) != len(value):
                self.at(where, f"'sides' in {label} names a side twice; name each side once")
                return None
            return value
        if spec.type == "tables":
            if not _is_table_list(value):
                self.at(where, wrong_type)
                return None
            items = []
            for i, item in enumerate(value):
                item_label = f"{label} warm-up set {i + 1}"
                item_table = Table(key, False, "", spec.items)
                cleaned = {}
                for item_key, item_value in item.items():
                    item_spec = item_table.field(item_key)
                    if item_spec is None:
                        self.at(
                            (*where, i, item_key),
                            f"unknown key '{item_key}' in {item_label}"
                            f"{_suggest(item_key, (f.name for f in spec.items))}"
                            " (known keys: reps, duration, weight)",
                        )
                        continue
                    converted = self.check_value(
                        item_spec, item_value, (*where, i, item_key), item_label
                    )
                    if converted is not None:
                        cleaned[item_key] = converted
                self.check_reps_or_duration(item, (*where, i), item_label, " ")
                items.append(cleaned)
            return items
        raise AssertionError(f"unknown field type {spec.type}")  # pragma: no cover

    @staticmethod
    def too_short(spec: Field, seconds: int, label: str) -> str:
        if spec.name == "hold":
            return (
                f"'hold' in {label} is {seconds}s; a static stretch is held at least "
                f"{MIN_STRETCH_HOLD} seconds to do any good, so write hold = "
                f"{MIN_STRETCH_HOLD} or more (ease in, never force it)"
            )
        if spec.minimum == 0:
            return f"'{spec.name}' in {label} is {seconds}s; it can't be negative (0 for none)"
        return f"'{spec.name}' in {label} is {seconds}s; it must be at least 1 second"


def _type_of(value: object) -> str:
    """The TOML words for what ``value`` is, saying what an array holds: "an array of integers"."""
    if isinstance(value, list) and value:
        kinds = {toml_type_name(v) for v in value}
        if len(kinds) == 1:
            kind = kinds.pop().split(" ", 1)[1]
            plural = {"table": "inline tables", "date or time": "dates or times"}
            return f"an array of {plural.get(kind, kind + 's')}"
    return toml_type_name(value)


def _misspelt_reps(entry: dict) -> bool:
    """Whether an unknown key of an exercise looks like 'reps' or 'duration' misspelt.

    Then "needs 'reps' or 'duration'" would only repeat the unknown-key problem.
    """
    exercise = TABLES_BY_NAME["exercise"]
    return any(
        isinstance(key, str)
        and exercise.field(key) is None
        and difflib.get_close_matches(key, ("reps", "duration"), n=1, cutoff=0.6)
        for key in entry
    )


def _is_table_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


# ---------------------------------------------------------------------------
# Finding routines by name
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RoutineRef:
    """A routine file found on disk, before it is loaded."""

    path: Path
    source: str  # "shipped" or "user"

    @property
    def slug(self) -> str:
        """The name used on the command line: the file name without ``.toml``."""
        return self.path.stem


def discover_routines() -> list[RoutineRef]:
    """Every shipped and user routine file, user ones last."""
    from backtimer.paths import shipped_routines_dir, user_routines_dir

    refs = [RoutineRef(p, "shipped") for p in sorted(shipped_routines_dir().glob("*.toml"))]
    user = user_routines_dir()
    if user.is_dir():
        refs += [RoutineRef(p, "user") for p in sorted(user.glob("*.toml"))]
    return refs


def slugify(name: str) -> str:
    """A file-name-friendly form of a routine name: ``Back strength`` → ``back-strength``."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "routine"


def resolve_routine(name_or_path: str) -> Path:
    """The file for a path, or for the name of a shipped or user routine.

    A user routine wins over a shipped one of the same name.

    Raises:
        BacktimerError: When nothing matches, with close names suggested.
    """
    candidate = Path(name_or_path).expanduser()
    looks_like_path = candidate.suffix == ".toml" or "/" in name_or_path or "\\" in name_or_path
    if candidate.is_file() or looks_like_path:
        return candidate
    refs = discover_routines()
    wanted = name_or_path.lower()
    for ref in reversed(refs):  # user routines first
        if ref.slug.lower() == wanted or slugify(ref.slug) == slugify(wanted):
            return ref.path
    names = sorted({ref.slug for ref in refs})
    raise BacktimerError(
        f"No routine called '{name_or_path}'",
        f"it is neither a file nor a shipped or user routine{_suggest(wanted, names)}\n"
        f"Routines: {', '.join(names) or '(none)'}. See them all with `backtimer list`.",
    )
