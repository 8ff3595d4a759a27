"""``backtimer export``: every logged set as CSV, Strong-app CSV or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backtimer.commands import Subparsers
from backtimer.commands.history import emit, log_dir, missing_ok
from backtimer.errors import BacktimerError
from backtimer.logs.export import ExportFormat


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "export",
        help="export every logged set (csv, strong, json)",
        description="Export every set of every session log. 'strong' writes the CSV layout "
        "of the Strong app, which other workout apps import.",
    )
    p.add_argument("--format", choices=[str(f) for f in ExportFormat], default="csv")
    p.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE, not stdout")
    p.add_argument("--log-dir", metavar="DIR", type=Path, help="read logs from DIR")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from backtimer.logs import ExportFormat, export, read_all

    found = read_all(log_dir(args), missing_ok=missing_ok(args))  # before -o is written
    for warning in found.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    text = export(found.logs, ExportFormat(args.format))
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
