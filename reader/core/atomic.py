"""Writing a file the learner asked for, atomically, without overwriting theirs by accident
(and the program's own files, atomically, with ``replace_file``).

Its own module because every export format (and anything else that writes a file under a
name the learner chose) needs the same promise, apart from how the bytes are made: a
temporary file beside the target, flushed and fsynced, then moved into place. A crash, a
``kill -9`` or a full disk leaves either the old file or the new one, never half of one;
an existing file is replaced only with ``force=True``, and temporary files of killed
writers are swept by the next write to the same folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from reader.core import leftovers
from reader.errors import ExportError

TMP_MARK = ".reader-tmp"


def check_target(path: Path, force: bool) -> None:
    """Raise ExportError if ``path`` cannot be an export target (checked again on write)."""
    if path.is_dir():
        raise ExportError(f"{path}: is a directory; give a file name")
    if not path.parent.is_dir():
        raise ExportError(f"{path}: the folder {path.parent} does not exist")
    if path.exists() and not force:
        raise ExportError(f"{path}: already exists (use --force to overwrite it)")


def _sweep_stale(path: Path) -> None:
    """Remove our own temporary files left behind by exports that were killed (to any
    name in this folder): marked ones once their process is gone, unmarked after an hour."""
    leftovers.sweep(path.parent, f".*{TMP_MARK}", unmarked_after=3600.0)


def atomic_write(path: Path, fill: Callable[[Path], None], force: bool = False) -> Path:
    """Call ``fill(tmp)`` to write a temporary file beside ``path``, then move it in place.

    Without ``force`` the final step is a hard link, which fails if ``path`` appeared in
    the meantime, so even a race never overwrites someone's file.
    """
    path = Path(path)
    check_target(path, force)
    _sweep_stale(path)
    try:
        fd, tmp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}{leftovers.tag()}", suffix=TMP_MARK
        )
    except OSError as exc:
        raise ExportError(f"{path}: cannot write in {path.parent} ({exc.strerror or exc})") from exc
    tmp = Path(tmp_name)
    try:
        os.close(fd)
        fill(tmp)
        with open(tmp, "rb+") as fh:
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError as exc:
                raise ExportError(f"{path}: already exists (use --force to overwrite it)") from exc
            except OSError:  # a file system without hard links
                if path.exists():
                    raise ExportError(
                        f"{path}: already exists (use --force to overwrite it)"
                    ) from None
                os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        raise ExportError(f"{path}: cannot be written ({exc.strerror or exc})") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path


def replace_file(path: Path, data: bytes, sync: bool = False) -> None:
    """Write one of the program's own files (a cache, the settings) whole or not at all,
    replacing what is there. Raises OSError and leaves no temporary file behind; one
    left by a killed writer carries its pid, for ``leftovers.sweep``. ``sync`` also
    flushes it to disk before it takes the old file's place (what the learner chose)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=leftovers.tag(), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask, read without changing it where the system allows.

    ``os.umask(0)`` then back is the portable way, but for that moment every file another
    thread creates (the app saves and analyses in threads) would be world-writable; Linux
    reports the mask in ``/proc/self/status``.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
