"""The learner's data: word status, saved glossary entries, reading positions — in SQLite.

Months of vocabulary live here, so the file is treated with care:

- WAL mode and a busy timeout, and every write is one ``BEGIN IMMEDIATE`` transaction made
  of upserts (never read-then-write in Python), so two running instances — threads or
  processes — serialise their writes and lose no update.
- ``synchronous=FULL``: a ``kill -9`` (or a power cut) mid-save leaves a consistent file.
- The schema is versioned with ``PRAGMA user_version`` and a list of migrations; before a
  migration runs, the old file is copied aside, so a failed upgrade costs nothing.
- A file SQLite cannot read is never wiped: it is renamed to a timestamped backup, a
  fresh store is started, and ``Store.warnings`` tells the caller what to show the user.
- A data directory that cannot be written gives a ``StoreError`` with one clear line.

Opening the file (pragmas, checks, migrations, damage) is ``reader.core.store_file``; this
module holds what is read and written once it is open. ``MIGRATIONS``, ``SCHEMA_VERSION``
and ``BUSY_TIMEOUT_MS`` are re-exported from there.

Saved entries are kept per *source* (``source_id(path)``: the resolved path), so they
survive an edit of the file; reading positions are kept per ``document_key(path, text)``
(path plus content hash), because a paragraph index means nothing once the text changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

from reader import paths
from reader.core.entry import CompoundPart, GlossaryEntry, Reading
from reader.core.reading import display_name
from reader.core.store_file import (
    BUSY_TIMEOUT_MS,
    MIGRATIONS,
    SCHEMA_VERSION,
    open_store_file,
    store_error,
)
from reader.core.text import has_controls, sanitize
from reader.errors import StoreError

__all__ = [
    "BUSY_TIMEOUT_MS",
    "DB_NAME",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STATUSES",
    "Store",
    "document_key",
    "entry_from_dict",
    "entry_to_dict",
    "source_id",
]

DB_NAME = "reader.db"
STATUSES = ("unknown", "learning", "known", "ignored")


# -- document identity -------------------------------------------------------------------


def source_id(path: str | os.PathLike[str]) -> str:
    """The key saved entries are filed under: the document's resolved path, in the form
    ``Document.source`` holds it (``display_name``: undecodable bytes as ``\\xNN``, no
    escape sequences), so the app (which has the Document) and ``reader export`` (which has
    the path typed) file a text under the same key."""
    return display_name(Path(path).expanduser().resolve())


def document_key(path: str | os.PathLike[str], text: str) -> str:
    """Resolved path plus a hash of the content: the key for a reading position."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{source_id(path)}#{digest}"


# -- entries <-> JSON ----------------------------------------------------------------------


def entry_to_dict(entry: GlossaryEntry) -> dict[str, Any]:
    """A JSON-ready dict of every field (compound parts and readings as dicts)."""
    out: dict[str, Any] = {}
    for f in fields(GlossaryEntry):
        value = getattr(entry, f.name)
        if f.name == "compound":
            value = [{"text": p.text, "gloss": p.gloss, "linking": p.linking} for p in value]
        elif f.name == "readings":
            value = [{"lemma": r.lemma, "pos": r.pos, "gloss": r.gloss} for r in value]
        elif f.name == "translations":
            value = list(value)
        elif f.name == "extra":
            value = dict(value)
        out[f.name] = value
    return out


def entry_from_dict(data: dict[str, Any]) -> GlossaryEntry:
    """The inverse of ``entry_to_dict``; unknown keys (from a newer version) are ignored."""
    known = {f.name for f in fields(GlossaryEntry)}
    kwargs = {k: v for k, v in data.items() if k in known}
    kwargs["compound"] = tuple(
        CompoundPart(str(p.get("text", "")), str(p.get("gloss", "")), str(p.get("linking", "")))
        for p in kwargs.get("compound") or ()
    )
    kwargs["readings"] = tuple(
        Reading(str(r.get("lemma", "")), str(r.get("pos", "")), str(r.get("gloss", "")))
        for r in kwargs.get("readings") or ()
    )
    kwargs["translations"] = tuple(str(t) for t in kwargs.get("translations") or ())
    kwargs["extra"] = {str(k): str(v) for k, v in (kwargs.get("extra") or {}).items()}
    kwargs.setdefault("word", kwargs.get("lemma", ""))
    kwargs.setdefault("lemma", kwargs["word"])
    kwargs.setdefault("pos", "X")
    return GlossaryEntry(**_sanitised(kwargs))


def _sanitised(value: Any) -> Any:
    """Saved entries are shown and exported: text stored by an older version (or written
    into the file by anyone) passes the one sanitiser on the way out."""
    if isinstance(value, str):
        return sanitize(value) if has_controls(value) else value
    if isinstance(value, dict):
        return {k: _sanitised(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_sanitised(v) for v in value)
    if isinstance(value, CompoundPart | Reading):
        return type(value)(*(_sanitised(getattr(value, f.name)) for f in fields(value)))
    return value


# -- the store ---------------------------------------------------------------------------


class Store:
    """One open store. Safe to share between threads; open one per process."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else paths.data_dir() / DB_NAME
        self.warnings: list[str] = []
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._db = open_store_file(self.path, self.warnings)

    # plumbing ------------------------------------------------------------------------

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreError("the word store is closed")
        return self._db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (IMMEDIATE) so it cannot deadlock."""
        with self._lock:
            db = self.db
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise store_error(self.path, exc) from exc
            try:
                yield db
                db.execute("COMMIT")
            except BaseException as exc:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise store_error(self.path, exc) from exc
                raise

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self.db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise store_error(self.path, exc) from exc

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction for modules with their own tables (library, known words)."""
        return self._write()

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of one read (errors become a ``StoreError``)."""
        return self._read(sql, params)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])

    # word status ---------------------------------------------------------------------

    def set_status(self, lemma: str, status: str) -> None:
        """Record what the learner thinks of a lemma; ``unknown`` forgets it."""
        if status not in STATUSES:
            raise StoreError(f"unknown word status {status!r} (one of {', '.join(STATUSES)})")
        with self._write() as db:
            if status == "unknown":
                db.execute("DELETE FROM words WHERE lemma = ?", (lemma,))
            else:
                db.execute(
                    "INSERT INTO words (lemma, status, updated) VALUES (?, ?, ?)"
                    " ON CONFLICT (lemma) DO UPDATE SET status = excluded.status,"
                    " updated = excluded.updated",
                    (lemma, status, time.time()),
                )

    def status(self, lemma: str) -> str:
        rows = self._read("SELECT status FROM words WHERE lemma = ?", (lemma,))
        return rows[0][0] if rows else "unknown"

    def statuses(self) -> dict[str, str]:
        """Every lemma with a status other than unknown."""
        return dict(self._read("SELECT lemma, status FROM words"))  # type: ignore[arg-type]

    def lemmas_with(self, status: str) -> frozenset[str]:
        return frozenset(
            r[0] for r in self._read("SELECT lemma FROM words WHERE status = ?", (status,))
        )

    def known_lemmas(self) -> frozenset[str]:
        return self.lemmas_with("known")

    # saved entries -------------------------------------------------------------------

    def save_entry(self, entry: GlossaryEntry, source: str) -> None:
        """Save (or update) the entry for ``entry.lemma`` in document ``source``."""
        payload = json.dumps(entry_to_dict(entry), ensure_ascii=False)
        now = time.time()
        with self._write() as db:
            db.execute(
                "INSERT INTO saved (lemma, source, entry, context, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (lemma, source) DO UPDATE SET"
                " entry = excluded.entry, context = excluded.context,"
                " updated = excluded.updated",
                (entry.lemma, source, payload, entry.example, now, now),
            )

    def remove_entry(self, lemma: str, source: str) -> bool:
        """Forget a saved entry; True if there was one."""
        with self._write() as db:
            cur = db.execute("DELETE FROM saved WHERE lemma = ? AND source = ?", (lemma, source))
            return cur.rowcount > 0

    def is_saved(self, lemma: str, source: str) -> bool:
        return bool(
            self._read("SELECT 1 FROM saved WHERE lemma = ? AND source = ?", (lemma, source))
        )

    def saved_entries(self, source: str | None = None) -> list[GlossaryEntry]:
        """Saved entries in the order they were first saved (of one document, or all)."""
        if source is None:
            rows = self._read("SELECT entry FROM saved ORDER BY created, rowid")
        else:
            rows = self._read(
                "SELECT entry FROM saved WHERE source = ? ORDER BY created, rowid", (source,)
            )
        out = []
        for (raw,) in rows:
            try:
                out.append(entry_from_dict(json.loads(raw)))
            except (ValueError, TypeError, AttributeError, KeyError) as exc:
                # Never silent: the caller shows Store.warnings (take_warnings) to the learner.
                self.warnings.append(f"a saved entry could not be read and was skipped: {exc}")
        return out

    def take_warnings(self) -> list[str]:
        """The warnings not shown yet (damage found at open, entries skipped on read)."""
        with self._lock:
            taken, self.warnings[:] = list(self.warnings), []
        return taken

    def sources(self) -> list[str]:
        """Every document with saved entries."""
        return [r[0] for r in self._read("SELECT DISTINCT source FROM saved ORDER BY source")]

    # reading positions ---------------------------------------------------------------

    def position(self, doc_key: str) -> tuple[int, int] | None:
        rows = self._read("SELECT section, paragraph FROM positions WHERE doc_key = ?", (doc_key,))
        return (int(rows[0][0]), int(rows[0][1])) if rows else None

    def set_position(self, doc_key: str, section: int, paragraph: int) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO positions (doc_key, section, paragraph, updated) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (doc_key) DO UPDATE SET section = excluded.section,"
                " paragraph = excluded.paragraph, updated = excluded.updated",
                (doc_key, int(section), int(paragraph), time.time()),
            )

    def integrity_check(self) -> str:
        """``ok`` or SQLite's description of the damage."""
        return "\n".join(str(r[0]) for r in self._read("PRAGMA integrity_check"))
