"""The SQLite index a dictionary is imported into once, then looked up in microseconds.

Import streams the source file (plain or gzip), parses it line by line and inserts the
records with ``executemany`` in batches, so memory stays bounded whatever the size. It
builds into a temporary file beside the target and ``os.replace``s it into place: an
interrupted import leaves the old index (or none), never half of one. Lookups go through
one index on the normalised key; one read-only connection is shared under a lock, so the
UI's worker threads may look up too.
"""

from __future__ import annotations

import atexit
import gzip
import io
import os
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from reader.core import leftovers
from reader.core.dictionary.records import Malformed, Record, normalise
from reader.core.text import clean_field, safe_for_terminal, strip_escapes
from reader.errors import DictionaryError, OutputError

Progress = Callable[[int, int], None]  # (bytes done, bytes total)
Parser = Callable[[Iterable[str]], Iterator["Record | Malformed"]]
SCHEMA_VERSION = "4"  # bump when a parser changes: indexes are rebuilt
_BATCH = 5000
_SEP = "\x1f"
_MAX_LINE = 1 << 20  # characters; the longest real entries are a few kilobytes
_TOO_LONG = "(a line longer than 1 MiB)\n"  # malformed in every format


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching headword in one dictionary."""

    headword: str
    glosses: tuple[str, ...]
    pos: str
    gender: str
    rank: int
    dictionary: str
    labels: str = ""  # the German headword's labels ("ugs. electr."), Ding only
    note: str = ""  # its explanation ("eines integrierten Schaltkreises")
    alternatives: int = 1  # " | " alternatives on its Ding line: forms and examples given


@dataclass(frozen=True, slots=True)
class ImportStats:
    entries: int
    malformed: int
    seconds: float
    first_errors: tuple[str, ...] = ()


class _Counting(io.RawIOBase):
    """Wraps the raw source file to report how many (compressed) bytes were read."""

    def __init__(self, raw: BinaryIO, callback: Callable[[int], None]) -> None:
        self._raw = raw
        self._callback = callback
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self.done += n
            self._callback(self.done)
        return n or 0


def _lines(path: Path, progress: Progress | None) -> Iterator[str]:
    total = path.stat().st_size
    last = [0]

    def report(done: int) -> None:
        if progress and (done - last[0] >= 256 * 1024 or done >= total):
            last[0] = done
            progress(done, total)

    with open(path, "rb") as raw:
        counted = io.BufferedReader(_Counting(raw, report), buffer_size=256 * 1024)
        magic = counted.peek(2)[:2]
        stream: BinaryIO = gzip.GzipFile(fileobj=counted) if magic == b"\x1f\x8b" else counted
        text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
        while line := text.readline(_MAX_LINE):
            if len(line) == _MAX_LINE and not line.endswith("\n"):
                # a line of megabytes (a broken or hostile file) is not an entry: it is
                # skipped in bounded pieces and counted as malformed by the parser
                while (rest := text.readline(_MAX_LINE)) and not rest.endswith("\n"):
                    pass
                line = _TOO_LONG
            # escape sequences go whole, before a parser splits them into harmless-looking
            # pieces ("52; c; …" from an OSC 52) that would then be stored as glosses
            yield strip_escapes(line)
    if progress:
        progress(total, total)


def build_index(
    source: Path,
    target: Path,
    parser: Parser,
    meta: dict[str, str],
    progress: Progress | None = None,
) -> ImportStats:
    """Import ``source`` with ``parser`` into a new SQLite index at ``target`` (atomically)."""
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_imports(target.parent)
    fd, tmp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f"{target.stem}{leftovers.tag()}", suffix=".tmp"
    )
    os.close(fd)
    tmp = Path(tmp_name)
    _BUILDING.add(tmp)
    entries = malformed = 0
    errors: list[str] = []
    try:
        con = sqlite3.connect(tmp)
        try:
            con.executescript(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                "CREATE TABLE entries(key TEXT NOT NULL, headword TEXT NOT NULL,"
                " pos TEXT NOT NULL, gender TEXT NOT NULL, glosses TEXT NOT NULL,"
                " rank INTEGER NOT NULL, labels TEXT NOT NULL, note TEXT NOT NULL,"
                " alternatives INTEGER NOT NULL);"
            )
            batch: list[tuple] = []
            for item in parser(_lines(source, progress)):
                if isinstance(item, Malformed):
                    malformed += 1
                    if len(errors) < 5:
                        errors.append(f"line {item.line}: {clean_field(item.reason)}")
                    continue
                if _DIRTY.search(item.headword + item.pos + item.gender + "".join(item.glosses)):
                    item = _cleaned(item)
                key = item.lookup_key()
                if not key:
                    malformed += 1
                    continue
                batch.append(
                    (
                        key,
                        item.headword,
                        item.pos,
                        item.gender,
                        _SEP.join(item.glosses),
                        item.rank,
                        item.labels,
                        item.note,
                        item.alternatives,
                    )
                )
                if len(batch) >= _BATCH:
                    con.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)", batch)
                    entries += len(batch)
                    batch.clear()
            con.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)", batch)
            entries += len(batch)
            con.execute("CREATE INDEX entries_key ON entries(key, rank)")
            stats = ImportStats(entries, malformed, time.perf_counter() - started, tuple(errors))
            full_meta = dict(
                meta,
                schema=SCHEMA_VERSION,
                entries=str(entries),
                malformed=str(malformed),
                seconds=f"{stats.seconds:.1f}",
                built=time.strftime("%Y-%m-%dT%H:%M:%S"),
            )
            con.executemany("INSERT INTO meta VALUES (?,?)", list(full_meta.items()))
            con.commit()
        finally:
            con.close()
        if entries == 0:
            raise DictionaryError(f"{safe_for_terminal(source)}: no dictionary entries found")
        os.replace(tmp, target)
    except OSError as exc:
        shown = safe_for_terminal(source)
        raise DictionaryError(f"cannot import {shown}: {exc.strerror or exc}") from exc
    except sqlite3.Error as exc:  # a full disk, a write error: "database or disk is full"
        shown = safe_for_terminal(source)
        raise OutputError(f"cannot import {shown}: {exc} (is the disk full?)") from exc
    except UnicodeDecodeError as exc:  # pragma: no cover - errors="replace" prevents it
        raise DictionaryError(f"cannot import {safe_for_terminal(source)}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
        _BUILDING.discard(tmp)
    return stats


# Anything a terminal could act on, or that would break a one-line, tab-separated output.
_DIRTY = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\u2028\u2029\ud800-\udfff]"
)


def _cleaned(record: Record) -> Record:
    """A record whose text would reach a terminal, sanitised once, at import."""
    glosses = tuple(g for g in (clean_field(g).strip() for g in record.glosses) if g)
    return replace(
        record,
        headword=clean_field(record.headword).strip(),
        glosses=glosses,
        pos=clean_field(record.pos),
        gender=clean_field(record.gender),
        key=clean_field(record.key),
        labels=clean_field(record.labels),
        note=clean_field(record.note),
    )


def _clean_hit(hit: Hit) -> Hit:
    """Indexes built before imports were sanitised: clean what leaves them, too."""
    if not _DIRTY.search(
        hit.headword
        + hit.pos
        + hit.gender
        + hit.dictionary
        + hit.labels
        + hit.note
        + "".join(hit.glosses)
    ):
        return hit
    return replace(
        hit,
        headword=clean_field(hit.headword),
        glosses=tuple(clean_field(g) for g in hit.glosses),
        pos=clean_field(hit.pos),
        gender=clean_field(hit.gender),
        dictionary=clean_field(hit.dictionary),
        labels=clean_field(hit.labels),
        note=clean_field(hit.note),
    )


_BUILDING: set[Path] = set()  # temporary files of imports running in this process


@atexit.register
def _remove_building() -> None:
    """Quitting during an import (a daemon thread) must not leave its temporary file."""
    for tmp in list(_BUILDING):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def sweep_imports(folder: Path) -> int:
    """Remove half-built indexes of imports that were killed or quit."""
    return leftovers.sweep(folder, "*.tmp")


def read_meta(path: Path, any_schema: bool = False) -> dict[str, str] | None:
    """The meta table of an index, or None if the file is not a usable index (of this
    schema, unless ``any_schema``: then of any, to re-import an outdated one)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT key, value FROM meta").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    meta = dict(rows)
    return meta if any_schema or meta.get("schema") == SCHEMA_VERSION else None


class Index:
    """An imported dictionary, opened read-only."""

    def __init__(self, path: Path) -> None:
        meta = read_meta(path)
        if meta is None:
            raise DictionaryError(
                f"{safe_for_terminal(path)} is not a dictionary index (re-import it)"
            )
        self.path = path
        self.meta = meta
        self.name = clean_field(meta.get("name", path.stem))
        self.lang = meta.get("lang", "en")  # language of the glosses
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    def lookup(self, word: str, limit: int = 24) -> list[Hit]:
        """Entries whose key is ``word`` normalised, main entries first."""
        key = normalise(word)
        with self._lock:
            rows = self._con.execute(
                "SELECT headword, glosses, pos, gender, rank, labels, note, alternatives"
                " FROM entries"
                " WHERE key = ? ORDER BY rank, rowid LIMIT ?",
                (key, limit),
            ).fetchall()
        return [
            _clean_hit(Hit(h, tuple(g.split(_SEP)), p, gd, r, self.name, lb, nt, a))
            for h, g, p, gd, r, lb, nt, a in rows
        ]

    def __len__(self) -> int:
        return int(self.meta.get("entries", "0"))

    def close(self) -> None:
        with self._lock:
            self._con.close()
