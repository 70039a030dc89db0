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
