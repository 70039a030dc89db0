"""Load a text file into sections and paragraphs, with character offsets.

Layouts seen in the wild: one paragraph per line (copied articles), paragraphs separated
by blank lines and hard-wrapped inside (Project Gutenberg), Markdown with ``#`` headings.
Headings are also found without markup: a short line without closing punctuation that is
followed by body text. Offsets index into ``Document.text``, the decoded and sanitised
file; line breaks inside a wrapped paragraph become spaces so lengths never change.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from reader.core.model import Document, Paragraph, Section
from reader.core.text import safe_for_terminal, sanitize
from reader.errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # larger files are refused: a book is 1-2 MB
_HEADING_MAX_CHARS = 90
_HEADING_MAX_WORDS = 12
_CLOSING = tuple(".!?:;,…\"“”»«'")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_CHAPTER_NUMBER = re.compile(r"^(?=[IVXLC]+\.?$|\d{1,3}\.$)[IVXLC\d]+\.?$")
_GUTENBERG_START = re.compile(r"^\*\*\*\s*START OF (THE|THIS) PROJECT GUTENBERG.*$", re.M | re.I)
_GUTENBERG_END = re.compile(r"^\*\*\*\s*END OF (THE|THIS) PROJECT GUTENBERG.*$", re.M | re.I)


def decode(data: bytes, source: str = "the file") -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM optional), UTF-16/32 with BOM, else cp1252/Latin-1.

    Raises InputError for data that is clearly binary.
    """
    text, encoding, _ = decode_with_notes(data, source)
    return text, encoding


def decode_with_notes(data: bytes, source: str = "the file") -> tuple[str, str, tuple[str, ...]]:
    """``decode``, plus a note for the learner when some bytes had to be guessed.

    UTF-8 is kept wherever it is valid: one stray byte (or a pasted Latin-1 paragraph) in a
    UTF-8 file is read as cp1252 *for that run of bytes only*, instead of turning the whole
    file into mojibake; the note says how many bytes and on which line the first was.
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            if codec == "utf-8-sig":
                return _decode_runs(data[len(bom) :], source, "utf-8-sig")
            try:
                return data.decode(codec), codec, ()
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{source}: the file starts like {codec.upper()} but is not valid {codec}"
                ) from exc
    if _looks_binary(data):
        raise InputError(f"{source}: this looks like a binary file, not a text")
    return _decode_runs(data, source, "utf-8")


# A byte that starts a multi-byte UTF-8 character, followed by a continuation byte.
_UTF8_MULTI = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def _decode_runs(data: bytes, source: str, utf8_name: str) -> tuple[str, str, tuple[str, ...]]:
    try:
        return data.decode("utf-8"), utf8_name, ()
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if not _UTF8_MULTI.search(data):
        # No UTF-8 anywhere: a cp1252/Latin-1 file (cp1252 is Latin-1 plus typographic
        # quotes; five byte values are undefined in it).
        text = data.decode("cp1252", errors="replace")
        _check_replacements(text, source)
        return text.replace("\ufffd", ""), "cp1252", ()
    _GUESSED.count = 0
    text = data.decode("utf-8", errors=_FALLBACK)
    _check_replacements(text, source)
    line = data.count(b"\n", 0, first_bad) + 1
    count = _GUESSED.count
    note = (
        f"{count} byte{'s' if count != 1 else ''} {'were' if count != 1 else 'was'} not UTF-8 "
        f"and {'were' if count != 1 else 'was'} read as Latin-1/cp1252 (the first on line {line})"
    )
    return text.replace("\ufffd", ""), utf8_name, (note,)


_GUESSED = threading.local()  # bytes the handler below decoded, per thread
_FALLBACK = "reader-cp1252-fallback"


def _fallback(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a run of bytes that is not UTF-8 is read as cp1252."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start : err.end]
    _GUESSED.count = getattr(_GUESSED, "count", 0) + len(bad)
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error(_FALLBACK, _fallback)


def _check_replacements(text: str, source: str) -> None:
    if text.count("\ufffd") > max(8, len(text) // 100):
        raise InputError(f"{source}: the file is neither UTF-8, UTF-16 nor Latin-1/cp1252 text")


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
        raise InputError(f"{safe_for_terminal(source)}: no text to read in this file")
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
    shown = safe_for_terminal(source)
    if not data:
        raise InputError(f"{shown}: the file is empty")
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


def _too_large(name: str, size: int | None = None) -> InputError:
    limit = MAX_BYTES // 2**20
    if size is None:
        return InputError(f"{name}: more than {limit} MiB is too large (the limit is {limit} MiB)")
    return InputError(f"{name}: {size / 1e6:.0f} MB is too large (the limit is {limit} MiB)")


def read_bounded(fd: int, name: str, limit: int = MAX_BYTES) -> bytes:
    """Read at most ``limit`` bytes from ``fd``, counting what is actually read.

    ``st_size`` says nothing about ``/dev/zero``, a pipe or ``<(cat f)``: the bound holds
    on the bytes themselves, and each input is read exactly once.
    """
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_large(name)


def read_file(path: str | Path) -> bytes:
    """The bytes of a text file, regular or not, read once and bounded; InputError else."""
    p = Path(path)
    name = display_name(path)
    try:
        # O_NONBLOCK: opening a FIFO nobody writes to would otherwise wait for ever.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a directory, not a text file") from exc
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name}: is a directory, not a text file")
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
            raise _too_large(name, info.st_size)
        if not (
            stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)
        ):
            raise InputError(f"{name}: is not a file that can be read as text")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a FIFO with a writer: wait for its data
        data = read_bounded(fd, name)
        if not data and stat.S_ISFIFO(info.st_mode):
            raise InputError(f"{name}: nothing was written to this pipe")
        return data
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a directory, not a text file") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)


def display_name(path: str | Path) -> str:
    """A path as it may be shown: no escape sequences, undecodable bytes as ``\\xNN``."""
    return safe_for_terminal(os.fspath(path))


def load(path: str | Path) -> Document:
    """Load a file from disk; every failure a user can cause becomes an InputError.

    The file name is untrusted text like the file's contents: ``Document.source`` holds
    it sanitised (``display_name``), so the header, the overview, messages and JSON can
    show it as it is. For ordinary names it is exactly ``str(path)``.
    """
    return load_text(read_file(path), source=display_name(path))
