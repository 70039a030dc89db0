"""Difficulty estimates: a children's tale < a newspaper article < a contract clause."""

from __future__ import annotations

import pytest

from reader.core import difficulty
from reader.core.analyze import analyse
from reader.core.document import load, split
from reader.core.model import LEVELS, Paragraph
from tests.conftest import SEED

# Written for these tests: a simple fairy-tale passage ...
TALE = (
    "Es war einmal ein kleines Mädchen. Es wohnte mit seiner Mutter in einem Haus am Wald. "
    "Eines Tages sagte die Mutter: „Geh zur Großmutter und bring ihr Kuchen und Milch.“ "
    "Das Mädchen nahm den Korb und ging los. Im Wald sah es viele schöne Blumen. "
    "Die Sonne schien, und die Vögel sangen. Da kam ein großer Hund aus dem Wald. "
    "Er war freundlich und wollte spielen. Das Mädchen lachte und lief mit dem Hund zum Haus "
    "der Großmutter. Die Großmutter freute sich sehr. Sie aßen zusammen Kuchen und tranken Milch."
)
# ... and contract clauses in legal style.
LEGAL = (
    "Soweit die Vertragsparteien nicht ausdrücklich etwas Abweichendes vereinbart haben, ist der "
    "Auftragnehmer verpflichtet, sämtliche ihm im Rahmen der Vertragsdurchführung zur Kenntnis "
    "gelangten Unterlagen vertraulich zu behandeln und Dritten ohne vorherige schriftliche "
    "Zustimmung des Auftraggebers weder zugänglich zu machen noch anderweitig zu verwerten. "
    "Die Haftung des Auftragnehmers für leicht fahrlässig verursachte Schäden ist, vorbehaltlich "
    "zwingender gesetzlicher Bestimmungen, auf den vertragstypischen, bei Vertragsschluss "
    "vorhersehbaren Schaden beschränkt. Ansprüche wegen Verletzung des Lebens, des Körpers oder "
    "der Gesundheit bleiben hiervon unberührt. Die Verjährungsfrist für Mängelansprüche beträgt, "
    "sofern nicht eine vorsätzliche Pflichtverletzung vorliegt, zwölf Monate ab Abnahme der "
    "Leistung."
)
PHILOSOPHY = (
    "Insofern die Vernunft sich selbst zum Gegenstand ihrer Untersuchung macht, gerät sie in die "
    "eigentümliche Lage, zugleich Richterin und Angeklagte zu sein. Denn die Bedingungen der "
    "Möglichkeit der Erkenntnis lassen sich nicht ihrerseits wiederum als Gegenstände einer "
    "Erkenntnis auffassen, ohne dass ein unendlicher Regress entstünde. Die transzendentale "
    "Reflexion vermag daher nur die Grenzen des Erkennbaren zu bestimmen, nicht aber das "
    "jenseits dieser Grenzen Liegende zu erfassen."
)


@pytest.fixture(scope="module")
def articles():
    return {
        "tale": analyse(split(TALE)),
        "news": analyse(load(SEED)),
        "legal": analyse(split(LEGAL)),
        "philosophy": analyse(split(PHILOSOPHY)),
    }


def test_ordering(articles):
    score = {k: difficulty.article_score(a) for k, a in articles.items()}
    assert score["tale"] < score["news"] < score["legal"]
    assert score["tale"] < score["philosophy"]
    level = {k: LEVELS.index(difficulty.article_level(a)) for k, a in articles.items()}
    assert level["tale"] <= LEVELS.index("A2")
    assert LEVELS.index("B2") <= level["news"] <= LEVELS.index("C1")
    assert level["legal"] >= LEVELS.index("C1")
    assert level["tale"] < level["news"] <= level["legal"]


def test_levels_everywhere(articles):
    news = articles["news"]
    for section in news.sections:
        assert difficulty.section_level(section) in LEVELS
        assert 0.0 <= difficulty.section_score(section) <= 6.0
        for p in section.paragraphs:
            assert difficulty.paragraph_level(p) in LEVELS
            score = difficulty.paragraph_score(p)
            assert difficulty.level_of(score) == difficulty.paragraph_level(p)
    scores = difficulty.section_scores(news)
    assert len(scores) == len(news.sections)
    line = difficulty.sparkline(scores)
    assert len(line) == len(scores) and set(line) <= set(difficulty.SPARK)


def test_profile_is_pooled_not_averaged(articles):
    est = difficulty.article_difficulty(articles["news"])
    assert est.judged == sum(
        difficulty.paragraph_difficulty(p).judged for p in articles["news"].paragraphs
    )
    assert list(est.beyond) == sorted(est.beyond, reverse=True)  # P(i > k) falls with k
    assert 15 < est.mean_sentence_length < 35


def test_empty_paragraph():
    est = difficulty.paragraph_difficulty(Paragraph(text="", offset=0))
    assert est.level == "A1" and est.score == 0.0


def test_sparkline_fixed_scale():
    assert difficulty.sparkline([0.0, 6.0]) == "▁█"
    assert difficulty.sparkline([]) == ""
