"""The Anki deck (.apkg): one note type, one deck, one card per headword.

Its own module because the .apkg is the one format that is not a text rendering: it
needs genanki (imported only when a deck is made), stable ids so that a re-export
updates the learner's deck instead of duplicating it, and a scratch SQLite collection
that is built in a private folder and zipped into the temporary file the caller moves
into place.
"""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

from reader.core import leftovers
from reader.core.entry import GlossaryEntry, gloss_text
from reader.core.export_fields import (
    ALL_GLOSSES,
    band_text,
    example_marked,
    grammar_text,
    html_line,
    word_html,
)

MODEL_NAME = "reader: German word"
ANKI_FIELDS = ("Word", "Translation", "Definition", "Grammar", "Example", "Source", "Band")
ANKI_CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: center; color: #222;
        background: #fff; }
.word { font-size: 32px; font-weight: bold; }
.article.masc { color: #1f5fbf; } .article.fem { color: #c0392b; }
.article.neut { color: #2e8b57; }
.translation { font-size: 24px; margin-top: 0.5em; }
.definition { margin-top: 0.5em; }
.grammar { margin-top: 0.5em; font-style: italic; color: #555; }
.example { margin-top: 0.8em; }
.source, .band { margin-top: 0.8em; font-size: 14px; color: #888; }
.nightMode .card, .night_mode .card { color: #eee; background: #222; }
"""
FRONT = '<div class="word">{{Word}}</div>'
BACK = """\
{{FrontSide}}
<hr id="answer">
{{#Translation}}<div class="translation">{{Translation}}</div>{{/Translation}}
{{#Definition}}<div class="definition">{{Definition}}</div>{{/Definition}}
{{#Grammar}}<div class="grammar">{{Grammar}}</div>{{/Grammar}}
{{#Example}}<div class="example">{{Example}}</div>{{/Example}}
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}
{{#Band}}<div class="band">{{Band}}</div>{{/Band}}
"""


def stable_id(name: str) -> int:
    """A 31-bit id derived from a name, so re-exports update the same deck and note type."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def anki_fields(e: GlossaryEntry) -> list[str]:
    return [
        word_html(e),
        html_line(gloss_text(e, ALL_GLOSSES)),
        html_line(e.definition or ""),
        html_line(grammar_text(e)),
        example_marked(e, "<b>", "</b>", html_line) if e.example else "",
        html_line(e.source),
        html_line(band_text(e)),
    ]


def render_anki(entries: Sequence[GlossaryEntry], title: str | None, target: Path) -> None:
    """Write an .apkg to ``target`` (a temporary path; the caller moves it into place)."""
    import genanki

    model = genanki.Model(
        stable_id(MODEL_NAME),
        MODEL_NAME,
        fields=[{"name": f} for f in ANKI_FIELDS],
        templates=[{"name": "Wort → Bedeutung", "qfmt": FRONT, "afmt": BACK}],
        css=ANKI_CSS,
    )
    deck_name = f"reader::{title}" if title else "reader"
    deck = genanki.Deck(stable_id(deck_name), deck_name)
    seen: set[str] = set()
    for e in entries:
        # One card per headword: the same word met in two articles is the same card, and
        # importing a later export updates it instead of duplicating it.
        if e.headword in seen:
            continue
        seen.add(e.headword)
        tags = ["reader"] + ([e.band] if e.band else []) + ([e.pos.lower()] if e.pos else [])
        deck.add_note(
            genanki.Note(
                model=model,
                fields=anki_fields(e),
                guid=genanki.guid_for("reader", e.headword),
                tags=tags,
            )
        )
    package = genanki.Package(deck)
    # genanki's own write_to_file leaves its scratch database in /tmp; build it here. The
    # folder names this process, so the next export sweeps it if this one is killed.
    leftovers.sweep(Path(tempfile.gettempdir()), "reader-apkg-*", unmarked_after=3600.0)
    with tempfile.TemporaryDirectory(prefix=f"reader-apkg{leftovers.tag()}") as scratch:
        col = Path(scratch) / "collection.anki2"
        conn = sqlite3.connect(col)
        try:
            now = time.time()
            package.write_to_db(conn.cursor(), now, itertools.count(int(now * 1000)))
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.write(col, "collection.anki2")
            z.writestr("media", "{}")
