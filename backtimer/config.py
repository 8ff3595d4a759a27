"""The user's own settings: ``config.toml`` in the user config dir.

This is the only place a command can come from (``cue_command``); a routine
file is data and can never run anything.

```toml
# ~/.config/backtimer/config.toml (or $BACKTIMER_HOME/config/config.toml)
cue_command = "auto"               # spoken cues: "auto" (the default: say, spd-say,
                                   # espeak-ng or espeak, the first found), "off",
                                   # or your command: "espeak-ng -v en-us {text}"
# with a shell, read the text from the environment (or stdin), never through {text}:
# cue_command = "sh -c 'espeak-ng \"$BACKTIMER_TEXT\"'"
quiet = false                      # true: no terminal bell
e1rm = "epley"                     # or "brzycki": the estimated one-rep max of records
unit = "lb"                        # export --format strong|hevy, and import of a file
                                   # that does not say its unit (kg when absent)

[equipment.barbell]                # over the default barbell (see backtimer.engine.plates)
bar = 20
pairs = [25, 20, 20, 15, 10, 5, 2.5, 1.25]   # one entry per pair of plates
round = "down"                     # or "nearest"
[equipment.ez-bar]                 # any name; an exercise says equipment = "ez-bar"
bar = 10
pairs = [10, 5, 5, 2.5, 1.25]
unit = "lb"                        # a kit is in kg unless it says so

[aliases]                          # `backtimer import`: the other app's name = yours
"Bent Over Row (Barbell)" = "Bent-over row"

[voice]                            # what is spoken; each is true unless set false
start = true                       # the step and its target as it starts
next = true                        # in a rest: what comes next and what to load
halfway = true                     # "Halfway" in timed sets and holds of 30 s or more
sides = true                       # "Switch sides", "Switch to Face pull"
countdown = true                   # "3", "2", "1" before a timed step ends
records = true                     # a personal record the moment it falls
```

Every cue's text is in ``$BACKTIMER_TEXT`` and on stdin. A ``cue_command`` that
runs a shell or an interpreter (any of its words is ``sh``, ``bash``, ``zsh``,
``fish``, ``python3``, ``perl``, …, also behind ``env`` or ``nice``; or ``ssh``)
must read it from there: it may not contain ``{text}`` (which no quoting keeps
from running as code), is never given the text as an argument, and must give
the shell its code with ``-c`` (``-e`` for perl, ruby, node), or it would run
the text it reads on stdin. Such a command is refused at path:line:col with
how to write it (:func:`backtimer.engine.speech.code_problem`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from backtimer.engine.cues import Voice
from backtimer.engine.plates import MAX_ENTRIES, Kit, kit_from_table
from backtimer.engine.prs import E1rm
from backtimer.engine.speech import code_problem
from backtimer.errors import Problem, RoutineError
from backtimer.formatting import printable
from backtimer.paths import config_file
from backtimer.routine import Unit, read_text
from backtimer.routine import syntax_problem as _syntax_problem
from backtimer.routine.spec import toml_type_name
from backtimer.routine.syntax import number_too_long
from backtimer.routine.tomlpos import KeyPath, Located, Pos, locate, nearest

#: The keys of config.toml, with the TOML type each must have (``equipment``: a table
#: of kits, each checked by :func:`backtimer.engine.plates.kit_from_table`).
KEYS = {
    "cue_command": str,
    "quiet": bool,
    "equipment": dict,
    "e1rm": str,
    "unit": str,
    "aliases": dict,
    "voice": dict,
}
_TYPE_WORDS = {
    str: "a string",
    bool: "a boolean (true or false)",
}
_TABLE_WORDS = {
    "equipment": "a table of kits, like [equipment.barbell]",
    "aliases": 'a table of names, like [aliases] "Bench Press (Barbell)" = "Bench press"',
    "voice": "a table of switches, like [voice] countdown = false",
}
#: The most aliases config.toml may hold.
MAX_ALIASES = 10_000


@dataclass(frozen=True)
class Config:
    """Settings from config.toml; every one optional."""

    cue_command: str | None = None
    quiet: bool = False
    path: Path | None = None
    #: The user's ``[equipment.NAME]`` kits as written, each in its own unit; the kits
    #: for a routine (defaults included) are :func:`backtimer.engine.kits_for`.
    equipment: dict[str, Kit] = field(default_factory=dict)
    #: The estimated one-rep-max formula of personal records (``e1rm = "brzycki"``).
    e1rm: E1rm = E1rm.EPLEY
    #: The weight unit of the Strong and Hevy exports, and the one an import assumes for
    #: a file that does not say (``unit = "lb"``); ``None`` when not set (kg then).
    unit: Unit | None = None
    #: ``[aliases]``: an exercise name another app uses = the user's name for it
    #: (``backtimer import`` logs the user's name).
    aliases: dict[str, str] = field(default_factory=dict)
    #: ``[voice]``: what the voice says (each part on unless switched off).
    voice: Voice = field(default_factory=Voice)


class ConfigError(RoutineError):
    """config.toml has problems (reported like a routine's: path:line:col)."""


def load_config(path: Path | None = None) -> Config:
    """Read config.toml; a missing file means the defaults.

    Raises:
        ConfigError: The file is not valid TOML or has unknown or mistyped keys.
    """
    path = path or config_file()
    if not path.exists() and not path.is_symlink():
        return Config()
    try:
        # Read as a routine is: only a regular file, never waiting on a FIFO, at most
        # 1 MB, past a BOM (which some editors write).
        text = read_text(path)
    except RoutineError as error:
        raise ConfigError(path, error.problems) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, [_syntax_problem(str(path), text, error)]) from None
    except ValueError as error:  # an integer of more digits than Python converts
        raise ConfigError(path, [number_too_long(str(path), text, error)]) from None
    found = locate(text)
    problems: list[Problem] = []
    for key, value in data.items():
        pos = nearest(found, (key,))
        kind = KEYS.get(key)
        if kind is None:
            known = ", ".join(KEYS)
            _report(problems, path, pos, f"unknown key '{printable(key)}' (known: {known})")
        elif not isinstance(value, kind):
            pos = nearest(found, (key,), value=True)
            _report(
                problems,
                path,
                pos,
                f"'{key}' must be {_TABLE_WORDS.get(key) or _TYPE_WORDS[kind]}, "
                f"not {toml_type_name(value)}",
            )
    command = data.get("cue_command")
    unsafe = code_problem(command) if isinstance(command, str) else None
    if unsafe is not None:
        pos = nearest(found, ("cue_command",), value=True)
        _report(
            problems,
            path,
            pos,
            f"'cue_command': {printable(unsafe)}; write it as "
            """cue_command = "sh -c 'espeak-ng \\"$BACKTIMER_TEXT\\"'\"""",
        )
    if isinstance(command, str) and not command.strip():
        pos = nearest(found, ("cue_command",), value=True)
        _report(problems, path, pos, "'cue_command' is empty; remove the key instead")
    formula = data.get("e1rm", str(E1rm.EPLEY))
    if isinstance(formula, str) and formula not in {str(f) for f in E1rm}:
        pos = nearest(found, ("e1rm",), value=True)
        choices = " or ".join(f'"{f}"' for f in E1rm)
        _report(problems, path, pos, f"'e1rm' must be {choices}, not '{printable(formula)}'")
    unit = data.get("unit")
    if isinstance(unit, str) and unit not in {str(u) for u in Unit}:
        pos = nearest(found, ("unit",), value=True)
        choices = " or ".join(f'"{u}"' for u in Unit)
        _report(problems, path, pos, f"'unit' must be {choices}, not '{printable(unit)}'")
    tables = data.get("equipment")
    equipment = _equipment(tables, found, path, problems) if isinstance(tables, dict) else {}
    names = data.get("aliases")
    aliases = _aliases(names, found, path, problems) if isinstance(names, dict) else {}
    switches = data.get("voice")
    voice = _voice(switches, found, path, problems) if isinstance(switches, dict) else Voice()
    if problems:
        raise ConfigError(path, problems)
    return Config(
        cue_command=command if isinstance(command, str) else None,
        quiet=bool(data.get("quiet", False)),
        path=path,
        equipment=equipment,
        e1rm=E1rm(formula) if isinstance(formula, str) else E1rm.EPLEY,
        unit=Unit(unit) if isinstance(unit, str) else None,
        aliases=aliases,
        voice=voice,
    )


def _voice(
    table: dict[str, object], found: dict[KeyPath, Located], path: Path, problems: list[Problem]
) -> Voice:
    """The ``[voice]`` table: a switch (true or false) for each part of what is spoken."""
    known = [f.name for f in fields(Voice)]
    switches: dict[str, bool] = {}
    for key, value in table.items():
        pos = nearest(found, ("voice", key), value=key in known)
        if key not in known:
            _report(
                problems,
                path,
                pos,
                f"unknown key '{printable(key)}' in [voice] (known: {', '.join(known)})",
            )
        elif not isinstance(value, bool):
            _report(
                problems,
                path,
                pos,
                f"'{key}' in [voice] must be true or false, not {toml_type_name(value)}",
            )
        else:
            switches[key] = value
    return Voice(**switches)


def _aliases(
    table: dict[str, object], found: dict[KeyPath, Located], path: Path, problems: list[Problem]
) -> dict[str, str]:
    """The ``[aliases]`` table: imported name = the user's name, both non-empty strings."""
    if _too_many(table, "aliases", "names", MAX_ALIASES, found, path, problems):
        return {}
    aliases: dict[str, str] = {}
    for name, value in table.items():
        shown = printable(name)
        if not isinstance(value, str):
            pos = nearest(found, ("aliases", name), value=True)
            _report(
                problems,
                path,
                pos,
                f"the alias of '{shown}' must be a string (your exercise's name), "
                f"not {toml_type_name(value)}",
            )
        elif not name.strip() or not value.strip():
            pos = nearest(found, ("aliases", name), value=bool(name.strip()))
            which = "the imported name" if not name.strip() else f"the alias of '{shown}'"
            _report(problems, path, pos, f"{which} is empty")
        else:
            aliases[name] = value.strip()
    return aliases


def _equipment(
    tables: dict[str, object], found: dict[KeyPath, Located], path: Path, problems: list[Problem]
) -> dict[str, Kit]:
    """The kits of ``[equipment.NAME]`` tables; what is wrong goes to ``problems``."""
    if _too_many(tables, "equipment", "kits", MAX_ENTRIES, found, path, problems):
        return {}
    kits = {}
    for name, table in tables.items():
        kit, kit_problems = kit_from_table(name, table)
        for problem in kit_problems:
            pos = nearest(
                found,
                ("equipment", name, *problem.where),
                value=problem.at_value and bool(problem.where),
            )
            _report(problems, path, pos, problem.message)
        if kit is not None:
            kits[name] = kit
    return kits


def _too_many(
    table: dict[str, object],
    key: str,
    what: str,
    limit: int,
    found: dict[KeyPath, Located],
    path: Path,
    problems: list[Problem],
) -> bool:
    """Whether the table ``key`` holds more than ``limit`` entries (then it is reported)."""
    if len(table) <= limit:
        return False
    text = f"'{key}' has {len(table)} {what}; at most {limit:,}: remove some"
    _report(problems, path, nearest(found, (key,)), text)
    return True


def _report(problems: list[Problem], path: Path, pos: Pos, text: str) -> None:
    """Add a problem of config.toml at ``pos``."""
    problems.append(Problem(str(path), pos.line, pos.col, text))
