"""Where each key and value of a TOML document stands (line and column).

``tomllib`` parses TOML but forgets positions; the validator needs them to say
``routine.toml:12:1: unknown key 'rep'``. :func:`locate` scans a document that
``tomllib`` has already accepted and maps every key path to a position.

A path is a tuple of table keys (``str``) and array indices (``int``):
``("exercise", 1, "warmup_sets", 0, "reps")`` is the ``reps`` key of the first
inline table in ``warmup_sets`` of the second ``[[exercise]]``.
"""

from __future__ import annotations

from dataclasses import dataclass

KeyPath = tuple[str | int, ...]

_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "e": "\x1b"}
#: The deepest key path recorded: a routine's deepest is 5 (exercise.0.warmup_sets.0.reps),
#: and a header of 10,000 parts (``[t.t.t…]``) must not cost 10,000² steps. Deeper keys
#: take the position of their ancestor at this depth.
MAX_DEPTH = 32
_BARE_KEY = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column."""

    line: int
    col: int


@dataclass(frozen=True)
class Located:
    """Where a key (or table header) and its value start."""

    key: Pos
    value: Pos


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.line = 1
        self.col = 1
        self.found: dict[KeyPath, Located] = {}
        self.aot_counts: dict[KeyPath, int] = {}

    # -- cursor ---------------------------------------------------------
    def peek(self, n: int = 0) -> str:
        j = self.i + n
        return self.text[j] if j < len(self.text) else ""

    def startswith(self, s: str) -> bool:
        return self.text.startswith(s, self.i)

    def advance(self, n: int = 1) -> None:
        for _ in range(n):
            if self.i >= len(self.text):
                return
            if self.text[self.i] == "\n":
                self.line += 1
                self.col = 1
            else:
                self.col += 1
            self.i += 1

    def pos(self) -> Pos:
        return Pos(self.line, self.col)

    def skip_inline_space(self) -> None:
        while self.peek() in (" ", "\t"):
            self.advance()

    def skip_space_comments_newlines(self) -> None:
        while True:
            c = self.peek()
            if c in (" ", "\t", "\r", "\n"):
                self.advance()
            elif c == "#":
                while self.peek() not in ("\n", ""):
                    self.advance()
            else:
                return

    # -- keys -----------------------------------------------------------
    def read_key_part(self) -> str:
        c = self.peek()
        if c == '"':
            return self.read_basic_string()
        if c == "'":
            return self.read_literal_string()
        start = self.i
        while self.peek() in _BARE_KEY and self.peek() != "":
            self.advance()
        return self.text[start : self.i]

    def read_dotted_key(self) -> list[str]:
        parts = [self.read_key_part()]
        while True:
            self.skip_inline_space()
            if self.peek() == ".":
                self.advance()
                self.skip_inline_space()
                parts.append(self.read_key_part())
            else:
                return parts

    # -- strings --------------------------------------------------------
    def read_basic_string(self) -> str:
        if self.startswith('"""'):
            self.advance(3)
            start = self.i
            while not self.startswith('"""') and self.peek() != "":
                if self.peek() == "\\":
                    self.advance()
                self.advance()
            # A multi-line string may end with up to two extra quotes.
            while self.startswith('""""'):
                self.advance()
            end = self.i
            self.advance(3)
            return self.text[start:end]
        self.advance()
        out = []
        while self.peek() not in ('"', "\n", ""):
            if self.peek() == "\\":
                out.append(self.read_escape())
                continue
            out.append(self.peek())
            self.advance()
        self.advance()
        return "".join(out)

    def read_escape(self) -> str:
        """The character an escape like ``\\n`` or ``\\u00e9`` stands for (a key may use one)."""
        c = self.peek(1)
        if c in ("u", "U"):
            digits = self.text[self.i + 2 : self.i + (6 if c == "u" else 10)]
            self.advance(2 + len(digits))
            try:
                return chr(int(digits, 16))
            except (ValueError, OverflowError):
                return digits
        self.advance(2)
        return _ESCAPES.get(c, c)

    def read_literal_string(self) -> str:
        if self.startswith("'''"):
            self.advance(3)
            start = self.i
            while not self.startswith("'''") and self.peek() != "":
                self.advance()
            while self.startswith("''''"):
                self.advance()
            end = self.i
            self.advance(3)
            return self.text[start:end]
        self.advance()
        start = self.i
        while self.peek() not in ("'", "\n", ""):
            self.advance()
        end = self.i
        self.advance()
        return self.text[start:end]

    # -- values ---------------------------------------------------------
    def skip_value(self) -> None:
        """Pass over a value without recording anything in it (strings, nested brackets)."""
        depth = 0
        while True:
            c = self.peek()
            if c == "":
                return
            if c in ('"', "'"):
                if c == '"':
                    self.read_basic_string()
                else:
                    self.read_literal_string()
            elif c == "#":
                while self.peek() not in ("\n", ""):
                    self.advance()
            elif c in "[{":
                depth += 1
                self.advance()
            elif c in "]}":
                depth -= 1
                self.advance()
            elif depth == 0 and c in (",", "\n", "\r"):
                return
            else:
                self.advance()
            if depth <= 0 and c in "]}\"'":
                return

    def read_value(self, path: KeyPath) -> None:
        if len(path) >= MAX_DEPTH:  # nothing deeper is recorded: pass over the value
            self.skip_value()
            return
        c = self.peek()
        if c == '"':
            self.read_basic_string()
        elif c == "'":
            self.read_literal_string()
        elif c == "[":
            self.read_array(path)
        elif c == "{":
            self.read_inline_table(path)
        else:
            while self.peek() not in (",", "]", "}", "\n", "\r", "#", ""):
                self.advance()

    def read_array(self, path: KeyPath) -> None:
        self.advance()  # [
        index = 0
        while True:
            self.skip_space_comments_newlines()
            if self.peek() in ("]", ""):
                self.advance()
                return
            item_path = (*path, index)
            start = self.pos()
            self.found.setdefault(item_path, Located(start, start))
            self.read_value(item_path)
            index += 1
            self.skip_space_comments_newlines()
            if self.peek() == ",":
                self.advance()

    def read_inline_table(self, path: KeyPath) -> None:
        self.advance()  # {
        while True:
            self.skip_space_comments_newlines()
            if self.peek() in ("}", ""):
                self.advance()
                return
            self.read_key_value(path)
            self.skip_space_comments_newlines()
            if self.peek() == ",":
                self.advance()

    def read_key_value(self, table: KeyPath) -> None:
        key_pos = self.pos()
        parts = self.read_dotted_key()
        self.skip_inline_space()
        if self.peek() == "=":
            self.advance()
        self.skip_inline_space()
        value_pos = self.pos()
        parts = parts[: max(1, MAX_DEPTH - len(table))]
        path = (*table, *parts)
        for n in range(1, len(parts)):
            self.found.setdefault((*table, *parts[:n]), Located(key_pos, value_pos))
        self.found[path] = Located(key_pos, value_pos)
        self.read_value(path)

    # -- headers --------------------------------------------------------
    def resolve(self, keys: list[str]) -> KeyPath:
        """Turn header keys into a path, descending into arrays of tables."""
        path: KeyPath = ()
        for key in keys:
            path = (*path, key)
            if path in self.aot_counts:
                path = (*path, self.aot_counts[path] - 1)
        return path

    def read_header(self) -> KeyPath:
        header_pos = self.pos()
        is_array = self.startswith("[[")
        self.advance(2 if is_array else 1)
        self.skip_inline_space()
        keys = self.read_dotted_key()[: MAX_DEPTH // 2]  # each part may add an index
        self.skip_inline_space()
        self.advance(2 if is_array else 1)
        # [a.b.c] also makes the tables a and a.b, when nothing above did.
        for n in range(1, len(keys)):
            self.found.setdefault(self.resolve(keys[:n]), Located(header_pos, header_pos))
        if is_array:
            parent = self.resolve(keys[:-1])
            base = (*parent, keys[-1])
            index = self.aot_counts.get(base, 0)
            self.aot_counts[base] = index + 1
            path = (*base, index)
            self.found.setdefault(base, Located(header_pos, header_pos))
        else:
            path = self.resolve(keys)
        self.found.setdefault(path, Located(header_pos, header_pos))
        return path

    def scan(self) -> dict[KeyPath, Located]:
        table: KeyPath = ()
        while True:
            self.skip_space_comments_newlines()
            c = self.peek()
            if c == "":
                return self.found
            if c == "[":
                table = self.read_header()
            else:
                self.read_key_value(table)
            # Anything left on the line is a comment or whitespace.
            while self.peek() not in ("\n", ""):
                self.advance()


def locate(text: str) -> dict[KeyPath, Located]:
    """Map every key path of a valid TOML document to where it stands.

    Args:
        text: A document that ``tomllib.loads`` accepts.

    Returns:
        A dict from key path to the position of its key (or table header) and
        of its value. Array items are keyed by their index.
    """
    return _Scanner(text).scan()


def nearest(found: dict[KeyPath, Located], path: KeyPath, *, value: bool = False) -> Pos:
    """The position of ``path``, or of its closest located ancestor.

    Args:
        found: The result of :func:`locate`.
        path: The key path to look up.
        value: Point at the value instead of the key.
    """
    probe = tuple(path)
    while probe:
        located = found.get(probe)
        if located is not None:
            return located.value if value else located.key
        probe = probe[:-1]
    return Pos(1, 1)
