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
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

from reader import paths
from reader.core.entry import CompoundPart, GlossaryEntry, Reading
from reader.core.reading import display_name
from reader.core.text import has_controls, sanitize
from reader.errors import StoreError

DB_NAME = "reader.db"
STATUSES = ("unknown", "learning", "known", "ignored")
BUSY_TIMEOUT_MS = 30_000


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


# -- schema ------------------------------------------------------------------------------

# Each migration takes the schema from version i to i + 1 and runs inside one transaction.


def _v1(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE words (lemma TEXT PRIMARY KEY, status TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE saved (lemma TEXT NOT NULL, source TEXT NOT NULL, entry TEXT NOT NULL,"
        " created REAL NOT NULL, PRIMARY KEY (lemma, source))"
    )
    db.execute(
        "CREATE TABLE positions (doc_key TEXT PRIMARY KEY, section INTEGER NOT NULL,"
        " paragraph INTEGER NOT NULL)"
    )


def _v2(db: sqlite3.Connection) -> None:
    """Context sentence and timestamps everywhere; an index for per-document lookups."""
    db.execute("ALTER TABLE words ADD COLUMN updated REAL NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE saved ADD COLUMN context TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE saved ADD COLUMN updated REAL NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE positions ADD COLUMN updated REAL NOT NULL DEFAULT 0")
    db.execute("UPDATE saved SET updated = created")
    for rowid, raw in db.execute("SELECT rowid, entry FROM saved").fetchall():
        try:
            context = json.loads(raw).get("example", "")
        except (ValueError, AttributeError):
            context = ""
        db.execute("UPDATE saved SET context = ? WHERE rowid = ?", (str(context), rowid))
    db.execute("CREATE INDEX saved_source ON saved (source, updated)")


def _v3(db: sqlite3.Connection) -> None:
    """The library: every text opened, its outline and word counts (``reader.core.library``)."""
    from reader.core.library import create_tables

    create_tables(db)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3]
SCHEMA_VERSION = len(MIGRATIONS)


# -- the store ---------------------------------------------------------------------------


class Store:
    """One open store. Safe to share between threads; open one per process."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else paths.data_dir() / DB_NAME
        self.warnings: list[str] = []
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._prepare_dir()
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):
                raise self._error(exc) from exc
            backup = self._move_aside(exc)
            self.warnings.append(
                f"the word store {self.path} was damaged ({exc}); it was kept as {backup} "
                "and a new, empty store was started"
            )
            try:
                self._db = self._open()
            except sqlite3.Error as exc2:
                raise self._error(exc2) from exc2

    # opening -------------------------------------------------------------------------

    def _prepare_dir(self) -> None:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the data directory {folder}: {exc.strerror or exc}"
            ) from exc
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError(
                f"the data directory {folder} is read-only; the word store needs to write "
                "there (set READER_HOME to a writable folder)"
            )
        if self.path.exists() and not os.access(self.path, os.R_OK | os.W_OK):
            raise StoreError(f"the word store {self.path} is not readable and writable")

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = _switch_to_wal(db)
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"cannot switch to WAL mode (got {mode})")
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed: {check}")
            self._migrate(db)
        except BaseException:
            db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the word store {self.path} was written by a newer reader (schema "
                f"{version}, this one knows {SCHEMA_VERSION}); update reader to use it"
            )
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            self._backup_before_migration(db, version)
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                MIGRATIONS[number](db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _backup_before_migration(self, db: sqlite3.Connection, version: int) -> None:
        target = self.path.with_name(f"{self.path.name}.v{version}-backup")
        if target.exists():
            return
        copy = sqlite3.connect(target)
        try:
            db.backup(copy)
        finally:
            copy.close()

    def _move_aside(self, exc: Exception) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while backup.exists():
            n += 1
            backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            os.replace(self.path, backup)
            for suffix in ("-wal", "-shm"):
                side = Path(f"{self.path}{suffix}")
                if side.exists():
                    os.replace(side, Path(f"{backup}{suffix}"))
        except OSError as err:
            raise StoreError(
                f"the word store {self.path} is damaged ({exc}) and could not be moved "
                f"aside: {err.strerror or err}"
            ) from err
        return backup

    def _error(self, exc: sqlite3.Error) -> StoreError:
        text = str(exc)
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return StoreError(f"the word store {self.path} cannot be written: {text}")
        return StoreError(f"the word store {self.path}: {text}")

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
                raise self._error(exc) from exc
            try:
                yield db
                db.execute("COMMIT")
            except BaseException as exc:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc) from exc
                raise

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self.db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise self._error(exc) from exc

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


def _switch_to_wal(db: sqlite3.Connection) -> str:
    """``PRAGMA journal_mode = WAL``, waiting while another process holds the lock.

    SQLite does not call the busy handler for this switch, so two instances creating a new
    store at the same moment would otherwise see "database is locked".
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return str(db.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """Damage to the file itself, as opposed to locking or permission trouble."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and "malformed" not in text:
        return False
    return any(s in text for s in ("not a database", "malformed", "corrupt", "encrypted"))
