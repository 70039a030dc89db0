"""Text for the header line and the side panel (glossary entries, section summary).

Pure functions of the app's state that return ``rich.text.Text``; dictionary and summary
content is untrusted like the article, so it is appended as text, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
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
    return out


def entries(app: ReaderApp, found: list[highlight.Mark]) -> RenderableType:
    """One block per highlighted word: as in the text, band, then headword and short gloss.

    A two-column grid keeps wrapped glosses indented under their word.
    """
    title = Text("Words", style="bold")
    if not app.analysed[app.current]:
        return Group(title, Text("analysing…", style="dim italic"))
    if not found:
        return Group(title, Text("nothing highlighted here", style="dim"))
    grid = Table.grid(padding=0)
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(ratio=1)
    for n, mark in enumerate(found):
        entry, complete = app.entry_for(app.current, mark)
        selected = n == app.cursor
        word = Text(mark.text, style=mark.style)
        if selected:
            word.stylize(highlight.CURSOR_STYLE)
        label = (highlight.ENTITY_NAMES.get(mark.entity, "name") if mark.entity
                 else entry.band or mark.band or "")
        if label:
            word.append(f"  {label}", style="dim")
        grid.add_row(Text("▸" if selected else " ", style="bold"), word)
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
            grid.add_row(Text(""), Padding(line, (0, 0, 0, 2)))
    return Group(title, grid)


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
    if result is None or (result.summary is None and result.level is None
                          and result.error is None):
        out.append("\n").append("summarising when the section is analysed…", style="dim italic")
        return out
    if result.level:
        out.append("\n").append("difficulty ", style="dim").append(str(result.level))
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
