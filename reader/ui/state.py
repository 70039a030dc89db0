"""The one place that holds the reading state: position, level, marks, analysis progress.

``ReadingState`` is plain Python (no Textual): the app changes it on its own thread, and
the header, page and panel renderers (``reader.ui.panel``, ``reader.ui.page``) read it to
build their ``rich.text.Text``. No widget or screen needs the app itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reader.core.entry import GlossaryEntry
from reader.core.model import Article, Document, Paragraph, Section
from reader.ui import highlight
from reader.ui.highlight import Word


@dataclass
class SummaryState:
    """The summary (and difficulty) of one section, or why there is none yet."""

    summary: Any = None
    level: str | None = None
    error: str | None = None
    pending: bool = False


@dataclass
class ReadingState:
    """Everything the reading screen shows, and nothing that draws it."""

    document: Document
    level: str = "B1"
    colour: bool = True  # False under NO_COLOR: highlights by attributes only
    summaries_available: bool = True
    title: str = ""
    current: int = 0
    cursor: int | None = None  # index into ``words()`` of the paragraph in focus
    known: set[str] = field(default_factory=set)
    saved: set[str] = field(default_factory=set)  # lemmas saved from this text
    entries: dict[tuple[int, int], GlossaryEntry] = field(default_factory=dict)
    summaries: dict[int, SummaryState] = field(default_factory=dict)
    done: int = 0
    analysis_error: str | None = None
    dictionary_progress: str | None = None  # shown in the header during an import
    preparing: str | None = None  # what the first start is doing before the first batch
    saving: int = 0  # store calls under way (the header says "saving…")
    section_glyphs: str = ""  # difficulty sparkline, one glyph per section
    paras: list[Paragraph] = field(init=False)
    analysed: list[bool] = field(init=False)
    section_of: list[int] = field(init=False)
    section_start: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.title = self.title or self.document.title or Path(self.document.source).name
        self.paras = list(self.document.paragraphs)
        self.analysed = [False] * len(self.paras)
        self.section_of, self.section_start = [], []
        for s, section in enumerate(self.document.sections):
            self.section_start.append(len(self.section_of))
            self.section_of.extend([s] * len(section.paragraphs))
        self._article: Article | None = None
        self._words_key: tuple[Any, ...] | None = None
        self._words: list[Word] = []
        self.known_version = 0

    # -- position ------------------------------------------------------------------

    @property
    def section(self) -> int:
        return self.section_of[self.current]

    @property
    def position(self) -> tuple[int, int]:
        """(section, paragraph within the section), both from 0."""
        return self.section, self.current - self.section_start[self.section]

    def section_range(self, section: int | None = None) -> range:
        section = self.section if section is None else section
        first = self.section_start[section]
        return range(first, first + len(self.document.sections[section].paragraphs))

    def flat(self, section: int, paragraph: int) -> int:
        """Flat paragraph index of (section, paragraph), clamped into the document."""
        section = max(0, min(int(section), len(self.section_start) - 1))
        count = len(self.document.sections[section].paragraphs)
        return self.section_start[section] + max(0, min(int(paragraph), count - 1))

    @property
    def complete(self) -> bool:
        return self.done >= len(self.paras)

    # -- words ---------------------------------------------------------------------

    def words(self, index: int | None = None) -> list[Word]:
        """Every word of a paragraph (the one in focus by default); [] until analysed."""
        index = self.current if index is None else index
        if not self.analysed[index]:
            return []
        key = (index, self.level, self.known_version, id(self.paras[index]))
        if key != self._words_key:
            self._words = highlight.words(self.paras[index], self.level, self.known)
            self._words_key = key
        return self._words

    def marks(self) -> list[Word]:
        return [w for w in self.words() if w.highlighted]

    def cursor_word(self) -> Word | None:
        found = self.words()
        if self.cursor is None or not 0 <= self.cursor < len(found):
            return None
        return found[self.cursor]

    def mark_known(self, lemma: str, known: bool = True) -> None:
        (self.known.add if known else self.known.discard)(lemma)
        self.known_version += 1

    # -- entries -------------------------------------------------------------------

    def fallback_entry(self, index: int, word: Word) -> GlossaryEntry:
        """What is known without the glossary service: the analysis itself."""
        para = self.paras[index]
        token = para.tokens[word.token] if word.token < len(para.tokens) else None
        if word.entity or token is None:
            return GlossaryEntry(
                word=word.text,
                lemma=word.lemma or word.text,
                pos="PROPN",
                entity=word.entity or None,
                source=self.document.source,
            )
        return GlossaryEntry(
            word=token.text,
            lemma=highlight.lexeme(token),
            pos=token.pos,
            band=token.band,
            zipf=token.zipf,
            source=self.document.source,
        )

    def entry_for(self, index: int, word: Word) -> tuple[GlossaryEntry, bool]:
        """(entry, complete): the glossary's entry if built, else the fallback."""
        cached = self.entries.get((index, word.start))
        if cached is not None:
            return cached, True
        return self.fallback_entry(index, word), False

    # -- the article as analysed so far --------------------------------------------

    def sections(self) -> tuple[Section, ...]:
        out = []
        for s, section in enumerate(self.document.sections):
            r = self.section_range(s)
            out.append(replace(section, paragraphs=tuple(self.paras[r.start : r.stop])))
        return tuple(out)

    def section_complete(self, section: int | None = None) -> bool:
        r = self.section_range(section)
        return all(self.analysed[r.start : r.stop])

    def article(self) -> Article:
        """The article as analysed so far (what the glossary service looks words up in)."""
        if self._article is None:
            self._article = Article(
                source=self.document.source,
                pipeline="",
                level=self.level,
                sections=self.sections(),
                title=self.document.title,
                encoding=self.document.encoding,
                warnings=self.document.warnings,
            )
        return self._article

    def set_paragraphs(self, items: tuple[tuple[int, Paragraph], ...], done: int) -> None:
        for index, paragraph in items:
            self.paras[index] = paragraph
            self.analysed[index] = True
        self.done = done
        self._article = None
