"""The analysis cache: exact round trip, and nothing damaged or stale is ever trusted."""

from __future__ import annotations

import pytest

from reader.core import cache
from reader.core.analyze import analyse
from reader.core.batch import analyse_cached
from reader.core.document import load, split
from tests.conftest import SEED


@pytest.fixture(scope="module")
def seed():
    document = load(SEED)
    return document, analyse(document)


def test_round_trip_is_exact(seed):
    document, article = seed
    path = cache.store(document, article)
    assert path is not None and path.is_file()
    assert cache.load(document, article.pipeline) == article


def test_other_pipeline_or_text_misses(seed):
    document, article = seed
    cache.store(document, article)
    assert cache.load(document, "another-pipeline") is None
    other = split(document.text.replace("Mittwoch", "Donnerstag"))
    assert cache.load(other, article.pipeline) is None


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty"])
def test_damaged_entries_are_ignored_and_rebuilt(seed, damage):
    document, article = seed
    path = cache.store(document, article)
    raw = path.read_bytes()
    if damage == "flip":
        i = len(raw) // 2
        path.write_bytes(raw[:i] + bytes([raw[i] ^ 0xFF]) + raw[i + 1 :])
    elif damage == "truncate":
        path.write_bytes(raw[: len(raw) // 3])
    elif damage == "garbage":
        path.write_bytes(b"\x00\x01not a cache entry" * 10)
    else:
        path.write_bytes(b"")
    assert cache.load(document, article.pipeline) is None
    rebuilt = analyse_cached(document)
    assert rebuilt == article
    assert cache.load(document, article.pipeline) == article


def test_cached_article_is_relevelled_for_another_level(seed):
    document, article = seed
    cache.store(document, article)
    harder = analyse_cached(document, level="C2")
    assert harder.level == "C2"
    assert not any(t.rare for p in harder.paragraphs for t in p.tokens)


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(cache, "_BLOCK_TOKENS", 40)  # one or two of the seed's paragraphs


def test_blocks_come_with_the_one_in_view_first(seed, small_blocks):
    document, article = seed
    cache.store(document, article)
    entry = cache.open_entry(document, article.pipeline)
    assert entry is not None and len(entry.contents["blocks"]) > 3
    start = len(article.paragraphs) - 2
    batches = list(entry.batches(start))
    assert start in dict(batches[0])
    order = [i for batch in batches for i, _ in batch]
    assert sorted(order) == list(range(len(article.paragraphs)))
    got = dict(p for batch in batches for p in batch)
    assert [got[i] for i in range(len(got))] == list(article.paragraphs)
    assert cache.load(document, article.pipeline) == article


def test_a_damaged_later_block_is_found_when_it_is_reached(seed, small_blocks):
    document, article = seed
    path = cache.store(document, article)
    entry = cache.open_entry(document, article.pipeline)
    _, _, start, length, _ = entry.contents["blocks"][-1]
    raw = path.read_bytes()
    at = len(raw) - length + length // 2  # inside the last block
    path.write_bytes(raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :])
    entry = cache.open_entry(document, article.pipeline)
    assert entry is not None  # the table of contents is intact
    batches = entry.batches(0)
    assert next(batches)[0][1] == article.paragraphs[0]  # served before the damage is met
    with pytest.raises(cache.Damaged):
        list(batches)
    assert cache.load(document, article.pipeline) is None
