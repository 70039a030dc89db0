"""Extractive summaries: the section's own sentences, in order, within bounds, stable."""

from __future__ import annotations

import pytest

from reader.core.analyze import analyse
from reader.core.document import load, split
from reader.core.model import Section
from reader.core.summary import (
    EXTRACTIVE,
    Summary,
    summarise_article,
    summarise_section,
    summary_length,
)
from tests.conftest import SEED

# A longer section written for the tests: 12 sentences about one topic, with a detour.
LONG = "\n\n".join(
    [
        (
            "Die Stadt Freiburg will bis zum Jahr 2035 klimaneutral werden. Dafür hat der Gemeinderat "
            "am Dienstag einen umfangreichen Klimaschutzplan beschlossen."
        ),
        (
            "Der Plan sieht vor, dass alle städtischen Gebäude Solaranlagen auf den Dächern bekommen. "
            "Außerdem sollen die Busse und Straßenbahnen nur noch mit Ökostrom fahren. Private "
            "Hausbesitzer erhalten Zuschüsse, wenn sie ihre Heizung erneuern."
        ),
        (
            "Kritiker halten den Klimaschutzplan für zu teuer. Die Opposition im Gemeinderat verweist "
            "auf die hohen Schulden der Stadt. Der Oberbürgermeister entgegnet, dass Nichtstun am Ende "
            "teurer werde."
        ),
        (
            "Am Wochenende fand außerdem das traditionelle Weinfest auf dem Münsterplatz statt. "
            "Tausende Besucher kamen bei schönem Wetter in die Altstadt."
        ),
        (
            "Ob die Stadt ihr Klimaziel erreicht, hängt auch vom Bund und vom Land ab. Der Gemeinderat "
            "will die Fortschritte des Klimaschutzplans jedes Jahr überprüfen."
        ),
    ]
)


@pytest.fixture(scope="module")
def seed():
    return analyse(load(SEED))


@pytest.fixture(scope="module")
def long_section() -> Section:
    article = analyse(split(LONG))
    assert len(article.sections) == 1
    return article.sections[0]


def _sentences(section: Section) -> list[str]:
    return [p.text[a:b].strip() for p in section.paragraphs for a, b in p.sentences]


def _check(summary: Summary, sentences: list[str]) -> None:
    assert summary.backend == EXTRACTIVE
    assert summary.sentences, "a non-empty text gets a summary"
    positions = [sentences.index(s) for s in summary.sentences]  # verbatim, or ValueError
    assert positions == sorted(positions), "reading order"
    assert len(set(positions)) == len(positions)
    n = len(sentences)
    assert len(summary.sentences) <= max(1, -(-n // 3)), "at most about a third"
    assert len(summary.sentences) <= 2 or n > 6


def test_seed_sections(seed):
    for section in seed.sections:
        summary = summarise_section(section)
        _check(summary, _sentences(section))
        assert 1 <= len(summary.key_terms) <= 6
        lemmas = {t.lemma for p in section.paragraphs for t in p.tokens}
        lemmas |= {t.verb_lemma for p in section.paragraphs for t in p.tokens if t.verb_lemma}
        assert set(summary.key_terms) <= lemmas, "key terms are lemmas of the section"


def test_seed_key_terms_carry_the_sections(seed):
    by_heading = {s.heading: summarise_section(s) for s in seed.sections}
    assert "Terrorismus" in by_heading["Eine vereinte Front gegen den Terrorismus"].key_terms
    assert "Dialog" in by_heading["Dialog trotz Divergenzen"].key_terms
    # The lead sentence is the summary of the opening section.
    assert by_heading[None].sentences[0].startswith("Nach Monaten der Eiszeit")


def test_article_summary(seed):
    summary = summarise_article(seed)
    all_sentences = [s for sec in seed.sections for s in _sentences(sec)]
    _check(summary, all_sentences)
    assert summary.sentences[0].startswith("Nach Monaten der Eiszeit")
    assert "Ukraine" in summary.key_terms or "Frankreich" in summary.key_terms


def test_long_section_picks_the_topic_not_the_detour(long_section):
    sentences = _sentences(long_section)
    assert len(sentences) == 12
    summary = summarise_section(long_section)
    _check(summary, sentences)
    assert len(summary.sentences) == summary_length(12) == 3
    assert not any("Weinfest" in s or "Besucher" in s for s in summary.sentences)
    assert "Klimaschutzplan" in summary.key_terms


def test_stable_across_runs(seed, long_section):
    first = [summarise_section(s) for s in (*seed.sections, long_section)]
    again = [summarise_section(s) for s in (*seed.sections, long_section)]
    assert first == again
    # ... and across a fresh analysis of the same text.
    assert summarise_article(analyse(load(SEED))) == summarise_article(seed)


@pytest.mark.parametrize(
    ("n", "k"), [(0, 0), (1, 1), (3, 1), (5, 1), (6, 2), (11, 2), (12, 3), (30, 6), (300, 7)]
)
def test_summary_length(n, k):
    assert summary_length(n) == k
    assert k <= max(1, n // 3) or n <= 5


def test_empty_and_one_sentence():
    empty = Section(None, ())
    assert summarise_section(empty) == Summary((), (), EXTRACTIVE)
    one = analyse(split("Der Hund schläft im Garten.")).sections[0]
    assert summarise_section(one).sentences == ("Der Hund schläft im Garten.",)


def test_a_book_length_section_is_summarised_within_bounds():
    """Hundreds of sentences: ranked block by block, still verbatim, ordered, bounded."""
    templates = (
        "Im Jahr {y} baute der Müller eine neue Mühle am Fluss.",
        "Die Mühle mahlte im Jahr {y} mehr Korn als je zuvor.",
        "Im Winter {y} fror der Fluss zu, und die Mühle stand still.",
        "Die Bauern brachten im Herbst {y} ihr Korn zur Mühle.",
    )
    paragraphs = [" ".join(t.format(y=1700 + i) for t in templates) for i in range(90)]
    article = analyse(split("\n\n".join(paragraphs) + "\n"))
    section = Section(None, article.paragraphs)
    sentences = _sentences(section)
    assert len(sentences) == 360 and len(set(sentences)) == 360
    summary = summarise_section(section)
    _check(summary, sentences)
    assert len(summary.sentences) == 7
    assert summary == summarise_section(section)
