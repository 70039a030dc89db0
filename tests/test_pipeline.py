"""The embedded German pipeline on real sentences, and rarity judged on the lexeme."""

from __future__ import annotations

import pytest

from reader.core.analyze import analyse, relevel
from reader.core.document import load, split
from reader.core.nlp.pipeline import build, process_words
from reader.core.vocabulary import band_of, check_level, is_rare, lexeme_zipf
from tests.conftest import SEED


@pytest.fixture(scope="module")
def nlp():
    return build()


@pytest.fixture(scope="module")
def seed_article():
    return analyse(load(SEED))


def _tokens(nlp, text):
    return {t.text: t for t in nlp(text)}


def test_every_token_has_lemma_upos_and_stts(nlp):
    doc = nlp("Die Kinder gingen gestern mit ihren Eltern in den Zoo.")
    for t in doc:
        assert t.lemma_ and t.pos_ and t.tag_
    toks = {t.text: t for t in doc}
    assert (toks["gingen"].lemma_, toks["gingen"].pos_, toks["gingen"].tag_) == (
        "gehen",
        "VERB",
        "VVFIN",
    )
    assert toks["Kinder"].lemma_ == "Kind" and toks["Kinder"].pos_ == "NOUN"
    assert toks["ihren"].lemma_ == "ihr" and toks["ihren"].pos_ == "DET"
    assert toks["Die"].lemma_ == "der"


@pytest.mark.parametrize(
    "sentence,form,lemma",
    [
        ("Er schlief die ganze Nacht.", "schlief", "schlafen"),
        ("Sie hat das Buch gelesen.", "gelesen", "lesen"),
        ("Wir waren müde.", "waren", "sein"),
        ("Die Häuser sind alt.", "Häuser", "Haus"),
        ("Ich sah ihm in die Augen.", "ihm", "er"),
    ],
)
def test_irregular_forms_get_their_lemma(nlp, sentence, form, lemma):
    assert _tokens(nlp, sentence)[form].lemma_ == lemma


@pytest.mark.parametrize(
    "sentence,verb,particle,joined",
    [
        ("Nach Monaten nahmen die Minister wieder Kontakt auf.", "nahmen", "auf", "aufnehmen"),
        ("Er kam gestern Abend in Berlin an.", "kam", "an", "ankommen"),
        (
            "Frankreich wies die Behauptung wegen fehlender Beweise zurück.",
            "wies",
            "zurück",
            "zurückweisen",
        ),
    ],
)
def test_separable_verbs_are_joined(nlp, sentence, verb, particle, joined):
    toks = _tokens(nlp, sentence)
    assert toks[verb]._.verb_lemma == joined
    assert toks[particle]._.verb_lemma == joined


def test_inseparable_verb_is_left_alone(nlp):
    toks = _tokens(nlp, "Sie verstand die Frage nicht.")
    assert toks["verstand"].lemma_ == "verstehen"
    assert toks["verstand"]._.verb_lemma is None


def test_genitive_names_lemma(nlp):
    toks = _tokens(nlp, "Frankreichs Präsident besuchte Russlands Hauptstadt.")
    assert toks["Frankreichs"].lemma_ == "Frankreich"
    assert toks["Russlands"].lemma_ == "Russland"


def test_nouns_carry_gender_and_number(nlp):
    toks = _tokens(nlp, "Die Beziehungen zwischen dem Kollegen und der Bank sind gut.")
    assert toks["Beziehungen"].morph.get("Gender") == ["Fem"]
    assert toks["Beziehungen"].morph.get("Number") == ["Plur"]
    assert toks["Bank"].morph.get("Gender") == ["Fem"]


def test_compound_lemma_is_the_whole_word(nlp):
    toks = _tokens(nlp, "Die Terrorismusbekämpfung kostet viel.")
    assert toks["Terrorismusbekämpfung"].lemma_ == "Terrorismusbekämpfung"


def test_pretokenised_input_is_never_retokenised(nlp):
    doc = process_words(nlp, [["z.B.", "USA-Reise", "#", "geht"], ["Ende", "."]])
    assert [t.text for t in doc] == ["z.B.", "USA-Reise", "#", "geht", "Ende", "."]
    assert [t.is_sent_start for t in doc][4] is True


RARE = [
    "Terrorismusbekämpfung",
    "Konzertstätte",
    "Amtskollege",
    "unerschütterlich",
    "abscheulich",
    "divergierend",
    "Instrumentalisierung",
]
COMMON = ["Monat", "Beziehung", "nehmen", "Mittwoch", "Gespräch", "ander", "Frankreich"]


def _by_lemma(article):
    found: dict[str, list] = {}
    for p in article.paragraphs:
        for t in p.tokens:
            found.setdefault(t.lemma, []).append(t)
            if t.verb_lemma:
                found.setdefault(t.verb_lemma, []).append(t)
    return found


@pytest.mark.parametrize("lemma", RARE)
def test_seed_rare_words_at_b1(seed_article, lemma):
    tokens = _by_lemma(seed_article)[lemma]
    assert all(t.rare for t in tokens), [(t.text, t.zipf, t.band) for t in tokens]


@pytest.mark.parametrize("lemma", COMMON)
def test_seed_common_words_at_b1(seed_article, lemma):
    tokens = _by_lemma(seed_article)[lemma]
    assert not any(t.rare for t in tokens), [(t.text, t.zipf, t.band) for t in tokens]


def test_never_rare_punctuation_numbers_function_words_entities(seed_article):
    for p in seed_article.paragraphs:
        for t in p.tokens:
            if t.pos in {"PUNCT", "NUM", "DET", "ADP", "PRON", "AUX", "CCONJ", "SCONJ"} or t.ent:
                assert not t.rare and t.band is None, t


def test_lexeme_not_string_frequency():
    # The string "ander" is rare, the word is one of the most common.
    assert lexeme_zipf("ander", "anderen", "ADJ") > 5.0
    # "divergierend" is unseen as a string, but the lexeme is attested.
    assert lexeme_zipf("divergierend", "divergierenden", "ADJ") > 1.5


def test_bands_and_levels():
    assert band_of(5.5) == "A1" and band_of(4.2) == "B1" and band_of(0.0) == "C2"
    assert is_rare("B2", "B1") and not is_rare("B1", "B1")
    assert check_level("c1") == "C1"
    with pytest.raises(ValueError):
        check_level("D1")


def test_relevel_changes_rarity_without_reanalysis(seed_article):
    easy = relevel(seed_article, "C2")
    assert not any(t.rare for p in easy.paragraphs for t in p.tokens)
    hard = relevel(seed_article, "A1")
    assert sum(t.rare for p in hard.paragraphs for t in p.tokens) > sum(
        t.rare for p in seed_article.paragraphs for t in p.tokens
    )


def test_token_offsets_slice_back(seed_article):
    for p in seed_article.paragraphs:
        for t in p.tokens:
            assert p.text[t.start : t.end] == t.text
        for e in p.entities:
            assert p.text[e.start : e.end] == e.text


def test_empty_paragraph_text_analyses_to_nothing(nlp):
    article = analyse(split("Ein Satz.\n"))
    assert len(article.paragraphs) == 1 and article.paragraphs[0].tokens
