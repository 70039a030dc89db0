"""Analyse one or many files, optionally in worker processes (``--jobs N``).

Processes, not threads: HanTa is pure Python and holds the GIL. Each worker builds its own
pipeline once; a big single file is split into chunks of paragraphs.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from reader.core import cache
from reader.core.analyze import analyse, analyse_paragraphs, relevel
from reader.core.document import load
from reader.core.model import Article, Document, Paragraph
from reader.core.nlp.pipeline import build, describe


def analyse_cached(document: Document, level: str = "B1", model: str | None = None) -> Article:
    """``analyse`` with the disk cache in front: a second run on the same text is a read."""
    pipeline = describe(model)
    cached = cache.load(document, pipeline)
    if cached is not None:
        return cached if cached.level == level else relevel(cached, level)
    article = analyse(document, level=level, model=model)
    cache.store(document, article)
    return article


def _analyse_chunk(paragraphs: list[Paragraph], level: str, model: str | None) -> list[Paragraph]:
    return list(analyse_paragraphs(paragraphs, build(model), level))


def analyse_files(
    paths: list[str], level: str = "B1", model: str | None = None, jobs: int = 1
) -> list[Article]:
    documents = [load(p) for p in paths]  # fail fast, before any worker starts
    if jobs <= 1:
        return [analyse_cached(d, level=level, model=model) for d in documents]
    articles = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for document in documents:
            cached = cache.load(document, describe(model))
            if cached is not None:
                articles.append(cached if cached.level == level else relevel(cached, level))
                continue
            paras = list(document.paragraphs)
            size = max(1, -(-len(paras) // (jobs * 4)))
            chunks = [paras[i : i + size] for i in range(0, len(paras), size)]
            results = pool.map(_analyse_chunk, chunks, [level] * len(chunks), [model] * len(chunks))
            done = iter(p for chunk in results for p in chunk)
            sections = tuple(
                replace(s, paragraphs=tuple(next(done) for _ in s.paragraphs))
                for s in document.sections
            )
            articles.append(
                Article(
                    source=document.source,
                    pipeline=describe(model),
                    level=level,
                    sections=sections,
                    title=document.title,
                    encoding=document.encoding,
                    warnings=document.warnings,
                )
            )
    return articles
