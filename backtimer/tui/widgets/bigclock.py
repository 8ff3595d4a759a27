"""Digits large enough to read from two metres away, growing with the space given.

Textual's ``Digits`` is three rows tall; at the gym the time left is the one
thing that must be readable from across the room. ``BigClock`` draws a 5×5
pixel font and scales each pixel to as many cells as fit: at 80×24 the digits
are at least five rows tall, at 120×40 about twice that. A pixel is a full block
("█"), or on a terminal that is not UTF-8 (``ascii_only``) a ``#``. In a box
too small for the font the time is drawn as plain text: it never disappears.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

FONT_ROWS = 5
#: The cell drawn for one pixel: a full block, or in ASCII a hash.
PIXEL = "█"
ASCII_PIXEL = "#"
_GLYPHS = {
    "0": ["#####", "#   #", "#   #", "#   #", "#####"],
    "1": ["  #  ", " ##  ", "  #  ", "  #  ", " ### "],
    "2": ["#####", "    #", "#####", "#    ", "#####"],
    "3": ["#####", "    #", " ####", "    #", "#####"],
    "4": ["#   #", "#   #", "#####", "    #", "    #"],
    "5": ["#####", "#    ", "#####", "    #", "#####"],
    "6": ["#####", "#    ", "#####", "#   #", "#####"],
    "7": ["#####", "    #", "   # ", "  #  ", "  #  "],
    "8": ["#####", "#   #", "#####", "#   #", "#####"],
    "9": ["#####", "#   #", "#####", "    #", "#####"],
    ":": [" ", "#", " ", "#", " "],
    "+": ["     ", "  #  ", " ### ", "  #  ", "     "],
    "-": ["   ", "   ", "###", "   ", "   "],
    " ": ["  ", "  ", "  ", "  ", "  "],
}


def font_rows(text: str) -> list[str]:
    """The text in the 5-row pixel font, one column of space between glyphs."""
    glyphs = [_GLYPHS.get(ch, _GLYPHS[" "]) for ch in text]
    return [" ".join(g[row] for g in glyphs) for row in range(FONT_ROWS)]


def scale_for(text: str, width: int, height: int) -> tuple[int, int]:
    """Cells per pixel (across, down) so ``text`` fits in ``width`` × ``height``.

    A terminal cell is about twice as tall as wide, so a pixel is drawn twice
    as wide as it is tall when there is room.
    """
    columns = len(font_rows(text)[0]) or 1
    down = max(1, height // FONT_ROWS)
    across = max(1, min(2 * down, width // columns))
    down = max(1, min(down, across))  # keep digits from turning into thin towers
    return across, down


def render_big(text: str, width: int, height: int, pixel: str = PIXEL) -> list[str]:
    """The lines that draw ``text`` as large as fits, centred in the area."""
    if height < FONT_ROWS or len(font_rows(text)[0]) > width:
        # Too small for the digits: the time as plain text, never nothing.
        return [
            (text.center(width) if y == (height - 1) // 2 else "").ljust(width)[:width]
            for y in range(max(1, height))
        ]
    across, down = scale_for(text, width, height)
    lines: list[str] = []
    for row in font_rows(text):
        line = "".join((pixel if dot == "#" else " ") * across for dot in row)
        lines.extend([line] * down)
    if not lines:
        return []
    drawn = len(lines[0])
    left = max(0, (width - drawn) // 2)
    top = max(0, (height - len(lines)) // 2)
    out = [""] * top + [" " * left + line for line in lines]
    out += [""] * max(0, height - len(out))
    return [line[:width].ljust(width) for line in out[:height]]


def changed_region(old: list[str], new: list[str]) -> Region | None:
    """The smallest region covering every cell that differs (``None``: redraw it all)."""
    if len(old) != len(new):
        return None
    left, right, top, bottom = None, -1, None, -1
    for y, (a, b) in enumerate(zip(old, new, strict=True)):
        if a == b:
            continue
        if len(a) != len(b):
            return None
        columns = [x for x, (p, q) in enumerate(zip(a, b, strict=True)) if p != q]
        left = columns[0] if left is None else min(left, columns[0])
        right = max(right, columns[-1])
        top = y if top is None else top
        bottom = y
    if left is None or top is None:
        return Region(0, 0, 0, 0)
    return Region(left, top, right - left + 1, bottom - top + 1)


class BigClock(Widget):
    """Shows ``text`` (e.g. "1:30") in big block digits; colour from CSS ``color``.

    With ``ascii_only`` the digits are drawn with ``#`` (a terminal that is not UTF-8).
    """

    DEFAULT_CSS = """
    BigClock {
        width: 1fr;
        height: 1fr;
        min-height: 1;
    }
    """

    # Repainted by watch_text: only the cells that changed, as a rule one digit.
    text: reactive[str] = reactive("0:00", layout=False, repaint=False)

    def __init__(
        self, text: str = "0:00", *, id: str | None = None, ascii_only: bool = False
    ) -> None:
        super().__init__(id=id)
        self.set_reactive(BigClock.text, text)
        self.pixel = ASCII_PIXEL if ascii_only else PIXEL
        self._lines: list[str] = []
        self._key: tuple[str, int, int] | None = None
        self._style: Style | None = None

    def _ensure(self) -> list[str]:
        key = (self.text, self.size.width, self.size.height)
        if key != self._key:
            self._key = key
            self._lines = render_big(self.text, self.size.width, self.size.height, self.pixel)
        return self._lines

    def watch_text(self) -> None:
        old = self._lines if self._key is not None and self._key[1:] == self._size_key() else None
        new = self._ensure()
        changed = changed_region(old, new) if old is not None else None
        if changed is None:
            self.refresh()
        elif changed.area:
            self.refresh(changed)

    def _size_key(self) -> tuple[int, int]:
        return self.size.width, self.size.height

    def render_lines(self, crop: Region) -> list[Strip]:
        # rich_style walks every ancestor's styles; look it up once a repaint,
        # not once a line.
        self._style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        lines = self._ensure()
        style = self._style if self._style is not None else self.rich_style
        if y >= len(lines):
            return Strip.blank(self.size.width, style)
        return Strip([Segment(lines[y], style)], self.size.width)

    @property
    def rows(self) -> list[str]:
        """What is drawn, one string a row."""
        return list(self._ensure())

    @property
    def digit_rows(self) -> int:
        """How many rows tall the digits are drawn (for tests)."""
        return sum(1 for line in self._ensure() if line.strip())
