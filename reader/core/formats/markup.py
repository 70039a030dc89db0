"""Walk an (X)HTML tree into headings and paragraphs, for the EPUB reader.

A paragraph is the text of a block element (``p``, ``li``, ``blockquote``, ...) with its
inline markup flattened; a heading is an ``h1``-``h6``. Images, scripts and styles are never
text; the caller decides what else is not (footnotes, note references) with ``skip``.
Trees come from ``lxml.html`` (tags without namespace; ``epub:type`` is a plain attribute)
or from ``lxml.etree`` (namespaced tags): both are handled by looking at local names.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree, html

from reader.core.formats.assemble import Draft

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCKS = HEADINGS | frozenset(
    "p div section article main header footer aside nav blockquote ul ol li dl dt dd pre "
    "table thead tbody tfoot tr td th caption address center hr body figcaption details "
    "summary hgroup".split()
)
# Never text: media, scripts, the document head, and images with their captions.
NOT_TEXT = frozenset(
    "script style head title img svg image picture figure video audio object embed iframe "
    "noscript template math map canvas button input select textarea form".split()
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*(\[[^\]]*\])?\s*>", re.I)


_LOCAL: dict[str, str] = {}  # a book has a few dozen distinct tags and a million elements


def local(tag: object) -> str:
    """The element's tag without namespace, lower case ('' for comments and PIs)."""
    if not isinstance(tag, str):
        return ""
    name = _LOCAL.get(tag)
    if name is None:
        name = _LOCAL[tag] = tag.rsplit("}", 1)[-1].lower()
    return name


def attr(el: etree._Element, name: str) -> str:
    """An attribute whatever namespace prefix it came with (``epub:type``, ``type``)."""
    for key, value in el.attrib.items():
        if key == name or key.endswith(("}" + name, ":" + name)):
            return value
    return ""


def parse_xhtml(text: str) -> etree._Element:
    """Parse an XHTML/HTML document leniently (an EPUB chapter is often not valid XML).

    The XML declaration and DOCTYPE are removed first: the text is already decoded, and a
    DOCTYPE's internal subset could declare entities.
    """
    text = _DOCTYPE.sub("", _XML_DECLARATION.sub("", text, count=1), count=1)
    if not text.strip():
        raise ValueError("an empty document")
    return html.document_fromstring(text)


def body_of(root: etree._Element) -> etree._Element:
    for el in root.iter():
        if local(el.tag) == "body":
            return el
    return root


def walk(
    root: etree._Element,
    draft: Draft,
    skip: Callable[[etree._Element], bool] = lambda el: False,
) -> int:
    """Add the headings and paragraphs under ``root`` to ``draft``; returns blocks added."""
    buffer: list[str] = []
    added = 0

    def flush(kind: str = "p") -> None:
        nonlocal added
        text = "".join(buffer)
        buffer.clear()
        if text.strip():
            (draft.heading if kind == "h" else draft.paragraph)(text)
            added += 1

    def visit(el: etree._Element) -> None:
        tag = local(el.tag)
        if not tag or tag in NOT_TEXT or skip(el):
            if el.tail:
                buffer.append(el.tail)
            return
        if tag == "br":
            buffer.append(" ")
        elif tag in HEADINGS:
            flush()
            inline(el)
            flush("h")
        elif tag in BLOCKS:
            flush()
            if el.text:
                buffer.append(el.text)
            for child in el:
                visit(child)
            flush()
        else:
            if el.text:
                buffer.append(el.text)
            for child in el:
                visit(child)
        if el.tail:
            buffer.append(el.tail)

    def inline(el: etree._Element) -> None:
        """A heading's text: every descendant flattened, notes and images left out."""
        if el.text:
            buffer.append(el.text)
        for child in el:
            tag = local(child.tag)
            if tag and tag not in NOT_TEXT and not skip(child):
                if tag == "br":
                    buffer.append(" ")
                inline(child)
            if child.tail:
                buffer.append(child.tail)

    visit(root)
    flush()
    return added


def text_of(el: etree._Element) -> str:
    """All text below ``el`` except scripts, styles and images, whitespace collapsed."""
    parts: list[str] = []

    def rec(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if local(child.tag) and local(child.tag) not in NOT_TEXT:
                rec(child)
            if child.tail:
                parts.append(child.tail)

    rec(el)
    return " ".join("".join(parts).split())
