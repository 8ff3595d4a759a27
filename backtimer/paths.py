"""Where backtimer keeps things on disk.

``BACKTIMER_HOME=DIR`` puts all config and data under DIR (tests and demos use
it); otherwise the platform's user config and data dirs (platformdirs).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "backtimer"
HOME_ENV = "BACKTIMER_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """The user's config folder (holds ``config.toml`` and ``routines/``)."""
    home = _home()
    if home is not None:
        return home / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The user's data folder (holds ``sessions/``)."""
    home = _home()
    if home is not None:
        return home / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    """The user's own config file; the only place a cue command may come from."""
    return config_dir() / "config.toml"


def user_routines_dir() -> Path:
    """The folder of the user's own routines."""
    return config_dir() / "routines"


def sessions_dir() -> Path:
    """The folder of session logs."""
    return data_dir() / "sessions"


def shipped_routines_dir() -> Path:
    """The routines shipped with backtimer.

    Installed, they live inside the package (``backtimer/routines``); in a
    source checkout (editable install) they are ``routines/`` at the top of
    the repository.
    """
    package = Path(__file__).resolve().parent
    installed = package / "routines"
    if installed.is_dir():
        return installed
    return package.parent / "routines"
