"""What the wheel ships, checked on the source tree (fast; `make dist-check` then builds
the wheel and runs it in a fresh venv).

pyproject.toml lists the packages by hand (the shipped routines are mapped in from
``routines/``), so a new package or data file is easy to leave out of the wheel: it
works in the editable install and fails only for a user.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

from backtimer import __version__
from tests.conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def _package_dirs() -> dict[str, Path]:
    """Every package of the wheel and the folder it is built from."""
    mapped = {name: REPO / folder for name, folder in SETUPTOOLS.get("package-dir", {}).items()}
    return {
        name: mapped.get(name, REPO.joinpath(*name.split("."))) for name in SETUPTOOLS["packages"]
    }


def test_every_package_of_the_source_tree_is_in_the_wheel() -> None:
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "backtimer").rglob("__init__.py")
    }
    listed = set(SETUPTOOLS["packages"])
    assert sorted(found - listed) == [], "add these to [tool.setuptools] packages"
    assert sorted(listed - found) == ["backtimer.routines"]  # routines/, mapped in


def test_every_data_file_is_in_the_wheel() -> None:
    """Each file beside a package's modules (styles, the schema, the shipped routines)
    matches a package-data pattern of its package."""
    patterns = SETUPTOOLS["package-data"]
    left_out = []
    for name, folder in _package_dirs().items():
        assert folder.is_dir(), name
        for path in sorted(folder.iterdir()):
            if path.is_dir() or path.suffix in (".py", ".pyc"):
                continue
            if not any(fnmatch.fnmatch(path.name, p) for p in patterns.get(name, ())):
                left_out.append(str(path.relative_to(REPO)))
    assert left_out == [], "add patterns for these to [tool.setuptools.package-data]"


def test_the_wheel_ships_the_routines_styles_and_schema() -> None:
    dirs = _package_dirs()
    assert {p.stem for p in dirs["backtimer.routines"].glob("*.toml")} >= {"demo", "strength"}
    assert (dirs["backtimer"] / "routine.schema.json").is_file()
    assert (dirs["backtimer.tui.screens"] / "session.tcss").is_file()
    assert PYPROJECT["project"]["scripts"] == {"backtimer": "backtimer.cli:main"}


def test_one_version_everywhere() -> None:
    """The package, its metadata, the wheel the README installs and the changelog's
    newest release name the same version."""
    assert PYPROJECT["project"]["version"] == __version__
    readme = (REPO / "README.md").read_text("utf-8")
    wheels = set(re.findall(r"dist/backtimer-([\w.]+)-py3-none-any\.whl", readme))
    assert wheels == {__version__}
    changelog = (REPO / "CHANGELOG.md").read_text("utf-8")
    releases = re.findall(r"^## \[([^\]]+)\]", changelog, flags=re.MULTILINE)
    assert releases and releases[0] in (__version__, "Unreleased")
    assert __version__ in releases
