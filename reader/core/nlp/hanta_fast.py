"""Exact, faster versions of HanTa's two per-word morphological searches.

Why: on a cold run over a novel, nearly all of the tagger's time goes into
``HanoverTagger.analyze_forward`` (the tag distribution of a form never seen before) and
``HanoverTagger.analyze_viterbi`` (its morpheme segmentation under a tag, for the lemma).
Both run a Viterbi search over the word's segments and call ``lp_m_t(segment, tag)`` for
every (state, segment, tag) triple, about 3,000 calls a word, although the value depends
only on the segment and the tag.

The functions here run the very same search and return the very same lists, float for
float and in the same order (ties included), but:

* ``lp_m_t`` is inlined: for each row of the search and each tag its transitions lead
  to, the finite values for all segments starting there are computed once (a "column")
  and shared by every state of the row, instead of once per state;
* known morphemes are found through HanTa's ``LP_m_t`` turned inside out
  (``morpheme -> ((tag, log p), ...)``), looking only as far as the longest known
  morpheme with the segment's first three letters;
* tags whose value is ``-inf`` (no entry, no unknown-morpheme model, or a guess of
  ``-inf``) are dropped from the column, which is exact because ``lp + lpt + -inf`` never
  beats HanTa's lower bound;
* the unknown-morpheme guess uses per-tag constants precomputed once
  (``Int_t + LP_hapax_t[t] + LP_len_t[t][k]``, the same left-to-right sum HanTa evaluates)
  and suffix scores memoised by the (at most four) letters HanTa looks at;
* the transitions allowed towards a target tag are filtered once per tag, not per state.

What must not change, and does not: the floating-point evaluation order
(``lp + lpt + lp_m_t``), the insertion order into the per-position tables (the final
``logaddexp`` accumulation and the tie-breaking depend on it) and the pruning rule (the
fourth-best score of a row minus one). ``tests/test_hanta_fast.py`` compares both
functions with HanTa's originals on hundreds of words.
"""

from __future__ import annotations

import math
from operator import itemgetter
from typing import Any

from numpy import logaddexp

EMPTY, START, UNKNOWN, END_UNKNOWN = 0, 1, 3, -3
_LOWER = -1e6
_NEG_INF = -math.inf

State = tuple[int, int]
Transitions = dict[State, list[tuple[int, float]]]
# per state: its (tag, log p) transitions in HanTa's order, and those of their tags that
# have a model for unknown morphemes
Follow = dict[State, tuple[list[tuple[int, float]], frozenset]]
Column = list[tuple[int, float]]  # [(end j, lp_m_t(word[i:j], tag))], finite, j ascending
_SCORES_LIMIT = 200_000  # memoised suffix scores (strings of at most four letters)
_PAD = 64  # base_len is padded to this many segment lengths (longer words extend it)


def _suffix_lp(lp_s: dict[str, float], s: str) -> float:
    """The score of the longest suffix of ``s`` that the tag's table knows, else of ``''``
    (HanTa's chain ``m[-4:]``, ``m[-3:]``, ... for the letters it looks at)."""
    for n in range(len(s), 0, -1):
        v = lp_s.get(s[-n:])
        if v is not None:
            return v
    return lp_s[""]


class Tables:
    """What the fast searches need from one HanTa model, arranged for look-ups."""

    def __init__(self, tagger: Any):
        by_morpheme: dict[str, list[tuple[int, float]]] = {}
        for tag, lp_m in tagger.LP_m_t.items():
            for morpheme, lp in lp_m.items():
                by_morpheme.setdefault(morpheme, []).append((tag, lp))
        # morpheme -> ((tag, log p(morpheme | tag)), ...): HanTa's LP_m_t turned inside out
        self.inv = inv = {m: tuple(pairs) for m, pairs in by_morpheme.items()}
        del by_morpheme
        # the longest known morpheme by its first three letters (shorter ones: always look)
        self.reach: dict[str, int] = {}
        for m in inv:
            if len(m) > self.reach.get(m[:3], 2):
                self.reach[m[:3]] = len(m)
        # tags with a model for unknown morphemes (HanTa: in LP_hapax_t and in LP_s_t)
        hapax = sorted(t for t in tagger.LP_hapax_t if t in tagger.LP_s_t)
        self.hapax = frozenset(hapax)
        self.hapax_index = {t: h for h, t in enumerate(hapax)}
        self._suffixes = [tagger.LP_s_t[t] for t in hapax]
        self._scores: dict[str, tuple[float, ...]] = {}
        # HanTa: Int_t + LP_hapax_t[t] + LP_len_t[t][min(mlen, 24)] + lp_suf, left to right;
        # here the first three summed, by mlen, padded with the value for 24
        self.base_len: dict[int, list[float]] = {}
        for t in hapax:
            bl = [tagger.Int_t + tagger.LP_hapax_t[t] + tagger.LP_len_t[t][k] for k in range(25)]
            self.base_len[t] = bl + [bl[24]] * (_PAD - 25)
        self.strict: bool = tagger.strict
        self._nonfinal: Transitions = tagger.LP_trans_nonfinal
        self.nonfinal = self._follow(self._nonfinal)
        self.final: Transitions = tagger.LP_trans_final
        self.reachability = tagger.reachability
        self._follow_to: dict[int, Follow] = {}
        self._final_to: dict[int, dict[State, float]] = {}

    def suffix_scores(self, s: str) -> tuple[float, ...]:
        """:func:`_suffix_lp` of ``s`` for each hapax tag (by ``hapax_index``), memoised."""
        scores = self._scores.get(s)
        if scores is None:
            if len(self._scores) > _SCORES_LIMIT:
                self._scores.clear()
            scores = tuple(_suffix_lp(lp_s, s) for lp_s in self._suffixes)
            self._scores[s] = scores
        return scores

    def _follow(self, transitions: Transitions) -> Follow:
        hapax = self.hapax
        return {
            state: (f, frozenset(t for t, _ in f if t in hapax))
            for state, f in transitions.items()
            if f
        }

    def follow_to(self, targetpos: int) -> Follow:
        """The non-final transitions of each state that can still reach ``targetpos``."""
        follow = self._follow_to.get(targetpos)
        if follow is None:
            reach = self.reachability.get(targetpos, frozenset())
            follow = self._follow(
                {s: [(t, p) for (t, p) in f if t in reach] for s, f in self._nonfinal.items()}
            )
            self._follow_to[targetpos] = follow
        return follow

    def final_to(self, targetpos: int) -> dict[State, float]:
        """{state: log p of the final transition to ``targetpos``} (HanTa's first match)."""
        final = self._final_to.get(targetpos)
        if final is None:
            final = {}
            for state, followers in self.final.items():
                for t, p in followers:
                    if t == targetpos:
                        final[state] = p
                        break
            self._final_to[targetpos] = final
        return final


def tables(tagger: Any) -> Tables:
    """The tagger's :class:`Tables`, built on first use (~0.1 s) and kept on the instance."""
    tb = getattr(tagger, "_fast_tables", None)
    if tb is None:
        tb = Tables(tagger)
        tagger._fast_tables = tb
    return tb


def _guess_columns(
    tb: Tables, word: str, i: int, need: set[int], tails: list, hits: dict[int, Column]
) -> list[tuple[int, Column]]:
    """For each tag in ``need`` (tags with a model for unknown morphemes), the column of
    HanTa's ``lp_m_t(word[i:j], tag)``: the dictionary value where the segment is a known
    morpheme of the tag (``hits[tag]``), else the unknown-morpheme guess.

    The guess is ``Int_t + LP_hapax_t[t] + LP_len_t[t][min(mlen, 24)] + suffix score``
    (``base_len`` holds the first three, summed in HanTa's order), minus 4.6 for the whole
    word; HanTa guesses only if ``wlen < 4 or mlen > 2``. The suffix score depends only on
    the segment's letters after the first, at most four of them: ``tails[j - 5]`` holds it
    for segments ending at ``j`` longer than four letters.
    """
    wlen = len(word)
    n = wlen - i
    lo = 1 if wlen < 4 else 3  # the shortest segment HanTa guesses
    js = range(i + lo, wlen + 1)
    scores = tb.suffix_scores
    seg_scores = [scores(word[i + 1 : j]) for j in range(i + lo, min(i + 4, wlen) + 1)]
    if n > 4:
        seg_scores += tails[i:]
    if len(tb.base_len[next(iter(need))]) <= n:  # a very long word: pad base_len
        for bl in tb.base_len.values():
            bl.extend([bl[24]] * (n + 1 - len(bl)))
    index = tb.hapax_index
    base_len = tb.base_len
    out = [(t, []) for t in need]
    fill = [(index[t], base_len[t], col) for t, col in out]
    neg_inf = _NEG_INF
    for j, sc in zip(js, seg_scores, strict=True):
        m = j - i
        for h, bl, col in fill:
            v = bl[m] + sc[h]
            if v != neg_inf:
                col.append((j, v))
    for k, (t, col) in enumerate(out):
        if i == 0 and col and col[-1][0] == wlen:  # HanTa's penalty for the whole word
            col[-1] = (wlen, col[-1][1] - 4.6)
        known = hits.get(t)
        if known:  # a known morpheme is never guessed
            merged = dict(col)
            merged.update(known)
            out[k] = (t, sorted(merged.items()))
    return out


def _search(tb: Tables, word: str, follow: Follow, strict: bool) -> tuple[list, list]:
    """HanTa's search over the segments of ``word``: (score table, back-pointer table).

    Row ``j`` of the score table maps (previous tag, tag) states ending at position ``j``
    to their best log-probability. Rows ``0..wlen`` come from the segment loop; the last
    row (final transitions) is left to the caller.

    HanTa loops state, end ``j``, tag; we loop state, tag, ``j`` over a precomputed column
    of the tag's finite ``lp_m_t`` values for the segments starting at the row. Each row
    ``j`` still receives its entries in HanTa's order (by state, then by tag), the sums are
    the same (``lp + lpt`` first, then ``+ lp_m_t``), and so are the tables.
    """
    wlen = len(word)
    table: list[dict] = [{(EMPTY, START): 0}] + [{} for _ in range(wlen + 1)]
    back: list[dict] = [{} for _ in range(wlen + 2)]
    inv_get = tb.inv.get
    reach = tb.reach
    guessing = not strict
    tails: list | None = None
    lower = _LOWER
    for i in range(wlen):  # row wlen has no segments to extend
        row = table[i]
        if not row:
            continue
        # Only continue with the top states (HanTa: fourth best minus one)
        rowbound = sorted(row.values(), reverse=True)[3] - 1 if len(row) > 3 else lower
        live = []
        for state, lp in row.items():
            if lp < rowbound:
                continue
            info = follow.get(state)
            if info is not None:
                live.append((lp, state, info))
        if not live:
            continue
        cols: dict[int, Column] = {}  # first the known morphemes word[i:j], by tag
        top = i + reach.get(word[i : i + 3], 2)
        for j in range(i + 1, (top if top < wlen else wlen) + 1):
            entry = inv_get(word[i:j])
            if entry is not None:
                for t, v in entry:
                    col = cols.get(t)
                    if col is None:
                        cols[t] = [(j, v)]
                    else:
                        col.append((j, v))
        if guessing:
            need: set[int] = set()
            for _, _, info in live:
                need |= info[1]
            if need:
                if tails is None:
                    scores = tb.suffix_scores
                    tails = [scores(word[j - 4 : j]) for j in range(5, wlen + 1)]
                cols.update(_guess_columns(tb, word, i, need, tails, cols))
        for lp, state, (followers, _) in live:
            s1 = state[1]
            pointer = (state, i)
            for tag1, lpt in followers:
                col = cols.get(tag1)
                if col is None:
                    continue
                a = lp + lpt
                newstate = (s1, tag1)
                for j, lpm in col:
                    lp1 = a + lpm
                    if lp1 > lower:
                        cell = table[j]
                        old = cell.get(newstate)
                        if old is None or lp1 > old:
                            cell[newstate] = lp1
                            back[j][newstate] = pointer
    return table, back


# The search is quadratic in the word's length (every segment of every start). German's
# longest real words have about 80 letters; a "word" of thousands (a hash, a URL, a line of
# junk) is searched on its last LONG_WORD letters only (German words are right-headed: the
# end decides the class), so such a line costs milliseconds, not seconds. Words up to this
# length get HanTa's exact results.
LONG_WORD = 100


def analyze_forward(tb: Tables, word: str) -> list[tuple[int, float]]:
    """Exactly ``HanoverTagger.analyze_forward(tagger, word)``: [(tag, log p)], best first
    (for words longer than ``LONG_WORD``: of their last ``LONG_WORD`` letters)."""
    if len(word) > LONG_WORD:
        word = word[-LONG_WORD:]
    table, _ = _search(tb, word, tb.nonfinal, tb.strict)
    last = table[-1]
    final = tb.final
    for state, lp in table[-2].items():
        for tag1, lpt in final.get(state, ()):
            lp1 = lp + lpt
            if lp1 > _LOWER:
                newstate = (state[1], tag1)
                if newstate not in last or lp1 > last[newstate]:
                    last[newstate] = lp1
    results: dict[int, Any] = {}
    for state, lp in last.items():
        if lp == _NEG_INF:
            continue
        pos = -state[1]
        if pos in results:
            results[pos] = logaddexp(results[pos], lp)
        else:
            results[pos] = lp
    result_list = list(results.items())
    result_list.sort(key=itemgetter(1), reverse=True)
    if not result_list:  # e.g. the empty string
        result_list = [(UNKNOWN, 0)]
    return result_list


def analyze_viterbi(tb: Tables, word: str, targetpos: int) -> list[tuple[int, int]]:
    """Exactly ``HanoverTagger.analyze_viterbi(tagger, word, targetpos)``.

    The best segmentation of ``word`` ending in ``targetpos``, as [(tag, end position)];
    first without unknown morphemes, then, if that finds nothing, with them. A word longer
    than ``LONG_WORD`` is segmented on its last ``LONG_WORD`` letters, and the letters
    before them join its first segment.
    """
    if len(word) > LONG_WORD:
        skip = len(word) - LONG_WORD
        return [(tag, end + skip) for tag, end in analyze_viterbi(tb, word[skip:], targetpos)]
    wlen = len(word)
    follow = tb.follow_to(targetpos)
    final = tb.final_to(targetpos)
    for localstrict in (True, False):
        table, back = _search(tb, word, follow, localstrict)
        last = table[-1]
        last_back = back[-1]
        for state, lp in table[-2].items():
            lpt = final.get(state)
            if lpt is None:
                continue
            lp1 = lp + lpt
            if lp1 > _LOWER:
                newstate = (state[1], targetpos)
                if newstate not in last or lp1 > last[newstate]:
                    last[newstate] = lp1
                    last_back[newstate] = (state, wlen)
        if last:
            break
    pmax = _NEG_INF
    beststate = (EMPTY, EMPTY)
    for state, lp in last.items():
        if lp > pmax:
            pmax = lp
            beststate = state
    i = len(back) - 1
    if beststate == (EMPTY, EMPTY):
        states = [((UNKNOWN, END_UNKNOWN), i), ((START, UNKNOWN), i - 1)]
    else:
        states = [(beststate, i)]
        state = beststate
        while i > 0:
            state, i = back[i][state]
            states.append((state, i))
        states = states[:-1]
    return [(state[1], i) for (state, i) in states[::-1]]
