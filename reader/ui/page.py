"""The reading column: the text before the paragraph in focus, the focus, the text after.

The page reads like an article that scrolls around the focus: a few lines of what came
before (about a quarter of the screen), the paragraph in focus marked, then the text that
follows until the screen is full, section headings included. Neighbours are cut at line
ends with "…" so a cut never looks like the end of the text. Only as much text is wrapped
as can be shown, so a keypress costs the same in a novel as in a short article.
"""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console
from rich.text import Text

from reader.ui.state import ReadingState

MEASURE = 76  # columns of text at most: a comfortable line at any terminal width
NEIGHBOUR_LINES = 3  # at least this many lines of the paragraph before, when there is one


@lru_cache(maxsize=8)
def _console(width: int) -> Console:
    """A Console only for measuring while wrapping: making one costs more than the wrap."""
    return Console(width=width, legacy_windows=False)


def _wrap(text: Text, width: int) -> list[Text]:
    return list(text.wrap(_console(max(8, width)), max(8, width)))


def height(text: Text, width: int) -> int:
    """Lines ``text`` takes when wrapped to ``width``."""
    return len(_wrap(text, width))


def _heading(state: ReadingState, section: int) -> Text | None:
    heading = state.document.sections[section].heading
    return Text(heading, style="bold") if heading else None


def before(state: ReadingState, width: int, lines: int) -> Text:
    """The last ``lines`` lines before the focus (headings included), "… " where cut."""
    parts: list[Text] = []
    budget = max(lines, 1) * max(width, 8)
    used = 0
    index = state.current
    start = state.section_start[state.section]
    if index == start and (h := _heading(state, state.section)):
        parts.append(h)
    while index > 0 and used < budget:
        index -= 1
        parts.append(Text(state.paras[index].text))
        used += len(state.paras[index].text) + width
        s = state.section_of[index]
        if index == state.section_start[s] and (h := _heading(state, s)):
            parts.append(h)
    if not parts:
        return Text()
    wrapped: list[Text] = []
    for part in reversed(parts):
        if wrapped:
            wrapped.append(Text())
        wrapped.extend(_wrap(part, width - 2))  # room for the "… " of a cut
    if len(wrapped) > lines:
        wrapped = wrapped[-lines:]
        while wrapped and not wrapped[0].plain.strip():
            wrapped.pop(0)
        if wrapped:
            wrapped[0] = Text("… ", style="dim") + wrapped[0]
    out = Text("\n").join(wrapped)
    out.rstrip()
    return out


def after(state: ReadingState, width: int, lines: int) -> Text:
    """The first ``lines`` lines after the focus (headings included), " …" where cut."""
    wrapped: list[Text] = []
    if lines <= 0:
        return Text()
    index = state.current + 1
    while index < len(state.paras) and len(wrapped) < lines:
        s = state.section_of[index]
        if index == state.section_start[s] and (h := _heading(state, s)):
            if wrapped:
                wrapped.append(Text())
            wrapped.extend(_wrap(h, width - 2))
        if wrapped:
            wrapped.append(Text())
        # wrap only what can be shown: a 20,000-character paragraph costs no more
        text = state.paras[index].text[: (lines + 1) * width]
        wrapped.extend(_wrap(Text(text), width - 2))  # room for the " …" of a cut
        index += 1
    if not wrapped:
        return Text()
    cut = len(wrapped) > lines or index < len(state.paras)
    wrapped = wrapped[:lines]
    while wrapped and not wrapped[-1].plain.strip():
        wrapped.pop()
    if cut and wrapped:
        last = wrapped[-1].copy()
        last.rstrip()
        wrapped[-1] = last + Text(" …", style="dim")
    out = Text("\n").join(wrapped)
    out.rstrip()
    return out


def glimpse(text: str, width: int, tail: bool = False) -> Text:
    """At most NEIGHBOUR_LINES wrapped lines of a paragraph, cut with "…" (the head, or
    with ``tail`` the end that leads into what follows)."""
    lines = _wrap(Text(text), width)
    if len(lines) <= NEIGHBOUR_LINES:
        return Text(text)
    if tail:
        kept = lines[-NEIGHBOUR_LINES:]
        kept[0] = Text("… ") + kept[0]
    else:
        kept = lines[:NEIGHBOUR_LINES]
        last = kept[-1].copy()
        last.rstrip()
        kept[-1] = last + Text(" …")
    out = Text("\n").join(line.copy() for line in kept)
    out.rstrip()
    return out
