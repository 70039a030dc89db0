"""How rare a word really is: Zipf frequency of the lexeme, and a CEFR-like band.

wordfreq counts *strings*. German inflects, so the string of a lemma can be rare while the
word is common (*ander* vs *anderen*), and an inflected form can be attested while its
lemma string is not (*divergierenden* vs *divergierend*). We therefore judge the lexeme:
the summed frequency of the lemma, the form in the text and the regular inflections of
that word class, converted back to the Zipf scale.

Bands (Zipf of the lexeme, i.e. log10 of occurrences per billion words):

======  ==========  ==================================================
band    Zipf        rough meaning
======  ==========  ==================================================
A1      >= 5.0      the few hundred words of every page (Monat, nehmen)
A2      4.5 - 5.0   everyday vocabulary (Mittwoch, Gespräch)
B1      4.0 - 4.5   common in newspapers (Spannung, Haltung)
B2      3.5 - 4.0   educated vocabulary (Souveränität, Todesopfer)
C1      3.0 - 3.5   uncommon (Instrumentalisierung, Nachgang)
C2      < 3.0       rare, or never seen (Amtskollege, Konzertstätte)
======  ==========  ==================================================

A word is *rare* for a learner when its band is above the learner's level (default B1).
Frequency bands are a proxy for CEFR levels, not an official list; they are documented
here so a learner can move the level with ``+``/``-`` when they disagree.
"""

from __future__ import annotations

import math
from functools import lru_cache

from wordfreq import word_frequency

from reader.core.model import DEFAULT_LEVEL, LEVELS  # noqa: F401 - re-exported
from reader.core.nlp.stts import CONTENT_POS

BAND_FLOORS: tuple[tuple[str, float], ...] = (
    ("A1", 5.0),
    ("A2", 4.5),
    ("B1", 4.0),
    ("B2", 3.5),
    ("C1", 3.0),
    ("C2", float("-inf")),
)

_ADJ_ENDINGS = ("", "e", "en", "er", "es", "em")
_NOUN_ENDINGS = ("", "s", "es", "n", "en", "e", "er", "ern", "ns")
_VERB_ENDINGS = ("", "t", "te", "ten", "e", "st", "end")


def zipf_of(frequency: float) -> float:
    """wordfreq's Zipf scale: log10 of frequency per billion words, 0 for unseen."""
    return round(math.log10(frequency * 1e9), 2) if frequency > 0 else 0.0


@lru_cache(maxsize=200_000)
def _freq(word: str) -> float:
    return word_frequency(word, "de")


def _forms(lemma: str, form: str, pos: str) -> set[str]:
    forms = {lemma, form}
    if pos == "ADJ":
        forms.update(lemma + e for e in _ADJ_ENDINGS)
    elif pos in {"NOUN", "PROPN"}:
        forms.update(lemma + e for e in _NOUN_ENDINGS)
    elif pos == "VERB" and lemma.endswith("en"):
        stem = lemma[:-2]
        forms.update(stem + e for e in _VERB_ENDINGS)
        forms.add(lemma)
    return {f for f in forms if f}


@lru_cache(maxsize=200_000)
def lexeme_zipf(lemma: str, form: str, pos: str) -> float:
    """Zipf frequency of the lexeme behind ``form`` (lemma ``lemma``, UPOS ``pos``)."""
    forms = _forms(lemma, form, pos)
    # wordfreq lower-cases German; nouns share forms with other words only rarely.
    total = sum(_freq(f) for f in {f.lower() for f in forms})
    return zipf_of(total)


def band_of(zipf: float) -> str:
    for band, floor in BAND_FLOORS:
        if zipf >= floor:
            return band
    return "C2"


def check_level(level: str) -> str:
    """Normalise a level name; raises ValueError for anything not A1..C2."""
    norm = level.strip().upper()
    if norm not in LEVELS:
        raise ValueError(f"unknown level {level!r} (choose one of {', '.join(LEVELS)})")
    return norm


def is_rare(band: str | None, level: str) -> bool:
    """True if a word of ``band`` lies above a learner at ``level``."""
    return band is not None and LEVELS.index(band) > LEVELS.index(level)


def judged(pos: str, form: str, is_entity: bool) -> bool:
    """Whether a token gets a rarity judgement at all.

    Never judged: punctuation, numbers, function words, named entities, and tokens
    without letters.
    """
    if is_entity or pos not in CONTENT_POS or pos == "PROPN":
        return False
    return any(ch.isalpha() for ch in form) and not form.isupper()
