"""TOML syntax errors, translated into problems a user can fix: where, what, and how.

tomllib says "Invalid value (at line 3, column 8)"; a user needs to hear that
the string is not closed and how to close it. Routine files and config.toml both
report their syntax errors through :func:`syntax_problem`.
"""

from __future__ import annotations

import re
import tomllib

from backtimer.errors import Problem

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


def syntax_problem(path: str, text: str, error: tomllib.TOMLDecodeError) -> Problem:
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


_DIGITS = re.compile(r"[+-]?[0-9](?:_?[0-9])*")
_HAS_DIGITS = re.compile(r"value has (\d+) digits")


def number_too_long(path: str, text: str, error: ValueError) -> Problem:
    """An integer of more digits than Python converts (4,300), which tomllib reports
    as a bare ``ValueError``: a problem at the number, like any other.

    The number is the first run of that many digits; a run as long in a string or a
    comment comes first only in a document made to mislead, and then the problem
    still points at a run of digits no routine needs.
    """
    said = _HAS_DIGITS.search(str(error))
    limit = 4300
    runs = [
        (m.start(), m.group().count("_"), sum(c.isdigit() for c in m.group()))
        for m in _DIGITS.finditer(text)
        if len(m.group()) > limit
    ]
    wanted = int(said.group(1)) if said else None
    start, _, digits = next(
        (run for run in runs if run[2] == wanted), runs[0] if runs else (0, 0, wanted or 0)
    )
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return Problem(
        path,
        line,
        col,
        f"this number has {digits} digits, far more than any value here needs; "
        "check it (e.g. reps = 10, weight = 42.5)",
    )
