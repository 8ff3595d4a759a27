"""Words large enough to read from two metres away: the exercise and its target.

The clock is not the only thing a lifter reads from across the room: what to
do (``Deadlift``) and what to load (``5 × 100 kg``) matter as much. ``BigText``
draws a line of text in a 5-pixel-tall capital font and scales it, like the
clock, to the largest size that fits its box, wrapping at spaces onto up to
three lines. Each pixel is drawn square: ``s`` columns wide and ``s`` half-rows
tall, with the half blocks ``▀ ▄ █`` (on a terminal that is not UTF-8, their
stand-ins ``" _ #``). When the text does not fit even at the smallest size,
it is shown as plain bold text, wrapped at spaces: shortened never, cut never.
"""

from __future__ import annotations

import textwrap
import unicodedata
from functools import lru_cache

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

ROWS = 5
#: At most this many lines of big text; a longer text is shown plain.
MAX_LINES = 3

# A 5-row capital font; "#" is a pixel. Widths vary (I is narrow, M wide) so a
# word takes the room it needs and no more.
_FONT: dict[str, tuple[str, ...]] = {
    "A": (".##.", "#..#", "####", "#..#", "#..#"),
    "B": ("###.", "#..#", "###.", "#..#", "###."),
    "C": (".###", "#...", "#...", "#...", ".###"),
    "D": ("###.", "#..#", "#..#", "#..#", "###."),
    "E": ("####", "#...", "###.", "#...", "####"),
    "F": ("####", "#...", "###.", "#...", "#..."),
    "G": (".###", "#...", "#.##", "#..#", ".###"),
    "H": ("#..#", "#..#", "####", "#..#", "#..#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("...#", "...#", "...#", "#..#", ".##."),
    "K": ("#..#", "#.#.", "##..", "#.#.", "#..#"),
    "L": ("#...", "#...", "#...", "#...", "####"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#...#", "##..#", "#.#.#", "#..##", "#...#"),
    "O": (".##.", "#..#", "#..#", "#..#", ".##."),
    "P": ("###.", "#..#", "###.", "#...", "#..."),
    "Q": (".##.", "#..#", "#..#", "#.#.", ".#.#"),
    "R": ("###.", "#..#", "###.", "#.#.", "#..#"),
    "S": (".###", "#...", ".##.", "...#", "###."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#..#", "#..#", "#..#", "#..#", ".##."),
    "V": ("#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
    "Y": ("#...#", ".#.#.", "..#..", "..#..", "..#.."),
    "Z": ("####", "...#", ".##.", "#...", "####"),
    # Digits are square, like the clock's, so 0 is not O and 5 is not S.
    "0": ("####", "#..#", "#..#", "#..#", "####"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("####", "...#", "####", "#...", "####"),
    "3": ("####", "...#", ".###", "...#", "####"),
    "4": ("#..#", "#..#", "####", "...#", "...#"),
    "5": ("####", "#...", "####", "...#", "####"),
    "6": ("####", "#...", "####", "#..#", "####"),
    "7": ("####", "...#", "..#.", ".#..", ".#.."),
    "8": ("####", "#..#", "####", "#..#", "####"),
    "9": ("####", "#..#", "####", "...#", "####"),
    " ": ("..", "..", "..", "..", ".."),
    "-": ("...", "...", "###", "...", "..."),
    "×": ("...", "#.#", ".#.", "#.#", "..."),
    "·": (".", ".", "#", ".", "."),
    ".": (".", ".", ".", ".", "#"),
    ",": (".", ".", ".", "#", "#"),
    ":": (".", "#", ".", "#", "."),
    ";": (".", "#", ".", "#", "#"),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "'": ("#", "#", ".", ".", "."),
    '"': ("#.#", "#.#", "...", "...", "..."),
    "(": (".#", "#.", "#.", "#.", ".#"),
    ")": ("#.", ".#", ".#", ".#", "#."),
    "&": (".#..", "#.#.", ".#..", "#.#.", ".#.#"),
    "%": ("#..#", "...#", "..#.", ".#..", "#..#"),
    "!": ("#", "#", "#", ".", "#"),
    "?": ("###.", "...#", ".##.", "....", ".#.."),
}
_SAME = {"–": "-", "—": "-", "‐": "-", "’": "'", "‘": "'", "“": '"', "”": '"'}
_SPELLED = {"ß": "SS", "Æ": "AE", "Œ": "OE", "Ø": "O", "Ł": "L", "Đ": "D"}


def glyph_text(text: str) -> str | None:
    """``text`` in the font's characters (capitals, accents dropped), or ``None``.

    ``None`` when a character has no glyph: the text is then shown plain.
    """
    out = []
    for char in text:
        char = _SAME.get(char, char)
        if char in _FONT:
            out.append(char)
            continue
        upper = char.upper()
        upper = _SPELLED.get(upper, upper)
        base = "".join(c for c in unicodedata.normalize("NFKD", upper) if c.isascii())
        if not base or any(c not in _FONT for c in base):
            return None
        out.append(base)
    return "".join(out)


def _pixels(line: str) -> list[str]:
    """One line of text as 5 rows of pixels, one blank pixel between glyphs."""
    glyphs = [_FONT[c] for c in line]
    return [".".join(g[row] for g in glyphs) for row in range(ROWS)]


def _width(word: str) -> int:
    return len(_pixels(word)[0]) if word else 0


def _wrap(text: str, columns: int, scale: int) -> list[str] | None:
    """``text`` wrapped at spaces into lines ``columns`` wide at ``scale``, or ``None``."""
    lines: list[str] = []
    for word in text.split(" "):
        if not word:
            continue
        if _width(word) * scale > columns:
            return None
        if lines and _width(f"{lines[-1]} {word}") * scale <= columns:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines if len(lines) <= MAX_LINES else None


def _rows_needed(lines: int, scale: int) -> int:
    """Terminal rows for ``lines`` of big text at ``scale`` (a pixel's gap between lines)."""
    pixel_rows = (ROWS * lines + (lines - 1)) * scale
    return (pixel_rows + 1) // 2  # two pixels a row: the top and bottom half of a cell


def layout(text: str, width: int, height: int) -> tuple[int, list[str]] | None:
    """The largest scale at which ``text`` fits, with its lines; ``None``: it does not."""
    shown = glyph_text(" ".join(text.split()))
    if not shown or not shown.strip() or width < 1 or height < 1:
        return None
    for scale in range(max(1, 2 * height // ROWS), 0, -1):
        lines = _wrap(shown, width, scale)
        if lines is not None and _rows_needed(len(lines), scale) <= height:
            return scale, lines
    return None


def _centre(lines: list[str], width: int, height: int) -> list[str]:
    """The lines centred in ``width`` × ``height`` cells (wide characters counted as two)."""
    top = max(0, (height - len(lines)) // 2)
    out = [""] * top
    for line in lines:
        line = set_cell_size(line, min(cell_len(line), width))
        out.append(" " * ((width - cell_len(line)) // 2) + line)
    out += [""] * max(0, height - len(out))
    return [set_cell_size(line, width) for line in out[:height]]


#: The cell that draws a pixel pair (top, bottom): half blocks, or their ASCII stand-ins.
CELLS = {("#", "#"): "█", ("#", "."): "▀", (".", "#"): "▄", (".", "."): " "}
ASCII_CELLS = {("#", "#"): "#", ("#", "."): '"', (".", "#"): "_", (".", "."): " "}


@lru_cache(maxsize=64)
def render_text(
    text: str, width: int, height: int, ascii_only: bool = False
) -> tuple[bool, tuple[str, ...]]:
    """The rows that draw ``text`` in the box, and whether they are big (else plain)."""
    fitted = layout(text, width, height)
    if fitted is None:
        plain = textwrap.wrap(" ".join(text.split()), max(1, width)) or [""]
        if len(plain) > height:
            # Only in a box smaller than the words: the last row that fits says so.
            plain = plain[: max(1, height)]
            plain[-1] = textwrap.shorten(plain[-1] + " …", max(2, width), placeholder=" …")
        return False, tuple(_centre(plain, width, height))
    scale, lines = fitted
    pixel_rows: list[str] = []
    for number, line in enumerate(lines):
        if number:
            pixel_rows.append("")
        pixel_rows.extend(_pixels(line))
    drawn = max(len(row) for row in pixel_rows)
    grid = [row.ljust(drawn, ".") for row in pixel_rows for _ in range(scale)]
    if len(grid) % 2:
        grid.append("." * drawn)
    cells = ASCII_CELLS if ascii_only else CELLS
    rows = [
        "".join(cells[a, b] * scale for a, b in zip(top, bottom, strict=True))
        for top, bottom in zip(grid[::2], grid[1::2], strict=True)
    ]
    return True, tuple(_centre(rows, width, height))


class BigText(Widget):
    """Shows ``text`` as large as its box allows; colour from CSS ``color``.

    With ``ascii_only`` the pixels are ``#`` cells (a terminal that is not UTF-8).
    """

    DEFAULT_CSS = """
    BigText {
        width: 1fr;
        height: 1fr;
        min-height: 1;
        text-style: bold;
    }
    """

    text: reactive[str] = reactive("", layout=False)

    def __init__(self, text: str = "", *, id: str | None = None, ascii_only: bool = False) -> None:
        super().__init__(id=id)
        self.set_reactive(BigText.text, text)
        self.ascii_only = ascii_only

    @property
    def rows(self) -> tuple[str, ...]:
        """What is drawn, one string a row."""
        return render_text(self.text, self.size.width, self.size.height, self.ascii_only)[1]

    @property
    def is_big(self) -> bool:
        """Whether the text is drawn in the big font (else as plain text)."""
        return render_text(self.text, self.size.width, self.size.height, self.ascii_only)[0]

    def render_line(self, y: int) -> Strip:
        style: Style = self.rich_style
        rows = self.rows
        if y >= len(rows):
            return Strip.blank(self.size.width, style)
        return Strip([Segment(rows[y], style)], self.size.width)
