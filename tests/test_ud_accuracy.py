"""Regression guard for tagging and lemma quality on UD German-GSD (test split)."""

from __future__ import annotations

from benchmarks.ud_eval import score
from tests.conftest import EVAL, requires_eval


@requires_eval
def test_gsd_test_upos_and_lemma_accuracy():
    r = score(EVAL / "ud_german_gsd" / "de_gsd-ud-test.conllu")
    assert r["tokens"] > 16000
    assert r["upos"] >= 0.95, r["upos"]
    assert r["lemma"] >= 0.97, r["lemma"]
