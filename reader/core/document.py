"""Load a text file into sections and paragraphs, with character offsets.

Layouts seen in the wild: one paragraph per line (copied articles), paragraphs separated
by blank lines and hard-wrapped inside (Project Gutenberg), Markdown with ``#`` headings.
Headings are also found without markup: a short line without closing punctuation that is
followed by body text. Offsets index into ``Document.text``, the decoded and sanitised
file; line breaks inside a wrapped paragraph become spaces so lengths never change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from reader.core.frontmatter import CHAPTER_LIKE, strip_gutenberg
from reader.core.model import Document, Paragraph, Section
from reader.core.reading import (  # noqa: F401 - imported from here by other modules
    MAX_BYTES,
    _looks_binary,
    decode,
    decode_with_notes,
    display_name,
    read_file,
)
from reader.core.text import safe_for_terminal, sanitize
from reader.errors import InputError

_HEADING_MAX_CHARS = 90
_HEADING_MAX_WORDS = 12
_CLOSING = tuple(".!?:;,…\"“”»«'")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_CHAPTER_NUMBER = re.compile(r"^(?=[IVXLC]+\.?$|\d{1,3}\.$)[IVXLC\d]+\.?$")


@dataclass(frozen=True, slots=True)
class _Block:
    start: int
    end: int
    text: str
    md_level: int | None = None  # Markdown heading level, if the block is one


def _blocks(text: str) -> list[_Block]:
    """Split text into paragraph blocks with offsets.

    If the text separates paragraphs with blank lines, a block is the run of lines between
    them (a wrapped paragraph); otherwise every non-empty line is a block.
    """
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    nonblank = [(s, e) for s, e in lines if text[s:e].strip()]
    blank_separated = (
        len(nonblank) > 1
        and any(not text[s:e].strip() for s, e in lines[1:-1])
        and _mostly_wrapped(text, lines)
    )
    blocks: list[_Block] = []
    run: list[tuple[int, int]] = []

    def flush() -> None:
        if run:
            s, e = run[0][0], run[-1][1]
            blocks.append(_Block(s, e, text[s:e]))
            run.clear()

    for s, e in lines:
        line = text[s:e]
        if not line.strip():
            flush()
            continue
        if _MD_HEADING.match(line):
            flush()
            blocks.append(_Block(s, e, line))
            continue
        if blank_separated:
            run.append((s, e))
        else:
            blocks.append(_Block(s, e, line))
    flush()
    return [_trim(b) for b in blocks]


def _mostly_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """True if blank lines separate paragraphs, i.e. consecutive non-blank lines occur.

    A text with one paragraph per line *and* blank lines between them is treated the same
    either way; the distinction matters only when lines run on without blank lines.
    """
    prev_nonblank = False
    for s, e in lines:
        nonblank = bool(text[s:e].strip())
        if nonblank and prev_nonblank:
            return True
        prev_nonblank = nonblank
    return False


def _trim(block: _Block) -> _Block:
    raw = block.text
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    start, end = block.start + lead, block.end - trail
    inner = raw[lead : len(raw) - trail].replace("\n", " ")
    match = _MD_HEADING.match(inner)
    return _Block(start, end, inner, len(match.group(1)) if match else None)


def _heading_shaped(line: str) -> bool:
    """Short, without closing punctuation, opening with a capital or a digit."""
    if len(line) > _HEADING_MAX_CHARS or len(line.split()) > _HEADING_MAX_WORDS:
        return False
    if line.endswith(_CLOSING) or not any(ch.isalpha() for ch in line):
        return False
    return line[0].isupper() or line[0].isdigit()


def _is_heading(block: _Block, following: _Block | None) -> bool:
    if block.md_level is not None:
        return True
    if following is None or following.md_level is not None:
        return False
    line = block.text.strip()
    if _CHAPTER_NUMBER.match(line) or CHAPTER_LIKE.match(line):
        return True  # "I.", "Erstes Kapitel", "Vorwort": even right before another heading
    if not _heading_shaped(line):
        return False
    body = following.text.strip()
    if CHAPTER_LIKE.match(body):
        return True  # a book's or part's title right before a chapter label
    # Body text: longer than the heading, or ends like a sentence.
    return len(body) > len(line) and (body.endswith(_CLOSING) or len(body) > 2 * len(line))


_LONG_PARAGRAPH = 4000  # characters; longer blocks are cut at sentence ends for reading
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"“”»«']?\s+(?=\S)")
_GERMAN_MARKERS = frozenset(
    "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es "
    "er sie wir ich war wird sind noch nach bei aus wie aber als oder wenn hat".split()
)


def _cut_long(block: _Block) -> list[_Block]:
    """Cut a very long paragraph (a whole book on one line) into readable pieces.

    Cuts fall after sentence ends where possible, else at a space, so offsets stay exact.
    """
    if len(block.text) <= _LONG_PARAGRAPH or block.md_level is not None:
        return [block]
    pieces: list[_Block] = []
    text, base, start = block.text, block.start, 0
    while len(text) - start > _LONG_PARAGRAPH:
        window_end = start + _LONG_PARAGRAPH
        cut = None
        for m in _SENTENCE_END.finditer(text, start + _LONG_PARAGRAPH // 2, window_end):
            cut = m.start()
        if cut is None:
            space = text.rfind(" ", start + 1, window_end)
            cut = space if space > start else window_end
        pieces.append(_Block(base + start, base + cut, text[start:cut]))
        start = cut
        while start < len(text) and text[start] == " ":
            start += 1
    if start < len(text):
        pieces.append(_Block(base + start, base + len(text), text[start:]))
    return pieces


# Frequent function words of the languages a German learner most often pastes by mistake.
# Words that are also German ("die", "was", "will", "des", "du", "es", "in", "an") are left
# out, so these count only as evidence *against* German.
_OTHER_MARKERS = {
    "English": frozenset(
        "the of and to is that it for with this on are be at by have from they you not but "
        "what which there their been would were has had these".split()
    ),
    "French": frozenset(
        "le la les et est une que qui pas pour dans ce sur avec sont il elle nous vous".split()
    ),
    "Spanish": frozenset("el los las y que del por con para una se su al lo como pero".split()),
    "Italian": frozenset("il di che è per non sono della gli si ma come una".split()),
    "Dutch": frozenset("het een van niet op zijn voor met dat ook maar bij".split()),
}


def language_warnings(text: str) -> tuple[str, ...]:
    """A warning when the text does not look German (it is still shown and analysed).

    Long texts: too few German function words. Short texts (a headline, a sentence) have
    too few words for a share, so there the warning needs evidence for another language:
    at least two of its function words, and more than twice as many as German ones.
    """
    words = re.findall(r"[^\W\d_]+", text[:200_000].lower())
    if not words:
        return ()
    german = sum(w in _GERMAN_MARKERS for w in words)
    other, language = max(
        (sum(w in markers for w in words), name) for name, markers in _OTHER_MARKERS.items()
    )
    looks_other = other >= 2 and other > 2 * german
    if (len(words) >= 30 and german / len(words) < 0.04) or looks_other:
        named = f" (it looks like {language})" if looks_other else ""
        return (f"this text does not look like German{named}; the analysis may be poor",)
    return ()


class Sections:
    """Sections in reading order, grouped as any reader finds them: a heading opens one.

    Plain text (``split``) and every other format (``formats.assemble``) group their
    paragraphs here, so a heading or a break closes the open section the same way for all,
    and a section left without paragraphs (a heading over nothing) is dropped.
    """

    def __init__(self) -> None:
        self.done: list[Section] = []
        self._heading: str | None = None
        self._heading_offset: int | None = None
        self._paragraphs: list[Paragraph] = []

    def heading(self, text: str | None, offset: int | None) -> None:
        """Close the open section and start one under ``text`` (None: a break, no heading)."""
        self._close()
        self._heading, self._heading_offset = text, offset

    def paragraph(self, text: str, offset: int) -> None:
        self._paragraphs.append(Paragraph(text=text, offset=offset))

    def finish(self) -> list[Section]:
        """All sections, the open one closed."""
        self._close()
        return self.done

    def _close(self) -> None:
        if self._paragraphs:
            self.done.append(Section(self._heading, tuple(self._paragraphs), self._heading_offset))
        self._paragraphs = []


def make_document(
    source: str, text: str, sections: list[Section], encoding: str, title: str | None
) -> Document:
    """The Document over ``text``; every format gets the same not-German warning from here."""
    return Document(
        source=source,
        text=text,
        sections=tuple(sections),
        encoding=encoding,
        title=title,
        warnings=language_warnings(text),
    )


def split(text: str, source: str = "<text>", encoding: str = "utf-8") -> Document:
    """Split already decoded, sanitised text into a Document."""
    blocks = [piece for block in _blocks(text) for piece in _cut_long(block)]
    grouped = Sections()
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if _is_heading(block, following):
            if block.md_level is not None:
                match = _MD_HEADING.match(block.text)
                heading = match.group(2) if match else block.text
                grouped.heading(heading, block.start + block.text.find(heading))
            else:
                grouped.heading(block.text, block.start)
            continue
        grouped.paragraph(block.text, block.start)
    sections = grouped.finish()
    if not sections:
        raise InputError(f"{safe_for_terminal(source)}: no text to read in this file")
    # A heading that opens the document is its title; otherwise the UI shows the file name.
    # Only the opening block can be the title, and a chapter label ("I.") is none.
    first = sections[0]
    title = (
        first.heading
        if blocks
        and _is_heading(blocks[0], blocks[1:2] and blocks[1] or None)
        and blocks[0].start <= (first.heading_offset or 0) <= blocks[0].end
        and not CHAPTER_LIKE.match(first.heading or "")
        else None
    )
    return make_document(source, text, sections, encoding, title)


def load_text(data: bytes, source: str = "<bytes>") -> Document:
    """Decode, sanitise, drop Gutenberg boilerplate and split."""
    shown = safe_for_terminal(source)
    if not data:
        raise InputError(f"{shown}: the file is empty")
    from reader.core.formats import load_format, sniff

    kind = sniff(data, source)  # EPUB, PDF, HTML, subtitles: read by reader.core.formats
    if kind is not None:
        return load_format(kind, data, source)
    text, encoding, notes = decode_with_notes(data, shown)
    text = strip_gutenberg(sanitize(text))
    if not _VISIBLE.search(text):
        raise InputError(f"{shown}: the file holds only whitespace or invisible characters")
    document = split(text, source=source, encoding=encoding)
    if notes:
        document = replace(document, warnings=notes + document.warnings)
    return document


# Anything but whitespace, zero-width spaces/joiners/marks, word joiners, BOMs, soft hyphens.
_VISIBLE = re.compile(r"[^\s\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u180e]")


def load(path: str | Path) -> Document:
    """Load a file from disk; every failure a user can cause becomes an InputError.

    The file name is untrusted text like the file's contents: ``Document.source`` holds
    it sanitised (``display_name``), so the header, the overview, messages and JSON can
    show it as it is. For ordinary names it is exactly ``str(path)``.
    """
    if isinstance(path, str) and path == "-":  # `reader -`: a text on standard input
        from reader.core.formats import stdin

        return load_text(stdin.read_stdin(MAX_BYTES), source=stdin.SOURCE)
    return load_text(read_file(path), source=display_name(path))
