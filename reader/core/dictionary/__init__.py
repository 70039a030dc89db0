"""Offline dictionaries: parsers for learners' formats, one SQLite index per dictionary.

Public API::

    normalise(word) -> str
    import_dictionary(path, name=None, fmt=None, lang="en", progress=None) -> (Path, ImportStats)
    default_dictionaries(progress=None, auto=True) -> Dictionaries
    Dictionaries.translations(word) / .definitions(word) -> list[Hit]
    registered() -> list[dict]        # meta of every imported index
    Index(path).lookup(word) -> list[Hit]
"""

from __future__ import annotations

from reader.core.dictionary.index import Hit, ImportStats, Index, build_index
from reader.core.dictionary.records import Malformed, Record, normalise
from reader.core.dictionary.registry import (
    DEBIAN_DING,
    FORMATS,
    Dictionaries,
    default_dictionaries,
    detect_format,
    ensure_auto,
    import_dictionary,
    needs_import,
    open_indexes,
    registered,
    reset_default,
)

__all__ = [
    "DEBIAN_DING",
    "FORMATS",
    "Dictionaries",
    "Hit",
    "ImportStats",
    "Index",
    "Malformed",
    "Record",
    "build_index",
    "default_dictionaries",
    "detect_format",
    "ensure_auto",
    "import_dictionary",
    "needs_import",
    "normalise",
    "open_indexes",
    "registered",
    "reset_default",
]
