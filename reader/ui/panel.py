"""Text for the header line and the side panel (the words in focus, the section summary).

Pure functions of a ``ReadingState`` that return ``rich.text.Text``; dictionary and summary
content is untrusted like the article, so it is appended as text, never as markup.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from rich.console import Console
from rich.text import Text

from reader.core.entry import GlossaryEntry
from reader.ui import highlight
from reader.ui.highlight import Word
from reader.ui.state import ReadingState

EXTRACTIVE = "extractive"


def header(state: ReadingState) -> Text:
    """Position, level and progress first, the title last: a narrow terminal cuts the
    title, never the place or the level."""
    section, paragraph = state.position
    n_sections = len(state.document.sections)
    n_paragraphs = len(state.document.sections[section].paragraphs)
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    out.append(f"§{section + 1}/{n_sections} ¶{paragraph + 1}/{n_paragraphs}", style="bold")
    out.append(f"  level {state.level}")
    if state.analysis_error:
        out.append("  analysis failed", style="bold red")
    elif state.done == 0 and state.preparing:
        out.append(f"  {state.preparing}", style="italic")
    elif not state.complete:
        out.append(f"  analysing {state.done}/{len(state.paras)}…", style="italic")
    if state.dictionary_progress:
        out.append(f"  {state.dictionary_progress}", style="italic")
    if state.saving:
        out.append("  saving…", style="italic")
    out.append("  ")
    out.append(state.title or "", style="bold")
    return out


@lru_cache(maxsize=8)
def _console(width: int) -> Console:
    """A Console only for measuring while wrapping: making one costs more than the wrap."""
    return Console(width=width, legacy_windows=False)


def _hanging(out: Text, line: Text, width: int, indent: int) -> None:
    """Append ``line`` wrapped to ``width`` with every row indented (cheaper than a Table)."""
    console = _console(max(8, width - indent))
    for row in line.wrap(console, max(8, width - indent)):
        out.append("\n" + " " * indent).append_text(row)


def gloss_line(entry: GlossaryEntry, word: Word, complete: bool) -> Text:
    """Headword and short gloss, as the entry gives them (its own source labels included)."""
    line = Text()
    if entry.headword != word.text:
        line.append(entry.headword)
    gloss = entry.short_gloss
    if gloss:
        if line:
            line.append(" — ", style="dim")
        line.append(gloss if len(gloss) <= 90 else gloss[:89] + "…", style="italic")
    elif not complete:
        line.append("…", style="dim")
    return line


def word_label(word: Word, entry: GlossaryEntry) -> str:
    """A few plain words about the kind of word: "person", "rare word (C1)"."""
    if word.entity:
        return highlight.ENTITY_NAMES.get(word.entity, "name")
    return highlight.band_label(entry.band or word.band)


def entries(state: ReadingState, width: int = 40, lines: float = math.inf) -> Text:
    """One block per highlighted word (and the word under the cursor): as in the text, what
    kind of word, saved or known, then headword and short gloss with a hanging indent.

    Only the blocks that fit in ``lines`` are made (all without it), around the word under
    the cursor (from the first without one), and a line says how many more there are above
    and below: a long paragraph of a novel has dozens, and wrapping and drawing them all on
    every keypress took longer than the rest of the screen together, for text that
    scrolled out of sight (and pushed the section summary below it out of sight too).
    """
    out = Text("Words", style="bold", end="")
    if not state.analysed[state.current]:
        return out.append("\n").append("analysing…", style="dim italic")
    found = state.words()
    shown = [n for n, w in enumerate(found) if w.highlighted or n == state.cursor]
    if not shown:
        return out.append("\n").append("nothing highlighted here", style="dim")
    blocks: dict[int, Text] = {}

    def block(k: int) -> Text:
        if k not in blocks:
            blocks[k] = _word_block(state, found, shown[k], width)
        return blocks[k]

    low = high = shown.index(state.cursor) if state.cursor in shown else 0
    used = 1 + _height(block(low))  # the title too

    def fits(new_low: int, new_high: int, more: int) -> bool:
        notes = (new_low > 0) + (new_high < len(shown) - 1)  # the "more" lines
        return used + more + notes <= lines

    grew = True
    while grew:  # the words after the cursor first, in reading order, then before
        grew = False
        if high + 1 < len(shown) and fits(low, high + 1, _height(block(high + 1))):
            high += 1
            used += _height(block(high))
            grew = True
        if low > 0 and fits(low - 1, high, _height(block(low - 1))):
            low -= 1
            used += _height(block(low))
            grew = True
    if low:
        out.append("\n").append(f"  ↑ {low} more above", style="dim")
    for k in range(low, high + 1):
        out.append("\n").append_text(block(k))
    if high < len(shown) - 1:
        out.append("\n").append(f"  ↓ {len(shown) - 1 - high} more below (Tab)", style="dim")
    return out


def _height(block: Text) -> int:
    return block.plain.count("\n") + 1


def _word_block(state: ReadingState, found: list[Word], n: int, width: int) -> Text:
    word = found[n]
    entry, complete = state.entry_for(state.current, word)
    selected = n == state.cursor
    line = Text("▸ " if selected else "  ", end="")
    line.append(word.text, style=word.style(state.colour))
    if selected:
        line.stylize(highlight.CURSOR_STYLE, 2)
    label = word_label(word, entry)
    if label:
        line.append(f"  {label}", style="dim")
    if word.lemma in state.saved:
        line.append(f"  {highlight.SAVED_MARK} saved", style="bold")
    if word.lemma in state.known:
        line.append("  known", style="bold")
    gloss = gloss_line(entry, word, complete)
    if gloss:
        _hanging(line, gloss, width, 4)
    return line


def _items(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    out = []
    for item in value:
        text = item if isinstance(item, str) else getattr(item, "text", None) or str(item)
        out.append(text)
    return out


def summary_kind(summary: Any) -> str:
    """Which kind of summary this is, in words."""
    backend = getattr(summary, "backend", EXTRACTIVE) or EXTRACTIVE
    if backend == EXTRACTIVE:
        return "key sentences from the text (extractive)"
    return f"written by a local language model ({backend.split(':', 1)[-1]})"


def summary(state: ReadingState) -> Text:
    """The current section's summary and difficulty, or what is keeping them."""
    section = state.document.sections[state.section]
    out = Text(end="")
    out.append("Section", style="bold")
    if section.heading:
        out.append(": ").append(section.heading, style="bold")
    if not state.summaries_available:
        out.append("\n").append("no summaries in this installation", style="dim")
        return out
    result = state.summaries.get(state.section)
    if result is None or result.pending:
        out.append("\n").append("summarising when the section is analysed…", style="dim italic")
        return out
    if result.level:
        out.append("\n").append("difficulty ", style="dim").append(str(result.level))
    glyphs = state.section_glyphs
    if glyphs and len(glyphs) > 1:
        out.append("\n").append("difficulty of each section ", style="dim")
        for i, glyph in enumerate(glyphs):
            # The current section stands out by reverse video, not by colour alone.
            out.append(glyph, style="reverse bold" if i == state.section else "")
        out.append("  (this one reversed)", style="dim")
    if result.error:
        out.append("\n").append(f"no summary: {result.error}", style="dim")
        return out
    sentences = _items(getattr(result.summary, "sentences", None))
    if sentences:
        out.append("\n").append("Summary: ", style="bold")
        out.append(summary_kind(result.summary), style="dim")
    for sentence in sentences:
        out.append("\n• ").append(sentence)
    terms = _items(getattr(result.summary, "key_terms", None))
    if terms:
        out.append("\n").append("key terms: ", style="dim").append(", ".join(terms))
    return out
