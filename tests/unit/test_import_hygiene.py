"""The core never imports Textual or Rich: each module is imported in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

CORE = [
    "backtimer.errors",
    "backtimer.paths",
    "backtimer.clock",
    "backtimer.durations",
    "backtimer.spec",
    "backtimer.tomlpos",
    "backtimer.routine",
    "backtimer.plan",
    "backtimer.session",
    "backtimer.journal",
    "backtimer.history",
    "backtimer.export",
    "backtimer.config",
    "backtimer.cues",
    "backtimer.summary",
    "backtimer.schema",
    "backtimer.template",
    "backtimer.editing",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual_or_rich(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "", f"{module} pulls in {result.stdout.strip()}"


def test_cli_help_does_not_import_textual() -> None:
    """`backtimer --help` must stay fast: no subcommand imports Textual at module level."""
    code = (
        "import sys; from backtimer.cli import build_parser; build_parser(); "
        "print(','.join(sorted(m for m in sys.modules if m.startswith('textual'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == ""
