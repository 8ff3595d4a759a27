"""The house's rules, checked on the source tree rather than remembered.

The core is every module of ``backtimer/`` except the Textual app (``tui/``) and
the command line (``cli.py``, ``commands/``); it is found by globbing, so a new
core module is guarded the day it is written.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "backtimer"
#: The three core packages (docs/architecture.md): each has a face, its __init__.py.
CORE_PACKAGES = ("routine", "engine", "logs")
#: Above the core: they may use Textual, Rich, stdin and stdout.
SURFACE = ("tui", "commands", "cli.py", "__main__.py")


def _module(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def core_files() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    return [f for f in files if f.relative_to(PACKAGE).parts[0] not in SURFACE]


def test_the_core_is_the_three_packages_and_a_few_shared_modules() -> None:
    top = {f.relative_to(PACKAGE).parts[0] for f in core_files()}
    assert set(CORE_PACKAGES) <= top
    for name in CORE_PACKAGES:
        assert (PACKAGE / name / "__init__.py").is_file()
    # Loose modules beside the packages stay few: the shared ground under all three.
    loose = sorted(t for t in top if t.endswith(".py"))
    assert loose == ["__init__.py", "config.py", "errors.py", "formatting.py", "paths.py"]


def test_no_core_module_imports_textual_or_rich() -> None:
    modules = [_module(f) for f in core_files()]
    assert len(modules) > 25  # the glob found the core
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "    if bad:\n"
        "        print(name, 'pulls in', ','.join(bad[:3]))\n"
        "        break\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == ""


def _calls(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.func.id, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    ]


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_neither_prints_nor_asks(path: Path) -> None:
    """Terminal prompts and output belong to the commands; the core returns and raises."""
    found = [(name, line) for name, line in _calls(path) if name in ("print", "input")]
    assert found == [], f"{path.name} calls {found}"


def _all_sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_type_ignore_in_backtimer() -> None:
    found = [
        f"{path.relative_to(REPO)}:{n}"
        for path in _all_sources()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "type: ignore" in line
    ]
    assert found == []


#: Attributes that hold an enum (or a class name) in backtimer: never compared with a string.
ENUM_ATTRIBUTES = {"value", "__name__", "kind", "status", "state", "source", "type", "unit"}


def _string_comparisons(path: Path) -> list[str]:
    """Comparisons of an enum-holding attribute (``x.kind``, ``x.value``) with a string."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        literal = any(isinstance(s, ast.Constant) and isinstance(s.value, str) for s in sides)
        attrs = [s.attr for s in sides if isinstance(s, ast.Attribute)]
        if literal and ENUM_ATTRIBUTES & set(attrs):
            found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def test_no_enum_value_or_class_name_is_compared_with_a_string() -> None:
    found = [hit for path in _all_sources() for hit in _string_comparisons(path)]
    assert found == []


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
