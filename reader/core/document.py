"""Load a text file into sections and paragraphs, with character offsets.

Layouts seen in the wild: one paragraph per line (copied articles), paragraphs separated
by blank lines and hard-wrapped inside (Project Gutenberg), Markdown with ``#`` headings.
Headings are also found without markup: a short line without closing punctuation that is
followed by body text. Offsets index into ``Document.text``, the decoded and sanitised
file; line breaks inside a wrapped paragraph become spaces so lengths never change.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from reader.core.model import Document, Paragraph, Section
from reader.core.text import sanitize
from reader.errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # larger files are refused: a book is 1-2 MB
_HEADING_MAX_CHARS = 90
_HEADING_MAX_WORDS = 12
_CLOSING = tuple(".!?:;,…\"“”»«'")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_CHAPTER_NUMBER = re.compile(r"^(?=[IVXLC]+\.?$|\d{1,3}\.$)[IVXLC\d]+\.?$")
_GUTENBERG_START = re.compile(r"^\*\*\*\s*START OF (THE|THIS) PROJECT GUTENBERG.*$", re.M | re.I)
_GUTENBERG_END = re.compile(r"^\*\*\*\s*END OF (THE|THIS) PROJECT GUTENBERG.*$", re.M | re.I)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM optional), UTF-16 with BOM, else cp1252/Latin-1.

    Raises InputError for data that is clearly binary.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError("the file starts like UTF-16 but is not valid UTF-16") from exc
    if _looks_binary(data):
        raise InputError("this looks like a binary file, not a text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # cp1252 is Latin-1 plus typographic quotes; five byte values are undefined in it.
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > max(8, len(text) // 100):
        raise InputError("the file is neither UTF-8, UTF-16 nor Latin-1/cp1252 text")
    return text.replace("\ufffd", ""), "cp1252"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith((b"\x7fELF", b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff")):
        return True
    # A stray NUL or control byte in copied text is removed later; many of them mean binary.
    if sample.count(b"\x00") > max(2, len(sample) // 100):
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)
    return controls > max(4, len(sample) // 20)


def strip_gutenberg(text: str) -> str:
    """Keep only what lies between Project Gutenberg's START and END markers.

    The English header and licence are not German text to study; offsets then refer to
    the kept body only.
    """
    start = _GUTENBERG_START.search(text)
    end = _GUTENBERG_END.search(text)
    if start is None and end is None:
        return text
    begin = start.end() if start else 0
    finish = end.start() if end and end.start() > begin else len(text)
    body = text[begin:finish]
    # Gutenberg bodies often open with a production credit line in English.
    body = re.sub(r"^\s*(Produced by|E-text prepared by)[^\n]*(\n[^\n]+)*", "", body, count=1)
    return body


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


def _is_heading(block: _Block, following: _Block | None) -> bool:
    if block.md_level is not None:
        return True
    if following is None or following.md_level is not None:
        return False
    line = block.text.strip()
    if _CHAPTER_NUMBER.match(line):
        return True
    if len(line) > _HEADING_MAX_CHARS or len(line.split()) > _HEADING_MAX_WORDS:
        return False
    if line.endswith(_CLOSING) or not any(ch.isalpha() for ch in line):
        return False
    if not line[0].isupper() and not line[0].isdigit():
        return False
    body = following.text.strip()
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


def language_warnings(text: str) -> tuple[str, ...]:
    """A warning when the text does not look German (it is still shown and analysed)."""
    words = re.findall(r"[^\W\d_]+", text[:200_000].lower())
    if len(words) < 30:
        return ()
    share = sum(w in _GERMAN_MARKERS for w in words) / len(words)
    if share < 0.04:
        return ("this text does not look like German; the analysis may be poor",)
    return ()


def split(text: str, source: str = "<text>", encoding: str = "utf-8") -> Document:
    """Split already decoded, sanitised text into a Document."""
    blocks = [piece for block in _blocks(text) for piece in _cut_long(block)]
    sections: list[Section] = []
    heading: str | None = None
    heading_offset: int | None = None
    paragraphs: list[Paragraph] = []
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if _is_heading(block, following):
            if paragraphs or heading is not None:
                sections.append(Section(heading, tuple(paragraphs), heading_offset))
            paragraphs = []
            if block.md_level is not None:
                match = _MD_HEADING.match(block.text)
                heading = match.group(2) if match else block.text
                heading_offset = block.start + block.text.find(heading)
            else:
                heading, heading_offset = block.text, block.start
            continue
        paragraphs.append(Paragraph(text=block.text, offset=block.start))
    if paragraphs or heading is not None:
        sections.append(Section(heading, tuple(paragraphs), heading_offset))
    sections = [s for s in sections if s.paragraphs]
    if not sections:
        raise InputError(f"{source}: no text to read in this file")
    # A heading that opens the document is its title; otherwise the UI shows the file name.
    title = (
        sections[0].heading
        if blocks and _is_heading(blocks[0], blocks[1:2] and blocks[1] or None)
        else None
    )
    return Document(
        source=source,
        text=text,
        sections=tuple(sections),
        encoding=encoding,
        title=title,
        warnings=language_warnings(text),
    )


def load_text(data: bytes, source: str = "<bytes>") -> Document:
    """Decode, sanitise, drop Gutenberg boilerplate and split."""
    if not data:
        raise InputError(f"{source}: the file is empty")
    from reader.core.formats import load_format, sniff

    kind = sniff(data, source)  # EPUB, PDF, HTML, subtitles: read by reader.core.formats
    if kind is not None:
        return load_format(kind, data, source)
    text, encoding = decode(data)
    text = strip_gutenberg(sanitize(text))
    if not text.strip():
        raise InputError(f"{source}: the file holds only whitespace")
    return split(text, source=source, encoding=encoding)


def load(path: str | Path) -> Document:
    """Load a file from disk; every failure a user can cause becomes an InputError."""
    p = Path(path)
    name = str(path)
    if isinstance(path, str) and path == "-":  # `reader -`: a text on standard input
        from reader.core.formats import stdin

        return load_text(stdin.read_stdin(MAX_BYTES), source=stdin.SOURCE)
    if not p.exists():
        raise InputError(f"{name}: no such file")
    if p.is_dir():
        raise InputError(f"{name}: is a directory, not a text file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{name}: {size / 1e6:.0f} MB is too large (the limit is {MAX_BYTES // 2**20} MiB)"
            )
        data = p.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    return load_text(data, source=name)
