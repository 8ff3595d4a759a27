"""What to load: the user's equipment, and the plates that make a weight exactly.

A :class:`Kit` is one piece of equipment: a bar with the plates owned for it (one entry
in ``pairs`` per *pair* of plates, since a bar is loaded the same on both sides), or
weights that exist as they are (``fixed``: dumbbells, kettlebells). :func:`solve` finds
the loading of a weight: exact, never greedy (bar 20 with pairs 25, 15, 15 makes 80 as
15 + 15 a side, where taking the 25 first would stop at 70), with the fewest plates,
then the fewest plates changed from the previous set's loading.

Weights are counted in whole hundredths of the unit, so 74.99999 is 75 and no sum is
off by float noise. :func:`nearest` and :func:`round_weight` give the loadable weights
around one that is not (a progression's next weight, a percentage warm-up), and
:func:`cannot_load_text` says so: "61 kg can't be loaded — 60 or 62.5".

Kits come from :func:`default_kits` (a gym's usual barbell and dumbbells, per unit)
and from ``[equipment.NAME]`` tables in config.toml (:func:`kit_from_table` checks one);
:func:`kits_for` gives those that apply to a routine in a unit. A kit is in one unit
and serves only routines in that unit: plates are stamped in kg or lb, and a kg plate
makes no round number of lb.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from backtimer.formatting import format_number, printable
from backtimer.routine import Unit

#: The most entries a kit's ``pairs`` or ``fixed`` may have, and the most kits.
MAX_ENTRIES = 100
#: The heaviest single weight (bar, plate, dumbbell) a kit may name.
MAX_WEIGHT = 1000.0
#: The keys of an ``[equipment.NAME]`` table.
KIT_KEYS = ("bar", "pairs", "fixed", "round", "unit")


class Rounding(StrEnum):
    """How a weight that cannot be loaded becomes one that can (:func:`round_weight`)."""

    DOWN = "down"
    NEAREST = "nearest"


def _hundredths(weight: float) -> int:
    return round(weight * 100)


@dataclass(frozen=True)
class Kit:
    """One piece of equipment: a bar and its plates, or fixed weights.

    Attributes:
        name: What an exercise calls it (``equipment = "ez-bar"``).
        unit: The unit its weights are stamped in.
        bar: The bar's weight; ``None`` for a fixed kit.
        pairs: The plates owned, one entry per pair, heaviest first.
        fixed: The weights that exist (dumbbells, kettlebells), lightest first;
            empty for a bar.
        round: How :func:`round_weight` treats a weight it cannot load.
    """

    name: str
    unit: Unit
    bar: float | None = None
    pairs: tuple[float, ...] = ()
    fixed: tuple[float, ...] = ()
    round: Rounding = Rounding.DOWN

    def __post_init__(self) -> None:
        if (self.bar is None) == (not self.fixed):
            raise ValueError("a kit has either a bar (and pairs) or fixed weights")
        if self.bar is None and self.pairs:
            raise ValueError("pairs belong to a bar")
        weights = (*self.pairs, *self.fixed, *(() if self.bar is None else (self.bar,)))
        if any(not math.isfinite(w) or w < 0 for w in weights):
            raise ValueError("a kit's weights are finite and not negative")
        object.__setattr__(self, "pairs", tuple(sorted(self.pairs, reverse=True)))
        object.__setattr__(self, "fixed", tuple(sorted(set(self.fixed))))

    @property
    def is_fixed(self) -> bool:
        """Dumbbells or kettlebells: weights as they are, no plates."""
        return self.bar is None


@dataclass(frozen=True)
class Loading:
    """How to make ``total``: the bar and ``per_side`` (heaviest first), or a fixed weight."""

    total: float
    kit: Kit = field(repr=False)
    per_side: tuple[float, ...] = ()

    @property
    def text(self) -> str:
        """``60 kg = bar + 20 per side``, ``20 kg = the bar``, ``22.5 kg dumbbell``."""
        weight = f"{format_number(self.total)} {self.kit.unit}"
        if self.kit.is_fixed:
            return f"{weight} {printable(self.kit.name)}"
        if not self.per_side:
            return f"{weight} = the bar"
        plates = " + ".join(format_number(p) for p in self.per_side)
        return f"{weight} = bar + {plates} per side"


def default_kits(unit: Unit) -> dict[str, Kit]:
    """A gym's usual ``barbell`` and ``dumbbell`` in ``unit``."""
    if unit is Unit.LB:
        return {
            "barbell": Kit(
                "barbell",
                unit,
                bar=45,
                pairs=(45, 45, 45, 45, 35, 25, 25, 10, 10, 5, 5, 2.5, 2.5),
            ),
            "dumbbell": Kit("dumbbell", unit, fixed=tuple(float(w) for w in range(5, 125, 5))),
        }
    return {
        "barbell": Kit(
            "barbell",
            unit,
            bar=20,
            pairs=(25, 25, 25, 25, 20, 20, 15, 15, 10, 10, 5, 5, 2.5, 2.5, 1.25, 1.25),
        ),
        "dumbbell": Kit(
            "dumbbell",
            unit,
            fixed=(*(float(w) for w in range(2, 22, 2)), *(w / 10 for w in range(225, 525, 25))),
        ),
    }


class Equipped(Protocol):
    """What :func:`kits_for` reads: :class:`backtimer.config.Config` has it."""

    @property
    def equipment(self) -> Mapping[str, Kit]: ...


def kits_for(config: Equipped | None, unit: Unit) -> dict[str, Kit]:
    """The kits for a routine in ``unit``: the defaults, with the user's kits in that
    unit over them (a user's kit in the other unit is not used)."""
    kits = default_kits(unit)
    if config is not None:
        kits.update({name: kit for name, kit in config.equipment.items() if kit.unit is unit})
    return kits


def solve(target: float, kit: Kit, previous: Loading | None = None) -> Loading | None:
    """The loading that makes ``target`` exactly, or ``None`` when none does.

    Of the loadings that make it: the fewest plates, then the fewest plates put on or
    taken off from ``previous`` (the set before), then the heavier plates.
    """
    if not math.isfinite(target):
        return None
    want = _hundredths(target)
    if kit.is_fixed:
        found = [w for w in kit.fixed if _hundredths(w) == want]
        return Loading(found[0], kit) if found else None
    assert kit.bar is not None
    twice = want - _hundredths(kit.bar)
    if twice < 0 or twice % 2 or twice // 2 > sum(_hundredths(p) for p in kit.pairs):
        return None
    plates = _solve_side(twice // 2, kit, previous)
    if plates is None:
        return None
    return Loading(want / 100, kit, plates)


#: The most states the search for the best loading visits; a kit past it (a hundred
#: plates of odd sizes) gets an exact loading found heaviest plate first instead.
SEARCH_BUDGET = 50_000


class _OverBudget(Exception):
    pass


def _solve_side(side: int, kit: Kit, previous: Loading | None) -> tuple[float, ...] | None:
    """The plates of one side summing to ``side`` hundredths, best first (see solve)."""
    counts = Counter(_hundredths(plate) for plate in kit.pairs if _hundredths(plate) > 0)
    sizes = sorted(counts, reverse=True)
    before = Counter(_hundredths(plate) for plate in previous.per_side) if previous else Counter()
    # makes[i]: every sum up to ``side`` that the sizes from index i on make, as bits.
    mask = (1 << (side + 1)) - 1
    makes = [1] * (len(sizes) + 1)
    for i in range(len(sizes) - 1, -1, -1):
        bits = shifted = makes[i + 1]
        for _ in range(counts[sizes[i]]):
            shifted = (shifted << sizes[i]) & mask
            bits |= shifted
        makes[i] = bits
    if not makes[0] >> side & 1:
        return None
    memo: dict[tuple[int, int], tuple[int, int, tuple[int, ...]]] = {}

    def best(i: int, left: int) -> tuple[int, int, tuple[int, ...]]:
        """(plates, changes, count of each size from i on) making ``left``; it can be made."""
        if left == 0:
            return (0, sum(before[size] for size in sizes[i:]), (0,) * (len(sizes) - i))
        key = (i, left)
        if key in memo:
            return memo[key]
        if len(memo) >= SEARCH_BUDGET:
            raise _OverBudget
        size = sizes[i]
        found: tuple[int, int, tuple[int, ...]] | None = None
        for n in range(min(counts[size], left // size), -1, -1):
            if not makes[i + 1] >> (left - n * size) & 1:
                continue
            plates, changes, rest = best(i + 1, left - n * size)
            cost = (n + plates, abs(n - before[size]) + changes, (n, *rest))
            if found is None or cost[:2] < found[:2]:
                found = cost
        assert found is not None  # makes[i] said some count of this size leads on
        memo[key] = found
        return found

    try:
        chosen = best(0, side)[2]
    except _OverBudget:
        chosen = _heaviest_first(side, sizes, counts, makes)
    return tuple(size / 100 for size, n in zip(sizes, chosen, strict=True) for _ in range(n))


def _heaviest_first(
    side: int, sizes: list[int], counts: Counter[int], makes: list[int]
) -> tuple[int, ...]:
    """As many of each size as still leave a sum the lighter sizes make: exact, if not
    always the fewest plates."""
    chosen = []
    left = side
    for i, size in enumerate(sizes):
        n = next(
            n
            for n in range(min(counts[size], left // size), -1, -1)
            if makes[i + 1] >> (left - n * size) & 1
        )
        chosen.append(n)
        left -= n * size
    return tuple(chosen)


def _sides(kit: Kit) -> int:
    """Every per-side sum the plates make, in hundredths, as bits of an int."""
    bits = 1
    for plate in kit.pairs:
        bits |= bits << _hundredths(plate)
    return bits


#: Past any weight: a target beyond it is taken as it (no shift of a billion bits).
_FAR = 1e9


def nearest(target: float, kit: Kit) -> tuple[float | None, float | None]:
    """The loadable weights at or below ``target`` and at or above it.

    Both are ``target`` when it can be loaded; ``None`` where there is none (below the
    bar or the lightest fixed weight; above everything the kit makes; both for nan).
    """
    if math.isnan(target):
        return None, None
    want = _hundredths(max(-_FAR, min(target, _FAR)))
    if kit.is_fixed:
        ws = [_hundredths(w) for w in kit.fixed]
        below = max((w for w in ws if w <= want), default=None)
        above = min((w for w in ws if w >= want), default=None)
    else:
        assert kit.bar is not None
        bar = _hundredths(kit.bar)
        sides = _sides(kit)
        twice = want - bar
        below = above = None
        if twice >= 0:
            low = min(twice // 2, sides.bit_length())
            below = bar + 2 * ((sides & ((1 << (low + 1)) - 1)).bit_length() - 1)
        high = max(0, -(-twice // 2))
        rest = sides >> high
        if rest:
            above = bar + 2 * (high + (rest & -rest).bit_length() - 1)
    return (
        None if below is None else below / 100,
        None if above is None else above / 100,
    )


def round_weight(target: float, kit: Kit) -> float:
    """A loadable weight for ``target`` by the kit's rounding: the one at or below it
    (``down``) or the closer one (``nearest``; halfway goes down). Below the lightest
    loadable weight (and for nan), that lightest; above the heaviest, that heaviest."""
    below, above = nearest(target, kit) if not math.isnan(target) else (None, nearest(0, kit)[1])
    if below is None or above is None:
        chosen = above if below is None else below
        assert chosen is not None  # a kit makes at least its bar or one fixed weight
        return chosen
    if kit.round is Rounding.NEAREST and above - target < target - below:
        return above
    return below


def cannot_load_text(target: float, kit: Kit) -> str:
    """``61 kg can't be loaded — 60 or 62.5`` (the loadable weights either side).

    For a weight that can be loaded, its :attr:`Loading.text`.
    """
    loading = solve(target, kit)
    if loading is not None:
        return loading.text
    below, above = nearest(target, kit)
    shown = _hundredths(target) / 100 if math.isfinite(target) else target
    weight = f"{format_number(shown)} {kit.unit}"
    head = f"no {weight} {printable(kit.name)}" if kit.is_fixed else f"{weight} can't be loaded"
    if below is None and above is None:
        return head
    if below is None:
        return f"{head} — the lightest is {format_number(above)}"
    if above is None:
        return f"{head} — the heaviest is {format_number(below)}"
    return f"{head} — {format_number(below)} or {format_number(above)}"


@dataclass(frozen=True)
class KitProblem:
    """Something wrong in an ``[equipment.NAME]`` table: the key path under the table
    (``("pairs", 2)``; empty for the table itself) and how to fix it."""

    where: tuple[str | int, ...]
    message: str
    #: Point at the value (a wrong weight), not the key (an unknown key, the table).
    at_value: bool = True


def kit_from_table(name: str, table: object) -> tuple[Kit | None, list[KitProblem]]:
    """Check one ``[equipment.NAME]`` table of config.toml and build its kit.

    Returns the kit (``None`` when there are problems) and every problem found.
    """
    label = f"kit '{printable(name)}'"
    if not isinstance(table, dict):
        return None, [
            KitProblem(
                (),
                f"{label} must be a table: [equipment.{printable(name)}] with bar = 20 and "
                "pairs = [...], or fixed = [...]",
            )
        ]
    problems: list[KitProblem] = []
    for key in table:
        if key not in KIT_KEYS:
            problems.append(
                KitProblem(
                    (key,),
                    f"unknown key '{printable(key)}' in {label} (known: {', '.join(KIT_KEYS)})",
                    at_value=False,
                )
            )
    has_bar, has_fixed = "bar" in table, "fixed" in table
    if has_bar and has_fixed:
        problems.append(
            KitProblem(
                ("fixed",),
                f"{label} has both 'bar' and 'fixed': a bar takes pairs of plates, 'fixed' "
                "lists dumbbells or kettlebells; keep one (make two kits for both)",
            )
        )
    elif not has_bar and not has_fixed:
        problems.append(
            KitProblem(
                (),
                f"{label} needs 'bar' (bar = 20, with pairs = [25, 20, 15, ...], one entry "
                "per pair of plates) or 'fixed' (fixed = [10, 12.5, 15], the dumbbells)",
            )
        )
    if "pairs" in table and has_fixed and not has_bar:
        problems.append(
            KitProblem(("pairs",), f"'pairs' in {label} needs a bar; remove it (fixed weights)")
        )
    bar = _weight(table, "bar", label, problems, zero=True)
    pairs = _weights(table, "pairs", label, problems, empty=True)
    fixed = _weights(table, "fixed", label, problems, empty=False)
    rounding = _choice(table, "round", label, problems, tuple(str(r) for r in Rounding))
    unit = _choice(table, "unit", label, problems, tuple(str(u) for u in Unit))
    if problems:
        return None, problems
    return (
        Kit(
            name,
            Unit(unit or Unit.KG),
            bar=bar,
            pairs=pairs if has_bar else (),
            fixed=fixed if has_fixed else (),
            round=Rounding(rounding or Rounding.DOWN),
        ),
        [],
    )


def _number_problem(value: object, *, zero: bool) -> str | None:
    """Why ``value`` is no weight, or ``None`` when it is one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number"
    if not math.isfinite(value):
        return "must be a number, not inf or nan"
    if value < 0 or (value == 0 and not zero):
        return "must be more than 0" if not zero else "must not be negative"
    if value > MAX_WEIGHT:
        return f"must be at most {format_number(MAX_WEIGHT)}"
    if abs(value * 100 - round(value * 100)) > 1e-6:
        return "has more than two decimals; weights go to the hundredth"
    return None


def _weight(
    table: dict[str, object], key: str, label: str, problems: list[KitProblem], *, zero: bool
) -> float | None:
    if key not in table:
        return None
    value = table[key]
    why = _number_problem(value, zero=zero)
    if why is not None:
        problems.append(KitProblem((key,), f"'{key}' of {label} {why}, like {key} = 20"))
        return None
    assert isinstance(value, int | float)
    return float(value)


def _weights(
    table: dict[str, object], key: str, label: str, problems: list[KitProblem], *, empty: bool
) -> tuple[float, ...]:
    if key not in table:
        return ()
    values = table[key]
    if not isinstance(values, list):
        problems.append(
            KitProblem((key,), f"'{key}' of {label} must be a list of weights, like [10, 5, 2.5]")
        )
        return ()
    if not values and not empty:
        problems.append(KitProblem((key,), f"'{key}' of {label} is empty; list its weights"))
    if len(values) > MAX_ENTRIES:
        problems.append(
            KitProblem(
                (key,),
                f"'{key}' of {label} has {len(values)} entries; at most {MAX_ENTRIES}",
            )
        )
        return ()
    weights = []
    for index, value in enumerate(values):
        why = _number_problem(value, zero=False)
        if why is not None:
            problems.append(KitProblem((key, index), f"'{key}' entry {index + 1} of {label} {why}"))
        else:
            weights.append(float(value))
    return tuple(weights)


def _choice(
    table: dict[str, object],
    key: str,
    label: str,
    problems: list[KitProblem],
    choices: tuple[str, ...],
) -> str | None:
    if key not in table:
        return None
    value = table[key]
    if not isinstance(value, str) or value not in choices:
        shown = " or ".join(f'"{c}"' for c in choices)
        problems.append(KitProblem((key,), f"'{key}' of {label} must be {shown}"))
        return None
    return value
