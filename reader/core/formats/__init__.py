"""Formats other than plain text, each read into the same Document.

``sniff`` tells the format by the content (a PDF's ``%PDF-``, an EPUB's ZIP with its
``mimetype``, a WebVTT header, an SRT cue, an HTML document's first tag), and by the suffix
only where the content cannot say (a damaged file named ``.epub`` is a damaged EPUB, not a
"binary file"). Plain text and Markdown are ``None``: ``reader.core.document`` keeps them.
Each reader is imported only when its format is opened, so plain text pays nothing.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath

from reader.core.model import Document

_HTML_START = re.compile(
    r"^(?:\s|<!--.*?-->|<\?xml[^>]*\?>)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.I | re.S,
)
_SUFFIXES = {
    ".pdf": "pdf",
    ".epub": "epub",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".srt": "srt",
    ".vtt": "vtt",
}


def sniff(data: bytes, name: str = "") -> str | None:
    """'pdf', 'epub', 'html', 'srt', 'vtt', or None for plain text (Markdown included)."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    suffix = _SUFFIXES.get(PurePath(name).suffix.lower())
    if data.startswith(b"PK\x03\x04"):
        from reader.core.formats.epub import is_epub

        return "epub" if is_epub(data) or suffix == "epub" else None
    head = _head(data)
    from reader.core.formats.subtitles import SRT_START, is_vtt

    if is_vtt(head):
        return "vtt"
    if SRT_START.match(head.replace("\r\n", "\n")):
        return "srt"
    if _HTML_START.match(head):
        return "html"
    return suffix


def _head(data: bytes) -> str:
    """The first few KB as text, good enough to recognise a format by."""
    sample = data[:4096]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return sample[: len(sample) // 2 * 2].decode("utf-16", errors="ignore")
    if sample.startswith(codecs.BOM_UTF8):
        sample = sample[3:]
    return sample.decode("utf-8", errors="ignore")


def load_format(kind: str, data: bytes, source: str) -> Document:
    """Read ``data`` of format ``kind`` (from ``sniff``); InputError for a damaged file."""
    if kind == "pdf":
        from reader.core.formats.pdf import load_pdf

        return load_pdf(data, source)
    if kind == "epub":
        from reader.core.formats.epub import load_epub

        return load_epub(data, source)
    if kind == "html":
        from reader.core.formats.html import load_html

        return load_html(data, source)
    from reader.core.document import decode
    from reader.core.formats.subtitles import load_subtitles

    text, encoding = decode(data)
    return load_subtitles(text, source, encoding)
