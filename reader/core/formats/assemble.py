"""Turn what a format reader found (headings and paragraphs) into the one Document.

Every format ends here, so they all share one layout of ``Document.text``: a heading on its
own line, paragraphs separated by blank lines, each paragraph on one line. Offsets are
counted while the text is built, so they are exact by construction. Everything extracted
from a file is untrusted: it goes through ``sanitize`` here, once, and whitespace inside a
paragraph is collapsed (the source's line breaks are layout, not text).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.document import Sections, _Block, _cut_long, make_document
from reader.core.model import Document
from reader.core.text import sanitize
from reader.errors import InputError

# Soft hyphen, zero-width space, word joiner: invisible in print, noise to the tokenizer.
_INVISIBLE = ("\u00ad", "\u200b", "\u2060")
_MAX_HEADING = 200  # characters; a longer "heading" is body text that was marked up as one


def clean(text: str) -> str:
    """Sanitised, invisible characters removed, whitespace collapsed, trimmed."""
    # str.split() splits at every Unicode space (no-break and thin spaces too): one pass.
    text = sanitize(text)
    for ch in _INVISIBLE:  # str.replace: far faster than str.translate on non-ASCII text
        if ch in text:
            text = text.replace(ch, "")
    return " ".join(text.split())


def reason(exc: BaseException) -> str:
    """A library's error as a short, safe part of one line (it may quote the file's bytes)."""
    text = " ".join(sanitize(str(exc)).split()) or type(exc).__name__
    return text[:120]


@dataclass
class Draft:
    """Headings and paragraphs in reading order, as a format reader finds them."""

    title: str | None = None
    parts: list[tuple[str, str]] = field(default_factory=list)  # ("h" | "p" | "b", text)

    def heading(self, text: str) -> None:
        text = clean(text)
        if not text or not self.parts and text == clean(self.title or ""):
            return  # the book's title over its first chapter: it is the title, not a section
        if len(text) > _MAX_HEADING:
            self.parts.append(("p", text))
        elif self.parts and self.parts[-1][0] == "h":
            # "Erster Teil" directly followed by "Erstes Kapitel": one section, both names.
            self.parts[-1] = ("h", f"{self.parts[-1][1]} · {text}")
        else:
            self.parts.append(("h", text))

    def paragraph(self, text: str) -> None:
        text = clean(text)
        if text:
            self.parts.append(("p", text))

    def extend(self, other: Draft) -> None:
        """Append another draft's parts (already clean); a heading may join the last one."""
        for kind, text in other.parts:
            if kind == "h" and self.parts and self.parts[-1][0] == "h":
                self.parts[-1] = ("h", f"{self.parts[-1][1]} · {text}")
            else:
                self.parts.append((kind, text))

    def section_break(self) -> None:
        """Start a new section without a heading (ignored before any paragraph)."""
        if self.parts and self.parts[-1][0] == "p":
            self.parts.append(("b", ""))

    @property
    def paragraph_count(self) -> int:
        return sum(kind == "p" for kind, _ in self.parts)


def build(draft: Draft, source: str, encoding: str = "utf-8", what: str = "file") -> Document:
    """The Document for ``draft``; an InputError if it holds no paragraph at all."""
    chunks: list[str] = []
    pos = 0
    grouped = Sections()

    def add(text: str) -> int:
        nonlocal pos
        if chunks:
            chunks.append("\n\n")
            pos += 2
        chunks.append(text)
        start = pos
        pos += len(text)
        return start

    parts = list(draft.parts)
    while parts and parts[-1][0] != "p":
        parts.pop()  # a heading with nothing under it is not part of the text
    for kind, text in parts:
        if kind == "b":  # a new section without a heading (a scene change in a film)
            grouped.heading(None, None)
            continue
        if kind == "h":
            grouped.heading(text, add(text))
            continue
        start = add(text)
        for block in _cut_long(_Block(start, start + len(text), text)):
            grouped.paragraph(block.text, block.start)
    sections = grouped.finish()
    if not sections:
        raise InputError(f"{source}: no text to read in this {what}")
    full = "".join(chunks)
    title = clean(draft.title or "") or None
    if title is None and sections[0].heading is not None and sections[0].heading_offset == 0:
        title = sections[0].heading
    return make_document(source, full, sections, encoding, title)
