"""``backtimer plates WEIGHT``: what to load on the bar (or which dumbbell) for a weight."""

from __future__ import annotations

import argparse
import dataclasses
import math

from backtimer.commands import Subparsers
from backtimer.errors import BacktimerError

#: The heaviest weight asked about (any unit): past it, a typo rather than a lift.
MAX_TARGET = 5000.0


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "plates",
        help="show the plates that make a weight",
        description=(
            "Show what to load for WEIGHT: the bar and the plates on each side (the fewest "
            "that make it exactly), or the dumbbell. The kits are a gym's usual ones, or "
            "your [equipment.NAME] tables in config.toml. A weight that cannot be made "
            "exits 1 with the loadable weights either side of it."
        ),
    )
    p.add_argument("weight", metavar="WEIGHT", help="the weight to load, e.g. 102.5")
    p.add_argument("--bar", metavar="N", help="the bar's weight, instead of the kit's")
    p.add_argument(
        "--unit",
        choices=("kg", "lb"),
        help="the weight's unit (default: the kit's, else kg)",
    )
    p.add_argument(
        "--kit",
        metavar="NAME",
        default="barbell",
        help="the equipment: barbell (default), dumbbell or one of config.toml's",
    )
    p.set_defaults(func=run)


def weight_of(text: str, what: str, *, zero: bool = False) -> float:
    """``text`` as a weight, or a :class:`BacktimerError` saying what is wrong with it."""
    from backtimer.formatting import format_number, printable

    shown = printable(text if len(text) <= 40 else text[:37] + "...")
    try:
        value = float(text)
    except ValueError:
        raise BacktimerError(
            f"{what} must be a number", f"'{shown}' is not a number; write it like 102.5"
        ) from None
    # nan, inf, infinity (digits past a float's range, also inf, are too heavy below)
    if math.isnan(value) or (math.isinf(value) and "inf" in text.lower()):
        raise BacktimerError(f"{what} must be a number", f"'{shown}' is not a weight")
    if value < 0 or (value == 0 and not zero):
        floor = "0 or more" if zero else "more than 0"
        raise BacktimerError(f"{what} must be {floor}", f"'{shown}' is not a weight")
    if value > MAX_TARGET:
        raise BacktimerError(
            f"{what} is too heavy", f"'{shown}' is over {format_number(MAX_TARGET)}"
        )
    if abs(value * 100 - round(value * 100)) > 1e-6:
        raise BacktimerError(
            f"{what} has more than two decimals", f"'{shown}': weights go to the hundredth"
        )
    return value


def run(args: argparse.Namespace) -> int:
    from backtimer.config import load_config
    from backtimer.engine import cannot_load_text, kits_for, solve
    from backtimer.formatting import printable
    from backtimer.routine import Unit

    target = weight_of(args.weight, "WEIGHT")
    bar = None if args.bar is None else weight_of(args.bar, "--bar", zero=True)
    config = load_config()
    mine = config.equipment.get(args.kit)
    unit = Unit(args.unit) if args.unit else (mine.unit if mine is not None else Unit.KG)
    kits = kits_for(config, unit)
    kit = kits.get(args.kit)
    if kit is None:
        other = f" (yours is in {mine.unit}: add --unit {mine.unit})" if mine else ""
        raise BacktimerError(
            f"No {unit} kit called '{printable(args.kit)}'{other}",
            f"Known: {', '.join(printable(name) for name in sorted(kits))}; "
            "add one as [equipment.NAME] in config.toml.",
        )
    if bar is not None:
        if kit.is_fixed:
            raise BacktimerError(
                f"'{printable(kit.name)}' has no bar", "--bar is for a bar kit, like barbell."
            )
        kit = dataclasses.replace(kit, bar=bar)
    loading = solve(target, kit)
    if loading is None:
        print(cannot_load_text(target, kit))
        return 1
    print(loading.text)
    return 0
