"""The SQLite index a dictionary is imported into once, then looked up in microseconds.

Import streams the source file (plain or gzip), parses it line by line and inserts the
records with ``executemany`` in batches, so memory stays bounded whatever the size. It
builds into a temporary file beside the target and ``os.replace``s it into place: an
interrupted import leaves the old index (or none), never half of one. Lookups go through
one index on the normalised key; one read-only connection is shared under a lock, so the
UI's worker threads may look up too.
"""

from __future__ import annotations

import gzip
import io
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reader.core.dictionary.records import Malformed, Record, normalise
from reader.errors import DictionaryError

Progress = Callable[[int, int], None]  # (bytes done, bytes total)
Parser = Callable[[Iterable[str]], Iterator["Record | Malformed"]]
SCHEMA_VERSION = "4"  # bump when a parser changes: indexes are rebuilt
_BATCH = 5000
_SEP = "\x1f"


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
        yield from text
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
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=target.stem, suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
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
                        errors.append(f"line {item.line}: {item.reason}")
                    continue
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
            raise DictionaryError(f"{source}: no dictionary entries found")
        os.replace(tmp, target)
    except OSError as exc:
        raise DictionaryError(f"cannot import {source}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:  # pragma: no cover - errors="replace" prevents it
        raise DictionaryError(f"cannot import {source}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return stats


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
            raise DictionaryError(f"{path} is not a dictionary index (re-import it)")
        self.path = path
        self.meta = meta
        self.name = meta.get("name", path.stem)
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
            Hit(h, tuple(g.split(_SEP)), p, gd, r, self.name, lb, nt, a)
            for h, g, p, gd, r, lb, nt, a in rows
        ]

    def __len__(self) -> int:
        return int(self.meta.get("entries", "0"))

    def close(self) -> None:
        with self._lock:
            self._con.close()
