"""``reader_tagger``: STTS tags, UPOS and lemmas from HanTa, the Hanover Tagger.

HanTa's German model ships inside its PyPI wheel, so this works offline on a fresh
machine. HanTa tags a sentence at a time with a Viterbi search over per-word analyses;
the per-word analyses are what cost, so we memoise them across the whole process (a
novel repeats its word forms endlessly) and keep the sentence search.
"""

from __future__ import annotations

import math
import threading
import unicodedata
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from reader.core.nlp.stts import normalise_tag, sentence_upos, ud_lemma

_LOCK = threading.Lock()
_MAX_SENT = 120  # HanTa's search is quadratic-ish in practice; split very long sentences


_MEMO_LIMIT = 400_000  # entries per memo table; a 250,000-word novel needs ~40,000


def _memo_tagger_class():
    from HanTa.HanoverTagger import HanoverTagger

    class MemoTagger(HanoverTagger):
        """HanTa with its two per-word analyses memoised.

        ``_tag_word`` (tag distribution of a form) and ``_analyze`` (lemma of a form under a
        tag) are pure functions of their arguments but recomputed for every occurrence;
        a text repeats its forms endlessly, so caching them makes tagging several times
        faster. Results are identical to HanTa's.
        """

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._memo_tag: dict = {}
            self._memo_analyze: dict = {}

        def _tag_word(self, word, cutoff=5, casesensitive=True, conditional=False):
            key = (word, cutoff, casesensitive, conditional)
            hit = self._memo_tag.get(key)
            if hit is None:
                if len(self._memo_tag) > _MEMO_LIMIT:
                    self._memo_tag.clear()
                hit = super()._tag_word(word, cutoff, casesensitive, conditional)
                self._memo_tag[key] = hit
            return list(hit)

        def tag_sent_viterbi(self, sent, casesensitive=True):
            """HanTa's sentence Viterbi, same scores and choices, fewer operations.

            HanTa loops over every possible next tag of each state and discards those the
            word cannot take; we loop over the word's few candidate tags and look the
            transition up, which gives the same table in a fraction of the time.
            """
            lowerbound = -1e6
            trans = self.LP_trans_word
            table: list[dict] = []
            backpointer: list[dict] = []
            prevrow: dict = {(0, 1): 0.0}  # (EMPTY, START)
            for i, w in enumerate(sent):
                cs = casesensitive and i > 0
                wprobs = self._tag_word(w, cutoff=5, casesensitive=cs, conditional=True)
                if len(wprobs) == 1 and wprobs[0][0] == 3:  # only UNKNOWN: anything goes
                    wprobs = []
                row: dict = {}
                back: dict = {}
                if len(prevrow) > 5:
                    rowbound = sorted(prevrow.values(), reverse=True)[5] - 1
                else:
                    rowbound = lowerbound
                for state, lp0 in prevrow.items():
                    if lp0 < rowbound:
                        continue
                    lp_t = trans[state]
                    if wprobs:
                        pairs = [(c, lp_t[c], lpwc) for c, lpwc in wprobs if c in lp_t and c != 2]
                    else:
                        pairs = [(c, lp_tc, 0) for c, lp_tc in lp_t.items() if c != 2]
                    s1 = state[1]
                    for c, lp_tc, lpwc in pairs:
                        lp = lp0 + lp_tc + lpwc
                        if lp > lowerbound:
                            newstate = (s1, c)
                            old = row.get(newstate)
                            if old is None or lp > old:
                                row[newstate] = lp
                                back[newstate] = state
                table.append(row)
                backpointer.append(back)
                prevrow = row
            # last row: transition to END (2)
            best = None
            best_lp = -math.inf
            for state, lp0 in prevrow.items():
                lp = lp0 + dict(trans[state]).get(2, -math.inf)
                if lp > best_lp:
                    best_lp, best = lp, state
            tags = []
            state = best
            for i in range(len(backpointer) - 1, -1, -1):
                tags.append(state[1])
                state = backpointer[i][state] if i > 0 else state
            return tags[::-1]

        def _analyze(self, word, pos, taglevel=1):
            key = (word, pos, taglevel)
            hit = self._memo_analyze.get(key)
            if hit is None:
                if len(self._memo_analyze) > _MEMO_LIMIT:
                    self._memo_analyze.clear()
                hit = super()._analyze(word, pos, taglevel)
                self._memo_analyze[key] = hit
            return hit

    return MemoTagger


@lru_cache(maxsize=1)
def hanta():
    """The shared HanTa German tagger (loaded once, ~0.3 s), with memoised word analyses."""
    return _memo_tagger_class()("morphmodel_ger.pgz")


def _punct_tag(form: str) -> str | None:
    """STTS for a token made only of punctuation or symbols, which HanTa sometimes misses."""
    if not form or not all(unicodedata.category(ch)[0] in "PS" for ch in form):
        return None
    if form in {".", "!", "?", ";", ":", "...", "…"}:
        return "$."
    if form == ",":
        return "$,"
    return "$("


def tag_words(words: list[str]) -> list[tuple[str, str, str]]:
    """Tag one sentence of words: a (lemma, STTS, UPOS) triple per word."""
    if not words:
        return []
    out: list[tuple[str, str]] = []
    tagger = hanta()
    for start in range(0, len(words), _MAX_SENT):
        chunk = words[start : start + _MAX_SENT]
        with _LOCK:  # HanTa keeps internal caches that are not thread-safe
            tagged = tagger.tag_sent(chunk, taglevel=1)
        for form, (_, lemma, raw_tag) in zip(chunk, tagged, strict=True):
            tag = _punct_tag(form) or normalise_tag(raw_tag)
            out.append((ud_lemma(form, lemma, tag) if not tag.startswith("$") else form, tag))
    forms = words
    upos = sentence_upos(forms, [lemma for lemma, _ in out], [tag for _, tag in out])
    return [(lemma, tag, pos) for (lemma, tag), pos in zip(out, upos, strict=True)]


@Language.factory(
    "reader_tagger",
    assigns=["token.tag", "token.pos", "token.lemma"],
    requires=["token.is_sent_start"],
    default_config={},
)
def make_tagger(nlp: Language, name: str) -> ReaderTagger:
    return ReaderTagger()


class ReaderTagger:
    """Assign STTS, UPOS and UD-style lemmas to every token, one sentence at a time."""

    def __call__(self, doc: Doc) -> Doc:
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        for sent in sents:
            words = [t.text for t in sent]
            for token, (lemma, tag, pos) in zip(sent, tag_words(words), strict=True):
                token.tag_ = tag
                token.pos_ = pos
                token.lemma_ = lemma
        return doc
