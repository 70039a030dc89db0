"""An estimated CEFR level for a paragraph, a section and a whole article.

Why: a learner chooses texts by how hard they are, and wants to see at a glance which
section of an article will cost effort. No trained readability model for German learners
ships in a package, so the estimate is a small, documented formula over what the analysis
already knows, in the spirit of the classic readability formulas (Amstad, the Wiener
Sachtextformel), which also combine word difficulty with sentence length.

Method
------
1. **Lexical profile.** Every *judged* token (content words with a rarity band; names,
   numbers and function words are not judged, see ``vocabulary.judged``) has a band A1..C2,
   index ``i`` = 0..5. For each band ``k`` the share of tokens *beyond* it is
   ``beyond[k] = P(i > k)``; their sum is the mean band index, which is what we use::

       lexical_mean = sum(beyond[A1..C1]) = mean(i)

   Short paragraphs give noisy means, so the mean is shrunk towards 1.0 (an everyday A2
   text) with a weight of ``PRIOR_TOKENS`` pseudo-tokens.
2. **Sentence length.** Mean words (tokens that are not punctuation) per sentence.
3. **Score** on a continuous 0..6 scale (A1 = [0, 1), A2 = [1, 2) ... C2 = [5, 6])::

       lexical   = 0.5 + 2.2 * lexical_mean            (clipped to 0..6)
       syntactic = (mean_sentence_length - 3) / 4      (clipped to 0..6)
       score     = 0.7 * lexical + 0.3 * syntactic

   so a text of A1/A2 words in 8-word sentences lands at A2, a newspaper article with a
   third of its words beyond B1 in 25-word sentences at B2/C1, and contract clauses full
   of C-band words at C1/C2. The constants were set by hand on short samples of each kind
   (see tests/test_difficulty.py); they are a proxy, not an official CEFR assessment.
4. **Aggregation.** A section's or article's estimate pools all its tokens and sentences
   (it is not an average of paragraph levels), so long paragraphs count for more.

``section_scores`` gives the numbers for a sparkline, ``sparkline`` draws one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.core.model import LEVELS, Article, Paragraph, Section

PRIOR_MEAN = 1.0
PRIOR_TOKENS = 4.0
LEXICAL_WEIGHT = 0.7
MAX_SCORE = float(len(LEVELS))
SPARK = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class Difficulty:
    """The estimate and the figures it was made from."""

    level: str  # A1..C2
    score: float  # 0..6, continuous
    beyond: tuple[float, ...]  # share of judged tokens beyond A1, A2, B1, B2, C1
    mean_sentence_length: float
    judged: int  # number of judged tokens the profile rests on


def _clip(x: float) -> float:
    return min(MAX_SCORE, max(0.0, x))


def level_of(score: float) -> str:
    """The CEFR level of a 0..6 score."""
    return LEVELS[min(len(LEVELS) - 1, max(0, int(score)))]


def estimate(paragraphs: Iterable[Paragraph]) -> Difficulty:
    """Pool the paragraphs' tokens and sentences into one estimate."""
    counts = [0] * len(LEVELS)
    words = sentences = 0
    for p in paragraphs:
        sentences += len(p.sentences) or (1 if p.tokens else 0)
        for t in p.tokens:
            if t.pos != "PUNCT":
                words += 1
            if t.band in LEVELS:
                counts[LEVELS.index(t.band)] += 1
    judged = sum(counts)
    beyond = tuple(
        (sum(counts[k + 1 :]) / judged) if judged else 0.0 for k in range(len(LEVELS) - 1)
    )
    band_sum = sum(i * c for i, c in enumerate(counts))
    mean_band = (band_sum + PRIOR_MEAN * PRIOR_TOKENS) / (judged + PRIOR_TOKENS)
    msl = words / sentences if sentences else 0.0
    if not words:
        return Difficulty(LEVELS[0], 0.0, beyond, 0.0, 0)
    lexical = _clip(0.5 + 2.2 * mean_band)
    syntactic = _clip((msl - 3.0) / 4.0)
    score = round(LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * syntactic, 2)
    return Difficulty(level_of(score), score, beyond, round(msl, 1), judged)


def paragraph_difficulty(p: Paragraph) -> Difficulty:
    return estimate((p,))


def section_difficulty(s: Section) -> Difficulty:
    return estimate(s.paragraphs)


def article_difficulty(a: Article) -> Difficulty:
    return estimate(a.paragraphs)


def paragraph_level(p: Paragraph) -> str:
    return paragraph_difficulty(p).level


def section_level(s: Section) -> str:
    return section_difficulty(s).level


def article_level(a: Article) -> str:
    return article_difficulty(a).level


def paragraph_score(p: Paragraph) -> float:
    return paragraph_difficulty(p).score


def section_score(s: Section) -> float:
    return section_difficulty(s).score


def article_score(a: Article) -> float:
    return article_difficulty(a).score


def section_scores(a: Article) -> tuple[float, ...]:
    """One 0..6 score per section, for a sparkline or bar in the app."""
    return tuple(section_score(s) for s in a.sections)


def sparkline(scores: Iterable[float]) -> str:
    """Draw 0..6 scores on a fixed scale (so two articles' lines compare): ▁ A1 ... █ C2."""
    top = len(SPARK) - 1
    return "".join(SPARK[min(top, max(0, round(s / MAX_SCORE * top)))] for s in scores)
