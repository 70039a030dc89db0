"""Big read-only lookup tables, derived once from installed packages, kept in SQLite.

The word-frequency list (634,000 forms) and the Wiktionary noun tables are looked up a
few thousand times per article but would cost about 130 MB and a second to hold in Python
dicts. So each is extracted once into a SQLite file in the cache directory (named after
the source package's version and our format) and answered from there: opening costs
nothing, a lookup a few microseconds, and the operating system shares the pages.

A table file is written under a temporary name and renamed into place, with a ``meta``
row that records how many rows it holds; a file that is missing, damaged, or incomplete is
rebuilt, never trusted. When the cache directory cannot be written, the table is built in
memory (slower to start, same answers). Connections are opened lazily per process, so
worker processes never share one, and guarded by a lock for the app's worker threads.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from reader.paths import tables_dir

Rows = Iterable[tuple[str, str]]
_GET = "SELECT v FROM kv WHERE k = ?"


class Table:
    """A ``str -> str`` table built by ``build`` on first use and stored at ``name``."""

    def __init__(self, name: str | Callable[[], str], build: Callable[[], Rows]) -> None:
        self._name = name
        self._build = build
        self._lock = threading.Lock()
        self._con: sqlite3.Connection | None = None
        self._pid = -1

    @property
    def name(self) -> str:
        """The file name (computed on first use when given as a function)."""
        if callable(self._name):
            self._name = self._name()
        return self._name

    @property
    def path(self) -> Path:
        return tables_dir() / self.name

    def get(self, key: str) -> str | None:
        with self._lock:
            try:
                row = self._connection().execute(_GET, (key,)).fetchone()
            except sqlite3.DatabaseError:  # damaged since it was opened: rebuild it once
                self._discard()
                row = self._connection().execute(_GET, (key,)).fetchone()
        return row[0] if row else None

    def items(self) -> Iterator[tuple[str, str]]:
        """Every row, in key order (for scripts that derive further data)."""
        return iter(self._query("SELECT k, v FROM kv ORDER BY k", ()))

    def _query(self, sql: str, args: tuple) -> list:
        with self._lock:
            try:
                return self._connection().execute(sql, args).fetchall()
            except sqlite3.DatabaseError:  # damaged since it was opened: rebuild it once
                self._discard()
                return self._connection().execute(sql, args).fetchall()

    def _discard(self) -> None:
        if self._con is not None:
            self._con.close()
        self._con = None
        self.path.unlink(missing_ok=True)

    def close(self) -> None:
        with self._lock:
            if self._con is not None and self._pid == os.getpid():
                self._con.close()
            self._con = None

    def _connection(self) -> sqlite3.Connection:
        if self._con is not None and self._pid == os.getpid():
            return self._con
        self._con = self._open_or_build()
        self._pid = os.getpid()
        return self._con

    def _open_or_build(self) -> sqlite3.Connection:
        path = self.path
        con = _open_valid(path)
        if con is not None:
            return con
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            os.close(fd)
        except OSError:
            return _fill(sqlite3.connect(":memory:", check_same_thread=False), self._build())
        try:
            con = sqlite3.connect(tmp)
            con.execute("PRAGMA journal_mode = OFF")  # a fresh private file: nothing to roll back
            con.execute("PRAGMA synchronous = OFF")
            _fill(con, self._build()).close()
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())  # on disk before it takes the real name
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        con = _open_valid(path)
        if con is None:  # written but unreadable (a full disk?): answer from memory instead
            return _fill(sqlite3.connect(":memory:", check_same_thread=False), self._build())
        return con


def _fill(con: sqlite3.Connection, rows: Rows) -> sqlite3.Connection:
    with con:
        con.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")
        con.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
        # the last value of a key wins; inserting in key order fills the B-tree fastest
        con.executemany("INSERT INTO kv VALUES (?, ?)", sorted(dict(rows).items()))
        (count,) = con.execute("SELECT count(*) FROM kv").fetchone()
        con.execute("INSERT INTO meta VALUES ('rows', ?)", (str(count),))
    return con


def _open_valid(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to ``path`` if it holds a complete table, else None."""
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        # written in the same transaction as the rows, after them: present means complete
        (rows,) = con.execute("SELECT v FROM meta WHERE k = 'rows'").fetchone()
        if int(rows) > 0:
            return con
    except (sqlite3.Error, TypeError, ValueError):
        pass
    con.close()
    return None
