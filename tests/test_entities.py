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


# --- issue 12: names a reader of novels can trust -------------------------------------


@pytest.mark.parametrize(
    ("sentence", "not_names"),
    [
        ("»Na, Woldemar, wie steht es?« fragte der Major.", {"Na", "Major"}),
        ("»Nu, Engelke, was meinst du?« sagte der alte Herr.", {"Nu"}),
        ("»Un denn, Herr Pastor?« fragte Dubslav.", {"Un", "Pastor", "Herr Pastor"}),
        ("»Oh, das ist schön«, sagte der Graf zu Melusine.", {"Oh", "Graf"}),
        ("»Ah, Sie's sind es«, rief der Hauptmann.", {"Ah", "Sie's", "Sie", "Hauptmann"}),
        ("»Du bist es, Hauptmann«, sagte er. Er lachte.", {"Du", "Er", "Hauptmann"}),
    ],
)
def test_interjections_pronouns_and_titles_are_never_names(nlp, sentence, not_names):
    found = {text for text, _ in ents(nlp, sentence)}
    assert not found & not_names, found


def test_named_characters_next_to_interjections_stay_persons(nlp):
    assert ("Woldemar", "PER") in ents(nlp, "»Na, Woldemar, wie steht es?« fragte der Major.")
    assert ("Dubslav", "PER") in ents(nlp, "»Un denn, Herr Pastor?« fragte Dubslav.")


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Er hatte von dem reichlichen Essen genug gegessen.", "Essen"),
        ("»Anders, gnädige Frau, kann ich es mir nicht erklären«, sagte der Prokurist.", "Anders"),
        ("»Frisch, Gregor«, rief der Vater, und alle standen auf.", "Frisch"),
        ("Sie hielt den Schlüssel mit der Linken fest.", "Linken"),
        ("Im Hof stand ein Wagen, und in der Halle brannte noch Licht.", "Hof"),
        ("Im Hof stand ein Wagen, und in der Halle brannte noch Licht.", "Halle"),
    ],
)
def test_common_words_are_not_names(nlp, sentence, word):
    assert word not in {text for text, _ in ents(nlp, sentence)}


def test_places_named_like_nouns_need_a_place_context(nlp):
    assert ("Essen", "LOC") in ents(nlp, "Er wohnt seit vielen Jahren in Essen.")
    found = ents(nlp, "Wir fuhren erst nach Halle und dann weiter nach Hof.")
    assert {("Halle", "LOC"), ("Hof", "LOC")} <= found


def test_the_party_is_still_a_party_in_politics(nlp):
    found = ents(nlp, "Die SPD will nach der Wahl mit der Linken koalieren.")
    assert ("Linken", "ORG") in found


@pytest.mark.parametrize(
    ("sentence", "span", "label"),
    [
        ("Die Deutsche Telekom erhöht die Preise.", "Deutsche Telekom", "ORG"),
        ("Die IG Metall ruft zum Warnstreik auf.", "IG Metall", "ORG"),
        (
            "Das sagte er der Frankfurter Allgemeinen Zeitung.",
            "Frankfurter Allgemeinen Zeitung",
            "ORG",
        ),
        ("Tesla verkauft das Model Y jetzt auch in Grünheide.", "Tesla", "ORG"),
        ("Tesla verkauft das Model Y jetzt auch in Grünheide.", "Model Y", "MISC"),
        ("Das neue iPhone kommt im Herbst in den Handel.", "iPhone", "MISC"),
        ("Die Deutsche Bahn streicht im Winter viele Züge.", "Deutsche Bahn", "ORG"),
        (
            "Helfer des Technischen Hilfswerks waren sofort vor Ort.",
            "Technischen Hilfswerks",
            "ORG",
        ),
        ("Audi steigerte im Sommer den Absatz in China.", "Audi", "ORG"),
        ("Laut Forsa liegt die Union weiter vorn.", "Forsa", "ORG"),
    ],
)
def test_companies_brands_and_products_as_whole_spans(nlp, sentence, span, label):
    assert (span, label) in ents(nlp, sentence)


def test_english_titles_are_not_persons(nlp):
    found = ents(nlp, "Der Film »My Blueberry Nights« lief im Sommer in Cannes.")
    assert all(label != "PER" for _, label in found), found


def _article_ents(text: str) -> list[tuple[str, str, str]]:
    """(section heading, entity text, label) of the analysed document."""
    from reader.core.analyze import analyse
    from reader.core.document import split

    article = analyse(split(text))
    return [
        (s.heading or "", e.text, e.label)
        for s in article.sections
        for p in s.paragraphs
        for e in p.entities
    ]


def test_seed_every_person_mention_across_sections():
    import re

    from reader.core.analyze import analyse
    from reader.core.document import load

    article = analyse(load(SEED))
    mentions = 0
    for section in article.sections:
        for para in section.paragraphs:
            for m in re.finditer(r"\b(Putin|Lecornu|Shoigu|Macron)s?\b", para.text):
                mentions += 1
                labels = [e.label for e in para.entities if e.start <= m.start() < e.end]
                assert labels == ["PER"], (m.group(), para.text[:80])
    assert mentions >= 10


def test_recurring_name_in_name_contexts_is_a_name_everywhere():
    text = (
        "»Gut, Pyterke«, sagte der alte Herr und stand auf.\n\n"
        "»Sofort«, antwortete Pyterke und ging hinaus.\n\n"
        "Nach einer Weile kam Pyterke mit dem Tablett zurück."
    )
    found = [(t, lab) for _, t, lab in _article_ents(text)]
    assert found.count(("Pyterke", "PER")) == 3, found


def test_a_country_after_a_title_stays_a_place(nlp):
    found = ents(nlp, "Die Verteidigungsminister Frankreichs und Russlands trafen sich in Paris.")
    assert ("Frankreichs", "LOC") in found


@pytest.mark.parametrize(
    "sentence, word",
    [
        ("Das Labor bestellte gestern die neue KRXT für die Messungen.", "KRXT"),
        ("Der Artikel hat die Kennung PMID 12345678 in der Datenbank.", "PMID"),
        ("Das Unternehmen meldete einen EBIT von zwölf Millionen Euro.", "EBIT"),
    ],
)
def test_acronyms_of_things_are_not_organisations(nlp, sentence, word):
    assert not any(word in text for text, _ in ents(nlp, sentence))


def test_no_person_guessed_after_an_article_or_a_noun(nlp):
    found = ents(nlp, "Die Qworax mildert die Strafe, und das Label Zendrilo veröffentlicht es.")
    assert not any(label == "PER" for _, label in found)


def test_noble_particle_stays_in_the_name_but_not_before_a_company(nlp):
    found = ents(nlp, "Damals schrieb Amalie von Hohenzollern-Sigmaringen einen Brief.")
    assert ("Amalie von Hohenzollern-Sigmaringen", "PER") in found
    found = ents(nlp, "Gestern traf sie Peter Müller von Siemens in Berlin.")
    assert ("Peter Müller", "PER") in found and ("Siemens", "ORG") in found


def test_german_adjective_before_a_known_organisation(nlp):
    assert ("Deutschen Bundestag", "ORG") in ents(nlp, "Er sprach gestern im Deutschen Bundestag.")


def test_name_split_at_its_hyphen_and_a_club_with_its_number(nlp):
    text = "Die Mannschaft aus Mecklenburg- Vorpommern verlor gegen Hannover 96 deutlich."
    found = ents(nlp, text)
    assert ("Mecklenburg- Vorpommern", "LOC") in found
    assert ("Hannover 96", "ORG") in found
