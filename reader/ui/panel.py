"""Text for the header line and the side panel (glossary entries, section summary).

Pure functions of the app's state that return ``rich.text.Text``; dictionary and summary
content is untrusted like the article, so it is appended as text, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from reader.ui import highlight

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


def header(app: ReaderApp) -> Text:
    section, paragraph = app.position
    n_sections = len(app.document.sections)
    n_paragraphs = len(app.document.sections[section].paragraphs)
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    out.append(app.title or "", style="bold")
    out.append(f"  §{section + 1}/{n_sections} ¶{paragraph + 1}/{n_paragraphs}")
    out.append(f"  level {app.level}")
    if app.analysis_error:
        out.append("  analysis failed", style="bold red")
    elif not app.analysis_complete:
        out.append(f"  analysing {app.done}/{len(app.paras)}…", style="italic")
    progress = getattr(app, "dictionary_progress", None)
    if progress:
        out.append(f"  {progress}", style="italic")
    return out


NEIGHBOUR_LINES = 3


def glimpse(text: str, width: int, tail: bool = False) -> Text:
    """At most NEIGHBOUR_LINES wrapped lines of a neighbouring paragraph, cut with "…".

    The next paragraph shows its beginning, the previous one its end (the part that leads
    into the paragraph in focus), so a cut never looks like the end of the text.
    """
    width = max(8, width)
    console = Console(width=width, legacy_windows=False)
    lines = Text(text).wrap(console, width)
    if len(lines) <= NEIGHBOUR_LINES:
        return Text(text)
    if tail:
        kept = list(lines)[-NEIGHBOUR_LINES:]
        kept[0] = Text("… ") + kept[0]
    else:
        kept = list(lines)[:NEIGHBOUR_LINES]
        last = kept[-1].copy()
        last.rstrip()
        kept[-1] = last + Text(" …")
    out = Text("\n").join(line.copy() for line in kept)
    out.rstrip()
    return out


def _hanging(out: Text, line: Text, width: int, indent: int) -> None:
    """Append ``line`` wrapped to ``width`` with every row indented (cheaper than a Table)."""
    console = Console(width=max(8, width - indent), legacy_windows=False)
    for row in line.wrap(console, max(8, width - indent)):
        out.append("\n" + " " * indent).append_text(row)


def entries(app: ReaderApp, found: list[highlight.Mark], width: int = 40) -> Text:
    """One block per highlighted word: as in the text, band, then headword and short gloss.

    Glosses are wrapped here with a hanging indent, so they stay under their word.
    """
    out = Text("Words", style="bold", end="")
    if not app.analysed[app.current]:
        return out.append("\n").append("analysing…", style="dim italic")
    if not found:
        return out.append("\n").append("nothing highlighted here", style="dim")
    for n, mark in enumerate(found):
        entry, complete = app.entry_for(app.current, mark)
        selected = n == app.cursor
        word = Text("▸ " if selected else "  ")
        word.append(mark.text, style=mark.style)
        if selected:
            word.stylize(highlight.CURSOR_STYLE, 2)
        label = (
            highlight.ENTITY_NAMES.get(mark.entity, "name")
            if mark.entity
            else entry.band or mark.band or ""
        )
        if label:
            word.append(f"  {label}", style="dim")
        out.append("\n").append_text(word)
        line = Text()
        if entry.headword != mark.text:
            line.append(entry.headword)
        gloss = entry.short_gloss
        if gloss:
            if line:
                line.append(" — ", style="dim")
            line.append(gloss if len(gloss) <= 90 else gloss[:89] + "…", style="italic")
        elif not complete:
            line.append("…", style="dim")
        if line:
            _hanging(out, line, width, 4)
    return out


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


def summary(app: ReaderApp) -> Text:
    """The current section's summary and difficulty, or what is keeping them."""
    section = app.document.sections[app.section]
    out = Text(end="")
    out.append("Section", style="bold")
    if section.heading:
        out.append(": ").append(section.heading, style="bold")
    result = app.summaries.get(app.section)
    if app.services.summarise is None and app.services.section_level is None:
        out.append("\n").append("no summaries in this installation", style="dim")
        return out
    if result is None or (result.summary is None and result.level is None and result.error is None):
        out.append("\n").append("summarising when the section is analysed…", style="dim italic")
        return out
    if result.level:
        out.append("\n").append("difficulty ", style="dim").append(str(result.level))
    glyphs = getattr(app, "section_glyphs", "")
    if glyphs and len(glyphs) > 1:
        out.append("\n").append("sections ", style="dim")
        for i, glyph in enumerate(glyphs):
            # The current section stands out by reverse video, not by colour alone.
            out.append(glyph, style="reverse bold" if i == app.section else "")
    if result.error:
        out.append("\n").append(f"no summary: {result.error}", style="dim")
        return out
    sentences = _items(getattr(result.summary, "sentences", None))
    for sentence in sentences:
        out.append("\n• ").append(sentence)
    terms = _items(getattr(result.summary, "key_terms", None))
    if terms:
        out.append("\n").append("key terms: ", style="dim").append(", ".join(terms))
    return out
