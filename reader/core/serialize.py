"""Article -> plain JSON-ready dicts, the shape ``reader analyze --json`` prints."""

from __future__ import annotations

from typing import Any

from reader.core.model import Article, Paragraph, Token


def token_dict(t: Token) -> dict[str, Any]:
    d: dict[str, Any] = {
        "text": t.text, "lemma": t.lemma, "pos": t.pos, "tag": t.tag, "start": t.start,
        "end": t.end, "zipf": t.zipf, "band": t.band, "rare": t.rare,
    }
    if t.morph:
        d["morph"] = t.morph
    if t.ent:
        d["ent"] = t.ent
    if t.verb_lemma:
        d["verb_lemma"] = t.verb_lemma
    return d


def paragraph_dict(p: Paragraph) -> dict[str, Any]:
    return {
        "text": p.text,
        "offset": p.offset,
        "tokens": [token_dict(t) for t in p.tokens],
        "entities": [
            {"text": e.text, "label": e.label, "start": e.start, "end": e.end} for e in p.entities
        ],
        "rare_words": [
            {"text": t.text, "lemma": t.verb_lemma or t.lemma, "zipf": t.zipf, "band": t.band,
             "start": t.start, "end": t.end}
            for t in p.tokens if t.rare
        ],
    }


def article_dict(article: Article) -> dict[str, Any]:
    return {
        "source": article.source,
        "pipeline": article.pipeline,
        "level": article.level,
        "title": article.title,
        "encoding": article.encoding,
        "warnings": list(article.warnings),
        "sections": [
            {"heading": s.heading, "paragraphs": [paragraph_dict(p) for p in s.paragraphs]}
            for s in article.sections
        ],
    }
