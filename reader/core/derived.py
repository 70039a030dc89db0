"""Derived data (tables extracted from installed packages) kept in the cache directory.

Parsing a package's big CSV on every start costs seconds; the few columns we need are
extracted once, pickled next to the other caches and loaded from there. A file that does
not load, or does not look like what was stored, is rebuilt; a cache directory that
cannot be written only costs time.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def load_or_build(path: Path, build: Callable[[], T], valid: Callable[[object], bool]) -> T:
    try:
        with open(path, "rb") as fh:
            data = pickle.load(fh)
        if valid(data):
            return data  # type: ignore[return-value]
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        pass
    data = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
    return data
