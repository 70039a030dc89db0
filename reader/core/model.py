"""The frozen data model: the one thing the UI, exports and JSON output ever see.

spaCy objects stay inside ``reader.core.nlp``; everything outside gets these plain,
immutable values, so they can be cached, pickled, compared and shared between threads.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")
DEFAULT_LEVEL = "B1"  # the learner level when none is given


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a paragraph; ``start``/``end`` index into the paragraph text."""

    text: str
    lemma: str
    pos: str  # UPOS
    tag: str  # STTS
    start: int
    end: int
    morph: str = ""
    zipf: float | None = None  # lexeme frequency; None for tokens never judged (punctuation ...)
    band: str | None = None  # CEFR band of the lexeme, A1..C2
    rare: bool = False  # above the learner level at analysis time
    ent: str = ""  # entity label if inside an entity, else ""
    verb_lemma: str | None = None  # for a separated particle or its verb: the joined infinitive
    sent: int = 0  # sentence index within the paragraph
    ws: bool = True  # whitespace follows

    def __reduce__(self) -> tuple:
        # Unpickled (from the analysis process) through shared_token, like the cache does.
        return shared_token, tuple(getattr(self, f) for f in self.__slots__)


_ZIPFS: dict[float, float] = {}  # a few hundred distinct values (two decimals, 0 to 8)


def shared_token(
    text: str,
    lemma: str,
    pos: str,
    tag: str,
    start: int,
    end: int,
    morph: str = "",
    zipf: float | None = None,
    band: str | None = None,
    rare: bool = False,
    ent: str = "",
    verb_lemma: str | None = None,
    sent: int = 0,
    ws: bool = True,
) -> Token:
    """A Token whose strings and frequency are shared with every other token that has them.

    A novel has 300,000 tokens but only ~30,000 word forms and a few dozen tags; tokens
    read back from the cache or from another process would otherwise each carry their own
    copies (about 250 MB for a novel instead of under 100).
    """
    intern = sys.intern
    return Token(
        intern(text),
        intern(lemma),
        intern(pos),
        intern(tag),
        start,
        end,
        intern(morph),
        None if zipf is None else _ZIPFS.setdefault(zipf, zipf),
        None if band is None else intern(band),
        rare,
        intern(ent),
        None if verb_lemma is None else intern(verb_lemma),
        sent,
        ws,
    )


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity span within a paragraph."""

    text: str
    label: str  # PER, LOC, ORG, MISC
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph as found in the source, with its place in the whole document."""

    text: str
    offset: int  # character offset of the paragraph in the normalised document text
    tokens: tuple[Token, ...] = ()
    entities: tuple[Entity, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()  # (start, end) character spans

    @property
    def analysed(self) -> bool:
        return bool(self.tokens) or not self.text.strip()

    def rare_words(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if t.rare)


@dataclass(frozen=True, slots=True)
class Section:
    """A section: an optional heading and its paragraphs."""

    heading: str | None
    paragraphs: tuple[Paragraph, ...]
    heading_offset: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded, normalised text split into sections, before any language analysis."""

    source: str
    text: str
    sections: tuple[Section, ...]
    encoding: str = "utf-8"
    title: str | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)


@dataclass(frozen=True, slots=True)
class Article:
    """A document after analysis: what the app, exports and ``analyze --json`` show."""

    source: str
    pipeline: str
    level: str
    sections: tuple[Section, ...]
    title: str | None = None
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)
