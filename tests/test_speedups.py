"""The speed-ups change nothing: the shipped HanTa lexicon and the persistent memo give
HanTa's own results, a damaged memo is ignored, and ``--jobs 2`` gives ``--jobs 1``'s
analysis. (No wall-clock limits here; speed is measured in ``benchmarks/``.)"""

from __future__ import annotations

import json
from functools import lru_cache

import pytest
from conftest import SEED

from reader.core.nlp import hanta_store as store
from reader.core.nlp.memo_tagger import memo_tagger_class

SENTENCES = [
    "Die Verhandlungen über die Terrorismusbekämpfung wurden am Mittwoch wieder aufgenommen .",
    "Er nahm das Angebot ohne zu zögern an , obwohl die Bedingungen unerschütterlich blieben .",
    "Daß er es gewußt hätte , glaubte niemand im Schloß , am wenigsten der alte Stechlin .",
    "Die Kinder liefen über die Wiesen und sangen Lieder , die sie von ihrer Großmutter kannten .",
    "Heinrich saß am Fenster , las in dem grünen Buche und vergaß darüber die Zeit .",
]


@lru_cache(maxsize=1)
def _raw():
    from HanTa.HanoverTagger import HanoverTagger

    return HanoverTagger("morphmodel_ger.pgz")


def _seed_words() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    return [w.strip(".,:;!?\"'()«»„“”") for w in text.split()][:600]


def test_lexicon_ships_and_matches_the_model():
    lex = store.Lexicon()
    assert lex.get("haus") is not None or lex.get("und") is not None, "lexicon not usable"


def test_lexicon_entries_equal_hanta_on_real_words():
    lex = store.Lexicon()
    raw = _raw()
    words = {w.lower() for s in SENTENCES for w in s.split()} | {w.lower() for w in _seed_words()}
    checked = 0
    for form in sorted(w for w in words if w):
        hit = lex.get(form)
        if hit is None:
            continue
        fwd, lems = hit
        if fwd is None:  # HanTa's own model cache answers the tags of this form
            assert form in raw.cache, form
        else:
            # HanTa's list, less the tags no cutoff of 5 or below can return, same order
            kept = {t for t, _ in fwd}
            assert fwd == [(t, p) for t, p in raw.analyze_forward(form) if t in kept], form
        for tag, result in lems.items():
            assert result == raw._analyze(form, tag, 1), (form, tag)
        checked += 1
    assert checked > 50


def _tagger_without_lexicon():
    missing = store.Lexicon(store.lexicon_path().with_name("no_such_lexicon.sqlite"))
    return memo_tagger_class()("morphmodel_ger.pgz", lexicon=missing)


def test_tagging_with_and_without_lexicon_identical():
    plain = _tagger_without_lexicon()
    fast = memo_tagger_class()("morphmodel_ger.pgz")
    raw = _raw()
    words = _seed_words()
    sents = [s.split() for s in SENTENCES] + [words[i : i + 30] for i in range(0, len(words), 30)]
    for sent in sents:
        sent = [w for w in sent if w]
        expected = raw.tag_sent(sent, taglevel=1)
        assert plain.tag_sent(sent, taglevel=1) == expected
        assert fast.tag_sent(sent, taglevel=1) == expected
    assert fast.stats["lexicon"] > 0
    assert plain.stats["lexicon"] == 0


def test_lexicon_with_other_model_digest_is_not_used(tmp_path):
    import sqlite3

    path = tmp_path / "lex.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    db.execute("CREATE TABLE forms (form TEXT PRIMARY KEY, fwd TEXT, lem TEXT)")
    meta = {"format": store.LEXICON_FORMAT, "hanta": "0", "model_sha256": "0" * 64}
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.execute("INSERT INTO forms VALUES ('haus', '1\x1f-1.0', '')")
    db.commit()
    db.close()
    assert store.Lexicon(path).get("haus") is None


def _memo_tagger(path, persist_after=0):
    missing = store.Lexicon(store.lexicon_path().with_name("no_such_lexicon.sqlite"))
    return memo_tagger_class()(
        "morphmodel_ger.pgz", lexicon=missing, persist=path, persist_after=persist_after
    )


def test_persistent_memo_round_trip(tmp_path):
    path = tmp_path / "memo.json"
    first = _memo_tagger(path)
    sent = SENTENCES[2].split()
    expected = first.tag_sent(sent, taglevel=1)
    assert first.save_persistent()
    second = _memo_tagger(path)
    assert second.tag_sent(sent, taglevel=1) == expected
    assert second.stats["persistent"] > 0
    assert second.stats["computed_forward"] == 0


def test_a_few_new_forms_are_computed_before_the_memo_is_read(tmp_path):
    """A screenful of new forms is quicker to compute than the whole memo is to load."""
    path = tmp_path / "memo.json"
    first = _memo_tagger(path)
    sentences = [s.split() for s in SENTENCES]
    expected = [first.tag_sent(s, taglevel=1) for s in sentences]
    assert first.save_persistent()
    patient = _memo_tagger(path, persist_after=10_000)
    assert [patient.tag_sent(s, taglevel=1) for s in sentences] == expected
    assert patient.stats["persistent"] == 0 and patient.stats["computed_forward"] > 0
    eager = _memo_tagger(path, persist_after=3)
    assert [eager.tag_sent(s, taglevel=1) for s in sentences] == expected
    assert eager.stats["persistent"] > 0


@pytest.mark.parametrize("damage", ["truncate", "garbage", "flip", "forged"])
def test_corrupt_persistent_memo_is_ignored(tmp_path, damage):
    path = tmp_path / "memo.json"
    first = _memo_tagger(path)
    sent = SENTENCES[3].split()
    expected = first.tag_sent(sent, taglevel=1)
    assert first.save_persistent()
    raw = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "garbage":
        path.write_bytes(b"\x00\xff not a memo")
    elif damage == "flip":  # one changed byte: the checksum no longer matches
        i = len(raw) - 20
        path.write_bytes(raw[:i] + bytes([raw[i] ^ 1]) + raw[i + 1 :])
    else:  # wrong analyses with a valid checksum: HanTa's spot checks reject them
        header, _, payload = raw.partition(b"\n")
        data = json.loads(payload)
        data["fwd"] = {f: [[1, -0.5]] for f in data["fwd"]}
        data["lem"] = [[f, t, "falsch", b] for f, t, _, b in data["lem"]]
        store.write_persistent_memo(
            path,
            {f: [tuple(x) for x in v] for f, v in data["fwd"].items()},
            {(f, t): (a, b) for f, t, a, b in data["lem"]},
        )
    assert store.read_persistent_memo(path, first) == ({}, {})
    second = _memo_tagger(path)
    assert second.tag_sent(sent, taglevel=1) == expected
    assert second.stats["persistent"] == 0


def test_chunks_keep_order():
    from reader.core.batch import chunks_of
    from reader.core.document import load

    paras = list(load(SEED).paragraphs)
    chunks = chunks_of(paras, chars=500)
    assert len(chunks) > 1
    assert [p for c in chunks for p in c] == paras


def test_jobs_two_equals_jobs_one(tmp_path, monkeypatch):
    from reader.core import batch

    one = batch.analyse_files([str(SEED)], jobs=1)[0]
    monkeypatch.setenv("READER_HOME", str(tmp_path / "other-home"))  # no cached article
    monkeypatch.setattr(batch, "_CHUNK_CHARS", 1_000)  # several chunks, two workers
    two = batch.analyse_files([str(SEED)], jobs=2)[0]
    assert [p.tokens for s in one.sections for p in s.paragraphs] == [
        p.tokens for s in two.sections for p in s.paragraphs
    ]
    assert [p.entities for s in one.sections for p in s.paragraphs] == [
        p.entities for s in two.sections for p in s.paragraphs
    ]


def test_the_model_copy_is_hantas_model_and_a_damaged_one_is_rebuilt():
    from HanTa.HanoverTagger import HanoverTagger

    from reader.paths import cache_dir

    original = HanoverTagger("morphmodel_ger.pgz")
    model, reachability = store.load_model()  # builds the copy in this test's cache
    [copy] = cache_dir().glob("hanta-model-*.marshal")
    copy.write_bytes(copy.read_bytes()[:1000])  # cut short: must not be trusted
    again, reachability_again = store.load_model()
    assert (again, reachability_again) == (model, reachability)
    ours = memo_tagger_class()(None, model=again, reachability=reachability_again)
    for name in (
        "tag2int",
        "int2tag",
        "LP_trans_word",
        "LP_m_t",
        "cache",
        "reachability",
        "atomic_class",
        "LP_trans_final",
        "LP_trans_nonfinal",
    ):
        assert getattr(ours, name) == getattr(original, name), name
    sent = SENTENCES[4].split()
    ours.strict = False
    assert ours.tag_sent(sent, taglevel=1) == original.tag_sent(sent, taglevel=1)
