"""``reader FILE``: load the document, build the real services, run the app.

The document is loaded before Textual starts, so bad input (a missing file, a binary)
ends as one line on stderr via ``reader.cli.main`` and never opens a terminal UI. Then
the analysis process is started (``reader.core.analysis_process``): it imports spaCy and
loads the models on the other core while Textual starts, and later keeps the tagger's
work off the thread that answers keypresses.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from reader.errors import ModelError


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
    app = ReaderApp(document, services, settings)
    try:
        app.run()
    finally:
        if analyser is not None:
            analyser.close()
    return app.return_code or 0
