"""Build the German pipeline: ``spacy.blank("de")`` plus the project's own components.

The embedded default needs nothing but registry packages (HanTa's model, the Wiktionary
noun lexicon, wordfreq). ``--model NAME`` loads an installed trained spaCy pipeline
instead and runs only the project's extra components on top of it.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Importing the modules registers their factories with spaCy.
from reader.core.nlp import entities, morph, separable, tagger  # noqa: F401
from reader.core.nlp.version import EMBEDDED, PIPELINE_VERSION, embedded_description  # noqa: F401
from reader.errors import ModelError

_MAX_LENGTH = 5_000_000


def _embedded() -> Language:
    nlp = spacy.blank("de")
    nlp.max_length = _MAX_LENGTH
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("reader_tagger")
    nlp.add_pipe("reader_morph")
    nlp.add_pipe("reader_separable")
    nlp.add_pipe("reader_entities")
    return nlp


def _trained(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed (install it with pip, or omit --model "
            "to use the embedded German pipeline)"
        ) from exc
    if nlp.lang != "de":
        raise ModelError(f"spaCy pipeline {name!r} is for {nlp.lang!r}, not German")
    nlp.max_length = _MAX_LENGTH
    if "reader_separable" not in nlp.pipe_names:
        nlp.add_pipe("reader_separable", last=True)
    return nlp


@lru_cache(maxsize=4)
def build(model: str | None = None) -> Language:
    """The pipeline for ``model`` (None: the embedded default), built once per process."""
    return _trained(model) if model else _embedded()


def describe(model: str | None = None) -> str:
    """A stable name for the pipeline, used in JSON output and cache keys."""
    if model:
        nlp = build(model)
        meta = nlp.meta
        return f"{meta.get('lang', 'de')}_{meta.get('name', model)}-{meta.get('version', '?')}"
    return embedded_description()


def process_words(nlp: Language, sentences: list[list[str]]) -> Doc:
    """Run the pipeline on pre-tokenised sentences without re-tokenising them."""
    words = [w for sent in sentences for w in sent]
    starts = [i == 0 for sent in sentences for i in range(len(sent))]
    doc = Doc(nlp.vocab, words=words, sent_starts=starts)
    for name, proc in nlp.pipeline:
        if name in {"sentencizer", "senter", "parser"} and name != "parser":
            continue
        doc = proc(doc)
    return doc
