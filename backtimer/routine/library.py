"""The library of routines: the shipped ones and the user's, found by name or path."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from backtimer.errors import BacktimerError
from backtimer.routine.validator import suggest


class RoutineSource(StrEnum):
    """Where a routine file lives."""

    SHIPPED = "shipped"  # comes with backtimer; never edited in place
    USER = "user"  # the user's routines folder


@dataclass(frozen=True)
class RoutineRef:
    """A routine file found on disk, before it is loaded."""

    path: Path
    source: RoutineSource
    #: A user routine with the file name of a shipped one: the user's copy, used instead.
    shadows: bool = False

    @property
    def slug(self) -> str:
        """The name used on the command line: the file name without ``.toml``."""
        return self.path.stem


def discover_routines() -> list[RoutineRef]:
    """Every shipped and user routine file, user ones last."""
    from backtimer.paths import shipped_routines_dir, user_routines_dir

    refs = [
        RoutineRef(p, RoutineSource.SHIPPED) for p in sorted(shipped_routines_dir().glob("*.toml"))
    ]
    user = user_routines_dir()
    if user.is_dir():
        refs += [RoutineRef(p, RoutineSource.USER) for p in sorted(user.glob("*.toml"))]
    return refs


def visible_routines() -> list[RoutineRef]:
    """Each routine a name finds, once: a user copy of a shipped routine replaces it.

    The user copy keeps the shipped routine's place in the list, with
    :attr:`RoutineRef.shadows` set.
    """
    refs = discover_routines()
    users = {ref.slug.lower(): ref for ref in refs if ref.source is RoutineSource.USER}
    shipped = {ref.slug.lower() for ref in refs if ref.source is RoutineSource.SHIPPED}
    visible = []
    for ref in refs:
        key = ref.slug.lower()
        if ref.source is RoutineSource.SHIPPED and key in users:
            visible.append(RoutineRef(users[key].path, RoutineSource.USER, shadows=True))
        elif ref.source is RoutineSource.SHIPPED or key not in shipped:
            visible.append(ref)
    return visible


#: The longest slug: a file name stays far below the 255 bytes a file system allows,
#: also as a log's name with its time in front and its temporary and lock names.
MAX_SLUG = 80


def slugify(name: str) -> str:
    """A file-name-friendly form of a routine name: ``Back strength`` → ``back-strength``.

    At most :data:`MAX_SLUG` characters (a long name is cut at a word where it can be).
    """
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_letters(name).lower()).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut[MAX_SLUG // 2 :] else cut).strip("-")
    return slug or "routine"


#: Letters NFKD does not take apart: German umlauts and ß as German writes them
#: without the dots, and letters with a stroke or ligatures.
_SPELLED_OUT = str.maketrans(
    {
        "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
        "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
        "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i", "ħ": "h", "Ħ": "H",
    }
)  # fmt: skip


def ascii_letters(text: str) -> str:
    """``text`` with accented Latin letters spelled in ASCII: ``Rücken`` → ``Ruecken``,
    ``Señor`` → ``Senor``, ``Ærø`` → ``AEro``. Other characters are kept as they are."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find_routine(name: str) -> RoutineRef | None:
    """The shipped or user routine called ``name`` (its file name, any case), user first."""
    wanted = name.lower()
    for ref in reversed(visible_routines()):  # user routines first
        if ref.slug.lower() == wanted or slugify(ref.slug) == slugify(wanted):
            return ref
    return None


def shadowing_copy(name_or_path: str) -> Path | None:
    """The user's copy ``name_or_path`` finds when it names a shipped routine that the
    user has a copy of (``backtimer edit strength`` made one); else None."""
    if "/" in name_or_path or "\\" in name_or_path or name_or_path.endswith(".toml"):
        return None
    found = find_routine(name_or_path)
    if found is None or not found.shadows or Path(name_or_path).is_file():
        return None
    return found.path


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
    found = find_routine(name_or_path)
    if found is not None:
        return found.path
    wanted = name_or_path.lower()
    names = sorted({ref.slug for ref in discover_routines()})
    raise BacktimerError(
        f"No routine called '{name_or_path}'",
        f"it is neither a file nor a shipped or user routine{suggest(wanted, names)}\n"
        f"Routines: {', '.join(names) or '(none)'}. See them all with `backtimer list`.",
    )
