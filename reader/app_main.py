"""``reader FILE``: load the document, build the real services, run the app.

The document is loaded before Textual starts, so bad input (a missing file, a binary)
ends as one line on stderr via ``reader.cli.main`` and never opens a terminal UI. Then
the analysis process is started (``reader.core.analysis_process``): it imports spaCy and
loads the models on the other core while Textual starts, and later keeps the tagger's
work off the thread that answers keypresses.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.errors import ModelError

if TYPE_CHECKING:
    from reader.core.model import Article, Document, Paragraph


def _check_model(model: str) -> None:
    """Fail before the UI starts if a named spaCy pipeline is plainly not installed."""
    if Path(model).exists():
        return
    if importlib.util.find_spec(model.replace("-", "_")) is None:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed (install it with pip, or omit --model "
            "to use the embedded German pipeline)"
        )


def start_analysis(model: str | None = None, document: Any | None = None) -> Any | None:
    """Start the analysis process now (it loads while Textual starts), or None if this
    machine cannot start processes; then the app's worker thread analyses instead.

    A ``document`` whose analysis is cached paints from the cache and may never need the
    process (only a glossary entry asks it about compounds): it is started on first use.
    """
    lazy = False
    if document is not None and model is None:
        from reader.core import cache
        from reader.core.nlp.version import embedded_description

        lazy = cache.open_entry(document, embedded_description()) is not None
    try:
        from reader.core.analysis_process import ProcessAnalyser

        return ProcessAnalyser(model, lazy=lazy)
    except OSError:
        return None


def first_start_note() -> str | None:
    """What the header says while the very first start builds the word tables (about ten
    seconds, once per machine), instead of a counter that does not move."""
    from reader.paths import tables_dir

    try:
        built = any(tables_dir().glob("*.sqlite"))
    except OSError:
        built = False
    return None if built else "first start: building the word tables once (about 10 s)…"


def run_app(path: str, level: str | None = None, model: str | None = None) -> int:
    from reader.core.document import load
    from reader.core.model import DEFAULT_LEVEL

    document = load(path)  # InputError propagates: one line, exit status 2
    if path == "-":  # the text came on standard input: the keys come from the terminal
        from reader.core.formats.stdin import attach_terminal

        attach_terminal()
    if model:
        _check_model(model)
    analyser = start_analysis(model, document)

    from reader.ui import settings as user_settings
    from reader.ui.app import ReaderApp
    from reader.ui.keys import load_keymap
    from reader.ui.services import Settings, real_services

    keymap, warnings = load_keymap()
    user, more = user_settings.load()
    settings = Settings(
        level=level or user.level or DEFAULT_LEVEL,
        keymap=keymap,
        warnings=tuple(document.warnings) + tuple(warnings) + tuple(more),
        user=user,
        preparing=first_start_note(),
    )
    services = real_services(model, analyser=analyser, summaries=user.summaries)
    track_in_library(services, document)
    app = ReaderApp(document, services, settings)
    try:
        app.run()
    finally:
        if analyser is not None:
            analyser.close()
    return app.return_code or 0


def track_in_library(services: Any, document: Any) -> None:
    """Put the text in the library now, and give it its figures once its analysis is
    complete: the app's cache reader and writer are wrapped (``reader.core.library``), so
    the reading app itself needs no change. The position is read from the store's
    ``positions``, which the app keeps up to date. Failures only cost the library."""
    store = services.store
    if store is None or not Path(document.source).is_file():  # e.g. a text from stdin
        return
    from reader.core import library

    try:
        library.record_open(store, document)
    except Exception as exc:  # noqa: BLE001 - reading must work without the library
        services.notes = (*services.notes, f"the library could not record this text: {exc}")
        return

    def record(doc: Any, paragraphs: list[Any]) -> None:
        try:
            library.record_analysis(store, doc, paragraphs)
        except Exception:  # noqa: BLE001 - figures are recomputed at the next analysis
            pass

    services.cached = watch_cached(services.cached, record)
    services.store_cached = watch_store_cached(services.store_cached, record)


def run_library(level: str | None = None) -> int:
    """``reader`` with no file: the home screen; Enter reads a text as ``reader FILE`` does,
    and quitting the text comes back here. A text that cannot be opened any more (moved,
    deleted) is reported on the home screen."""
    from reader.core.model import DEFAULT_LEVEL
    from reader.core.store import Store
    from reader.errors import ReaderError

    notes: tuple[str, ...] = ()
    select: str | None = None
    while True:
        from reader.ui.library import LibraryApp

        store = Store()  # a StoreError is one line on stderr, before Textual starts
        try:
            app = LibraryApp(store, level or DEFAULT_LEVEL, (*store.warnings, *notes), select)
            app.run()
        finally:
            store.close()
        chosen = app.return_value
        if not chosen:
            return app.return_code or 0
        select, notes = chosen, ()
        try:
            run_app(chosen, level=level)
        except ReaderError as exc:
            notes = (f"{chosen}: {exc}",)


def watch_cached(
    cached: Callable[..., Any] | None, record: Callable[[Document, list[Paragraph]], None]
) -> Callable[..., Any] | None:
    """Wrap the app's cache reader: once a cached analysis has been read back completely,
    ``record`` gets its paragraphs (in the worker thread, after the last batch was shown)."""
    if cached is None:
        return None

    def watched(document: Document, level: str, start: int = 0) -> Any:
        batches = cached(document, level, start)
        if batches is None:
            return None

        def relay() -> Iterator[Any]:
            seen: dict[int, Paragraph] = {}
            for batch in batches:
                seen.update(batch)
                yield batch
            total = len(document.paragraphs)
            if len(seen) == total:
                record(document, [seen[i] for i in range(total)])

        return relay()

    return watched


def watch_store_cached(
    store_cached: Callable[..., Any] | None, record: Callable[[Document, list[Paragraph]], None]
) -> Callable[..., Any]:
    """Wrap (or stand in for) the app's cache writer, which it calls once a fresh analysis
    of the whole text is finished."""

    def watched(document: Document, article: Article) -> None:
        try:
            if store_cached is not None:
                store_cached(document, article)
        finally:
            record(document, list(article.paragraphs))

    return watched
