"""Read another app's export: find its shape from the header, and parse it.

:func:`parse_file` (or :func:`parse_bytes` for bytes in hand) gives a
:class:`~.model.ParseResult`: the workouts, oldest first, and what was skipped or could
not be read. Every failure is an :class:`~.model.ImportFileError` whose message names the
file (and line) and what to do: a file of no known shape, an empty one, one where fewer
than half of the rows can be read. Nothing is written here.

Each app has its module (:mod:`.strong`, :mod:`.hevy`, :mod:`.fitnotes`,
:mod:`.stronglifts`) with a ``detect`` (header → layout, or ``None``) and a ``parse``;
:mod:`.csvtext` holds what they share.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from backtimer.formatting import printable
from backtimer.logs.imports import fitnotes, hevy, strong, stronglifts
from backtimer.logs.imports.csvtext import Builder, Table, read_table, shown
from backtimer.logs.imports.model import ImportFileError, ParseResult, Source
from backtimer.logs.logfile import FileTooBig, NotRegularFile, read_limited
from backtimer.routine import Unit

#: The shapes of export known, one human line each (for messages).
KNOWN_SHAPES: tuple[str, ...] = (strong.SHAPE, hevy.SHAPE, fitnotes.SHAPE, stronglifts.SHAPE)
#: The largest file an import reads (a decade of daily workouts is a few MB).
MAX_FILE_BYTES = 200 * 1024 * 1024

Layout = strong.Layout | hevy.Layout | fitnotes.Layout | stronglifts.Layout

_NAMES = {
    Source.STRONG: "Strong",
    Source.HEVY: "Hevy",
    Source.FITNOTES: "FitNotes",
    Source.STRONGLIFTS: "StrongLifts",
}


def detect(header: list[str]) -> list[tuple[Source, Layout]]:
    """Every app whose export this header could be, with its layout (at most one in
    practice: the shapes share no set of required columns)."""
    found: list[tuple[Source, Layout]] = []
    for source, layout in (
        (Source.HEVY, hevy.detect(header)),
        (Source.STRONG, strong.detect(header)),
        (Source.STRONGLIFTS, stronglifts.detect(header)),
        (Source.FITNOTES, fitnotes.detect(header)),
    ):
        if layout is not None:
            found.append((source, layout))
    return found


def _header_text(table: Table) -> str:
    return shown(table.delimiter.join(table.header), 160)


def _known() -> str:
    return "\n".join(f"  - {shape}" for shape in KNOWN_SHAPES)


def parse_bytes(
    data: bytes,
    name: str,
    *,
    source: Source | None = None,
    unit: Unit = Unit.KG,
    tz: tzinfo | None = None,
) -> ParseResult:
    """Parse an export's bytes.

    Args:
        data: The file's bytes.
        name: The file's name, for messages (``name:line: reason``).
        source: The app the file is from; ``None`` detects it from the header.
        unit: The weight unit when the file says none (Strong's 12- and 10-column
            forms, FitNotes' ``Weight``): then ``ParseResult.assumed_unit`` is it.
        tz: The zone of the file's wall times; ``None`` is the machine's local zone
            (with each date's own offset, so summer time is right).

    Raises:
        ImportFileError: For a file that is empty, of no known shape (or not of the
            ``source`` given), or mostly unreadable.
    """
    name = printable(name)
    table = read_table(data, name)
    found = detect(table.header)
    where = f"{name}:{table.header_line}"
    if source is None:
        if not found:
            raise ImportFileError(
                "Unknown export shape",
                f"{where}: the header reads {_header_text(table)}, which is not an export "
                f"backtimer knows. It reads these:\n{_known()}\nExport the workouts "
                "(not the measurements) from the app as CSV and import that file.",
            )
        picked = found[0]
    else:
        matching = [f for f in found if f[0] is source]
        if not matching:
            other = (
                f" It looks like a {_NAMES[found[0][0]]} export: use --from "
                f"{found[0][0].value} (or --from auto)."
                if found
                else ""
            )
            raise ImportFileError(
                f"Not a {_NAMES[source]} export",
                f"{where}: the header reads {_header_text(table)}, which is not a "
                f"{_NAMES[source]} export.{other} The shapes known:\n{_known()}",
            )
        picked = matching[0]
    return _parse(table, picked[1], unit, tz).finish()


def _parse(table: Table, layout: Layout, unit: Unit, tz: tzinfo | None) -> Builder:
    if isinstance(layout, strong.Layout):
        return strong.parse(table, layout, unit=unit, tz=tz)
    if isinstance(layout, hevy.Layout):
        return hevy.parse(table, layout, unit=unit, tz=tz)
    if isinstance(layout, fitnotes.Layout):
        return fitnotes.parse(table, layout, unit=unit, tz=tz)
    return stronglifts.parse(table, layout, unit=unit, tz=tz)


def parse_file(
    path: Path,
    *,
    source: Source | None = None,
    unit: Unit = Unit.KG,
    tz: tzinfo | None = None,
) -> ParseResult:
    """Read and parse an export file (at most :data:`MAX_FILE_BYTES`); see
    :func:`parse_bytes`.

    Raises:
        ImportFileError: For a file that cannot be read (missing, a folder, a FIFO,
            too big) and everything :func:`parse_bytes` refuses.
    """
    shown_path = printable(str(path))
    try:
        data = read_limited(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise ImportFileError(
            "File not found", f"{shown_path}: no such file. Check the path and try again."
        ) from None
    except IsADirectoryError:
        raise ImportFileError(
            "Not a file", f"{shown_path}: this is a folder; name the .csv file inside it."
        ) from None
    except NotRegularFile as err:
        raise ImportFileError(
            "Not a file", f"{shown_path}: {err.strerror}; name an exported .csv file."
        ) from None
    except FileTooBig:
        raise ImportFileError(
            "File too big",
            f"{shown_path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, far more than "
            "any workout export. Check it is the right file.",
        ) from None
    except PermissionError:
        raise ImportFileError(
            "File not readable",
            f"{shown_path}: permission denied. Make it readable (chmod u+r) and try again.",
        ) from None
    except OSError as err:
        raise ImportFileError(
            "File not readable", f"{shown_path}: {err.strerror or err}."
        ) from None
    return parse_bytes(data, str(path), source=source, unit=unit, tz=tz)
