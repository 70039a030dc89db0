"""Analyse one or many files, optionally in worker processes (``--jobs N``).

Processes, not threads: HanTa is pure Python and holds the GIL. Each worker builds its own
pipeline once (in the pool's initializer). All paragraphs of all uncached files are cut
into chunks of roughly equal text length, analysed in order-preserving ``map`` and put back
into their sections; the forms the workers had to analyse from scratch are sent back with
each chunk and merged once into the persistent HanTa memo.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from typing import TypeVar

from reader.core import cache
from reader.core.analyze import analyse, analyse_paragraphs, relevel
from reader.core.document import load
from reader.core.model import Article, Document, Paragraph
from reader.core.nlp.pipeline import build, describe
from reader.errors import WorkerError

T = TypeVar("T")

_CHUNK_CHARS = 40_000  # ~6,000 tokens: small enough to balance two workers, big enough to batch


def analyse_cached(document: Document, level: str = "B1", model: str | None = None) -> Article:
    """``analyse`` with the disk cache in front: a second run on the same text is a read."""
    pipeline = describe(model)
    cached = cache.load(document, pipeline)
    if cached is not None:
        return cached if cached.level == level else relevel(cached, level)
    article = analyse(document, level=level, model=model)
    cache.store(document, article)
    return article


def _init_worker(model: str | None) -> None:
    # Ctrl-C reaches the whole process group: the parent decides, the workers are stopped
    # by it (a worker dying of KeyboardInterrupt mid-start breaks the pool and hangs it).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    build(model)
    if model is None:
        from reader.core.nlp.tagger import hanta

        hanta()


def _analyse_chunk(
    paragraphs: list[Paragraph], level: str, model: str | None
) -> tuple[list[Paragraph], dict, dict]:
    done = list(analyse_paragraphs(paragraphs, build(model), level))
    if model is None:
        from reader.core.nlp.tagger import hanta

        return done, *hanta().take_new()
    return done, {}, {}


def _pool(workers: int, model: str | None) -> AbstractContextManager[_OrderedPool]:
    return _stopping(
        ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(model,))
    )


@contextmanager
def _stopping(pool: ProcessPoolExecutor) -> Iterator[_OrderedPool]:
    """A process pool that is torn down at once on Ctrl-C or any error.

    Workers never see SIGINT: they are forked with it held back and ignore it in the
    initializer, so the parent alone decides. On any exception in the parent the workers
    are terminated and the pool is left to notice: it fails the pending futures itself,
    closes its queues and joins its threads before the exception goes on. Nothing here
    cancels a future, because on CPython 3.11 a future cancelled while the pool marks it
    broken raises InvalidStateError in the pool's manager thread, which then never closes
    its call queue, and the exit waits for ever on a pipe nobody reads (``Executor.map``
    cancels its futures when its iterator is interrupted, so it is not used).
    """
    try:
        yield _OrderedPool(pool)
    except BaseException:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for process in processes:
            if process.is_alive():
                process.terminate()
        pool.shutdown(wait=True)
        raise
    pool.shutdown(wait=True)


class _OrderedPool:
    """Submit every call, then yield the results in order, like ``map`` without its
    cancelling. SIGINT is held back while submitting (which forks the workers): a child
    inherits the handler in force when it is forked, before its initializer runs, so the
    workers only note the Ctrl-C; the parent raises it as soon as the forks are done."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self._pool = pool

    def map(self, fn: Callable[..., T], *iterables: Iterable) -> Iterator[T]:
        held: list[int] = []
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, lambda *_: held.append(1)) if main else None
        try:
            futures = [self._pool.submit(fn, *args) for args in zip(*iterables, strict=True)]
        finally:
            if main:
                signal.signal(signal.SIGINT, previous)
        if held:
            raise KeyboardInterrupt
        return (future.result() for future in futures)


def chunks_of(paragraphs: list[Paragraph], chars: int = _CHUNK_CHARS) -> list[list[Paragraph]]:
    """Consecutive runs of paragraphs of about ``chars`` characters each, in order."""
    out: list[list[Paragraph]] = []
    current: list[Paragraph] = []
    size = 0
    for p in paragraphs:
        current.append(p)
        size += len(p.text)
        if size >= chars:
            out.append(current)
            current, size = [], 0
    if current:
        out.append(current)
    return out


def _article(document: Document, paragraphs: list[Paragraph], level: str, model) -> Article:
    done = iter(paragraphs)
    sections = tuple(
        replace(s, paragraphs=tuple(next(done) for _ in s.paragraphs)) for s in document.sections
    )
    return Article(
        source=document.source,
        pipeline=describe(model),
        level=level,
        sections=sections,
        title=document.title,
        encoding=document.encoding,
        warnings=document.warnings,
    )


def analyse_files(
    paths: Sequence[str | Document], level: str = "B1", model: str | None = None, jobs: int = 1
) -> list[Article]:
    """Analyse files (paths, or documents already loaded: a pipe can be read only once)."""
    # fail fast, before any worker starts
    documents = [p if isinstance(p, Document) else load(p) for p in paths]
    if jobs <= 1:
        return [analyse_cached(d, level=level, model=model) for d in documents]
    pipeline = describe(model)
    articles: list[Article | None] = [None] * len(documents)
    todo: list[int] = []
    for n, document in enumerate(documents):
        cached = cache.load(document, pipeline)
        if cached is not None:
            articles[n] = cached if cached.level == level else relevel(cached, level)
        else:
            todo.append(n)
    if todo:
        paras = [p for n in todo for p in documents[n].paragraphs]
        chunks = chunks_of(paras)
        workers = max(1, min(jobs, len(chunks), os.cpu_count() or jobs))
        fwd: dict = {}
        lem: dict = {}
        results: list[Paragraph] = []
        n_chunks = len(chunks)
        try:
            with _pool(workers, model) as pool:
                for done, new_fwd, new_lem in pool.map(
                    _analyse_chunk, chunks, [level] * n_chunks, [model] * n_chunks
                ):
                    results.extend(done)
                    fwd.update(new_fwd)
                    lem.update(new_lem)
        except BrokenProcessPool:
            raise WorkerError(
                "a worker process ended abruptly (killed, or out of memory); nothing was "
                "kept: try again, perhaps with fewer --jobs"
            ) from None
        if fwd or lem:
            from reader.core.nlp.hanta_store import merge_persistent_memo

            merge_persistent_memo(fwd, lem)
        start = 0
        for n in todo:
            document = documents[n]
            count = len(document.paragraphs)
            article = _article(document, results[start : start + count], level, model)
            start += count
            cache.store(document, article)
            articles[n] = article
    return [a for a in articles if a is not None]
