"""A PDF with a text layer: the running text, pages joined, the print layout undone.

pypdf (BSD) gives every piece of text with its position and size. From that: lines (pieces
on one baseline), paragraphs (a gap larger than the line spacing, an indented first line, or
a short line that ends a sentence), headings (a short line in a larger type). What a page
repeats is layout, not text: a line at the top or bottom that recurs on many pages (the
running header or footer, with its page number reduced to ``#``) and a bare page number
are dropped. A word hyphenated at a line end is joined again (``Verwand-`` + ``lung``);
a hyphen before a capital or *und*/*oder* is a real one (``Ost-Berlin``, ``Ein- und``).

A scan has pages but no text: that is one clear line, not an empty reading view.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import struct
import zlib
from collections import Counter
from dataclasses import dataclass

from reader.core.formats.assemble import Draft, build, reason
from reader.core.model import Document
from reader.errors import InputError

logging.getLogger("pypdf").addHandler(logging.NullHandler())  # no warnings on the terminal

_PAGE_NUMBER = re.compile(
    r"^[-–—(\[]*\s*(seite|page|s\.)?\s*(\d{1,4}|[ivxlc]{1,6})\s*(/\s*\d{1,4}|von \d+)?"
    r"\s*[-–—)\]]*$",
    re.I,
)
# A line of a printed table of contents: dot leaders, then a page number.
_CONTENTS_LINE = re.compile(r"(?:\.\s?){4,}\s*(\d{1,4}|[ivxlc]{1,6})\s*$", re.I)
_BULLETS = ("•", "▪", "◦", "●", "■", "□", "➢", "✓")
_DIGITS = re.compile(r"\d+")
_RUNNING_MAX = 90  # characters: a running header or footer is a title, a name, a number
_SENTENCE_END = (".", "!", "?", "…", ":", '"', "“", "»", "«", "'")
_KEEP_HYPHEN_BEFORE = {"und", "oder", "bzw.", "sowie"}  # Ein- und Ausgang


@dataclass
class _Line:
    text: str
    x: float
    y: float
    size: float


def load_pdf(data: bytes, source: str) -> Document:
    import pypdf  # only when a PDF is opened
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    encrypted = InputError(
        f"{source}: this PDF is encrypted (password or DRM); reader cannot open it"
    )
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):  # many PDFs only forbid printing: no password
                    raise encrypted
            except (DependencyError, NotImplementedError) as exc:
                raise encrypted from exc
        pages = [_lines(page) for page in reader.pages]
    except InputError:
        raise
    except FileNotDecryptedError as exc:
        raise encrypted from exc
    except (
        PyPdfError,
        ValueError,
        TypeError,
        LookupError,
        AttributeError,
        AssertionError,
        OSError,
        RuntimeError,
        NotImplementedError,
        ArithmeticError,
        zlib.error,
        struct.error,
    ) as exc:  # what pypdf raises on a damaged file varies with the damage
        raise InputError(f"{source}: damaged PDF ({reason(exc)})") from exc
    if not pages:
        raise InputError(f"{source}: damaged PDF (no pages)")
    letters = [sum(ch.isalpha() for line in lines for ch in line.text) for lines in pages]
    with_text = sum(n >= 30 for n in letters)
    # A scan: no text at all, or text on a few pages only (a cover, a typed-in title page).
    if sum(letters) < 20 * len(pages) ** 0.5 or with_text < len(pages) * 0.2:
        raise InputError(
            f"{source}: this PDF has no text layer (a scan?); "
            "run it through OCR (e.g. ocrmypdf) and open the result"
        )
    pages = _drop_running_lines(pages)
    draft = Draft(title=_title(reader))
    _paragraphs([line for lines in pages for line in lines], draft)
    return build(draft, source, "utf-8", "PDF")


def _title(reader: object) -> str | None:
    try:
        meta = reader.metadata  # type: ignore[attr-defined]
        title = meta.title if meta else None
    except Exception:  # noqa: BLE001 - a broken info dictionary is no reason to refuse the book
        return None
    return str(title) if title and str(title).strip() else None


def _lines(page: object) -> list[_Line]:
    """The page's text as lines, top to bottom, with position and type size."""
    pieces: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text:
            return
        # The text matrix, then the current transformation: where the piece starts.
        a, b, c, d, e, f = tm
        ca, cb, cc, cd, ce, cf = cm
        x = e * ca + f * cc + ce
        y = e * cb + f * cd + cf
        scale = abs(d * cd + b * cc) or abs(d) or 1.0
        pieces.append((text, x, y, (size or 1.0) * scale))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    lines: list[_Line] = []
    for text, x, y, size in pieces:
        for n, part in enumerate(text.split("\n")):
            if not part.strip():
                # A bare line break or space: it carries the *next* piece's type size at the
                # last piece's place, so it says nothing about either line.
                if part and lines:
                    lines[-1].text += " "
                continue
            if n or not lines or abs(lines[-1].y - y) > max(size, 1.0) * 0.5:
                # A new baseline, or a line break inside the piece: a line of its own.
                lines.append(_Line("", x, y - size * 1.2 * n, size))
            line = lines[-1]
            line.text += part
            line.size = max(line.size, size)
    out = [_Line(" ".join(ln.text.split()), ln.x, ln.y, ln.size) for ln in lines]
    return [ln for ln in out if ln.text]


def _key(text: str) -> str:
    return _DIGITS.sub("#", text.lower())


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Page numbers, short top/bottom lines that recur on many pages, small print at the
    edges and the lines of a printed table of contents are not text."""
    edges: Counter[tuple[bool, str]] = Counter()
    for lines in pages:
        for top, line in _edges(lines):
            if len(line.text) <= _RUNNING_MAX:
                edges[top, _key(line.text)] += 1
    least = max(2, (len(pages) - 1) * 0.4)  # the first page often has none
    recurring = {key for key, n in edges.items() if n >= least}
    sizes = [line.size for lines in pages for line in lines]
    small = statistics.median(sizes) * 0.95 if sizes else 0.0
    kept: list[list[_Line]] = []
    for lines in pages:
        drop = {
            id(line)
            for top, line in _edges(lines, 1)
            if line.size < small and len(line.text) <= _RUNNING_MAX  # small print at the edge
        } | {
            id(line)
            for top, line in _edges(lines)
            if _PAGE_NUMBER.match(line.text) or (top, _key(line.text)) in recurring
        }
        kept.append(
            [
                line
                for line in lines
                if id(line) not in drop and not _CONTENTS_LINE.search(line.text)
            ]
        )
    return kept


def _edges(lines: list[_Line], depth: int = 2) -> list[tuple[bool, _Line]]:
    """The first and last ``depth`` lines, each marked as at the top (True) or bottom."""
    top = [(True, line) for line in lines[:depth]]
    return top + [(False, line) for line in lines[depth:][-depth:]]


def _paragraphs(lines: list[_Line], draft: Draft) -> None:
    if not lines:
        return
    body = statistics.median(line.size for line in lines)
    steps = [
        round(a.y - b.y, 1)
        for a, b in zip(lines, lines[1:], strict=False)
        if 0 < a.y - b.y < body * 3
    ]
    spacing = statistics.median(steps) if steps else body * 1.2
    lengths = [len(line.text) for line in lines if abs(line.size - body) < 0.5]
    full = sorted(lengths)[int(len(lengths) * 0.8)] if lengths else 60
    lefts = [round(line.x) for line in lines if abs(line.size - body) < 0.5]
    left = Counter(lefts).most_common(1)[0][0] if lefts else 0
    current: list[str] = []
    previous: _Line | None = None

    def flush() -> None:
        if current:
            draft.paragraph(_join(current))
            current.clear()

    for line in lines:
        if line.size > body * 1.15 and len(line.text) < 120:
            flush()
            if (
                previous is not None
                and previous.size == line.size
                and draft.parts
                and draft.parts[-1][0] == "h"
            ):
                draft.parts[-1] = ("h", draft.parts[-1][1] + " " + line.text)
            else:
                draft.heading(line.text)
            previous = line
            continue
        if previous is not None and current:
            gap = previous.y - line.y
            new_page_or_column = gap < 0
            indented = line.x > left + body
            ended = previous.text.endswith(_SENTENCE_END)
            short = len(previous.text) < full * 0.75
            bullet = line.text.startswith(_BULLETS)
            if (
                (gap > spacing * 1.4 and not new_page_or_column)
                or indented
                or bullet
                or (ended and short)
            ):
                flush()
        current.append(line.text)
        previous = line
    flush()


def _join(lines: list[str]) -> str:
    """Join a paragraph's lines, undoing hyphenation at line ends."""
    out = lines[0]
    for line in lines[1:]:
        first = line.split(" ", 1)[0]
        if out.endswith("\u00ad"):
            out = out[:-1] + line
        elif (
            out.endswith("-")
            and len(out) > 1
            and out[-2].isalpha()
            and first[:1].islower()
            and first.rstrip(",.;:") not in _KEEP_HYPHEN_BEFORE
        ):
            out = out[:-1] + line
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and first[:1].isupper():
            out = out + line  # Ost-|Berlin: the hyphen is part of the word
        else:
            out = f"{out} {line}"
    return out
