"""The library: every text the learner has opened, with progress, level and known share.

Why: a learner keeps several texts going and chooses the next by how hard it is. The
library answers "where was I, and which text suits me" without re-analysing anything:

- When a text is opened (``record_open``) its identity, title, author and outline
  (paragraphs per section) are written to the ``texts`` table. The reading position is not
  copied: the app already saves it in ``positions`` under the text's ``document_key``, and
  the library reads it from there.
- When an analysis of the whole text is finished (fresh, or read back from the analysis
  cache), ``record_analysis`` stores its CEFR estimate (``reader.core.difficulty``), its
  number of running words, and per band (A2..C2) how many running words it has and how
  many of those have a lexeme marked known (``text_bands``). How often each lexeme occurs
  goes to a file of its own (``reader.core.library_counts``: a million rows for a library
  of novels, which the store's start-up check must not pay for).
- Every change of a word's status, by whoever makes it (``m`` in the app, ``reader known
  import``), is logged by triggers on ``words`` (``known_log``); before the library is
  read, the pending changes are applied to ``text_bands`` with the counts. So the known
  share of every text at any level is a few rows per text, without re-analysing anything.

Definitions (also in the README):

- *running words*: tokens with a letter in them that are not punctuation and not part of a
  name (names are neither known nor unknown vocabulary).
- *known share* at level L: running words whose lexeme the learner marked known (``m``, or
  ``reader known import``), or whose rarity band is at or below L, or that get no band at
  all (function words); divided by the running words. Equivalently: one minus the share of
  running words the reading app would highlight as rare at level L.
- *progress*: the paragraph the text reopens at (1-based, 0 if never opened) of the number
  of paragraphs, and ``floor(100 * paragraph / paragraphs)`` percent.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.library_counts import apply_known_changes, counts_for, create_log, last_seq
from reader.core.model import LEVELS, Document, Paragraph, Token

SORTS = ("opened", "title", "progress", "known", "level")
COLUMNS = ("Title", "Author", "Progress", "Known", "Level", "Last opened")
MAX_TITLE = 44
MAX_AUTHOR = 24


def create_tables(db: sqlite3.Connection) -> None:
    """Schema version 3 (run by ``reader.core.store`` inside its migration transaction)."""
    db.execute(
        "CREATE TABLE texts (id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL UNIQUE,"
        " doc_key TEXT NOT NULL, title TEXT NOT NULL, author TEXT, sections TEXT NOT NULL,"
        " paragraphs INTEGER NOT NULL, added REAL NOT NULL, opened REAL,"
        " analysed_key TEXT, level TEXT, score REAL, running INTEGER NOT NULL DEFAULT 0,"
        " known_seq INTEGER NOT NULL DEFAULT 0)"
    )
    db.execute(
        "CREATE TABLE text_bands (text INTEGER NOT NULL REFERENCES texts (id)"
        " ON DELETE CASCADE, band INTEGER NOT NULL, words INTEGER NOT NULL,"
        " known INTEGER NOT NULL, PRIMARY KEY (text, band)) WITHOUT ROWID"
    )
    create_log(db)


# -- figures of one analysed text --------------------------------------------------------


def lexeme(token: Token) -> str:
    """What ``m`` marks known for a token: the joined separable verb, else the lemma
    (the same rule as ``reader.ui.highlight.lexeme``)."""
    return token.verb_lemma or token.lemma


def is_running_word(token: Token) -> bool:
    return not token.ent and token.pos != "PUNCT" and any(ch.isalpha() for ch in token.text)


@dataclass(frozen=True, slots=True)
class TextFigures:
    """What the library keeps of one analysed text."""

    running: int
    lexemes: dict[tuple[int, str], int]  # (band index 1..5, lexeme) -> occurrences
    level: str
    score: float


def figures(paragraphs: Iterable[Paragraph]) -> TextFigures:
    from reader.core.difficulty import estimate

    items = list(paragraphs)
    counts: Counter[tuple[int, str]] = Counter()
    running = 0
    for p in items:
        for t in p.tokens:
            if not is_running_word(t):
                continue
            running += 1
            if t.band in LEVELS and t.band != LEVELS[0]:
                counts[(LEVELS.index(t.band), lexeme(t))] += 1
    difficulty = estimate(items)
    return TextFigures(running, dict(counts), difficulty.level, difficulty.score)


# -- recording ---------------------------------------------------------------------------


def _outline(document: Document) -> str:
    return json.dumps([len(s.paragraphs) for s in document.sections])


def _title(document: Document) -> str:
    return document.title or Path(document.source).name


def record_open(
    store: Any, document: Document, opened: bool = True, now: float | None = None
) -> str:
    """Put ``document`` in the library (or refresh it); ``opened`` stamps it as read now.

    A text whose content changed since its figures were computed loses them (they are
    recomputed when its analysis next finishes). Returns the text's library key.
    """
    from reader.core.store import document_key, source_id

    source = source_id(document.source)
    key = document_key(document.source, document.text)
    stamp = time.time() if now is None else now
    author = getattr(document, "author", None) or None  # EPUB and HTML metadata, if any
    with store.transaction() as db:
        db.execute(
            "INSERT INTO texts (source, doc_key, title, author, sections, paragraphs, added,"
            " opened) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source) DO UPDATE SET"
            " doc_key = excluded.doc_key, title = excluded.title, author = excluded.author,"
            " sections = excluded.sections, paragraphs = excluded.paragraphs,"
            " opened = coalesce(excluded.opened, texts.opened)",
            (
                source,
                key,
                _title(document),
                author,
                _outline(document),
                len(document.paragraphs),
                stamp,
                stamp if opened else None,
            ),
        )
        stale = db.execute(
            "SELECT id FROM texts WHERE source = ? AND analysed_key IS NOT NULL"
            " AND analysed_key != doc_key",
            (source,),
        ).fetchone()
        if stale:
            _forget_figures(db, stale[0])
    return source


def _forget_figures(db: sqlite3.Connection, text: int) -> None:
    db.execute("DELETE FROM text_bands WHERE text = ?", (text,))
    db.execute(
        "UPDATE texts SET analysed_key = NULL, level = NULL, score = NULL, running = 0"
        " WHERE id = ?",
        (text,),
    )


def record_analysis(
    store: Any, document: Document, paragraphs: Iterable[Paragraph], again: bool = False
) -> bool:
    """Store the figures of a finished analysis of ``document`` (unless this exact text
    has them already and not ``again``); False if the text is not in the library (removed
    meanwhile) or the analysis is not of its current content."""
    from reader.core.store import document_key, source_id

    if not again and has_figures(store, document):
        return True
    source = source_id(document.source)
    key = document_key(document.source, document.text)
    row = store.query("SELECT id FROM texts WHERE source = ? AND doc_key = ?", (source, key))
    if not row:
        return False
    found = figures(paragraphs)
    with counts_for(store) as counts:
        counts.replace(row[0][0], found.lexemes)
    with store.transaction() as db:
        row = db.execute("SELECT id, doc_key FROM texts WHERE source = ?", (source,)).fetchone()
        if row is None or row[1] != key:
            return False
        text = row[0]
        # The known words and the log position are read in one transaction: changes
        # logged after it are applied to this text later, those before it never again.
        known = {r[0] for r in db.execute("SELECT lemma FROM words WHERE status = 'known'")}
        bands: dict[int, list[int]] = {}
        for (band, lex), n in found.lexemes.items():
            totals = bands.setdefault(band, [0, 0])
            totals[0] += n
            totals[1] += n if lex in known else 0
        db.execute("DELETE FROM text_bands WHERE text = ?", (text,))
        db.executemany(
            "INSERT INTO text_bands (text, band, words, known) VALUES (?, ?, ?, ?)",
            ((text, band, words, k) for band, (words, k) in bands.items()),
        )
        db.execute(
            "UPDATE texts SET analysed_key = ?, level = ?, score = ?, running = ?,"
            " known_seq = ? WHERE id = ?",
            (key, found.level, found.score, found.running, last_seq(db), text),
        )
    return True


def has_figures(store: Any, document: Document) -> bool:
    from reader.core.store import document_key, source_id

    rows = store.query(
        "SELECT analysed_key FROM texts WHERE source = ?", (source_id(document.source),)
    )
    return bool(rows) and rows[0][0] == document_key(document.source, document.text)


def record_from_cache(store: Any, document: Document) -> bool:
    """Figures from the analysis cache (read-only), if this exact text was analysed by the
    embedded pipeline before; False if there is no usable cache entry."""
    from reader.core import cache
    from reader.core.nlp.version import embedded_description

    article = cache.load(document, embedded_description())
    return article is not None and record_analysis(store, document, article.paragraphs)


def remove(store: Any, source: str) -> bool:
    """Take a text off the list (the file itself is never touched)."""
    with store.transaction() as db:
        row = db.execute("SELECT id FROM texts WHERE source = ?", (source,)).fetchone()
        if row is None:
            return False
        db.execute("DELETE FROM texts WHERE id = ?", (row[0],))
    with counts_for(store) as counts:
        counts.drop(row[0])
    return True


# -- reading the library -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One row of the library, as the screen and ``reader library`` show it."""

    source: str  # the resolved path
    title: str
    author: str | None
    paragraph: int  # reopens at this paragraph (1-based); 0 if never opened
    paragraphs: int
    progress: int  # percent
    running: int | None  # running words; None until analysed
    known_words: int | None
    level: str | None  # CEFR estimate of the text
    score: float | None
    opened: float | None  # epoch seconds
    added: float

    @property
    def known(self) -> int | None:
        """Known share in whole percent (rounded down), None until analysed."""
        if self.known_words is None or not self.running:
            return None
        return math.floor(100 * self.known_words / self.running)


def _flat(outline: list[int], section: int, paragraph: int) -> int:
    if not outline:
        return 0
    section = max(0, min(section, len(outline) - 1))
    return sum(outline[:section]) + max(0, min(paragraph, outline[section] - 1))


def entries(store: Any, level: str = "B1", sort: str = "opened") -> list[LibraryEntry]:
    """Every text in the library with its figures at the learner's ``level``: one query,
    a few rows per text (``text_bands``), however long the texts are."""
    apply_known_changes(store)
    rows = store.query(
        "SELECT t.source, t.title, t.author, t.sections, t.paragraphs, t.opened, t.added,"
        " t.analysed_key = t.doc_key, t.level, t.score, t.running, p.section, p.paragraph,"
        " (SELECT coalesce(SUM(b.words - b.known), 0) FROM text_bands b"
        "  WHERE b.text = t.id AND b.band > ?)"
        " FROM texts t LEFT JOIN positions p ON p.doc_key = t.doc_key",
        (LEVELS.index(level),),
    )
    out = []
    for row in rows:
        source, title, author, outline, total, opened, added, analysed = row[:8]
        text_level, score, running, section, para, unknown = row[8:]
        if opened is None:
            reached = 0
        elif section is None:
            reached = 1
        else:
            reached = _flat(json.loads(outline), int(section), int(para)) + 1
        reached = min(reached, total)
        progress = math.floor(100 * reached / total) if total else 0
        figures_ok = bool(analysed)
        out.append(
            LibraryEntry(
                source=source,
                title=title,
                author=author,
                paragraph=reached,
                paragraphs=total,
                progress=progress,
                running=running if figures_ok else None,
                known_words=running - unknown if figures_ok else None,
                level=text_level if figures_ok else None,
                score=score if figures_ok else None,
                opened=opened,
                added=added,
            )
        )
    return sort_entries(out, sort)


def sort_entries(items: list[LibraryEntry], sort: str) -> list[LibraryEntry]:
    """``opened``: most recent first; ``title``: A-Z; ``progress`` and ``known``: highest
    first; ``level``: easiest first. Texts without the figure go last."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r} (one of {', '.join(SORTS)})")
    missing = float("inf")
    keys: dict[str, Callable[[LibraryEntry], Any]] = {
        "opened": lambda e: (-(e.opened or 0), -e.added),
        "title": lambda e: (e.title.casefold(), e.source),
        "progress": lambda e: (-e.progress, -(e.opened or 0)),
        "known": lambda e: (-e.known if e.known is not None else missing, e.title.casefold()),
        "level": lambda e: (e.score if e.score is not None else missing, e.title.casefold()),
    }
    return sorted(items, key=keys[sort])


def when(stamp: float | None) -> str:
    """Local date and minute, as the table shows it ('' if never)."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp)) if stamp else ""


def entry_dict(e: LibraryEntry, level: str) -> dict[str, Any]:
    """The JSON of ``reader library --json`` for one text."""
    return {
        "path": e.source,
        "title": e.title,
        "author": e.author,
        "paragraph": e.paragraph,
        "paragraphs": e.paragraphs,
        "progress": e.progress,
        "known": e.known,
        "running_words": e.running,
        "known_words": e.known_words,
        "learner_level": level,
        "level": e.level,
        "score": e.score,
        "last_opened": when(e.opened) or None,
        "added": when(e.added),
    }


def fit(text: str, width: int) -> str:
    """One line of at most ``width`` characters (an ellipsis marks a cut). Titles come
    from files: control characters (terminal escapes) become U+FFFD, never output."""
    text = "".join(ch if ch.isprintable() else "\ufffd" for ch in " ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def cells(e: LibraryEntry) -> tuple[str, ...]:
    """One row of ``COLUMNS`` as plain strings (the screen wraps them in ``Text``); long
    titles and authors are cut, so the figures stay on screen (JSON has them whole)."""
    return (
        fit(e.title, MAX_TITLE),
        fit(e.author or "", MAX_AUTHOR),
        f"{e.paragraph}/{e.paragraphs} {e.progress}%",
        "" if e.known is None else f"{e.known}%",
        e.level or "",
        when(e.opened),
    )
