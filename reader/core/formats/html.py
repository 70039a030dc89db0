"""A web page saved from a browser: the article's own text, its headings as sections.

Navigation, cookie banners, comments and "related" links are what a learner does not want
to study; telling them apart from the article is a job of its own, so it is left to
trafilatura (Apache-2.0), made and kept for exactly this. It works on the string it is given
and fetches nothing. Its XML output keeps headings (``<head>``), paragraphs, lists and
quotes, which are read into the same Document as every other format.

The page is decoded here, by the charset it declares (BOM, ``<meta charset>``, the
``http-equiv`` header or the XML declaration), because a page saved from a browser says how
it is encoded and guessing would get Latin-1 pages wrong.
"""

from __future__ import annotations

import codecs
import logging
import re

from lxml import etree

from reader.core.formats.assemble import Draft, build, reason
from reader.core.formats.markup import local
from reader.core.model import Document
from reader.core.text import sanitize
from reader.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:+-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Browsers read pages labelled Latin-1 or ASCII as windows-1252 (the WHATWG encoding rules).
_AS_CP1252 = {"latin_1", "ascii", "iso8859_1", "cp1252"}
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())  # no warnings on the terminal


def charset(data: bytes) -> str | None:
    """The encoding the page declares, as a Python codec name, or None."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:8192]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return "cp1252" if name.replace("-", "_") in _AS_CP1252 else name


def decode_page(data: bytes) -> tuple[str, str]:
    """The page as text and the encoding used: the declared one, else UTF-8, else cp1252."""
    declared = charset(data)
    if declared and not declared.startswith("utf-16"):
        return data.decode(declared, errors="replace"), declared
    if declared:
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def load_html(data: bytes, source: str) -> Document:
    text, encoding = decode_page(data)
    # Escape sequences go before parsing: an HTML parser drops the ESC and keeps the rest.
    # The XML declaration too: lxml refuses a str that names its encoding.
    text = sanitize(_XML_DECLARATION.sub("", text, count=1))
    import trafilatura  # 0.3 s: only when a web page is opened

    xml = None
    for recall in (False, True):  # precise first; a short page may need the lenient pass
        try:
            xml = trafilatura.extract(
                text,
                output_format="xml",
                include_comments=False,
                include_tables=False,
                include_images=False,
                include_links=False,
                include_formatting=False,
                # Metadata (the title) comes with the XML output; ``with_metadata`` would
                # drop every page without a date and a URL.
                favor_precision=not recall,
                favor_recall=recall,
            )
        except (ValueError, TypeError, etree.Error) as exc:
            raise InputError(f"{source}: damaged HTML page ({reason(exc)})") from exc
        if xml:
            break
    if not xml:
        raise InputError(f"{source}: no article text found in this web page")
    try:
        root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    except etree.Error as exc:
        raise InputError(f"{source}: damaged HTML page ({reason(exc)})") from exc
    draft = Draft(title=root.get("title"))
    for main in root.iter("main"):
        _walk(main, draft)
    return build(draft, source, encoding, "web page")


def _walk(el: etree._Element, draft: Draft) -> None:
    """trafilatura's elements: ``head`` is a heading; ``p``, ``item``, ``quote`` ... text."""
    for child in el:
        tag = local(child.tag)
        if tag == "head":
            draft.heading(_flat(child))
        elif tag in {"list", "quote", "div"} and any(local(c.tag) in _BLOCKS for c in child):
            _walk(child, draft)
        elif tag in _BLOCKS or tag in {"list", "quote"}:
            draft.paragraph(_flat(child))


_BLOCKS = {"p", "item", "quote", "list", "code", "head", "div"}


def _flat(el: etree._Element) -> str:
    """All text below ``el``; a line break (``<lb/>``) is a space."""
    parts: list[str] = []
    for node in el.iter():
        if node.text and local(node.tag) != "lb":
            parts.append(node.text)
        if local(node.tag) == "lb":
            parts.append(" ")
        if node is not el and node.tail:
            parts.append(node.tail)
    return "".join(parts)
