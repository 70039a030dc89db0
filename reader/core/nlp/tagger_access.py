"""Where HanTa's questions are answered: in this process, or in the app's analysis process.

The reading app keeps spaCy and HanTa (about 120 MB) in its analysis process only. The
glossary (compound parts, readings) and the whole-text names pass still ask HanTa about
single words; the app points them at the analysis process with ``use``, and every other
caller (the CLI, the analysis process itself, tests) gets the tagger loaded here. The
answers are the same either way: a pure function of the word and HanTa's model.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

Provider = Callable[[], tuple[AbstractContextManager, Any]]

_PROVIDER: Provider | None = None


def use(provider: Provider | None) -> None:
    """Answer HanTa's questions through ``provider`` (None: load the tagger here)."""
    global _PROVIDER
    _PROVIDER = provider


def tagger() -> tuple[AbstractContextManager, Any]:
    """(a lock to hold while asking, an object with HanTa's ``analyze`` and ``tag_word``)."""
    if _PROVIDER is not None:
        return _PROVIDER()
    from reader.core.nlp.tagger import _LOCK, hanta

    return _LOCK, hanta()


def tag_word(word: str) -> list[tuple[str, float]]:
    """HanTa's tag scores for one word, best first."""
    lock, hanta = tagger()
    with lock:
        return hanta.tag_word(word)
