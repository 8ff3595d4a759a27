"""``backtimer schema``: print the JSON Schema of the routine format."""

from __future__ import annotations

import argparse
import sys

from backtimer.commands import Subparsers


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of routine files",
        description=(
            "Print the JSON Schema (draft 2020-12) of routine files, for editors with TOML "
            "support (taplo, Even Better TOML). The same schema ships in the package; "
            "regenerate that file with `backtimer schema > backtimer/routine.schema.json`."
        ),
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--uri",
        action="store_true",
        help="print the file:// URI of the shipped schema, for a '#:schema' line",
    )
    what.add_argument(
        "--markdown",
        action="store_true",
        help="print the key reference of docs/routines.md (Markdown tables)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from backtimer.routine.schema import reference_markdown, schema_json, schema_uri

    if args.uri:
        text = schema_uri() + "\n"
    elif args.markdown:
        text = reference_markdown()
    else:
        text = schema_json()
    sys.stdout.write(text)
    return 0
