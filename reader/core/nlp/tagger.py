"""``reader_tagger``: STTS tags, UPOS and lemmas from HanTa, the Hanover Tagger.

HanTa's German model ships inside its PyPI wheel, so this works offline on a fresh
machine. HanTa tags a sentence at a time with a Viterbi search over per-word analyses;
the per-word analyses are what cost, so we memoise them across the whole process (a
novel repeats its word forms endlessly) and keep the sentence search.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from functools import lru_cache

import numpy
from spacy.attrs import LEMMA, POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as _POS_IDS
from spacy.tokens import Doc

from reader.core.nlp.hanta_store import load_model, persistent_memo_path
from reader.core.nlp.memo_tagger import memo_tagger_class
from reader.core.nlp.stts import normalise_tag, sentence_upos, ud_lemma

_LOCK = threading.Lock()
_MAX_SENT = 120  # HanTa's search is quadratic-ish in practice; split very long sentences


@lru_cache(maxsize=1)
def hanta():
    """The shared HanTa German tagger (loaded once, ~0.1 s), with memoised word analyses.

    Set ``READER_HANTA_MEMO=0`` to keep no persistent memo of new forms between runs.
    """
    persist = None if os.environ.get("READER_HANTA_MEMO") == "0" else persistent_memo_path()
    model, reachability = load_model()
    cls = memo_tagger_class()
    tagger = cls(None, model=model, persist=persist, reachability=reachability)
    tagger.strict = False  # as HanTa sets it when it reads the model file itself
    return tagger


def save_memo() -> bool:
    """Write the forms analysed in this process to the persistent memo (if any are new)."""
    if hanta.cache_info().currsize == 0:
        return False
    with _LOCK:
        return hanta().save_persistent()


def _punct_tag(form: str) -> str | None:
    """STTS for a token made only of punctuation or symbols, which HanTa sometimes misses."""
    if not form or not all(unicodedata.category(ch)[0] in "PS" for ch in form):
        return None
    if form in {".", "!", "?", ";", ":", "...", "…"}:
        return "$."
    if form == ",":
        return "$,"
    return "$("


_NOUN_ENDINGS = frozenset({"s", "es", "e", "en", "n", "er", "ern", "nen", "ns", "se", "sen", "r"})


def _noun_lemma(form: str, lemma: str) -> str:
    """The headword of a noun or name: HanTa's, unless it is a guessed stem.

    For a word it does not know, HanTa cuts letters off the end (*Bedienerin* ->
    "Bedieneri", *Kanapee* -> "Kanape", *Annalena* -> "Annalen", *Engelke* -> "Engelk").
    A cut is kept only where it is a German noun ending on a stem that can take it
    (*-n* after *-e*, *-el*, *-er*; *-e* not after a vowel) and, for *-e*/*-en*/*-er*/*-ern*
    endings, where the stem is itself a word seen in text; otherwise the written form is
    the headword (abstain rather than guess).
    """
    if lemma == form or not form.startswith(lemma) or not lemma:
        return lemma
    ending = form[len(lemma) :]
    if ending not in _NOUN_ENDINGS:
        return form
    if ending == "n" and not lemma.endswith(("e", "el", "er", "ar", "or")):
        return form
    if ending == "e" and lemma[-1] in "aeiouäöüy":
        return form
    if ending in {"e", "en", "er", "ern", "nen"}:
        from reader.core.vocabulary import _freq

        # the stem, or the last part of a compound stem, is a word (Gewalt|form)
        if not any(_freq(lemma[k:]) > 0.0 for k in range(0, max(1, len(lemma) - 3))):
            return form
    return lemma


@lru_cache(maxsize=200_000)
def _finish(form: str, lemma: str, raw_tag: str) -> tuple[str, str]:
    """(UD lemma, STTS) for one of HanTa's (form, lemma, tag) triples; pure, so memoised."""
    tag = _punct_tag(form) or normalise_tag(raw_tag)
    if tag in {"NN", "NE"}:
        lemma = _noun_lemma(form, lemma)
    return (ud_lemma(form, lemma, tag) if not tag.startswith("$") else form), tag


def tag_words(words: list[str]) -> list[tuple[str, str, str]]:
    """Tag one sentence of words: a (lemma, STTS, UPOS) triple per word."""
    if not words:
        return []
    out: list[tuple[str, str]] = []
    tagger = hanta()
    int2tag = tagger.int2tag
    for start in range(0, len(words), _MAX_SENT):
        chunk = words[start : start + _MAX_SENT]
        with _LOCK:  # HanTa keeps internal caches that are not thread-safe
            tags = tagger.tag_sent_viterbi(chunk)
            analyze = tagger._analyze
            out.extend(
                _finish(form, analyze(form, t, 1)[0], int2tag[t])
                for form, t in zip(chunk, tags, strict=True)
            )
    upos = sentence_upos(words, [lemma for lemma, _ in out], [tag for _, tag in out])
    return [(lemma, tag, pos) for (lemma, tag), pos in zip(out, upos, strict=True)]


@Language.factory(
    "reader_tagger",
    assigns=["token.tag", "token.pos", "token.lemma"],
    requires=["token.is_sent_start"],
    default_config={},
)
def make_tagger(nlp: Language, name: str) -> ReaderTagger:
    return ReaderTagger()


USER_DATA_KEY = "reader_tagger"  # doc.user_data[key] = (tags, upos, lemmas), one per token


class ReaderTagger:
    """Assign STTS, UPOS and UD-style lemmas to every token, one sentence at a time.

    The annotations are written with one ``Doc.from_array`` call and also left as plain
    lists in ``doc.user_data["reader_tagger"]``, so later components and the conversion to
    the project's Tokens read lists instead of touching every spaCy Token again.
    """

    def __call__(self, doc: Doc) -> Doc:
        words = [t.text for t in doc]
        if doc.has_annotation("SENT_START"):
            bounds = [(s.start, s.end) for s in doc.sents]
        else:
            bounds = [(0, len(words))]
        tags: list[str] = []
        upos: list[str] = []
        lemmas: list[str] = []
        for start, end in bounds:
            for lemma, tag, pos in tag_words(words[start:end]):
                tags.append(tag)
                upos.append(pos)
                lemmas.append(lemma)
        if words:
            strings = doc.vocab.strings
            hashes: dict[str, int] = {}

            def h(s: str) -> int:
                v = hashes.get(s)
                if v is None:
                    v = hashes[s] = strings.add(s)
                return v

            arr = numpy.array(
                [(h(t), _POS_IDS[p], h(lem)) for t, p, lem in zip(tags, upos, lemmas, strict=True)],
                dtype=numpy.uint64,
            )
            doc.from_array([TAG, POS, LEMMA], arr)
        doc.user_data[USER_DATA_KEY] = (tags, upos, lemmas)
        return doc
