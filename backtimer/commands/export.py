"""``backtimer export``: every logged set as CSV, Strong-app or Hevy-app CSV, or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backtimer.commands import Subparsers
from backtimer.commands.history import emit, log_dir, missing_ok
from backtimer.errors import BacktimerError
from backtimer.logs.export import ExportFormat
from backtimer.routine.spec import UNITS, Unit

#: The formats whose weights are all in one unit (they have no unit column).
ONE_UNIT = (ExportFormat.STRONG, ExportFormat.HEVY)


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "export",
        help="export every logged set (csv, strong, hevy, json)",
        description="Export every done set of every session log. 'strong' and 'hevy' write "
        "the CSV layouts the Strong and Hevy apps export, which Hevy, other workout apps and "
        "'backtimer import' read; 'csv' and 'json' have one field per column.",
    )
    p.add_argument(
        "--format",
        choices=[str(f) for f in ExportFormat],
        default="csv",
        help="csv (default), strong, hevy or json",
    )
    p.add_argument(
        "--unit",
        choices=UNITS,
        help="the weights of strong and hevy, converted from the unit each set was logged "
        "in (default: the unit in your config, else kg); csv and json keep each set's unit",
    )
    p.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE, not stdout")
    p.add_argument("--log-dir", metavar="DIR", type=Path, help="read logs from DIR")
    p.set_defaults(func=run)


def export_unit(args: argparse.Namespace) -> tuple[Unit, bool]:
    """The unit of a strong or hevy export, and whether it was only the default (kg).

    ``--unit``, else the user config's ``unit``, else kg.
    """
    if args.unit:
        return Unit(args.unit), False
    from backtimer.config import load_config

    configured = load_config().unit
    if configured is not None:
        return configured, False
    return Unit.KG, True


def run(args: argparse.Namespace) -> int:
    from backtimer.logs.export import ExportFormat, export, read_all

    fmt = ExportFormat(args.format)
    unit, defaulted = export_unit(args) if fmt in ONE_UNIT else (Unit.KG, False)
    found = read_all(log_dir(args), missing_ok=missing_ok(args))  # before -o is written
    for warning in found.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if defaulted and any(
        (r.unit or log.unit) is not unit and r.weight for log in found.logs for r in log.records
    ):
        other = Unit.LB if unit is Unit.KG else Unit.KG
        print(
            f"note: weights converted to {unit} (add --unit {other} to keep {other})",
            file=sys.stderr,
        )
    text = export(found.logs, fmt, unit)
    if args.output is None:
        emit(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise BacktimerError(
            "Cannot write the export", f"{args.output}: {error.strerror or error}"
        ) from None
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
