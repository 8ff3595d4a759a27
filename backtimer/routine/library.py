"""The library of routines: the shipped ones and the user's, found by name or path."""

from __future__ import annotations

import re
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


#: The longest slug: a file name stays far below the 255 bytes a file system allows,
#: also as a log's name with its time in front and its temporary and lock names.
MAX_SLUG = 80


def slugify(name: str) -> str:
    """A file-name-friendly form of a routine name: ``Back strength`` → ``back-strength``.

    At most :data:`MAX_SLUG` characters (a long name is cut at a word where it can be).
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut[MAX_SLUG // 2 :] else cut).strip("-")
    return slug or "routine"


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
    refs = discover_routines()
    wanted = name_or_path.lower()
    for ref in reversed(refs):  # user routines first
        if ref.slug.lower() == wanted or slugify(ref.slug) == slugify(wanted):
            return ref.path
    names = sorted({ref.slug for ref in refs})
    raise BacktimerError(
        f"No routine called '{name_or_path}'",
        f"it is neither a file nor a shipped or user routine{suggest(wanted, names)}\n"
        f"Routines: {', '.join(names) or '(none)'}. See them all with `backtimer list`.",
    )
