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
import unicodedata
from functools import lru_cache

from reader.core import lexdb
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


def _bucket_rows(lang: str) -> lexdb.Rows:
    from wordfreq import get_frequency_list

    for index, bucket in enumerate(get_frequency_list(lang, "large")):
        for word in bucket:
            yield word, str(index)


def _bucket_table_name(lang: str) -> str:
    from importlib import metadata  # 20 ms to import: not on the app's way to its window

    return f"wordfreq-{lang}-{metadata.version('wordfreq')}-v1.sqlite"


_BUCKETS = {
    lang: lexdb.Table(
        lambda lang=lang: _bucket_table_name(lang), lambda lang=lang: _bucket_rows(lang)
    )
    for lang in ("de", "en")
}


@lru_cache(maxsize=200_000)
def _token_freq(token: str, lang: str) -> float | None:
    index = _BUCKETS[lang].get(token)
    # bucket n holds the words of -n centibels: wordfreq's cB_to_freq(-n), same expression
    return None if index is None else 10 ** (-int(index) / 100)


def _latin_word(part: str) -> bool:
    return part.isalpha() and max(part) < "\u0250"


def _tokens(word: str, lang: str) -> list[str]:
    # Importing wordfreq costs half a second and its tokenizer ~25 us a word; for German
    # words of Latin letters, hyphenated or not, it always returns the NFC case-folded
    # parts, which tests/test_vocabulary.py checks against it.
    if lang == "de":
        parts = word.split("-")
        if all(_latin_word(p) for p in parts):
            return [unicodedata.normalize("NFC", p).casefold() for p in parts]
    from wordfreq.tokens import lossy_tokenize

    return lossy_tokenize(word, lang)


@lru_cache(maxsize=200_000)
def _freq(word: str, lang: str = "de") -> float:
    """``wordfreq.word_frequency(word, lang)``, answered from the SQLite copy of its list.

    The same steps as wordfreq's ``_word_frequency`` (tokens, digit smashing, the
    1/f combination of several tokens, rounding to three significant digits), but each
    token is one indexed lookup instead of a 634,000-entry dict held in memory.
    """
    tokens = _tokens(word, lang)
    if not tokens:
        return 0.0
    one_over = 0.0
    for token in tokens:
        if not token.isalpha() and any(ch.isdigit() for ch in token):
            from wordfreq import digit_freq, smash_numbers

            smashed = smash_numbers(token)
            freq = _token_freq(smashed, lang)
            if freq is None:
                return 0.0
            if smashed != token:
                freq *= digit_freq(token)
        else:
            freq = _token_freq(token, lang)
            if freq is None:
                return 0.0
        one_over += 1.0 / freq
    freq = 1.0 / one_over
    if freq == 0.0:
        return 0.0
    return round(freq, math.floor(-math.log(freq, 10)) + 3)


_ZIPF_FLOOR = 1e-9  # wordfreq's zipf_to_freq(0): what zipf_frequency reports for unseen words


def zipf(word: str, lang: str = "de") -> float:
    """``wordfreq.zipf_frequency(word, lang)`` of one string (not the lexeme)."""
    return round(math.log(max(_freq(word, lang), _ZIPF_FLOOR), 10) + 9, 2)


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
