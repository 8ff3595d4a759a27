"""The routine validator: every problem of a parsed document, each at its line and column.

It walks the document against the spec (:mod:`backtimer.routine.spec`), converting
each value by its field's type, and collects every problem instead of stopping at
the first, in the TOML words a user knows (table, array, integer).
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeGuard

from backtimer.errors import Problem
from backtimer.formatting import escape_char, first_unsafe, format_duration, printable
from backtimer.routine.durations import Duration, parse_duration, to_duration
from backtimer.routine.model import (
    Defaults,
    Deload,
    Exercise,
    Progression,
    Routine,
    Stretch,
    WarmupMove,
    WarmupSet,
)
from backtimer.routine.spec import (
    DELOAD_PERCENT,
    FORMAT_VERSION,
    MAX_DURATION,
    MAX_NAME,
    MAX_SETS_IN_ALL,
    MAX_WEIGHT,
    MIN_STRETCH_HOLD,
    REP_RULES,
    RULE_KEYS,
    RULE_REQUIRED,
    TABLES,
    TABLES_BY_NAME,
    TYPE_WORDS,
    Field,
    FieldType,
    ProgressionRule,
    Table,
    Unit,
    spec_default,
    toml_type_name,
)
from backtimer.routine.tomlpos import KeyPath, Located, Pos, nearest


def suggest(word: str, candidates: Iterable[str]) -> str:
    if len(word) > 4 * MAX_NAME:  # no key or name is that long; difflib would take its time
        return ""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{printable(close[0])}'?" if close else ""


def quoted(text: str, limit: int = 80) -> str:
    """Text from the file, for a message: control characters escaped, cut at ``limit``."""
    shown = printable(text[:limit])
    return shown + "…" if len(text) > limit else shown


#: Where a key or value is in the document: its keys and array indexes from the top.
Where = KeyPath
#: A table as tomllib parsed it: values of any TOML type, checked here.
TomlTable = dict[str, Any]
#: A check of one value: report its problems, return it converted (None when wrong).
Check = Callable[["Validator", Field, object, Where, str], object]


class Validator:
    """Collects every problem of one document instead of stopping at the first."""

    def __init__(self, path: str, found: dict[KeyPath, Located]) -> None:
        self.path = path
        self.found = found
        self.problems: list[Problem] = []

    # -- reporting --------------------------------------------------------
    def at(self, where: Where, message: str, *, value: bool = False) -> None:
        pos: Pos = nearest(self.found, where, value=value)
        self.problems.append(Problem(self.path, pos.line, pos.col, message))

    @staticmethod
    def label(table: Table, index: int | None, entry: TomlTable) -> str:
        if index is None:
            return table.header
        name = entry.get("name")
        named = f' "{quoted(name)}"' if isinstance(name, str) and name else ""
        return f"{table.header} #{index + 1}{named}"

    # -- the document -----------------------------------------------------
    def validate(self, data: TomlTable) -> Routine | None:
        for key, value in data.items():
            table = TABLES_BY_NAME.get(key)
            if table is None:
                kind = "table" if isinstance(value, dict | list) else "key"
                self.at(
                    (key,),
                    f"unknown {kind} '{quoted(key)}' at the top level"
                    f"{suggest(key, TABLES_BY_NAME)} (known tables: "
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
                warmup_rest=d.get("warmup_rest", defaults.warmup_rest),
                get_ready=d.get("get_ready", defaults.get_ready),
                unit=Unit(d["unit"]) if "unit" in d else defaults.unit,
                transition=d.get("transition", defaults.transition),
            )

        checked = {name: self.entries(data, name) for name in ("warmup", "exercise", "stretch")}
        rounds = self.check_groups(data, checked["exercise"])
        self.count_sets(data, checked, rounds)
        warmup = tuple(
            WarmupMove(e["name"], e["duration"], tuple(e.get("cues", ())))
            for e in checked["warmup"]
            if {"name", "duration"} <= e.keys()
        )
        exercises = tuple(
            self.exercise(e, rounds.get(i)) for i, e in enumerate(checked["exercise"])
        )
        stretches = tuple(
            Stretch(
                e["name"],
                e["hold"],
                tuple(e.get("sides", ())),
                tuple(e.get("cues", ())),
                _progression(e.get("progression")),
            )
            for e in checked["stretch"]
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

    def entries(self, data: TomlTable, name: str) -> list[TomlTable]:
        """Check every entry of an array of tables; return their cleaned values."""
        raw = data.get(name)
        if not _is_table_list(raw):
            return []
        table = TABLES_BY_NAME[name]
        if table.max_entries is not None and len(raw) > table.max_entries:
            self.at(
                (name, table.max_entries),
                f"{table.header} #{table.max_entries + 1}: a routine can have at most "
                f"{table.max_entries} {table.header} entries, and this one has {len(raw):,}; "
                "split it into several routines",
            )
            return []
        out = []
        for i, entry in enumerate(raw):
            out.append(self.check_entry(table, entry, (name, i), i))
        return out

    def count_sets(
        self, data: TomlTable, checked: dict[str, list[TomlTable]], rounds: dict[int, int]
    ) -> None:
        """Refuse a routine of more than :data:`MAX_SETS_IN_ALL` moves, sets and holds,
        at the entry that goes over: a plan that long is a mistake, and too big to hold.

        ``rounds`` holds the sets of the exercises a circuit's ``rounds`` gives them; each
        side of a set done per side is a set.
        """
        total = 0
        for name, cleaned in checked.items():
            for i, entry in enumerate(cleaned):
                if name == "exercise":
                    sets: int = rounds.get(i) or entry.get(
                        "sets", spec_default("exercise", "sets", int)
                    )
                    sides = max(1, len(entry.get("sides", ())))
                    total += (sets + len(entry.get("warmup_sets", ()))) * sides
                elif name == "stretch":
                    total += max(1, len(entry.get("sides", ())))
                else:
                    total += 1
                if total > MAX_SETS_IN_ALL:
                    label = self.label(TABLES_BY_NAME[name], i, data[name][i])
                    self.at(
                        (name, i),
                        f"{label} brings the routine to {total:,} warm-up moves, sets and "
                        f"holds; a routine can have at most {MAX_SETS_IN_ALL:,} in all (a "
                        f"plan of at most about {2 * MAX_SETS_IN_ALL:,} steps, with its "
                        "rests): split it into several routines",
                    )
                    return

    def exercise(self, e: TomlTable, rounds: int | None) -> Exercise | None:
        """The model of a checked exercise; ``rounds``: its sets, from its circuit's rounds."""
        if "name" not in e:
            return None
        return Exercise(
            name=e["name"],
            sets=rounds or e.get("sets", spec_default("exercise", "sets", int)),
            reps=e.get("reps"),
            duration=e.get("duration"),
            weight=e.get("weight"),
            rest=e.get("rest"),
            cues=tuple(e.get("cues", ())),
            warmup_sets=tuple(
                WarmupSet(s.get("reps"), s.get("duration"), s.get("weight"), s.get("percent"))
                for s in e.get("warmup_sets", ())
            ),
            warmup_rest=e.get("warmup_rest"),
            equipment=e.get("equipment"),
            progression=_progression(e.get("progression")),
            group=e.get("group"),
            rounds=e.get("rounds"),
            sides=tuple(e.get("sides", ())),
            transition=e.get("transition"),
        )

    # -- supersets and circuits -------------------------------------------
    def check_groups(self, data: TomlTable, cleaned: list[TomlTable]) -> dict[int, int]:
        """Check the exercises' groups: members adjacent, two or more, ``rounds`` on the
        first member of a group without ``sets``. Returns the sets that ``rounds`` gives
        each member of a circuit, by the exercise's index."""
        raw = data.get("exercise")
        if not _is_table_list(raw) or len(raw) != len(cleaned):
            return {}
        table = TABLES_BY_NAME["exercise"]

        def label(i: int) -> str:
            return self.label(table, i, raw[i])

        members: dict[str, list[int]] = {}
        for i, entry in enumerate(cleaned):
            group = entry.get("group")
            if isinstance(group, str):
                members.setdefault(group, []).append(i)
        for group, found in members.items():
            name = f'"{quoted(group)}"'
            if len(found) == 1:
                (only,) = found
                self.at(
                    ("exercise", only, "group"),
                    f"{label(only)} is the only exercise of group {name}; a superset or "
                    "circuit is two or more exercises in a row: give the next exercise "
                    f"group = {name} too, or remove 'group' to do its sets straight",
                )
                continue
            for before, after in zip(found, found[1:], strict=False):
                if after != before + 1:
                    between = label(before + 1)
                    self.at(
                        ("exercise", after, "group"),
                        f"{label(after)} is in group {name}, but {between} comes between "
                        f"it and {label(before)}; the members of a group are written one "
                        "right after another: move it up under the group's other members, "
                        "or give it a group of its own",
                    )
        rounds: dict[int, int] = {}
        for i, entry in enumerate(cleaned):
            count = entry.get("rounds")
            if not isinstance(count, int):
                continue
            where = ("exercise", i, "rounds")
            group = entry.get("group")
            if "group" not in raw[i]:
                self.at(
                    where,
                    f"'rounds' in {label(i)} is for the first exercise of a circuit, but it "
                    f"has no group; write sets = {count} to do it {count} times, or add "
                    'group = "…" to it and to the exercises that go round with it',
                )
            elif not isinstance(group, str):
                continue  # the group itself is wrong, and reported
            elif members[group][0] != i:
                first = members[group][0]
                self.at(
                    where,
                    f"'rounds' in {label(i)} is given on a later member of group "
                    f'"{quoted(group)}"; write it once, on its first exercise, {label(first)}',
                )
            else:
                with_sets = [k for k in members[group] if "sets" in raw[k]]
                if with_sets:
                    named = ", ".join(label(k) for k in with_sets[:3])
                    more = f" and {len(with_sets) - 3} more" if len(with_sets) > 3 else ""
                    gives, their = ("gives", "its") if len(with_sets) == 1 else ("give", "their")
                    self.at(
                        where,
                        f"'rounds' in {label(i)} makes each member of group "
                        f'"{quoted(group)}" do one set a round, but {named}{more} also '
                        f"{gives} 'sets'; remove {their} 'sets', or remove 'rounds' and give "
                        "each member its own sets",
                    )
                    continue
                for k in members[group]:
                    rounds[k] = count
        return rounds

    # -- one table --------------------------------------------------------
    def check_entry(
        self, table: Table, entry: TomlTable, where: Where, index: int | None
    ) -> TomlTable:
        """Check the keys of one table; return the valid, converted values."""
        label = self.label(table, index, entry)
        cleaned = self.check_keys(
            table.fields, entry, where, label, "a line {name} = … under this header"
        )
        if table.name == "exercise":
            self.check_reps_or_duration(entry, where, label, "")
            self.check_percent_has_a_weight(entry, where, label)
            self.check_transition_is_used(entry, where, label)
        progression = cleaned.get("progression")
        if isinstance(progression, dict) and "rule" in progression:
            self.check_progression(table, entry, progression, where, label)
        return cleaned

    def check_transition_is_used(self, entry: TomlTable, where: Where, label: str) -> None:
        """An exercise's ``transition`` times a switch: to its group's next member, or
        between its sides; an exercise with neither has nothing to switch."""
        sides = entry.get("sides")
        if "transition" not in entry or "group" in entry or (isinstance(sides, list) and sides):
            return
        self.at(
            (*where, "transition"),
            f"'transition' in {label} is the pause before the next exercise of its group or "
            "its other side, but it has no 'group' and no 'sides'; remove it, or add the "
            'exercise to a group (group = "A")',
        )

    def check_percent_has_a_weight(self, entry: TomlTable, where: Where, label: str) -> None:
        """A warm-up set's ``percent`` is of the work weight: the exercise needs one."""
        sets = entry.get("warmup_sets")
        if "weight" in entry or not _is_table_list(sets):
            return
        for i, item in enumerate(sets):
            if "percent" in item:
                self.at(
                    (*where, "warmup_sets", i, "percent"),
                    f"{label} warm-up set {i + 1} has a 'percent' of the work weight, but the "
                    "exercise has no 'weight'; add weight = … to the exercise, or give the "
                    "set a weight instead",
                )

    def check_progression(
        self, table: Table, entry: TomlTable, progression: TomlTable, where: Where, label: str
    ) -> None:
        """The rules of a progression that depend on its rule and on the entry around it."""
        rule = ProgressionRule(progression["rule"])
        at = (*where, "progression")
        raw = entry["progression"]
        of = f"the progression of {label}"
        takes = ", ".join(("rule", *RULE_KEYS[rule]))
        for key in raw:
            if key != "rule" and key not in RULE_KEYS[rule] and key in progression:
                self.at(
                    (*at, key),
                    f"'{key}' in {of} is not used by rule \"{rule}\"; remove it (rule "
                    f'"{rule}" takes {takes})',
                )
        for key in RULE_REQUIRED[rule]:
            if key not in raw:
                self.at(at, f"{of} needs '{key}' with rule \"{rule}\", e.g. reps = [8, 12]")
        timed = "duration" in entry and "reps" not in entry
        counted = "reps" in entry and "duration" not in entry
        if rule in REP_RULES and table.name == "stretch":
            self.at(
                (*at, "rule"),
                f'rule "{rule}" in {of} counts reps, but a stretch is held; use rule = "hold" '
                'to hold it longer, e.g. { rule = "hold", add = "5s", max = "60s" }',
            )
        elif rule in REP_RULES and timed:
            self.at(
                (*at, "rule"),
                f'rule "{rule}" in {of} counts reps, but its sets are timed (duration); use '
                'rule = "hold" to make them longer, or give the exercise reps',
            )
        elif rule is ProgressionRule.HOLD and counted:
            self.at(
                (*at, "rule"),
                f'rule "hold" in {of} makes timed sets longer, but its sets are rep-based '
                '(reps); use rule = "double" or "linear", or give the exercise a duration',
            )
        elif rule is ProgressionRule.LINEAR and "weight" not in entry:
            self.at(
                (*at, "rule"),
                f"rule \"linear\" in {of} adds weight, but the exercise has no 'weight'; "
                'add weight = … (the first work weight), or use rule = "double" to add reps',
            )
        self.check_add(rule, progression, at, of)
        reps, span = entry.get("reps"), progression.get("reps")
        if (
            rule is ProgressionRule.DOUBLE
            and "reps" in raw
            and isinstance(span, tuple)
            and isinstance(reps, int)
            and not isinstance(reps, bool)
            and not span[0] <= reps <= span[1]
        ):
            low, high = span
            self.at(
                (*at, "reps"),
                f"{of} climbs from {low} to {high} reps, but the exercise's reps (the first "
                f"target) is {reps}; set reps = {min(max(reps, low), high)} on the exercise, "
                "or widen the range",
            )

    def check_add(self, rule: ProgressionRule, progression: TomlTable, at: Where, of: str) -> None:
        """``add`` is a weight for the rules that count reps, a duration for ``hold``."""
        add = progression.get("add")
        if add is None:
            return
        if rule is ProgressionRule.HOLD:
            try:
                seconds = parse_duration(add)
            except ValueError:
                seconds = None
            if seconds is None or seconds < 1:
                shown = f'"{quoted(add)}"' if isinstance(add, str) else _number(add)
                self.at(
                    (*at, "add"),
                    f"'add' in {of} is {shown}; rule \"hold\" adds a duration of at least 1 "
                    'second, e.g. add = "5s"',
                )
        elif isinstance(add, str):
            self.at(
                (*at, "add"),
                f'\'add\' in {of} is "{quoted(add)}"; rule "{rule}" adds a weight in the '
                "routine's unit, e.g. add = 2.5",
            )

    def check_reps_or_duration(self, entry: TomlTable, where: Where, label: str, what: str) -> None:
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

    def check_value(self, spec: Field, value: object, where: Where, label: str) -> object:
        """Check one value against its field; report and return None when wrong."""
        return self._CHECKS[spec.type](self, spec, value, where, label)

    def wrong_type(self, spec: Field, value: object, where: Where, label: str) -> None:
        """Report a value of the wrong type; the check then returns None."""
        self.at(
            where,
            f"'{spec.name}' in {label} must be {TYPE_WORDS[spec.type]}, not {_type_of(value)}",
        )

    def check_string(self, spec: Field, value: object, where: Where, label: str) -> object:
        key = spec.name
        if not isinstance(value, str):
            self.wrong_type(spec, value, where, label)
            return None
        if (spec.required or spec.nonblank) and not value.strip():
            remove = "" if spec.required else ", or remove the line"
            self.at(where, f"'{key}' in {label} is empty; write some text in the quotes{remove}")
            return None
        if not self.plain_text(spec, value, where, label):
            return None
        if spec.choices and value not in spec.choices:
            choices = " or ".join(f'"{c}"' for c in spec.choices)
            self.at(
                where,
                f"'{key}' in {label} is \"{quoted(value)}\"; it must be {choices}"
                + suggest(value.lower().rstrip("s"), spec.choices),
            )
            return None
        return value

    def check_number(self, spec: Field, value: object, where: Where, label: str) -> object:
        key = spec.name
        kinds = int if spec.type is FieldType.INTEGER else int | float
        if isinstance(value, bool) or not isinstance(value, kinds):
            self.wrong_type(spec, value, where, label)
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.at(where, f"'{key}' in {label} is {value}; write a number, e.g. 40 or 42.5")
            return None
        if spec.minimum is not None and value < spec.minimum:
            limit = "at least 1" if spec.minimum == 1 else f"{spec.minimum:g} or more"
            self.at(where, f"'{key}' in {label} is {_number(value)}; it must be {limit}")
            return None
        if spec.maximum is not None and value > spec.maximum:
            self.at(
                where,
                f"'{key}' in {label} is {_number(value)}; it can be at most {spec.maximum:g} "
                "(a typo?)",
            )
            return None
        return value

    def check_duration(self, spec: Field, value: object, where: Where, label: str) -> object:
        key = spec.name
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

    def plain_text(self, spec: Field, text: str, where: Where, label: str, what: str = "") -> bool:
        """Whether ``text`` is short enough and free of control characters; report if not.

        ``what`` names an item of an array (" item 2"). Text from a routine is shown on
        screen and printed as it is, so an escape in it must never reach the terminal.
        """
        name = f"'{spec.name}'{what} in {label}"
        at = first_unsafe(text)
        if at is not None:
            char = escape_char(text[at])
            self.at(
                where,
                f"{name} holds the control character {char} (character {at + 1}); remove "
                "it: text in a routine is shown as it is, so it can't hold escapes, tabs, "
                "line breaks or invisible direction marks",
            )
            return False
        if spec.max_length is not None and len(text) > spec.max_length:
            self.at(
                where,
                f"{name} is {len(text):,} characters long; it can be at most "
                f"{spec.max_length:,}: keep it short, it is shown on one line",
            )
            return False
        return True

    def too_many(self, spec: Field, value: list[Any], where: Where, label: str) -> bool:
        """Whether the array ``value`` has more items than the spec allows; report if so."""
        if spec.max_items is None or len(value) <= spec.max_items:
            return False
        self.at(
            where,
            f"'{spec.name}' in {label} has {len(value):,} items; it can have at most "
            f"{spec.max_items} (a typo?)",
        )
        return True

    def check_strings(self, spec: Field, value: object, where: Where, label: str) -> object:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.wrong_type(spec, value, where, label)
            return None
        if self.too_many(spec, value, where, label):
            return None
        fine = [
            self.plain_text(spec, text, (*where, i), label, f" item {i + 1}")
            for i, text in enumerate(value)
        ]
        if not all(fine):
            return None
        if spec.name == "sides" and len(set(value)) != len(value):
            self.at(where, f"'sides' in {label} names a side twice; name each side once")
            return None
        if spec.min_items is not None and 0 < len(value) < spec.min_items:
            self.at(
                where,
                f"'{spec.name}' in {label} names one side, \"{quoted(value[0])}\"; a set done "
                'per side is done on each side in turn: name them all, e.g. sides = ["left", '
                "\"right\"], or remove 'sides' for a set done with both at once",
            )
            return None
        return value

    def check_tables(self, spec: Field, value: object, where: Where, label: str) -> object:
        if not _is_table_list(value):
            self.wrong_type(spec, value, where, label)
            return None
        if self.too_many(spec, value, where, label):
            return None
        item_table = Table(spec.name, False, "", spec.items)
        known = ", ".join(f.name for f in spec.items)
        items = []
        for i, item in enumerate(value):
            item_label = f"{label} warm-up set {i + 1}"
            cleaned = {}
            for item_key, item_value in item.items():
                item_spec = item_table.field(item_key)
                if item_spec is None:
                    self.at(
                        (*where, i, item_key),
                        f"unknown key '{quoted(item_key)}' in {item_label}"
                        f"{suggest(item_key, (f.name for f in spec.items))}"
                        f" (known keys: {known})",
                    )
                    continue
                converted = self.check_value(
                    item_spec, item_value, (*where, i, item_key), item_label
                )
                if converted is not None:
                    cleaned[item_key] = converted
            self.check_reps_or_duration(item, (*where, i), item_label, " ")
            if "percent" in item and "weight" in item:
                self.at(
                    (*where, i, "percent"),
                    f"{item_label} has both 'weight' and 'percent'; keep one: weight for a set "
                    "weight, percent for a share of the work weight",
                )
            items.append(cleaned)
        return items

    def check_keys(
        self,
        fields: tuple[Field, ...],
        entry: TomlTable,
        where: Where,
        label: str,
        add: str,
    ) -> TomlTable:
        """Check a table's keys against ``fields``; return the valid, converted values.

        ``add`` says how to add a missing key (``a line {name} = … under this header``).
        """
        known_fields = {f.name: f for f in fields}
        cleaned: TomlTable = {}
        table = where[0] if len(where) == 2 else ""  # an entry of [[warmup]], [[stretch]]…
        for key, value in entry.items():
            spec = known_fields.get(key)
            if spec is None:
                misplaced = _MISPLACED.get((str(table), key))
                if misplaced is not None:
                    self.at((*where, key), f"'{key}' in {label}: {misplaced}")
                    continue
                known = ", ".join(known_fields)
                self.at(
                    (*where, key),
                    f"unknown key '{quoted(key)}' in {label}"
                    f"{suggest(key, known_fields)} (known keys: {known})",
                )
                continue
            converted = self.check_value(spec, value, (*where, key), label)
            if converted is not None:
                cleaned[key] = converted
        for spec in fields:
            if spec.required and spec.name not in entry:
                self.at(
                    where,
                    f"{label} is missing the required key '{spec.name}'; add "
                    f"{add.format(name=spec.name)}, with {TYPE_WORDS[spec.type]}",
                )
        return cleaned

    def check_table(self, spec: Field, value: object, where: Where, label: str) -> object:
        """One inline table (``progression = { … }``): its keys, each by its field."""
        if not isinstance(value, dict):
            self.wrong_type(spec, value, where, label)
            return None
        item_label = f"the {spec.name} of {label}"
        return self.check_keys(spec.items, value, where, item_label, "{name} = … inside the braces")

    def check_range(self, spec: Field, value: object, where: Where, label: str) -> object:
        """Two whole numbers, low then high: ``[8, 12]``."""
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            self.wrong_type(spec, value, where, label)
            return None
        if len(value) != 2:
            self.at(
                where,
                f"'{spec.name}' in {label} has {len(value)} numbers; write two, low then high, "
                f"e.g. {spec.name} = [8, 12]",
            )
            return None
        low, high = value
        bottom, top = int(spec.minimum or 0), int(spec.maximum or MAX_WEIGHT)
        if not (bottom <= low <= top and bottom <= high <= top):
            self.at(
                where,
                f"'{spec.name}' in {label} is [{_number(low)}, {_number(high)}]; each end "
                f"must be from {bottom} to {top}",
            )
            return None
        if low > high:
            self.at(
                where,
                f"'{spec.name}' in {label} is [{low}, {high}], high before low; write the low "
                f"end first: {spec.name} = [{high}, {low}]",
            )
            return None
        return (low, high)

    def check_amount(self, spec: Field, value: object, where: Where, label: str) -> object:
        """A weight, or a duration written as a string (whose rule is checked later)."""
        if isinstance(value, str):
            return self.check_duration(spec, value, where, label) and value
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.wrong_type(spec, value, where, label)
            return None
        return self.check_number(replace_type(spec, FieldType.NUMBER), value, where, label)

    def check_deload(self, spec: Field, value: object, where: Where, label: str) -> object:
        """A percentage string (``"10%"``) or a weight."""
        if isinstance(value, str):
            if re.fullmatch(DELOAD_PERCENT, value) is None:
                self.at(
                    where,
                    f"'{spec.name}' in {label} is \"{quoted(value)}\"; write a percentage of "
                    'the weight from 1 to 99, like "10%", or a weight like 5',
                )
                return None
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.wrong_type(spec, value, where, label)
            return None
        return self.check_number(replace_type(spec, FieldType.NUMBER), value, where, label)

    #: How each type of value is checked and converted.
    _CHECKS: ClassVar[dict[FieldType, Check]] = {
        FieldType.STRING: check_string,
        FieldType.INTEGER: check_number,
        FieldType.NUMBER: check_number,
        FieldType.DURATION: check_duration,
        FieldType.STRINGS: check_strings,
        FieldType.TABLES: check_tables,
        FieldType.TABLE: check_table,
        FieldType.RANGE: check_range,
        FieldType.AMOUNT: check_amount,
        FieldType.DELOAD: check_deload,
    }

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


_NOT_IN_A_GROUP = (
    "{what} run one after another, never in a superset or circuit; remove it (groups, "
    "rounds and transitions are for [[exercise]] entries: a timed exercise, duration = "
    '"30s", can go in a circuit)'
)
#: Keys of an exercise written where they mean nothing, and what to do instead.
_MISPLACED: dict[tuple[str, str], str] = {
    **{
        ("stretch", key): _NOT_IN_A_GROUP.format(what="static stretches are held and")
        for key in ("group", "rounds", "transition")
    },
    **{
        ("warmup", key): _NOT_IN_A_GROUP.format(what="warm-up moves")
        for key in ("group", "rounds", "transition")
    },
    ("warmup", "sides"): (
        "a warm-up move is done once, for its duration; to time each side, write one "
        '[[warmup]] a side (name = "Leg swings, left"), or make it an [[exercise]] with '
        "sides and a duration"
    ),
}


def replace_type(spec: Field, kind: FieldType) -> Field:
    """``spec`` checked as another type (a weight of an ``amount`` or a ``deload``)."""
    return dataclasses.replace(spec, type=kind)


def _progression(value: object) -> Progression | None:
    """The model of a checked ``progression`` table (``None`` when absent or broken)."""
    if not isinstance(value, dict) or "rule" not in value:
        return None
    rule = ProgressionRule(value["rule"])
    low, high = value.get("reps", (None, None))
    add = value.get("add", 0)
    amount: float | Duration
    if rule is ProgressionRule.HOLD:
        try:
            amount = to_duration(add)
        except ValueError:
            amount = Duration.of(0)
    else:
        amount = float(add) if isinstance(add, int | float) else 0.0
    deload = value.get("deload")
    return Progression(
        rule=rule,
        reps_low=low,
        reps_high=high,
        add=amount,
        fails=value.get("fails", spec_default("exercise", "progression.fails", int)),
        deload=Deload.parse(
            spec_default("exercise", "progression.deload", str) if deload is None else deload
        ),
        max=value.get("max"),
    )


def _number(value: float) -> str:
    """A number for a message: a long one is cut, with its count of digits."""
    text = str(value)
    return text if len(text) <= 24 else f"{text[:12]}… (a number of {len(text):,} characters)"


def _type_of(value: object) -> str:
    """The TOML words for what ``value`` is, saying what an array holds: "an array of integers"."""
    if isinstance(value, list) and value:
        kinds = {toml_type_name(v) for v in value}
        if len(kinds) == 1:
            kind = kinds.pop().split(" ", 1)[1]
            plural = {"table": "inline tables", "date or time": "dates or times"}
            return f"an array of {plural.get(kind, kind + 's')}"
    return toml_type_name(value)


def _misspelt_reps(entry: TomlTable) -> bool:
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


def _is_table_list(value: object) -> TypeGuard[list[TomlTable]]:
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)
