"""Opening the word store's SQLite file, and bringing its schema up to date.

Split from ``reader.core.store`` because this is a job of its own: getting a sound
connection to a file that holds months of vocabulary, that another instance may be opening
at the same moment, and that an older (or newer) reader, a crash or a full disk may have
left behind. ``Store`` then only reads and writes the learner's data through it.

- WAL mode, ``synchronous=FULL`` and a busy timeout, set on every connection.
- The schema is versioned with ``PRAGMA user_version`` and a list of migrations, run in one
  ``BEGIN IMMEDIATE`` transaction; before a migration runs, the old file is copied aside,
  so a failed upgrade costs nothing.
- A file SQLite cannot read is never wiped: it is renamed to a timestamped backup and a
  fresh store is started, with a warning for the caller to show.
- A data directory that cannot be written gives a ``StoreError`` with one clear line, and so
  does any SQLite error (``store_error``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from reader.errors import StoreError

BUSY_TIMEOUT_MS = 30_000


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


# -- opening -----------------------------------------------------------------------------


def open_store_file(path: Path, warnings: list[str]) -> sqlite3.Connection:
    """A connection to the store at ``path``, migrated to ``SCHEMA_VERSION``.

    A damaged file is moved aside and a new one started; what happened is appended to
    ``warnings``. Everything else that goes wrong is a ``StoreError``.
    """
    prepare_dir(path)
    try:
        return connect(path)
    except sqlite3.DatabaseError as exc:
        if not is_corruption(exc):
            raise store_error(path, exc) from exc
        backup = move_aside(path, exc)
        warnings.append(
            f"the word store {path} was damaged ({exc}); it was kept as {backup} "
            "and a new, empty store was started"
        )
        try:
            return connect(path)
        except sqlite3.Error as exc2:
            raise store_error(path, exc2) from exc2


def prepare_dir(path: Path) -> None:
    """The data directory exists and can be written, and so can the file if it exists."""
    folder = path.parent
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
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"the word store {path} is not readable and writable")


def connect(path: Path) -> sqlite3.Connection:
    """Open, set WAL / FULL sync / busy timeout, check the file quickly, migrate."""
    db = sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = switch_to_wal(db)
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"cannot switch to WAL mode (got {mode})")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed: {check}")
        migrate(db, path)
    except BaseException:
        db.close()
        raise
    return db


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Run the migrations the file lacks, in one transaction, after a backup copy."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the word store {path} was written by a newer reader (schema "
            f"{version}, this one knows {SCHEMA_VERSION}); update reader to use it"
        )
    if version == SCHEMA_VERSION:
        return
    if version > 0:
        backup_before_migration(db, path, version)
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


def backup_before_migration(db: sqlite3.Connection, path: Path, version: int) -> None:
    target = path.with_name(f"{path.name}.v{version}-backup")
    if target.exists():
        return
    copy = sqlite3.connect(target)
    try:
        db.backup(copy)
    finally:
        copy.close()


def move_aside(path: Path, exc: Exception) -> Path:
    """Rename a damaged file (and its -wal / -shm) to a timestamped backup; return its name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        os.replace(path, backup)
        for suffix in ("-wal", "-shm"):
            side = Path(f"{path}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{backup}{suffix}"))
    except OSError as err:
        raise StoreError(
            f"the word store {path} is damaged ({exc}) and could not be moved "
            f"aside: {err.strerror or err}"
        ) from err
    return backup


def store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """SQLite's complaint about the store at ``path`` as one clear line."""
    text = str(exc)
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StoreError(f"the word store {path} cannot be written: {text}")
    return StoreError(f"the word store {path}: {text}")


def switch_to_wal(db: sqlite3.Connection) -> str:
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


def is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """Damage to the file itself, as opposed to locking or permission trouble."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and "malformed" not in text:
        return False
    return any(s in text for s in ("not a database", "malformed", "corrupt", "encrypted"))
