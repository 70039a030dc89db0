"""Named entities from the embedded pipeline: the seed article and German's tricky cases."""

from __future__ import annotations

import pytest

from reader.core.nlp.pipeline import build
from tests.conftest import SEED, requires_eval


@pytest.fixture(scope="module")
def nlp():
    return build(None)


def ents(nlp, text: str) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in nlp(text).ents}


@pytest.fixture(scope="module")
def seed_ents(nlp) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in nlp(SEED.read_text(encoding="utf-8")).ents}


@pytest.mark.parametrize(
    "name",
    [
        "Sebastien Lecornu",
        "Sergei Shoigu",
        "Wladimir Putin",
        "Emmanuel Macron",
        "Lecornu",
        "Lecornus",
        "Putin",
        "Macrons",
    ],
)
def test_seed_persons(seed_ents, name):
    assert (name, "PER") in seed_ents


@pytest.mark.parametrize("name", ["Frankreich", "Russland", "Moskau", "Ukraine", "Europa"])
def test_seed_places(seed_ents, name):
    # The seed only ever says "Russlands" (genitive): the whole token is the place.
    assert (name, "LOC") in seed_ents or (name + "s", "LOC") in seed_ents


@pytest.mark.parametrize("name", ["Moscow Times", "Islamischen Staat"])
def test_seed_organisations(seed_ents, name):
    assert (name, "ORG") in seed_ents


def test_seed_has_no_common_nouns_or_place_adjectives(seed_ents):
    texts = {text for text, _ in seed_ents}
    for word in (
        "Terrorismus",
        "Dialog",
        "Moskauer",
        "Verteidigungsminister",
        "Kontakt",
        "Nationen",
    ):
        assert word not in texts
    for text, _ in seed_ents:
        assert text[0].isupper(), text


def test_seed_genitive_places(seed_ents):
    assert ("Frankreichs", "LOC") in seed_ents
    assert ("Russlands", "LOC") in seed_ents


def test_document_consistency(nlp):
    found = ents(nlp, "Gestern sprach Anneliese Quastkamp in Bremen. Später reiste Quastkamp ab.")
    assert ("Anneliese Quastkamp", "PER") in found
    assert ("Quastkamp", "PER") in found
    assert ("Bremen", "LOC") in found


def test_names_that_are_common_nouns(nlp):
    assert ents(nlp, "Der Wolf heult im Wald am Bach.") == set()
    found = ents(nlp, "Johann Sebastian Bach und Christa Wolf lebten in Leipzig.")
    assert found == {("Johann Sebastian Bach", "PER"), ("Christa Wolf", "PER"), ("Leipzig", "LOC")}


def test_organisations_containing_places(nlp):
    found = ents(nlp, "Er arbeitet für die Deutsche Bank und studierte an der Universität Hamburg.")
    assert ("Deutsche Bank", "ORG") in found
    assert ("Universität Hamburg", "ORG") in found
    assert not any(text == "Hamburg" for text, _ in found)
    found = ents(nlp, "Die Frankfurter Allgemeine Zeitung berichtet über den FC Bayern München.")
    assert ("Frankfurter Allgemeine Zeitung", "ORG") in found
    assert ("FC Bayern München", "ORG") in found


def test_titles_cues_and_currencies(nlp):
    found = ents(
        nlp, "Bundeskanzlerin Merkel traf in Paris den Vorsitzenden der SPD. Das kostet 20 Euro."
    )
    assert ("Merkel", "PER") in found
    assert ("Paris", "LOC") in found
    assert ("SPD", "ORG") in found
    assert ("Euro", "MISC") in found


def test_multiword_places_inflected(nlp):
    found = ents(nlp, "Sie flog in die Vereinigten Staaten und dann nach Sri Lanka.")
    assert ("Vereinigten Staaten", "LOC") in found
    assert ("Sri Lanka", "LOC") in found


def test_events_are_misc(nlp):
    assert ("Zweiten Weltkrieg", "MISC") in ents(
        nlp, "Nach dem Zweiten Weltkrieg wurde die Stadt neu aufgebaut."
    )


@requires_eval
def test_germeval_sample_scores_reasonably():
    """A smoke check on the first 200 dev sentences (the full score is benchmarks/ner_eval.py)."""
    from benchmarks.ner_eval import DEFAULT, predict, read_gold, spans

    sents = read_gold(DEFAULT, limit=200)
    preds = predict(sents)
    tp = fp = fn = 0
    for (_, _, gold), pred in zip(sents, preds, strict=True):
        g, p = spans(gold), spans(pred)
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 > 0.5


def test_common_nouns_without_evidence_are_not_persons(nlp):
    found = ents(nlp, "Die Terrakotta und die Fußballfans warteten auf dem Platz.")
    assert found == set()


def test_given_name_takes_the_following_surname(nlp):
    found = ents(nlp, "Gestern sprach Herbert Stein mit Renate Bassen über den Plan.")
    assert ("Herbert Stein", "PER") in found
    assert ("Renate Bassen", "PER") in found


def test_kind_noun_types_the_following_name(nlp):
    found = ents(nlp, "Der Spielzeughersteller Zorbatix verklagte die Gemeinde Ostrovica.")
    assert ("Zorbatix", "ORG") in found
    assert ("Ostrovica", "LOC") in found


def test_names_listed_together_share_a_type(nlp):
    found = ents(nlp, "Die Dörfer Ostrovica , Belanje und Trnovec liegen am Fluss.")
    assert {("Ostrovica", "LOC"), ("Belanje", "LOC"), ("Trnovec", "LOC")} <= found


def test_public_body_compounds(nlp):
    found = ents(nlp, "Das Bundesamt für Gesundheit widersprach dem Bundesjustizministerium.")
    assert ("Bundesamt für Gesundheit", "ORG") in found
    assert ("Bundesjustizministerium", "ORG") in found


def test_initial_and_surname_is_a_person(nlp):
    assert ("W. Kaltenbrunn", "PER") in ents(nlp, "Das Buch schrieb W. Kaltenbrunn im Exil.")


def test_trace_records_every_typed_span(nlp):
    """The training script harvests evidence-typed spans from the trace: all paths report."""
    rec = nlp.get_pipe("reader_entities")
    rec.trace = []
    try:
        nlp(
            "Die Vereinigten Staaten und der Islamische Staat. Das Bundesjustizministerium schwieg."
        )
        whys = {why for *_, why in rec.trace}
    finally:
        rec.trace = None
    assert {"phrase", "adjhead", "inst"} <= whys


def test_statistical_typer_is_optional(nlp, monkeypatch):
    """Off by default; switched on without a trained model file it changes nothing."""
    from reader.core.nlp import ner_typer

    rec = nlp.get_pipe("reader_entities")
    assert rec.use_typer is False
    text = "Gestern sprach Halmich mit Kowalski in Oberursel über die Firma Brandt."
    before = ents(nlp, text)
    monkeypatch.setattr(ner_typer, "load", lambda: None)
    monkeypatch.setattr(rec, "use_typer", True)
    assert ents(nlp, text) == before
