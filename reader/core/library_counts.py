"""Per-text lexeme counts for the library, in a SQLite file of their own beside the store.

Why a file of its own: a library of novels holds about a million (lexeme, text, band,
count) rows, and the store runs ``PRAGMA quick_check`` at every start, which costs time in
proportion to its rows (0.35 s for a million here): every ``reader FILE`` would pay for the
library. The counts are derived data (any finished analysis rebuilds a text's counts), so
they need no such check: a file SQLite cannot read is replaced by an empty one, and the
library then forgets its figures until each text is analysed again (see ``identity``).

Only the library's known-share bookkeeping reads them: when a word's status changes, the
counts say which texts it occurs in, how often and in which band.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

FILE = "library-counts.db"
BUSY_TIMEOUT_MS = 30_000
_CHUNK = 500  # lexemes per IN (...) query


class Counts:
    """The open counts file of one store (``folder`` is the store's folder)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE
        try:
            self.db = self._open()
        except sqlite3.DatabaseError:
            for suffix in ("", "-wal", "-shm"):  # derived data: start again, never fail
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("BEGIN IMMEDIATE")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS text_lexemes (lexeme TEXT NOT NULL,"
                " text INTEGER NOT NULL, band INTEGER NOT NULL, count INTEGER NOT NULL,"
                " PRIMARY KEY (lexeme, text, band)) WITHOUT ROWID"
            )
            db.execute("CREATE INDEX IF NOT EXISTS text_lexemes_source ON text_lexemes (text)")
            db.execute("INSERT OR IGNORE INTO meta VALUES ('identity', ?)", (uuid.uuid4().hex,))
            db.execute("COMMIT")
        except BaseException:
            db.close()
            raise
        return db

    @property
    def identity(self) -> str:
        """Changes whenever the file is started anew, so the store can tell that the
        counts its figures rest on are gone."""
        return str(self.db.execute("SELECT value FROM meta WHERE key = 'identity'").fetchone()[0])

    def replace(self, text: int, lexemes: dict[tuple[int, str], int]) -> None:
        """The counts of a text (its id in the store's ``texts``), (band, lexeme) ->
        occurrences, in one transaction."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("DELETE FROM text_lexemes WHERE text = ?", (text,))
            self.db.executemany(
                "INSERT INTO text_lexemes (lexeme, text, band, count) VALUES (?, ?, ?, ?)",
                ((lex, text, band, n) for (band, lex), n in lexemes.items()),
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def drop(self, text: int | None = None) -> None:
        """Forget one text's counts, or (None) every text's."""
        if text is None:
            self.db.execute("DELETE FROM text_lexemes")
        else:
            self.db.execute("DELETE FROM text_lexemes WHERE text = ?", (text,))

    def postings(self, lexemes: Iterable[str]) -> list[tuple[str, int, int, int]]:
        """(lexeme, text, band, count) of every text each lexeme occurs in."""
        items = list(dict.fromkeys(lexemes))
        out: list[tuple[str, int, int, int]] = []
        for start in range(0, len(items), _CHUNK):
            chunk = items[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            out += self.db.execute(
                f"SELECT lexeme, text, band, count FROM text_lexemes WHERE lexeme IN ({marks})",
                chunk,
            ).fetchall()
        return out

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Counts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- the store's side: the log of word changes, and applying it ---------------------------


def _log_trigger(name: str, event: str, row: str, delta: int) -> str:
    return (
        f"CREATE TRIGGER {name} AFTER {event} ON words WHEN {row}.status = 'known' BEGIN"
        f" INSERT INTO known_log (lemma, delta) VALUES ({row}.lemma, {delta}); END"
    )


def create_log(db: sqlite3.Connection) -> None:
    """The log of changes to known words, kept by triggers on ``words`` (schema 3)."""
    db.execute(
        "CREATE TABLE known_log (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
        " lemma TEXT NOT NULL, delta INTEGER NOT NULL)"
    )
    db.execute("CREATE TABLE library_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(_log_trigger("words_known_added", "INSERT", "NEW", 1))
    db.execute(_log_trigger("words_known_removed", "DELETE", "OLD", -1))
    db.execute(_log_trigger("words_known_left", "UPDATE OF status, lemma", "OLD", -1))
    db.execute(_log_trigger("words_known_came", "UPDATE OF status, lemma", "NEW", 1))


def last_seq(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'known_log'").fetchone()
    return int(row[0]) if row else 0


def counts_for(store: Any) -> Counts:
    """The counts file, checked against the store: if it was started anew (lost, damaged),
    the figures resting on the old one are dropped, to be recomputed at the next analysis."""
    counts = Counts(Path(store.path).parent)
    identity = counts.identity
    if store.query("SELECT value FROM library_state WHERE key = 'counts'") != [(identity,)]:
        counts.drop()  # rows of another store's texts
        with store.transaction() as db:
            db.execute("DELETE FROM text_bands")
            db.execute(
                "UPDATE texts SET analysed_key = NULL, level = NULL, score = NULL, running = 0"
            )
            db.execute("DELETE FROM known_log")
            db.execute("INSERT OR REPLACE INTO library_state VALUES ('counts', ?)", (identity,))
    return counts


def apply_known_changes(store: Any) -> int:
    """Bring every text's known sums up to date with the logged word changes; returns
    how many changes were applied."""
    if not store.query("SELECT 1 FROM known_log LIMIT 1"):
        return 0
    with counts_for(store) as counts, store.transaction() as db:
        log = db.execute("SELECT seq, lemma, delta FROM known_log ORDER BY seq").fetchall()
        if not log:  # applied meanwhile, or dropped with the figures of a lost counts file
            return 0
        texts = dict(db.execute("SELECT id, known_seq FROM texts WHERE analysed_key = doc_key"))
        by_lemma: dict[str, list[tuple[int, int]]] = {}
        for seq, lemma, delta in log:
            by_lemma.setdefault(lemma, []).append((seq, delta))
        change: Counter[tuple[int, int]] = Counter()
        for lemma, text, band, count in counts.postings(by_lemma):
            if text not in texts:
                continue
            since = texts[text]
            net = sum(delta for seq, delta in by_lemma[lemma] if seq > since)
            if net:
                change[(text, band)] += net * count
        db.executemany(
            "UPDATE text_bands SET known = known + ? WHERE text = ? AND band = ?",
            ((n, text, band) for (text, band), n in change.items() if n),
        )
        last = log[-1][0]
        db.execute("UPDATE texts SET known_seq = ? WHERE known_seq < ?", (last, last))
        db.execute("DELETE FROM known_log WHERE seq <= ?", (last,))
    return len(log)
