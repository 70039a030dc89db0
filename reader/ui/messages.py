"""Messages from the app's workers to the app, in the style of toolong's ``messages.py``.

Workers never touch widgets: they post one of these and the app updates the screen on
its own thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message

from reader.core.entry import GlossaryEntry
from reader.core.model import Paragraph


@dataclass
class ParagraphsAnalysed(Message):
    """A batch of paragraphs came back from the analysis (flat index, analysed paragraph)."""

    items: tuple[tuple[int, Paragraph], ...]
    done: int
    total: int


@dataclass
class DictionaryProgress(Message):
    """The first-run import of a dictionary advanced (``done`` of ``total`` bytes)."""

    label: str
    done: int
    total: int


@dataclass
class AnalysisFailed(Message):
    """The analysis stopped with an error; the text stays readable without highlights."""

    error: str


@dataclass
class EntriesReady(Message):
    """Glossary entries for the marks of one paragraph, keyed by the mark's start offset."""

    paragraph: int
    entries: dict[int, GlossaryEntry]
    error: str | None = None


@dataclass
class SummaryReady(Message):
    """The summary (and difficulty) of one section, or why there is none."""

    section: int
    summary: Any
    level: str | None = None
    error: str | None = None


@dataclass
class SectionScores(Message):
    """Estimated difficulty of every section (0..6) and its sparkline, one glyph each."""

    scores: tuple[float, ...]
    glyphs: str


@dataclass
class ExportFinished(Message):
    """An export ended: where it went and how many entries, or the error."""

    path: Path
    count: int
    error: str | None = None


@dataclass
class WordClicked(Message):
    """A click on a word of the paragraph in focus (its index among the paragraph's words)."""

    word: int


@dataclass
class PanelResized(Message):
    """The side panel got a new width: its glosses are wrapped again."""

    width: int


@dataclass
class ScreenReady(Message):
    """The reading screen's widgets exist: the first paint can happen."""


@dataclass
class StoreDone(Message):
    """A store call made off the app's thread ended (``error`` set if it failed)."""

    what: str
    result: Any = None
    error: str | None = None
    payload: Any = None
