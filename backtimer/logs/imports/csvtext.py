"""What every import parser shares: bytes to rows, and the small readers of a cell.

- :func:`read_table` decodes a file (a UTF-8 BOM stripped; UTF-8, else cp1252 or
  latin-1, never a crash), finds its delimiter from the header line (``,``, ``;`` or a
  tab, or an Excel ``sep=`` line) and reads it with the :mod:`csv` module: quoted fields
  may hold delimiters and line ends, and every :class:`Row` knows the file line it
  *starts* on.
- :func:`number`, :func:`reps`, :func:`clean`, :func:`duration` and the date readers turn
  a cell into a value or raise :class:`RowError` with the reason, which the parser
  records as a bad row (``file:line: reason``) and goes on.
- :class:`Builder` collects a parser's workouts, skipped and bad rows, and
  :meth:`Builder.finish` turns them into a :class:`~.model.ParseResult`.

Nothing here reads a file from disk or prints: :mod:`.parse` does the one and the
command the other.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from backtimer.formatting import format_duration, format_hm, printable
from backtimer.logs.imports.model import (
    ImportedSet,
    ImportedWorkout,
    ImportFileError,
    ParseResult,
    Source,
)
from backtimer.routine import Unit

#: A workout whose recorded duration is longer than this was left running: its
#: duration is not trusted (Strong shows ``264h 1m`` for a workout never finished).
MAX_TRUSTED_DURATION = 12 * 3600.0
#: A row spanning more lines than this is an unclosed quote that swallowed the rows
#: after it, not a long note.
RUNAWAY_LINES = 50


class RowError(ValueError):
    """A row (or one of its cells) that cannot be read; ``reason`` says why, for a
    ``file:line: reason`` line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def shown(text: str, limit: int = 40) -> str:
    """A cell's text as a message quotes it: shortened and escaped."""
    text = text.strip()
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "'" + printable(text) + "'"


# -- bytes to rows ----------------------------------------------------------------


@dataclass
class Row:
    """One data row of a file: its cells, the file line it starts on and the line it
    ends on (later when a quoted field holds line ends)."""

    line: int
    cells: list[str]
    end: int = 0

    def get(self, index: int | None) -> str:
        """The cell at ``index`` stripped, or ``""`` when the column is absent or the
        row is short (real exports drop trailing empty cells)."""
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index].strip()


@dataclass
class Table:
    """A file read as a header and its data rows.

    Attributes:
        name: The file's name, for messages.
        header: The header's cells, as written (stripped of outer spaces and a BOM).
        header_line: The line the header is on (2 after an Excel ``sep=`` line).
        rows: The data rows, blank lines left out.
        delimiter: ``,``, ``;`` or a tab.
    """

    name: str
    header: list[str]
    header_line: int
    rows: list[Row]
    delimiter: str

    @property
    def decimal_comma(self) -> bool:
        """Whether ``72,5`` is a number here: only in a ``;``-separated file, where
        a comma cannot be a delimiter (European spreadsheets write both)."""
        return self.delimiter != ","


def decode(data: bytes, name: str) -> str:
    """The text of a file's bytes: BOM stripped, UTF-8 or else cp1252/latin-1.

    Raises:
        ImportFileError: For a file that is not text (a zip, a spreadsheet, binary).
    """
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            "Not a CSV file",
            f"{name}:1: this is a zip archive (or an .xlsx/.numbers spreadsheet). Unzip it "
            "and import the .csv inside, or export the workouts again as CSV.",
        )
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                break
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            "Not a CSV file",
            f"{name}:1: the file holds binary data (NUL bytes), not text. Export the "
            "workouts from the app as CSV and import that file.",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _unquoted_count(line: str, char: str) -> int:
    count = 0
    quoted = False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a file from its header line: the most frequent of ``,``, ``;``
    and a tab outside quotes (a comma on a tie: it is the common case)."""
    counts = {c: _unquoted_count(header_line, c) for c in (",", ";", "\t")}
    best = max(counts, key=lambda c: (counts[c], c == ","))
    return best if counts[best] else ","


_SEP_LINE = re.compile(r'\s*"?sep=([,;\t|])"?\s*', re.IGNORECASE)


def read_table(data: bytes, name: str) -> Table:
    """A file's header and data rows.

    Raises:
        ImportFileError: For a file that is not text, is empty, has only a header or
            cannot be split into rows (an unclosed quote, a field too long).
    """
    body = io.StringIO(decode(data, name), newline="")
    skip = 0  # lines before the header: blank ones, an Excel "sep=;" line
    while True:
        at = body.tell()
        first = body.readline()
        if not first:
            raise ImportFileError(
                "Empty file",
                f"{name}: the file is empty. Export the workouts from the app again and "
                "import the .csv it writes.",
            )
        if first.strip():
            break
        skip += 1
    sep = _SEP_LINE.fullmatch(first)
    if sep:
        delimiter = sep.group(1)
        skip += 1
    else:
        delimiter = sniff_delimiter(first)
        body.seek(at)
    reader = csv.reader(body, delimiter=delimiter, strict=False)
    header: list[str] | None = None
    header_line = 0
    rows: list[Row] = []
    ended = skip  # the line the previous record ended on
    try:
        for cells in reader:
            start = ended + 1
            ended = skip + reader.line_num
            if ended - start >= RUNAWAY_LINES:
                raise ImportFileError(
                    "Unreadable CSV",
                    f"{name}:{start}: a quote opened on this line is closed only on line "
                    f"{ended}, so {ended - start + 1} lines read as one row. Export the "
                    "file again (or fix the quote by hand).",
                )
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.replace("\ufeff", "").strip() for c in cells]
                header_line = start
                continue
            rows.append(Row(start, cells, ended))
    except csv.Error as err:
        raise ImportFileError(
            "Unreadable CSV",
            f"{name}:{ended + 1}: {err}. A quote opened on or before this line is "
            "probably never closed; export the file again.",
        ) from None
    if header is None:  # only blank lines after a sep= line
        raise ImportFileError("Empty file", f"{name}: the file holds no header and no rows.")
    if not rows:
        raise ImportFileError(
            "No workouts in the file",
            f"{name}:{header_line}: the file holds a header and no data rows. Export the "
            "workouts again once the app shows them.",
        )
    return Table(name, header, header_line, rows, delimiter)


# -- headers ----------------------------------------------------------------------


def norm(header: str) -> str:
    """A header cell as headers are compared: case, spacing, ``×`` and curly
    apostrophes do not matter."""
    text = unicodedata.normalize("NFC", header)
    text = text.replace("\ufeff", "").replace("×", "x").replace("’", "'")
    return " ".join(text.split()).casefold()


_UNIT_SUFFIX = re.compile(r"^(.*?)\s*\(([^()]*)\)$")


def split_unit(header: str) -> tuple[str, str]:
    """A normalised header and the unit in its trailing parentheses:
    ``"weight (kg)"`` → ``("weight", "kg")``; ``("reps", "")`` without."""
    m = _UNIT_SUFFIX.match(header)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    return header, ""


_KG = {"kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"}
_LB = {"lb", "lbs", "pound", "pounds", "lb.", "lbs."}


def weight_unit(text: str) -> Unit | None:
    """``kg``/``kgs``/``lbs``/``LB``… as a :class:`Unit`, or ``None`` for anything else."""
    word = text.strip().casefold()
    if word in _KG:
        return Unit.KG
    if word in _LB:
        return Unit.LB
    return None


_DISTANCE_UNITS = {
    "m": "m",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "km": "km",
    "kms": "km",
    "kilometers": "km",
    "kilometres": "km",
    "mi": "mi",
    "mi.": "mi",
    "mile": "mi",
    "miles": "mi",
    "ft": "ft",
    "feet": "ft",
    "yd": "yd",
    "yds": "yd",
    "yards": "yd",
}


def distance_unit(text: str) -> str | None:
    """A distance unit as backtimer writes it (``m``, ``km``, ``mi``, ``ft``, ``yd``),
    or ``None`` when there is none or it is not known."""
    return _DISTANCE_UNITS.get(text.strip().casefold())


def default_distance_unit(unit: Unit) -> str:
    """The distance unit an account of this weight unit shows: km for kg, miles for lb."""
    return "mi" if unit is Unit.LB else "km"


# -- cells ------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")


def number(text: str, what: str, *, decimal_comma: bool = False) -> float | None:
    """A cell as a finite number, ``None`` when empty.

    Raises:
        RowError: When the cell holds something else.
    """
    s = text.strip()
    if not s:
        return None
    if decimal_comma and s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    if not _NUMBER.fullmatch(s):
        raise RowError(f"{what} {shown(text)} is not a number")
    value = float(s)
    if not math.isfinite(value) or abs(value) > 1e9:
        raise RowError(f"{what} {shown(text)} is out of range")
    return value


def clean(value: float) -> float:
    """A number with the float noise of an app's unit conversion rounded off:
    ``74.99999999999999`` → ``75.0``, to the nearest thousandth (never ``-0.0``)."""
    return round(value, 3) + 0.0


def reps(text: str, *, decimal_comma: bool = False) -> int | None:
    """A rep count (``10`` or ``10.0``), ``None`` when empty.

    Raises:
        RowError: For a negative, fractional or absurd count, or not a number.
    """
    value = number(text, "reps", decimal_comma=decimal_comma)
    if value is None:
        return None
    if value < 0:
        raise RowError(f"reps {shown(text)} is negative")
    whole = round(value)
    if abs(value - whole) > 1e-6:
        raise RowError(f"reps {shown(text)} is not a whole number")
    if whole > 100_000:
        raise RowError(f"reps {shown(text)} is not a plausible count")
    return int(whole)


def rpe(text: str, *, decimal_comma: bool = False) -> float | None:
    """An RPE rounded to the nearest half step (``9.5`` stays), ``None`` when empty or 0.

    Raises:
        RowError: For a value that is not a number between 0 and 10.
    """
    value = number(text, "RPE", decimal_comma=decimal_comma)
    if value is None or value == 0:
        return None
    if not 0 < value <= 10:
        raise RowError(f"RPE {shown(text)} is not between 1 and 10")
    return round(value * 2) / 2


_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,3}):(\d{1,2})(?:[.,]\d+)?")
_DURATION_PART = r"(\d+(?:[.,]\d+)?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)"
# One way only to split "1h 8m" (no space both ends a part and starts the next), so a
# long cell that does not match fails in linear time.
_DURATION_WHOLE = re.compile(rf"\s*(?:{_DURATION_PART}\s*)+", re.IGNORECASE)
_DURATION_TOKEN = re.compile(_DURATION_PART, re.IGNORECASE)
_UNIT_SECONDS = {"d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0}


def duration(text: str, what: str = "duration") -> float | None:
    """A duration in seconds from ``35m``, ``1h 8m``, ``35min``, ``1h 2m 3s``,
    ``0:05:00``, ``30:00`` (minutes and seconds) or plain seconds; ``None`` when empty.

    Raises:
        RowError: For anything else.
    """
    s = text.strip()
    if not s:
        return None
    if _NUMBER.fullmatch(s):
        value = float(s)
        if not math.isfinite(value) or value < 0 or value > 1e9:
            raise RowError(f"{what} {shown(text)} is out of range")
        return value
    m = _CLOCK.fullmatch(s)
    if m:
        hours = int(m.group(1) or 0)
        return hours * 3600.0 + int(m.group(2)) * 60.0 + int(m.group(3))
    if _DURATION_WHOLE.fullmatch(s):
        total = 0.0
        for amount, unit in _DURATION_TOKEN.findall(s):
            total += float(amount.replace(",", ".")) * _UNIT_SECONDS[unit[0].lower()]
        return total
    raise RowError(f"{what} {shown(text)} is not a duration (like 35m, 1h 8m or 0:05:00)")


# -- dates and times ---------------------------------------------------------------


def localize(naive: datetime, tz: tzinfo | None) -> datetime:
    """A file's local wall time as an aware time: in ``tz``, or in the machine's zone
    with the offset of that date (so a summer workout gets summer time)."""
    if tz is not None:
        return naive.replace(tzinfo=tz)
    return naive.astimezone()


def wall_time(day: date, clock: time, tz: tzinfo | None) -> datetime:
    """``day`` at ``clock`` as an aware time (see :func:`localize`).

    Raises:
        RowError: When the time cannot be placed (a year the platform cannot handle).
    """
    try:
        return localize(datetime.combine(day, clock), tz)
    except (ValueError, OverflowError, OSError) as err:
        raise RowError(f"date {day.isoformat()} cannot be read ({err})") from None


def make_date(year: int, month: int, day: int, text: str) -> date:
    """A calendar date, or :class:`RowError` naming ``text`` when there is no such day."""
    if not 1900 <= year <= 2200:
        raise RowError(f"date {shown(text)} has an unlikely year")
    try:
        return date(year, month, day)
    except ValueError:
        raise RowError(f"date {shown(text)} is not a real day") from None


def make_time(hour: int, minute: int, second: int, ampm: str | None, text: str) -> time:
    """A time of day from a 24-hour or 12-hour (``ampm`` = ``"am"``/``"pm"``) clock."""
    if ampm:
        if not 1 <= hour <= 12:
            raise RowError(f"time {shown(text)} is not a 12-hour time")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        raise RowError(f"time {shown(text)} is not a time of day")
    return time(hour, minute, second)


_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?"
)


def iso_datetime(text: str, tz: tzinfo | None, what: str = "date") -> datetime:
    """``2024-03-05 18:04:12`` (seconds, ``T`` and an offset optional) as an aware time;
    a time without an offset is local wall time (see :func:`localize`).

    Raises:
        RowError: For anything else.
    """
    s = spaces(text)
    m = _ISO.fullmatch(s)
    if not m:
        raise RowError(f"{what} {shown(text)} is not a date like 2024-03-05 18:04:12")
    y, mo, d, h, mi, sec, offset = m.groups()
    day = make_date(int(y), int(mo), int(d), text)
    clock = make_time(int(h or 0), int(mi or 0), int(sec or 0), None, text)
    if offset:
        try:
            return datetime.fromisoformat(f"{day.isoformat()}T{clock.isoformat()}{offset}")
        except ValueError:
            raise RowError(f"{what} {shown(text)} has an impossible UTC offset") from None
    return wall_time(day, clock, tz)


def spaces(text: str) -> str:
    """Text with no-break and narrow no-break spaces (iOS writes one before ``AM``)
    made plain, and runs of spaces made one."""
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


_CLOCK_TIME = re.compile(r"(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*([ap])?\.?\s*(?:m\.?)?", re.I)


def clock_time(text: str, what: str = "time") -> time:
    """``10:56 PM``, ``7:00 am``, ``22:56`` or ``22:56:10`` as a time of day.

    Raises:
        RowError: For anything else.
    """
    s = spaces(text)
    m = _CLOCK_TIME.fullmatch(s)
    if not m:
        raise RowError(f"{what} {shown(text)} is not a time like 10:56 PM")
    h, mi, sec, ampm = m.groups()
    return make_time(int(h), int(mi), int(sec or 0), ampm.lower() if ampm else None, text)


# -- workouts ----------------------------------------------------------------------


@dataclass
class Builder:
    """What one parser gathers from one file.

    Parsers add workouts through :meth:`workout`, count rows with :meth:`ok`,
    :meth:`skip` and :meth:`bad`, and hand the lot to :meth:`finish`.
    """

    source: Source
    shape: str
    table: Table
    workouts: dict[object, ImportedWorkout] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    bad_rows: list[tuple[int, str]] = field(default_factory=list)
    ok_rows: int = 0
    assumed_unit: Unit | None = None

    def workout(self, key: object, name: str, started: datetime, line: int) -> ImportedWorkout:
        """The workout ``key`` names, made (with ``name``, ``started``) on first use."""
        found = self.workouts.get(key)
        if found is None:
            found = ImportedWorkout(self.source, name, started, line=line)
            self.workouts[key] = found
        return found

    def rows(self) -> Iterator[Row]:
        """The file's data rows, less those with more cells than the header has columns
        (recorded as bad: a delimiter in a name that is not quoted shifts every cell
        after it). Empty cells past the header are let be when most rows have them (a
        file whose every row ends in a delimiter)."""
        width = len(self.table.header)
        usual = Counter(len(r.cells) for r in self.table.rows).most_common(1)[0][0]
        for row in self.table.rows:
            if len(row.cells) > width and (
                len(row.cells) > usual or any(c.strip() for c in row.cells[width:])
            ):
                delimiter = "tab" if self.table.delimiter == "\t" else self.table.delimiter
                self.bad(
                    row,
                    f"{len(row.cells)} fields where the header has {width} "
                    f"(a {delimiter!r} inside a name that is not quoted?)",
                )
                continue
            yield row

    def ok(self) -> None:
        self.ok_rows += 1

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped[reason] += count

    def bad(self, row: Row, reason: str) -> None:
        """Record ``row`` as unreadable; a row read across several lines is said to be,
        since a stray quote is the likely cause."""
        if row.end > row.line:
            reason += f" (the row runs on to line {row.end}: a stray quote?)"
        self.bad_rows.append((row.line, reason))

    def finish(self) -> ParseResult:
        """The result: workouts with sets, oldest first, each key unique.

        Raises:
            ImportFileError: When fewer than half the rows that were not skipped on
                purpose could be read, or no set was found at all.
        """
        name = self.table.name
        tried = self.ok_rows + len(self.bad_rows)
        if self.bad_rows and self.ok_rows * 2 < tried:
            shown_rows = "\n".join(
                f"  {name}:{line}: {reason}" for line, reason in self.bad_rows[:5]
            )
            more = len(self.bad_rows) - 5
            tail = f"\n  … and {more} more" if more > 0 else ""
            raise ImportFileError(
                "Too many unreadable rows",
                f"{name}: only {self.ok_rows} of {tried} rows of this {self.shape} file "
                f"could be read, so nothing is imported. The first bad rows:\n{shown_rows}"
                f"{tail}\nIf the file is from another app, say which with --from.",
            )
        workouts = []
        for w in self.workouts.values():
            if w.sets:
                workouts.append(w)
            else:
                self.skipped["workout without sets"] += 1
        if not workouts:
            reasons = ", ".join(f"{n} {r}" for r, n in self.skipped.most_common()) or "none"
            raise ImportFileError(
                "No sets in the file",
                f"{name}: {len(self.table.rows)} rows and not one set to import "
                f"(skipped: {reasons}). Export the workouts again from the app.",
            )
        workouts.sort(key=lambda w: w.started)
        _unique_keys(workouts)
        result = ParseResult(
            self.source,
            self.shape,
            workouts=workouts,
            rows=len(self.table.rows),
            skipped=self.skipped,
            bad=self.bad_rows,
            assumed_unit=self.assumed_unit,
        )
        return result


def _unique_keys(workouts: list[ImportedWorkout]) -> None:
    """Two workouts with the same start and name (two untimed sessions on one day)
    would share a source key, and the second would read as already imported: each
    later one starts a second later, said in its remarks."""
    seen: set[str] = set()
    for w in workouts:
        moved = 0
        while w.key in seen:
            w.started += timedelta(seconds=1)
            if w.ended is not None:
                w.ended += timedelta(seconds=1)
            moved += 1
        if moved:
            w.remarks.append(
                f"another workout has the same start and name: started {moved} s later "
                "to keep them apart"
            )
        seen.add(w.key)


def set_seconds(sets: Iterable[ImportedSet]) -> float:
    """The seconds a workout's sets account for: timed sets and recorded rests."""
    return sum((s.seconds or 0.0) + (s.rest_after or 0.0) for s in sets)


def end_from_duration(w: ImportedWorkout, seconds: float | None, raw: str) -> None:
    """Set ``w.ended`` from a recorded duration, unless it looks left running (more
    than :data:`MAX_TRUSTED_DURATION`): then from the time its sets and rests account
    for, or unknown, and a remark says so. Call it once the workout's sets are in."""
    if seconds is None or seconds <= 0:
        return
    if seconds <= MAX_TRUSTED_DURATION:
        w.ended = w.started + timedelta(seconds=seconds)
        return
    span = set_seconds(w.sets)
    what = f"duration {raw.strip()}" if raw.strip() else f"duration {format_hm(seconds)}"
    if span > 0:
        w.ended = w.started + timedelta(seconds=span)
        w.remarks.append(
            f"{what} looks left running: used the time of its sets and rests "
            f"({format_duration(span)})"
        )
    else:
        w.ended = None
        w.remarks.append(f"{what} looks left running: its end is left unknown")


def weight_or_bodyweight(value: float | None, unit: Unit | None, s: ImportedSet) -> None:
    """Put a weight on ``s``: none (bodyweight) for an empty or 0 weight; a negative
    weight (an assisted lift, as StrongLifts writes it) is bodyweight too, with the
    assistance in the set's notes (a log's weight is never negative)."""
    if value is None:
        return
    value = clean(value)
    if value == 0:
        return
    if value < 0:
        label = unit.value if unit is not None else ""
        note = f"assisted {-value:g} {label}".rstrip()
        s.notes = f"{s.notes}\n{note}" if s.notes else note
        return
    s.weight = value
    s.unit = unit
