"""HanTa with its per-word analyses memoised: the class behind ``tagger.hanta()``.

Kept apart from the spaCy component: this is the part that makes a novel fast (a novel
repeats its word forms endlessly), and its results must stay HanTa's own, float for float.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

from reader.core.nlp import hanta_fast
from reader.core.nlp.hanta_store import Lexicon, merge_persistent_memo, read_persistent_memo

_MEMO_LIMIT = 400_000  # entries per memo table; a 250,000-word novel needs ~40,000
_PAIRS_LIMIT = 150_000  # (state, word) Viterbi steps; ~250 bytes each
# Forms computed before the persistent memo is read: a screenful of text rarely has more
# new forms than that, and computing them (~1 ms each) is quicker than loading the memo.
_PERSIST_AFTER = 48


def memo_tagger_class():
    from HanTa.HanoverTagger import HanoverTagger

    class MemoTagger(HanoverTagger):
        """HanTa with its two per-word analyses memoised and precomputed.

        ``analyze_forward`` (tag distribution of a lower-cased form) and ``_analyze`` (lemma
        of a form under a tag) are pure functions of their arguments and the model, but
        HanTa recomputes them for every occurrence. We look them up, in order, in an
        in-memory memo, the shipped lexicon of frequent forms, and the persistent memo of
        forms met in earlier runs; only then compute. Results are identical to HanTa's.
        """

        def __init__(
            self,
            *args,
            lexicon: Lexicon | None = None,
            persist: Path | None = None,
            persist_after: int = _PERSIST_AFTER,
            reachability: dict | None = None,
            **kwargs,
        ):
            self._given_reachability = reachability
            super().__init__(*args, **kwargs)
            self._memo_tag: dict = {}
            self._memo_fwd: dict = {}
            self._memo_analyze: dict = {}
            self._pairs: dict = {}
            self._looked_up: set = set()  # forms already asked of the lexicon
            self.lexicon = lexicon if lexicon is not None else Lexicon()
            self.persist_path = persist
            self._persist_loaded = persist is None
            self._misses = 0  # forms not in the lexicon, before the persistent memo is read
            self._persist_after = persist_after
            self._new_fwd: dict = {}
            self._new_lem: dict = {}
            self.stats = {"lexicon": 0, "persistent": 0, "computed_forward": 0, "computed_lemma": 0}

        def reachable(self):
            """HanTa's table of which classes reach which, unless ``load_model`` kept it."""
            if self._given_reachability is None:
                super().reachable()
            else:
                self.reachability = self._given_reachability

        # HanTa's own computations, unmemoised (used to verify stored results). Its two
        # per-word searches run in hanta_fast: the same results, float for float, faster.
        def _hanta_forward(self, form):
            return hanta_fast.analyze_forward(hanta_fast.tables(self), form)

        def analyze_viterbi(self, word, targetpos):
            return hanta_fast.analyze_viterbi(hanta_fast.tables(self), word, targetpos)

        def _hanta_analyze(self, form, pos):
            return HanoverTagger._analyze(self, form, pos, 1)

        # HanTa's own code, for the spot checks of the persistent memo: a handful of words
        # do not need hanta_fast's tables (12 MB, built on first use) and check those too.
        def _original_forward(self, form):
            return HanoverTagger.analyze_forward(self, form)

        def _original_analyze(self, form, pos):
            self.analyze_viterbi = functools.partial(HanoverTagger.analyze_viterbi, self)
            try:
                return HanoverTagger._analyze(self, form, pos, 1)
            finally:
                del self.analyze_viterbi

        def _wants_persistent(self) -> bool:
            """Read the persistent memo once enough forms have missed the lexicon."""
            if self._persist_loaded:
                return False
            self._misses += 1
            return self._misses > self._persist_after

        def _load_persistent(self):
            self._persist_loaded = True
            fwd, lem = read_persistent_memo(self.persist_path, self)
            for form, v in fwd.items():
                self._memo_fwd.setdefault(form, v)
            for key, v in lem.items():
                self._memo_analyze.setdefault(key, v)
            self.stats["persistent"] += len(fwd)

        def _from_lexicon(self, form) -> bool:
            """Fill the memos from the lexicon; True if it gave the forward analysis."""
            if form in self._looked_up:
                return False
            self._looked_up.add(form)
            hit = self.lexicon.get(form)
            if hit is None:
                return False
            fwd, lems = hit
            for tag, v in lems.items():
                self._memo_analyze.setdefault((form, tag), v)
            self.stats["lexicon"] += 1
            if fwd is None:
                return False
            self._memo_fwd[form] = fwd
            return True

        def analyze_forward(self, word):
            hit = self._memo_fwd.get(word)
            if hit is None:
                if len(self._memo_fwd) > _MEMO_LIMIT:
                    self._memo_fwd.clear()
                    self._looked_up.clear()
                if not self._from_lexicon(word):
                    if self._wants_persistent():
                        self._load_persistent()
                    if word not in self._memo_fwd:
                        result = self._hanta_forward(word)
                        self._memo_fwd[word] = result
                        self._new_fwd[word] = result
                        self.stats["computed_forward"] += 1
                hit = self._memo_fwd[word]
            return list(hit)

        def _analyze(self, word, pos, taglevel=1):
            if taglevel != 1:
                return super()._analyze(word, pos, taglevel)
            key = (word.lower(), pos)
            hit = self._memo_analyze.get(key)
            if hit is None:
                if len(self._memo_analyze) > _MEMO_LIMIT:
                    self._memo_analyze.clear()
                    self._looked_up.clear()
                form = key[0]
                self._from_lexicon(form)
                hit = self._memo_analyze.get(key)
                if hit is None:
                    if self._wants_persistent():
                        self._load_persistent()
                        hit = self._memo_analyze.get(key)
                    if hit is None:
                        hit = self._hanta_analyze(form, pos)
                        self._memo_analyze[key] = hit
                        self._new_lem[key] = hit
                        self.stats["computed_lemma"] += 1
            return hit

        def take_new(self) -> tuple[dict, dict]:
            """The analyses computed here since the last call (for the persistent memo)."""
            new = self._new_fwd, self._new_lem
            self._new_fwd, self._new_lem = {}, {}
            return new

        def save_persistent(self) -> bool:
            """Merge this process's newly computed analyses into the persistent memo."""
            if self.persist_path is None or not (self._new_fwd or self._new_lem):
                return False
            fwd, lem = self.take_new()
            return merge_persistent_memo(fwd, lem, self.persist_path)

        def _tag_word(self, word, cutoff=5, casesensitive=True, conditional=False):
            if not 0 <= cutoff <= 5:
                # the lexicon keeps only the tags a cutoff of at most 5 can return
                self.analyze_forward = self._hanta_forward  # instance attribute, removed below
                try:
                    return super()._tag_word(word, cutoff, casesensitive, conditional)
                finally:
                    del self.analyze_forward
            key = (word, cutoff, casesensitive, conditional)
            hit = self._memo_tag.get(key)
            if hit is None:
                if len(self._memo_tag) > _MEMO_LIMIT:
                    self._memo_tag.clear()
                hit = super()._tag_word(word, cutoff, casesensitive, conditional)
                self._memo_tag[key] = hit
            return list(hit)

        def _pairs_for(self, state, w, cs):
            """(new state, transition + word log-prob) for each tag ``w`` may take after
            ``state``: the inner loop of HanTa's Viterbi, memoised per (state, word)."""
            key = (state, w, cs)
            pairs = self._pairs.get(key)
            if pairs is None:
                if len(self._pairs) > _PAIRS_LIMIT:
                    self._pairs.clear()
                wprobs = self._tag_word(w, cutoff=5, casesensitive=cs, conditional=True)
                if len(wprobs) == 1 and wprobs[0][0] == 3:  # only UNKNOWN: anything goes
                    wprobs = []
                lp_t = self.LP_trans_word[state]
                s1 = state[1]
                if wprobs:
                    pairs = tuple(
                        ((s1, c), lp_t[c] + lpwc) for c, lpwc in wprobs if c in lp_t and c != 2
                    )
                else:
                    pairs = tuple(((s1, c), lp_tc + 0) for c, lp_tc in lp_t.items() if c != 2)
                self._pairs[key] = pairs
            return pairs

        def tag_sent_viterbi(self, sent, casesensitive=True):
            """HanTa's sentence Viterbi, same scores and choices, fewer operations.

            HanTa loops over every possible next tag of each state and discards those the
            word cannot take; we loop over the word's few candidate tags and look the
            transition up (memoised per state and word), which gives the same table in a
            fraction of the time.
            """
            lowerbound = -1e6
            trans = self.LP_trans_word
            backpointer: list[dict] = []
            prevrow: dict = {(0, 1): 0.0}  # (EMPTY, START)
            pairs_for = self._pairs_for
            for i, w in enumerate(sent):
                cs = casesensitive and i > 0
                row: dict = {}
                back: dict = {}
                if len(prevrow) > 5:
                    rowbound = sorted(prevrow.values(), reverse=True)[5] - 1
                else:
                    rowbound = lowerbound
                for state, lp0 in prevrow.items():
                    if lp0 < rowbound:
                        continue
                    for newstate, lp_step in pairs_for(state, w, cs):
                        lp = lp0 + lp_step
                        if lp > lowerbound:
                            old = row.get(newstate)
                            if old is None or lp > old:
                                row[newstate] = lp
                                back[newstate] = state
                backpointer.append(back)
                prevrow = row
            # last row: transition to END (2)
            best = None
            best_lp = -math.inf
            for state, lp0 in prevrow.items():
                lp = lp0 + trans[state].get(2, -math.inf)
                if lp > best_lp:
                    best_lp, best = lp, state
            tags = []
            state = best
            for i in range(len(backpointer) - 1, -1, -1):
                tags.append(state[1])
                state = backpointer[i][state] if i > 0 else state
            return tags[::-1]

    return MemoTagger
