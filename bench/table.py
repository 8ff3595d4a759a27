"""The one table ``python -m bench`` prints: a row per figure, with what it is compared against."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

HEADERS = ("Figure", "Measured", "Compared against (same run)", "Ratio", "Target", "Result")


@dataclass
class Row:
    """One line of the table.

    Attributes:
        name: What is measured.
        figure: The measurement, with its unit.
        against: What it is compared against, measured in the same run.
        ratio: ``figure / against`` (``None`` when it means nothing).
        target: The target, in words.
        ok: Whether the target is met; ``None`` for a figure shown for information.
    """

    name: str
    figure: str
    against: str
    ratio: float | None
    target: str
    ok: bool | None

    @property
    def result(self) -> str:
        if self.ok is None:
            return "info"
        return "PASS" if self.ok else "**MISS**"

    def cells(self) -> list[str]:
        ratio = "—" if self.ratio is None else f"{self.ratio:.2f}×"
        return [self.name, self.figure, self.against, ratio, self.target, self.result]


def error_row(group: str, error: BaseException) -> Row:
    """A row for a measurement that crashed."""
    message = f"{type(error).__name__}: {error}".replace("\n", " ").replace("|", "/")
    return Row(f"{group}: measurement failed", message[:120], "—", None, "—", False)


def render(rows: Sequence[Row]) -> str:
    """A Markdown table (readable in a terminal, pasteable into bench/README.md)."""
    lines = [list(HEADERS)] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADERS))]

    def fmt(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [fmt(lines[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [fmt(line) for line in lines[1:]]
    return "\n".join(out)
