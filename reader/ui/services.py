"""The services the app is given, and the real ones the CLI builds.

The app never imports the glossary, store, summary, difficulty or export modules itself:
it receives callables here, so tests pass small fakes and a service that is missing or
broken only switches its feature off (the app shows a note instead of crashing).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.model import Article, Document, Paragraph
from reader.ui.settings import UserSettings

Analyser = Callable[[Sequence[Paragraph], str], Iterable[Paragraph]]
Batch = tuple[tuple[int, Paragraph], ...]  # (index in the document, analysed paragraph)


def embedded_names(paragraphs: Sequence[Paragraph]) -> list[tuple[int, Paragraph]]:
    """The whole-text names pass in this process (tests, and the app without a child)."""
    from reader.core.nlp import doc_names  # not at start-up: the lexicons load on use

    return doc_names.changed(paragraphs)


@dataclass
class Services:
    """What the app needs from the rest of the program. Only ``analyse`` is required."""

    analyse: Analyser
    store: Any | None = None  # reader.core.store.Store or a fake with the same methods
    build_entry: Callable[..., Any] | None = None  # (token, paragraph, article) -> GlossaryEntry
    summarise: Callable[..., Any] | None = None  # (section) -> Summary
    section_level: Callable[..., str] | None = None  # (section) -> "B2"
    section_score: Callable[..., float] | None = None  # (section) -> 0..6
    sparkline: Callable[..., str] | None = None  # (scores) -> one glyph per score
    export: Callable[..., Any] | None = None  # export_entries(entries, fmt, path, force=False)
    document_key: Callable[[str, str], str] | None = None  # (path, text) -> key
    source_id: Callable[[str], str] | None = None  # path -> the key saved words are filed under
    notes: tuple[str, ...] = ()  # services that could not be loaded, shown once at start
    # Imports dictionaries found on the machine on first use: (progress(label, done, total)).
    prepare_dictionaries: Callable[[Callable[[str, int, int], None]], Any] | None = None
    # The analysis cache: (document, level, paragraph in view) -> None if this exact text
    # has no finished analysis, else batches of (index, paragraph), the one in view first
    # (raising if a later batch turns out damaged); and the writer.
    cached: Callable[[Document, str, int], Iterator[Batch] | None] | None = None
    store_cached: Callable[[Document, Article], None] | None = None
    # The names decided over the whole analysed text: (paragraphs) -> the changed ones as
    # (index, paragraph). HanTa's few questions go to the analysis process when there is one.
    resolve_names: Callable[[Sequence[Paragraph]], list[tuple[int, Paragraph]]] = embedded_names


@dataclass
class Settings:
    """How this run of the app is set up."""

    level: str = "B1"
    keymap: dict[str, str] = field(default_factory=dict)
    export_dir: Path | None = None
    warnings: tuple[str, ...] = ()
    user: UserSettings = field(default_factory=UserSettings)  # kept in settings.toml
    preparing: str | None = None  # what the header says before the first analysis batch
    config_dir: Path | None = None  # shown in the help (default: reader.paths.config_dir())


def embedded_analyser(model: str | None = None) -> Analyser:
    """The real analysis; the pipeline is built on first use, i.e. inside the worker."""

    def analyse(paragraphs: Sequence[Paragraph], level: str) -> Iterable[Paragraph]:
        from reader.core.analyze import analyse_paragraphs
        from reader.core.nlp.pipeline import build

        return analyse_paragraphs(paragraphs, build(model), level)

    return analyse


def _relevel_paragraph(p: Paragraph, level: str) -> Paragraph:
    """Rarity for ``level`` from each token's band (no wordfreq, no spaCy needed)."""
    from dataclasses import replace

    from reader.core.vocabulary import is_rare

    tokens = tuple(replace(t, rare=is_rare(t.band, level)) if t.band else t for t in p.tokens)
    return replace(p, tokens=tokens)


def _relevel(article: Article, level: str) -> Article:
    from dataclasses import replace

    sections = tuple(
        replace(s, paragraphs=tuple(_relevel_paragraph(p, level) for p in s.paragraphs))
        for s in article.sections
    )
    return replace(article, sections=sections, level=level)


def embedded_cache(
    save_memo: Callable[[], Any] | None = None,
) -> tuple[Callable[..., Iterator[Batch] | None], Callable[..., None]]:
    """Read and write the disk cache of analysed articles (embedded pipeline only).

    Looking up needs no spaCy import, and the block holding the paragraph in view is
    decoded first: a re-opened novel paints before the rest of it is read.
    """

    def cached(document: Document, level: str, start: int = 0) -> Iterator[Batch] | None:
        from reader.core import cache
        from reader.core.nlp.version import embedded_description

        entry = cache.open_entry(document, embedded_description())
        if entry is None:
            return None

        def batches() -> Iterator[Batch]:
            for batch in entry.batches(start):
                if entry.level == level:
                    yield tuple(batch)
                else:
                    yield tuple((i, _relevel_paragraph(p, level)) for i, p in batch)

        return batches()

    def store_cached(document: Document, article: Article) -> None:
        import sys

        from reader.core import cache

        cache.store(document, _relevel(article, article.level))
        # word analyses learnt on this text (here, and in the analysis process if one ran)
        # speed up the next one; a tagger never loaded here has nothing to add
        tagger = sys.modules.get("reader.core.nlp.tagger")
        if tagger is not None:
            tagger.save_memo()
        if save_memo is not None:
            save_memo()

    return cached, store_cached


def _optional(module: str, name: str, notes: list[str]) -> Any | None:
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError:
        notes.append(f"{module.rsplit('.', 1)[-1]} is not available")
    except AttributeError:
        notes.append(f"{module} has no {name}")
    return None


def summariser(choice: str, notes: list[str]) -> Callable[..., Any] | None:
    """The section summariser: a local LLM's when one is configured (``READER_LLM_URL`` and
    ``READER_LLM_MODEL``, or ``READER_LLM_GGUF``) and the learner's settings allow it, as
    ``reader analyze --json`` does; else the extractive one. Each summary names its kind
    (``Summary.backend``), and the panel says which it is."""
    if choice != "extractive":
        try:
            from reader.core.llm import LLMSettings, summarise_with_backend

            if LLMSettings.from_env().enabled:
                return summarise_with_backend
        except ImportError:
            notes.append("llm is not available")
    return _optional("reader.core.summary", "summarise_section", notes)


def real_services(
    model: str | None = None,
    store: Any | None = None,
    analyser: Any | None = None,
    summaries: str = "auto",
) -> Services:
    """Build the real services; anything that cannot load is left out with a note.

    ``analyser``: a started ``reader.core.analysis_process.ProcessAnalyser`` (the app
    starts one before Textual, so the two start up side by side); without one, the
    analysis runs in the app's own worker thread.
    """
    notes: list[str] = []
    if store is None:
        store_cls = _optional("reader.core.store", "Store", notes)
        if store_cls is not None:
            try:
                store = store_cls()
                take = getattr(store, "take_warnings", None)  # shown once, not again later
                notes.extend(take() if take else getattr(store, "warnings", ()))
            except Exception as exc:  # noqa: BLE001 - reading must work without the store
                notes.append(f"your word list cannot be opened: {exc}")
    save_memo = getattr(analyser, "save_memo", None)
    if analyser is not None and model is None:
        from reader.core.dictionary import wordforms

        # the app process never loads HanTa itself: the glossary's and the names pass's
        # questions about single words go to the analysis process
        wordforms.use_tagger(analyser.tagger)
    cached, store_cached = embedded_cache(save_memo) if model is None else (None, None)
    return Services(
        cached=cached,
        store_cached=store_cached,
        analyse=analyser if analyser is not None else embedded_analyser(model),
        store=store,
        build_entry=_optional("reader.core.glossary", "build_entry", notes),
        prepare_dictionaries=_optional("reader.core.dictionary", "default_dictionaries", notes),
        summarise=summariser(summaries, notes),
        section_level=_optional("reader.core.difficulty", "section_level", notes),
        section_score=_optional("reader.core.difficulty", "section_score", notes),
        sparkline=_optional("reader.core.difficulty", "sparkline", notes),
        export=_optional("reader.core.export", "export_entries", notes),
        document_key=_optional("reader.core.store", "document_key", notes),
        source_id=_optional("reader.core.store", "source_id", notes),
        notes=tuple(notes),
    )
