"""Temporary files that name the process that made them, so a later run can sweep them.

An import, a cache write or an export builds into a temporary file or folder and moves it
into place; ``kill -9``, a power cut or quitting mid-import skips the clean-up, and a
26 MB half-built dictionary would stay for ever. Every such name carries ``-pid<N>-``:
the next run removes the ones whose process is gone (and that were not touched for a
little while, in case a process in another PID namespace shares the folder), and any old
unmarked ones after a day.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

_PID = re.compile(r"-pid(\d+)-")
_QUIET_SECONDS = 10.0  # a live import touches its file far more often than this
_UNMARKED_SECONDS = 86_400.0


def tag() -> str:
    """The piece to put in a temporary name: ``-pid<this process>-``."""
    return f"-pid{os.getpid()}-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, it is someone else's
        return True
    return True


def _last_touched(path: Path) -> float:
    latest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for child in path.iterdir():
            latest = max(latest, child.lstat().st_mtime)
    return latest


def is_stale(path: Path, unmarked_after: float = _UNMARKED_SECONDS) -> bool:
    """True for a leftover of a process that is gone (or an unmarked one a day old)."""
    now = time.time()
    try:
        age = now - _last_touched(path)
    except OSError:
        return False
    match = _PID.search(path.name)
    if match is None:
        return age > unmarked_after
    # a day-old one is stale even if its PID was reused by a process alive now
    return age > _UNMARKED_SECONDS or (age > _QUIET_SECONDS and not _alive(int(match.group(1))))


def sweep(folder: Path, pattern: str, unmarked_after: float = _UNMARKED_SECONDS) -> int:
    """Remove stale leftovers matching ``pattern`` in ``folder``; never raises."""
    removed = 0
    try:
        candidates = list(folder.glob(pattern))
    except OSError:
        return 0
    for path in candidates:
        if not is_stale(path, unmarked_after):
            continue
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed += 1
        except OSError:
            pass
    return removed
