"""Document -> Article: run the pipeline over every paragraph and judge the vocabulary.

This is the only place where spaCy ``Doc``s become the project's frozen dataclasses.
Paragraphs are processed with ``nlp.pipe`` in batches; ``analyse_paragraphs`` can be
called for any slice of a document, so the app can analyse the first screen at once and
the rest in the background.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from reader.core import vocabulary
from reader.core.model import Article, Document, Entity, Paragraph, Section, Token
from reader.core.nlp.pipeline import build, describe

ENTITY_LABELS = {"PER": "PER", "PERSON": "PER", "LOC": "LOC", "GPE": "LOC", "ORG": "ORG"}


def _label(raw: str) -> str:
    return ENTITY_LABELS.get(raw, "MISC")


def tokens_from_doc(doc: Doc, level: str) -> tuple[tuple[Token, ...], tuple[Entity, ...]]:
    """Convert a processed Doc into Tokens and Entities (offsets relative to the doc text)."""
    ent_of: dict[int, str] = {}
    entities = []
    for ent in doc.ents:
        label = _label(ent.label_)
        entities.append(Entity(ent.text, label, ent.start_char, ent.end_char))
        for i in range(ent.start, ent.end):
            ent_of[i] = label
    sent_index: dict[int, int] = {}
    if doc.has_annotation("SENT_START"):
        for n, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                sent_index[i] = n
    tokens = []
    for t in doc:
        if t.is_space:
            continue
        verb_lemma = t._.verb_lemma if t.has_extension("verb_lemma") else None
        lemma = t.lemma_ or t.text
        ent = ent_of.get(t.i, "")
        zipf = band = None
        rare = False
        if vocabulary.judged(t.pos_, t.text, bool(ent)):
            lexeme = verb_lemma if verb_lemma and t.tag_ != "PTKVZ" else lemma
            zipf = vocabulary.lexeme_zipf(lexeme, t.text, t.pos_)
            band = vocabulary.band_of(zipf)
            rare = vocabulary.is_rare(band, level)
        tokens.append(
            Token(
                text=t.text,
                lemma=lemma,
                pos=t.pos_,
                tag=t.tag_,
                start=t.idx,
                end=t.idx + len(t.text),
                morph=str(t.morph),
                zipf=zipf,
                band=band,
                rare=rare,
                ent=ent,
                verb_lemma=verb_lemma,
                sent=sent_index.get(t.i, 0),
                ws=bool(t.whitespace_),
            )
        )
    return tuple(tokens), tuple(entities)


def _sentences(doc: Doc) -> tuple[tuple[int, int], ...]:
    if not doc.has_annotation("SENT_START"):
        return ((0, len(doc.text)),)
    return tuple((s.start_char, s.end_char) for s in doc.sents)


def analyse_paragraphs(
    paragraphs: Iterable[Paragraph], nlp: Language, level: str, batch_size: int = 64
) -> Iterator[Paragraph]:
    """Yield each paragraph with tokens, entities and sentences filled in, in order."""
    items = list(paragraphs)
    for para, doc in zip(
        items, nlp.pipe((p.text for p in items), batch_size=batch_size), strict=True
    ):
        tokens, ents = tokens_from_doc(doc, level)
        yield replace(para, tokens=tokens, entities=ents, sentences=_sentences(doc))


def relevel(article: Article, level: str) -> Article:
    """The same article judged for another learner level (no NLP needed)."""
    level = vocabulary.check_level(level)
    sections = tuple(
        replace(
            s,
            paragraphs=tuple(
                replace(
                    p,
                    tokens=tuple(
                        replace(t, rare=vocabulary.is_rare(t.band, level)) for t in p.tokens
                    ),
                )
                for p in s.paragraphs
            ),
        )
        for s in article.sections
    )
    return replace(article, sections=sections, level=level)


def analyse(
    document: Document,
    level: str = vocabulary.DEFAULT_LEVEL,
    model: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Article:
    """Analyse a whole document. ``progress(done, total)`` is called after each paragraph."""
    level = vocabulary.check_level(level)
    nlp = build(model)
    total = len(document.paragraphs)
    done = 0
    sections = []
    for section in document.sections:
        paras = []
        for para in analyse_paragraphs(section.paragraphs, nlp, level):
            paras.append(para)
            done += 1
            if progress:
                progress(done, total)
        sections.append(Section(section.heading, tuple(paras), section.heading_offset))
    return Article(
        source=document.source,
        pipeline=describe(model),
        level=level,
        sections=tuple(sections),
        title=document.title,
        encoding=document.encoding,
        warnings=document.warnings,
    )
