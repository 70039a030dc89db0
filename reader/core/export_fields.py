"""What every export format says about a word, and the text made safe to put in one.

Its own module so that the flat formats (``export.py``) and the Anki deck
(``export_anki.py``) build their fields from the same pieces — the grammar line, the
frequency band, the example with the word marked — without importing each other. Text
goes in as data: control characters are dropped, and HTML fields are escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from reader.core.entry import GlossaryEntry

ALL_GLOSSES = 6  # exports show every translation the glossary kept

_WS = re.compile(r"\s+")
# C0 and C1 control characters other than tab and newline: an ESC in an export would act on
# the terminal of whoever runs ``cat`` on it.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def grammar_text(entry: GlossaryEntry, forms: bool = True) -> str:
    """The grammar line a learner drills: forms, separable prefix, compound parts, readings.

    ``forms=False`` leaves out the noun forms, for layouts that show them with the headword.
    """
    parts: list[str] = []
    if not forms:
        pass
    elif entry.article:
        forms = [entry.headword]
        if entry.genitive:
            forms.append(entry.genitive)
        if entry.plural:
            forms.append(entry.plural)
        parts.append(", ".join(forms))
    elif entry.plural or entry.genitive:
        parts.append(", ".join(x for x in (entry.genitive, entry.plural) if x))
    if entry.separable_prefix:
        parts.append(f"trennbar: {entry.separable_prefix}-")
    if entry.participle:
        parts.append(f"Partizip II: {entry.participle}")
    if entry.compound:
        pieces = []
        for p in entry.compound:
            piece = f"{p.text} ({p.gloss})" if p.gloss else p.text
            if p.linking:
                piece += f" + -{p.linking}-"
            pieces.append(piece)
        parts.append("Kompositum: " + " + ".join(pieces))
    for r in entry.readings:
        parts.append(f"auch: {r.lemma} ({r.pos})" + (f" – {r.gloss}" if r.gloss else ""))
    return "; ".join(parts)


def band_text(entry: GlossaryEntry) -> str:
    bits = [entry.band or ""]
    if entry.zipf is not None:
        bits.append(f"Zipf {entry.zipf:.1f}")
    return " · ".join(b for b in bits if b)


def example_span(entry: GlossaryEntry) -> tuple[int, int] | None:
    """The word's span in the example: the recorded one if it fits, else found by search."""
    ex = entry.example
    s, e = entry.example_start, entry.example_end
    if ex and 0 <= s < e <= len(ex):
        return s, e
    if ex and entry.word:
        i = ex.find(entry.word)
        if i >= 0:
            return i, i + len(entry.word)
    return None


def example_marked(
    entry: GlossaryEntry, before: str, after: str, escape: Callable[[str], str]
) -> str:
    """The example with the word wrapped in ``before``/``after``, the rest escaped."""
    span = example_span(entry)
    if span is None:
        return escape(entry.example)
    s, e = span
    ex = entry.example
    return escape(ex[:s]) + before + escape(ex[s:e]) + after + escape(ex[e:])


def clean(text: str) -> str:
    """Text without control characters (tab and newline stay)."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Whitespace runs (newlines, tabs) as one space; edges kept, so pieces still join."""
    return _WS.sub(" ", clean(text))


def html_line(text: str) -> str:
    """Text as one line of HTML: cleaned, whitespace folded, ``<>&`` escaped."""
    return html.escape(one_line(text), quote=False)


def word_html(entry: GlossaryEntry) -> str:
    """The headword, with the article in a class per gender (for colour-coded cards)."""
    gender = {"der": "masc", "die": "fem", "das": "neut"}.get(entry.article or "", "")
    if entry.article:
        article = f'<span class="article {gender}">{html_line(entry.article)}</span>'
        return f"{article} {html_line(entry.lemma)}"
    return html_line(entry.lemma)
