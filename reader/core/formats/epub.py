"""EPUB 2 and 3: the book's reading text in spine order, chapters as sections.

Only ``zipfile`` and ``lxml``: the usual EPUB library (ebooklib) is AGPL and this project is
MIT. What is left out, because a learner does not read it as the book: the cover, the table
of contents, copyright and title pages (found by the package's guide or landmarks, by
``epub:type`` and, for books that mark nothing, by what the page holds), pages marked
``linear="no"``, footnotes and endnotes with the marks that point to them, and images.
A chapter file without a heading of its own gets its title from the table of contents.
A file protected by DRM (Adobe ADEPT, Apple FairPlay, encrypted content) is refused.
"""

from __future__ import annotations

import codecs
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from urllib.parse import unquote, urldefrag

from lxml import etree

from reader.core.formats.assemble import Draft, build, clean, reason
from reader.core.formats.markup import HEADINGS, attr, body_of, local, parse_xhtml, text_of, walk
from reader.core.model import Document
from reader.core.text import sanitize
from reader.errors import InputError

_MAX_MEMBER = 32 * 1024 * 1024  # bytes of one unpacked file: more is a zip bomb, not a chapter
_MAX_TOTAL = 256 * 1024 * 1024
_FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
_SKIP_TYPES = {
    "cover",
    "toc",
    "copyright-page",
    "titlepage",
    "title-page",
    "landmarks",
    "loi",
    "lot",
    "index",
    "footnotes",
    "endnotes",
    "rearnotes",
    "page-list",
}
_NOTE_TYPES = {
    "footnote",
    "endnote",
    "rearnote",
    "note",
    "footnotes",
    "endnotes",
    "rearnotes",
    "doc-footnote",
    "doc-endnote",
    "doc-endnotes",
    "doc-footnotes",
}
_NOTEREF_TYPES = {"noteref", "doc-noteref"}
_NOTE_KINDS = _NOTE_TYPES | _NOTEREF_TYPES
_NOTE_BLOCKS = frozenset({"p", "div", "aside", "li", "dd", "dt"})
_NOTE_MARK = re.compile(r"^[\[(]?(\d{1,3}|[*†‡]{1,3}|[a-z])[\])]?$")
_COPYRIGHT = re.compile(r"©|\bISBN\b|copyright|alle rechte vorbehalten|all rights reserved", re.I)
_BOILERPLATE_IDS = {"pg-header", "pg-footer", "pg-machine-header"}  # Project Gutenberg's licence
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:+-]+)""")
_XML = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


@dataclass
class _Package:
    opf: str
    title: str | None = None
    manifest: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # id: href, type, props
    spine: list[tuple[str, bool]] = field(default_factory=list)  # path, linear
    skip: set[str] = field(default_factory=set)  # paths that are not reading text
    toc: dict[str, str] = field(default_factory=dict)  # path: first title in the TOC
    ncx: str | None = None


def is_epub(data: bytes) -> bool:
    """A ZIP whose first member is ``mimetype`` = EPUB, or that holds ``container.xml``."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    if b"mimetypeapplication/epub+zip" in data[:128]:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "META-INF/container.xml" in zf.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def load_epub(data: bytes, source: str) -> Document:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(f"{source}: damaged EPUB (not a readable ZIP archive)") from exc
    try:
        with zf:
            _refuse_drm(zf, source)
            package = _package(zf, source)
            return build(_read_spine(zf, package, source), source, "utf-8", "EPUB")
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        KeyError,
        ValueError,
        OSError,
        RuntimeError,
        NotImplementedError,
        etree.Error,
    ) as exc:
        if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
            raise InputError(f"{source}: this EPUB is encrypted; reader cannot open it") from exc
        raise InputError(f"{source}: damaged EPUB ({reason(exc)})") from exc


def _read(zf: zipfile.ZipFile, name: str, budget: list[int] | None = None) -> bytes:
    with zf.open(name) as fh:
        data = fh.read(_MAX_MEMBER + 1)
    if len(data) > _MAX_MEMBER:
        raise ValueError(f"{name} unpacks to more than {_MAX_MEMBER // 2**20} MiB")
    if budget is not None:
        budget[0] -= len(data)
        if budget[0] < 0:
            raise ValueError("the book unpacks to more than 256 MiB")
    return data


def _decode_xml(data: bytes) -> str:
    """An XHTML file as text: UTF-8 unless a BOM or the XML declaration says otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    declared = _XML_ENCODING.match(data[:200])
    encoding = "utf-8"
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            pass
    return data.decode(encoding, errors="replace")


def _xml(zf: zipfile.ZipFile, name: str) -> etree._Element:
    root = etree.fromstring(_read(zf, name), _XML)
    if root is None:
        raise ValueError(f"{name} is not XML")
    return root


def _refuse_drm(zf: zipfile.ZipFile, source: str) -> None:
    names = set(zf.namelist())
    drm = InputError(f"{source}: this EPUB is protected by DRM (encrypted); reader cannot open it")
    if {"META-INF/rights.xml", "META-INF/sinf.xml"} & names:
        raise drm
    if "META-INF/encryption.xml" not in names:
        return
    for el in _xml(zf, "META-INF/encryption.xml").iter():
        if local(el.tag) == "encryptionmethod" and el.get("Algorithm") not in _FONT_OBFUSCATION:
            raise drm


def _package(zf: zipfile.ZipFile, source: str) -> _Package:
    names = zf.namelist()
    opf = None
    if "META-INF/container.xml" in names:
        for el in _xml(zf, "META-INF/container.xml").iter():
            if local(el.tag) == "rootfile" and el.get("full-path"):
                opf = unquote(el.get("full-path", ""))
                break
    if opf is None or opf not in names:
        opf = next((n for n in names if n.lower().endswith(".opf")), None)
    if opf is None:
        raise InputError(f"{source}: damaged EPUB (no package document)")
    package = _Package(opf)
    root = _xml(zf, opf)
    base = posixpath.dirname(opf)
    nav = None
    for el in root.iter():
        tag = local(el.tag)
        if tag == "title" and package.title is None and el.text:
            package.title = el.text
        elif tag == "item" and el.get("id") and el.get("href"):
            href = _join(base, el.get("href", ""))
            props = el.get("properties", "")
            package.manifest[el.get("id", "")] = (href, el.get("media-type", ""), props)
            if "nav" in props.split():
                nav = href
        elif tag == "spine":
            package.ncx = el.get("toc")
        elif tag == "itemref" and el.get("idref") in package.manifest:
            href, media, _ = package.manifest[el.get("idref", "")]
            if "html" in media or href.lower().endswith((".html", ".htm", ".xhtml", ".xml")):
                package.spine.append((href, el.get("linear", "yes") != "no"))
        elif tag == "reference" and el.get("type", "").lower() in _SKIP_TYPES | {"title-page"}:
            package.skip.add(_join(base, el.get("href", "")))
    if nav is not None:
        package.skip.add(nav)
        if nav in names:
            _read_nav(zf, nav, package)
    if not package.toc and package.ncx in package.manifest:
        ncx = package.manifest[package.ncx][0]
        if ncx in names:
            _read_ncx(zf, ncx, package)
    if not package.spine:
        raise InputError(f"{source}: damaged EPUB (its spine lists no chapters)")
    return package


def _join(base: str, href: str) -> str:
    path = urldefrag(unquote(href))[0]
    return posixpath.normpath(posixpath.join(base, path)) if path else ""


def _read_nav(zf: zipfile.ZipFile, nav: str, package: _Package) -> None:
    """EPUB 3: titles from ``<nav epub:type="toc">``, pages to leave out from landmarks."""
    root = parse_xhtml(_decode_xml(_read(zf, nav)))
    base = posixpath.dirname(nav)
    for el in root.iter():
        if local(el.tag) != "nav":
            continue
        kind = attr(el, "type")
        for a in el.iter():
            if local(a.tag) != "a" or not a.get("href"):
                continue
            path = _join(base, a.get("href", ""))
            if kind == "toc":
                title = text_of(a)
                if title and path not in package.toc:
                    package.toc[path] = title
            elif kind == "landmarks" and attr(a, "type") in _SKIP_TYPES:
                package.skip.add(path)


def _read_ncx(zf: zipfile.ZipFile, ncx: str, package: _Package) -> None:
    """EPUB 2: titles from the NCX's navPoints (first navPoint of each file wins)."""
    base = posixpath.dirname(ncx)
    for point in _xml(zf, ncx).iter():
        if local(point.tag) != "navpoint":
            continue
        label = src = None
        for child in point:
            if local(child.tag) == "navlabel":
                label = " ".join("".join(child.itertext()).split())
            elif local(child.tag) == "content":
                src = child.get("src")
        if label and src:
            package.toc.setdefault(_join(base, src), label)


def _read_spine(zf: zipfile.ZipFile, package: _Package, source: str) -> Draft:
    names = set(zf.namelist())
    budget = [_MAX_TOTAL]
    trees: list[tuple[str, etree._Element]] = []
    for path, linear in package.spine:
        if not linear or path in package.skip or path not in names:
            continue
        text = sanitize(_decode_xml(_read(zf, path, budget)))  # before the parser hides ESC
        try:
            trees.append((path, parse_xhtml(text)))
        except (ValueError, etree.Error):
            continue  # an empty or unparseable page: the rest of the book is still readable
    notes = _note_targets(trees)
    draft = Draft(title=package.title)
    for path, root in trees:
        body = body_of(root)
        if _not_reading_text(body, package.title):
            continue
        page = Draft()
        first = _first_block(body)
        toc_title = package.toc.get(path)
        title_block = None
        if toc_title and (first is None or local(first.tag) not in HEADINGS):
            page.heading(toc_title)
            if first is not None and clean(text_of(first)) == clean(toc_title):
                title_block = first  # the title set as a styled paragraph: it is the heading
        walk(body, page, skip=lambda el, t=title_block: el is t or _is_note(el, notes))
        if page.paragraph_count:  # a notes page emptied of its notes leaves no heading behind
            draft.extend(page)
    if not draft.parts and trees:
        raise InputError(f"{source}: this EPUB holds no text (only images?)")
    return draft


def _not_reading_text(body: etree._Element, title: str | None) -> bool:
    """A cover, contents, copyright, title or notes page, by its marks or by its content."""
    for el in body.iter():
        if local(el.tag) in {"body", "section", "div", "nav"}:
            if set(attr(el, "type").split()) & _SKIP_TYPES:
                return True
            if attr(el, "role") in {"doc-toc", "doc-endnotes", "doc-cover"}:
                return True
        if local(el.tag) in {"p", "h1", "h2", "h3"}:  # marks sit on the outer elements
            break
    raw = "".join(body.itertext())
    anchors = list(body.iter("a"))
    if len(raw) > 6000 and len(anchors) < len(raw) / 200:
        return False  # a chapter: too long for a cover, title or copyright page, few links
    text = " ".join(raw.split())
    if len(text) < 40 and any(local(el.tag) in {"img", "svg", "image"} for el in body.iter()):
        return True  # a cover: an image and a caption at most
    name = " ".join((title or "").split()).casefold()
    if len(name) >= 3 and len(text) < 300 and name in text.casefold():
        return True  # a title page: the book's title, its author, a publisher
    links = sum(len("".join(a.itertext()).strip()) for a in anchors)
    if links > 0.6 * len(text) and len(anchors) >= 3:
        return True  # an unmarked table of contents
    return len(text) < 1500 and bool(_COPYRIGHT.search(text))


def _first_block(body: etree._Element) -> etree._Element | None:
    for el in body.iter():
        tag = local(el.tag)
        if tag in HEADINGS or (tag in {"p", "li", "blockquote", "pre"} and text_of(el)):
            return el
    return None


def _note_targets(trees: list[tuple[str, etree._Element]]) -> set[str]:
    """Ids that note marks point *forward* to (``epub:type="noteref"``, a bare number link).

    A note's back link looks like a note mark too, but points back to the text: a target
    that comes before the link is where the note was called from, and stays.
    """
    seen: dict[str, int] = {}
    links: list[tuple[int, str]] = []
    position = 0
    for path, root in trees:
        for el in root.iter():
            position += 1
            if el.get("id"):
                seen.setdefault(f"{path}#{el.get('id')}", position)
            if local(el.tag) == "a" and _is_noteref(el):
                href, fragment = urldefrag(unquote(el.get("href", "")))
                if fragment:
                    target = _join(posixpath.dirname(path), href) if href else path
                    links.append((position, f"{target}#{fragment}"))
    return {
        target.rsplit("#", 1)[1]
        for position, target in links
        if seen.get(target, position + 1) > position
    }


def _is_noteref(el: etree._Element) -> bool:
    if attr(el, "type") in _NOTEREF_TYPES or attr(el, "role") in _NOTEREF_TYPES:
        return True
    if local(el.tag) != "a" or "#" not in el.get("href", ""):
        return False
    mark = "".join(el.itertext()).strip()
    if not mark or not _NOTE_MARK.match(mark):
        return False
    return not mark.strip("[]()").isalpha() or _in_sup(el)


def _in_sup(el: etree._Element) -> bool:
    parent = el.getparent()
    return (
        local(el.tag) == "sup"
        or any(local(c.tag) == "sup" for c in el)
        or (parent is not None and local(parent.tag) == "sup")
    )


def _is_note(el: etree._Element, targets: set[str]) -> bool:
    """A footnote or endnote body, or the mark in the running text that points to one.

    Asked of every element of the book: the cheap questions come first.
    """
    tag = local(el.tag)
    if el.attrib:
        if el.get("id") in _BOILERPLATE_IDS:
            return True
        kinds = set(attr(el, "type").split())
        kinds.add(attr(el, "role"))
        if kinds & _NOTE_KINDS:
            return True
    if tag == "a":
        return _is_noteref(el)
    if tag == "sup":
        return len(el) == 1 and local(el[0].tag) == "a" and _is_noteref(el[0])
    if targets and tag in _NOTE_BLOCKS:
        ids = {c.get("id") for c in el.iter("a", "span", "sup")}
        ids.add(el.get("id"))
        return (
            bool(ids & targets)
            and len(text_of(el)) < 3000
            and next(el.iter(*HEADINGS), None) is None
        )
    return False
