"""Where the learner's data, caches and settings live: one place, one override.

``READER_HOME`` (used by tests, and by anyone who wants a portable setup) puts all three
under one folder; otherwise the platform's conventional directories are used.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

_DIRS = PlatformDirs("reader", appauthor=False)


def _home() -> Path | None:
    value = os.environ.get("READER_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else Path(_DIRS.user_data_dir)


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else Path(_DIRS.user_cache_dir)


def tables_dir() -> Path:
    """Lookup tables derived from installed packages (``READER_TABLES`` overrides it, so a
    test session can build them once and share them across its throw-away homes)."""
    value = os.environ.get("READER_TABLES")
    return Path(value).expanduser() if value else cache_dir() / "tables"


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(_DIRS.user_config_dir)


def settings_file() -> Path:
    """The learner's settings (level, side panel, summaries): ``settings.toml``."""
    return config_dir() / "settings.toml"
