"""``reader_tagger``: STTS tags, UPOS and lemmas from HanTa, the Hanover Tagger.

HanTa's German model ships inside its PyPI wheel, so this works offline on a fresh
machine. HanTa tags a sentence at a time with a Viterbi search over per-word analyses;
the per-word analyses are what cost, so we memoise them across the whole process (a
novel repeats its word forms endlessly) and keep the sentence search.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import random
import sqlite3
import tempfile
import threading
import unicodedata
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy
from spacy.attrs import LEMMA, POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as _POS_IDS
from spacy.tokens import Doc

from reader.core.nlp import hanta_fast
from reader.core.nlp.stts import normalise_tag, sentence_upos, ud_lemma
from reader.core.text import json_has_controls

_LOCK = threading.Lock()
_MAX_SENT = 120  # HanTa's search is quadratic-ish in practice; split very long sentences


_MEMO_LIMIT = 400_000  # entries per memo table; a 250,000-word novel needs ~40,000
_PAIRS_LIMIT = 150_000  # (state, word) Viterbi steps; ~250 bytes each
LEXICON_FORMAT = "1"
_SEP, _REC = "\x1f", "\x1e"
_PERSIST_FORMAT = 1
_PERSIST_LIMIT = 30_000  # forms kept in the persistent memo (~8 MB, loads in ~0.2 s)
# Forms computed before the persistent memo is read: a screenful of text rarely has more
# new forms than that, and computing them (~1 ms each) is quicker than loading the memo.
_PERSIST_AFTER = 48


def lexicon_path() -> Path:
    return Path(__file__).resolve().parents[2] / "data" / "hanta_lexicon.sqlite"


@lru_cache(maxsize=1)
def model_digest() -> str:
    """SHA-256 of HanTa's German model file: precomputed analyses are valid only for it."""
    import HanTa

    return hashlib.sha256(
        Path(HanTa.__file__).with_name("morphmodel_ger.pgz").read_bytes()
    ).hexdigest()


def _parse_fwd(text: str) -> list[tuple[int, float]]:
    out = []
    for rec in text.split(_REC):
        t, p = rec.split(_SEP)
        out.append((int(t), float(p)))
    return out


def _parse_lem(text: str) -> dict[int, tuple[str, str]]:
    out = {}
    if text:
        for rec in text.split(_REC):
            t, lemma, tag = rec.split(_SEP)
            out[int(t)] = (lemma, tag)
    return out


class Lexicon:
    """The shipped table of HanTa's per-form analyses (``reader/data/hanta_lexicon.sqlite``).

    Opened lazily on the first word the in-memory memo does not know, and used only when it
    was built from the very model file HanTa loads (format, HanTa version and the model's
    SHA-256 are checked); otherwise every lookup misses and HanTa computes as before.
    """

    def __init__(self, path: Path | None = None):
        self.path = path or lexicon_path()
        self._db: sqlite3.Connection | None = None
        self._ok: bool | None = None
        self._lock = threading.Lock()

    def _open(self) -> bool:
        if self._ok is None:
            self._ok = False
            try:
                db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
                meta = dict(db.execute("SELECT key, value FROM meta"))
                if (
                    meta.get("format") == LEXICON_FORMAT
                    and meta.get("hanta") == metadata.version("HanTa")
                    and meta.get("model_sha256") == model_digest()
                    and meta.get("fwd") == "cutoff5"
                    and meta.get("cache_lemmas") == "1"
                ):
                    self._db, self._ok = db, True
                else:
                    db.close()
            except (sqlite3.Error, OSError, metadata.PackageNotFoundError):
                pass
        return self._ok

    def get(self, form: str) -> tuple[list, dict] | None:
        """(analyze_forward result, {tag: (lemma, tag string)}) for a lower-cased form.

        The forward result is None for the forms HanTa's own model cache answers (only
        their lemmas are stored)."""
        with self._lock:
            if not self._open():
                return None
            try:
                row = self._db.execute(
                    "SELECT fwd, lem FROM forms WHERE form = ?", (form,)
                ).fetchone()
            except sqlite3.Error:
                return None
        if row is None:
            return None
        try:
            return (_parse_fwd(row[0]) if row[0] else None), _parse_lem(row[1])
        except ValueError:
            return None


def persistent_memo_path() -> Path:
    from reader.paths import cache_dir

    return cache_dir() / f"hanta-memo-v{_PERSIST_FORMAT}.json"


def _memo_identity() -> dict:
    return {"format": _PERSIST_FORMAT, "hanta": metadata.version("HanTa"), "model": model_digest()}


def read_persistent_memo(path: Path, tagger=None, spot_checks: int = 2) -> tuple[dict, dict]:
    """The verified persistent memo: ({form: forward}, {(form, tag): (lemma, tag)}).

    The file carries the HanTa version, the model's digest and a SHA-256 of its payload; a
    file that fails any check, or whose randomly chosen entries HanTa does not reproduce
    (``tagger`` given), is ignored — an empty memo only costs time.
    """
    try:
        raw = path.read_bytes()
        header, _, payload = raw.partition(b"\n")
        head = json.loads(header)
        if head.get("identity") != _memo_identity():
            return {}, {}
        if hashlib.sha256(payload).hexdigest() != head.get("sha256"):
            return {}, {}
        text = payload.decode("utf-8")
        if json_has_controls(text):  # lemmas are shown: a forged one must not reach the UI
            return {}, {}
        data = json.loads(text)
        fwd = {f: [(int(t), float(p)) for t, p in v] for f, v in data["fwd"].items()}
        lem = {(f, int(t)): (str(a), str(b)) for f, t, a, b in data["lem"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # UnicodeDecodeError too
        return {}, {}
    if tagger is not None and spot_checks:
        rng = random.Random()
        for form in rng.sample(sorted(fwd), min(spot_checks, len(fwd))):
            if tagger._original_forward(form) != fwd[form]:
                return {}, {}
        for key in rng.sample(sorted(lem), min(spot_checks, len(lem))):
            if tagger._original_analyze(key[0], key[1]) != lem[key]:
                return {}, {}
    return fwd, lem


def write_persistent_memo(path: Path, fwd: dict, lem: dict) -> bool:
    payload = json.dumps(
        {
            "fwd": {f: [[t, p] for t, p in v] for f, v in fwd.items()},
            "lem": [[f, t, a, b] for (f, t), (a, b) in lem.items()],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    header = json.dumps(
        {"identity": _memo_identity(), "sha256": hashlib.sha256(payload).hexdigest()}
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(header.encode("ascii") + b"\n" + payload)
        os.replace(tmp, path)
        return True
    except OSError:
        return False


def merge_persistent_memo(fwd: dict, lem: dict, path: Path | None = None) -> bool:
    """Add newly computed analyses to the persistent memo file (newest kept)."""
    if os.environ.get("READER_HANTA_MEMO") == "0" or not (fwd or lem):
        return False
    path = path or persistent_memo_path()
    old_fwd, old_lem = read_persistent_memo(path, None)
    old_fwd.update(fwd)
    old_lem.update(lem)
    if len(old_fwd) > _PERSIST_LIMIT:
        old_fwd = dict(list(old_fwd.items())[-_PERSIST_LIMIT:])
        old_lem = {k: v for k, v in old_lem.items() if k[0] in old_fwd}
    return write_persistent_memo(path, old_fwd, old_lem)


def _memo_tagger_class():
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


@lru_cache(maxsize=1)
def hanta():
    """The shared HanTa German tagger (loaded once, ~0.1 s), with memoised word analyses.

    Set ``READER_HANTA_MEMO=0`` to keep no persistent memo of new forms between runs.
    """
    persist = None if os.environ.get("READER_HANTA_MEMO") == "0" else persistent_memo_path()
    model, reachability = load_model()
    cls = _memo_tagger_class()
    tagger = cls(None, model=model, persist=persist, reachability=reachability)
    tagger.strict = False  # as HanTa sets it when it reads the model file itself
    return tagger


def _plain(value):
    """The model with numpy floats (a few hundred, in HanTa's word cache) as Python floats:
    the same IEEE doubles, so every sum and comparison is unchanged, and marshal-able."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if type(value) is not float and isinstance(value, float):
        return float(value)
    return value


def load_model() -> tuple[tuple, dict]:
    """HanTa's German model and its class reachability table, from a verified ``marshal``
    copy in the cache directory.

    HanTa's own file is a gzipped pickle that takes ~0.25 s to load, and HanTa then spends
    ~0.1 s deriving which morpheme classes reach which; both are on the way to the first
    paint. marshal reads the same plain data in ~0.07 s and, unlike pickle, cannot run
    code. The copy is named after the model's SHA-256 and carries a checksum; anything that
    does not verify is rebuilt from the original.
    """
    import gzip
    import marshal
    import pickle

    import HanTa

    from reader.paths import cache_dir

    path = cache_dir() / f"hanta-model-{model_digest()[:16]}.marshal"
    try:
        raw = path.read_bytes()
        if hashlib.sha256(raw[64:]).hexdigest().encode("ascii") == raw[:64]:
            return marshal.loads(raw[64:])
    except (OSError, ValueError, EOFError, TypeError):
        pass
    from HanTa.HanoverTagger import HanoverTagger

    with gzip.open(Path(HanTa.__file__).with_name("morphmodel_ger.pgz"), "rb") as fh:
        model = _plain(pickle.load(fh))
    body = marshal.dumps((model, {}))  # HanTa's constructor adds to the model's tag tables
    reachability = HanoverTagger(None, model=marshal.loads(body)[0]).reachability
    body = marshal.dumps((model, reachability))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(hashlib.sha256(body).hexdigest().encode("ascii") + body)
        os.replace(tmp, path)
    except OSError:
        pass  # an unwritable cache only costs time
    return model, reachability


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
