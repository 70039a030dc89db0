"""Article -> plain JSON-ready dicts, the shape ``reader analyze --json`` prints.

Besides the analysis itself: an estimated CEFR ``"level"`` and 0..6 ``"score"`` on every
paragraph and section (reader.core.difficulty), and a ``"summary"`` with ``"key_terms"``
on every section and for the whole article (reader.core.summary; a local LLM only when
settings for one are passed in, ``"summary_backend"`` says which produced the text).

The top-level ``"level"`` is the article's estimated level, as on sections and paragraphs;
the learner's level the rarity was judged for is ``"learner_level"``, and the details of
the estimate are under ``"difficulty"``.
"""

from __future__ import annotations

from typing import Any

from reader.core import difficulty
from reader.core.model import LEVELS, Article, Paragraph, Section, Token
from reader.core.summary import Summary, summarise_article, summarise_section


def token_dict(t: Token) -> dict[str, Any]:
    d: dict[str, Any] = {
        "text": t.text,
        "lemma": t.lemma,
        "pos": t.pos,
        "tag": t.tag,
        "start": t.start,
        "end": t.end,
        "zipf": t.zipf,
        "band": t.band,
        "rare": t.rare,
    }
    if t.morph:
        d["morph"] = t.morph
    if t.ent:
        d["ent"] = t.ent
    if t.verb_lemma:
        d["verb_lemma"] = t.verb_lemma
    return d


def paragraph_dict(p: Paragraph) -> dict[str, Any]:
    est = difficulty.paragraph_difficulty(p)
    return {
        "text": p.text,
        "offset": p.offset,
        "level": est.level,
        "score": est.score,
        "tokens": [token_dict(t) for t in p.tokens],
        "entities": [
            {"text": e.text, "label": e.label, "start": e.start, "end": e.end} for e in p.entities
        ],
        "rare_words": [
            {
                "text": t.text,
                "lemma": t.verb_lemma or t.lemma,
                "zipf": t.zipf,
                "band": t.band,
                "start": t.start,
                "end": t.end,
            }
            for t in p.tokens
            if t.rare
        ],
    }


def difficulty_dict(est: difficulty.Difficulty) -> dict[str, Any]:
    return {
        "level": est.level,
        "score": est.score,
        "mean_sentence_length": est.mean_sentence_length,
        "beyond": {band: round(share, 3) for band, share in zip(LEVELS, est.beyond, strict=False)},
        "judged_tokens": est.judged,
    }


def _summary_fields(summary: Summary) -> dict[str, Any]:
    return {
        "summary": summary.text,
        "summary_sentences": list(summary.sentences),
        "summary_backend": summary.backend,
        "key_terms": list(summary.key_terms),
    }


def _summary(obj: Any, llm_settings: Any, backend: str, extractive: Any) -> Summary:
    """The extractive summary, or the configured local LLM's (which falls back itself)."""
    if llm_settings is not None and llm_settings.enabled:
        from reader.core import llm

        return getattr(llm, backend)(obj, llm_settings)
    return extractive(obj)


def section_dict(s: Section, llm_settings: Any = None) -> dict[str, Any]:
    summary = _summary(s, llm_settings, "summarise_with_backend", summarise_section)
    est = difficulty.section_difficulty(s)
    return {
        "heading": s.heading,
        "level": est.level,
        "score": est.score,
        **_summary_fields(summary),
        "paragraphs": [paragraph_dict(p) for p in s.paragraphs],
    }


def article_dict(article: Article, llm_settings: Any = None) -> dict[str, Any]:
    """The whole analysis; ``llm_settings`` (reader.core.llm.LLMSettings) opts into a model."""
    summary = _summary(article, llm_settings, "summarise_article_with_backend", summarise_article)
    estimate = difficulty.article_difficulty(article)
    return {
        "source": article.source,
        "pipeline": article.pipeline,
        "level": estimate.level,
        "learner_level": article.level,
        "title": article.title,
        "encoding": article.encoding,
        "warnings": list(article.warnings),
        "difficulty": difficulty_dict(estimate),
        **_summary_fields(summary),
        "sections": [section_dict(s, llm_settings) for s in article.sections],
    }
