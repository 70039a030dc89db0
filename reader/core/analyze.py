"""Document -> Article: run the pipeline over every paragraph and judge the vocabulary.

This is the only place where spaCy ``Doc``s become the project's frozen dataclasses.
Paragraphs are processed with ``nlp.pipe`` in batches; ``analyse_paragraphs`` can be
called for any slice of a document, so the app can analyse the first screen at once and
the rest in the background.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Token as SpacyToken

from reader.core import vocabulary
from reader.core.model import Article, Document, Entity, Paragraph, Section, Token
from reader.core.nlp import doc_names
from reader.core.nlp.morph import USER_DATA_KEY as MORPH_KEY
from reader.core.nlp.pipeline import build, describe
from reader.core.nlp.separable import USER_DATA_KEY as VERB_KEY
from reader.core.nlp.tagger import USER_DATA_KEY, save_memo

ENTITY_LABELS = {"PER": "PER", "PERSON": "PER", "LOC": "LOC", "GPE": "LOC", "ORG": "ORG"}


def _label(raw: str) -> str:
    return ENTITY_LABELS.get(raw, "MISC")


@lru_cache(maxsize=100_000)
def _rarity(pos: str, text: str, is_ent: bool, lexeme: str, level: str) -> tuple:
    """(zipf, band, rare) of one token; pure, so memoised (a book repeats its words)."""
    if not vocabulary.judged(pos, text, is_ent):
        return None, None, False
    zipf = vocabulary.lexeme_zipf(lexeme, text, pos)
    band = vocabulary.band_of(zipf)
    return zipf, band, vocabulary.is_rare(band, level)


def tokens_from_doc(doc: Doc, level: str) -> tuple[tuple[Token, ...], tuple[Entity, ...]]:
    """Convert a processed Doc into Tokens and Entities (offsets relative to the doc text).

    With the embedded pipeline the tags, lemmas, noun features and joined verbs are read
    from the plain lists its components leave in ``doc.user_data`` (one pass over the
    spaCy tokens, no per-token extension lookups); other pipelines go through the Tokens.
    """
    ent_of: dict[int, str] = {}
    entities = []
    for ent in doc.ents:
        label = _label(ent.label_)
        entities.append(Entity(ent.text, label, ent.start_char, ent.end_char))
        for i in range(ent.start, ent.end):
            ent_of[i] = label
    n = len(doc)
    sent_of = [0] * n
    if doc.has_annotation("SENT_START"):
        for k, sent in enumerate(doc.sents):
            sent_of[sent.start : sent.end] = [k] * (sent.end - sent.start)
    data = doc.user_data
    tagged = data.get(USER_DATA_KEY)
    if tagged is not None and len(tagged[0]) == n:
        tags, upos, lemmas = tagged
        morphs = data.get(MORPH_KEY, {})
        verbs = data.get(VERB_KEY)
        if verbs is None:
            verbs = _verb_lemmas(doc)
        rows = (
            (t, lemmas[t.i], upos[t.i], tags[t.i], morphs.get(t.i, ""), verbs.get(t.i)) for t in doc
        )
    else:
        verbs = _verb_lemmas(doc)
        rows = ((t, t.lemma_, t.pos_, t.tag_, str(t.morph), verbs.get(t.i)) for t in doc)
    tokens = []
    append = tokens.append
    rarity = _rarity
    for t, lemma, pos, tag, morph, verb_lemma in rows:
        if t.is_space:
            continue
        i = t.i
        text = t.text
        lemma = lemma or text
        ent = ent_of.get(i, "")
        if ent and lemma != text and text not in (lemma + "s", lemma + "es", lemma + "'s"):
            lemma = text  # a name's headword is the name (Stechlin, not "Stechli")
        lexeme = verb_lemma if verb_lemma and tag != "PTKVZ" else lemma
        zipf, band, rare = rarity(pos, text, bool(ent), lexeme, level)
        start = t.idx
        append(
            Token(
                text,
                lemma,
                pos,
                tag,
                start,
                start + len(text),
                morph,
                zipf,
                band,
                rare,
                ent,
                verb_lemma,
                sent_of[i],
                bool(t.whitespace_),
            )
        )
    return tuple(tokens), tuple(entities)


def _verb_lemmas(doc: Doc) -> dict[int, str]:
    """Joined separable verbs from the ``verb_lemma`` extension (pipelines without lists)."""
    if not SpacyToken.has_extension("verb_lemma"):
        return {}
    return {t.i: t._.verb_lemma for t in doc if t._.verb_lemma}


def _sentences(doc: Doc) -> tuple[tuple[int, int], ...]:
    if not doc.has_annotation("SENT_START"):
        return ((0, len(doc.text)),)
    return tuple((s.start_char, s.end_char) for s in doc.sents)


def analyse_paragraphs(
    paragraphs: Iterable[Paragraph], nlp: Language, level: str, batch_size: int = 64
) -> Iterator[Paragraph]:
    """Yield each paragraph with tokens, entities and sentences filled in, in order.

    Names are then decided over all the paragraphs given (``doc_names``): a batch of the
    app's, or a whole document from ``analyse``."""
    items = list(paragraphs)
    done = []
    for para, doc in zip(
        items, nlp.pipe((p.text for p in items), batch_size=batch_size), strict=True
    ):
        tokens, ents = tokens_from_doc(doc, level)
        done.append(replace(para, tokens=tokens, entities=ents, sentences=_sentences(doc)))
    yield from doc_names.resolve(done)


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


def _resolve_names(sections: list[Section]) -> list[Section]:
    """Decide names over the whole document, across sections (*Putin* in §4 after
    *Wladimir Putin* in §3)."""
    flat = doc_names.resolve(p for s in sections for p in s.paragraphs)
    out, k = [], 0
    for s in sections:
        n = len(s.paragraphs)
        out.append(replace(s, paragraphs=tuple(flat[k : k + n])))
        k += n
    return out


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
    sections = _resolve_names(sections)
    if model is None:
        save_memo()  # forms met for the first time are remembered for the next run
    return Article(
        source=document.source,
        pipeline=describe(model),
        level=level,
        sections=tuple(sections),
        title=document.title,
        encoding=document.encoding,
        warnings=document.warnings,
    )
