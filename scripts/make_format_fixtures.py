"""Build the format fixtures (EPUB, PDF, HTML, SRT, WebVTT) from a public-domain text.

    python scripts/make_format_fixtures.py [--book PATH] [--out tests/fixtures/formats]

The files in ``tests/fixtures/formats/`` are made from Kafka's *Die Verwandlung* (1915,
public domain), with the Project Gutenberg header and licence removed, so the project may
redistribute them. The same builders make the small files the tests build and the 1 MB
EPUB of the benchmark (``benchmarks/bench_formats.py``): no EPUB or PDF library is needed
(the EPUB is zipfile and XHTML; the PDF is written here, Helvetica in WinAnsiEncoding).
"""

from __future__ import annotations

import argparse
import html
import io
import re
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the clone (a worktree sits one level deeper: look further up too).
_EVAL = [p / "shared" / "eval" / "books" for p in ROOT.parents]
BOOKS = next((p for p in _EVAL if p.is_dir()), _EVAL[0])
BOOK = BOOKS / "kafka_die_verwandlung.txt"
OUT = ROOT / "tests" / "fixtures" / "formats"

Chapter = tuple[str, list[str]]  # heading, paragraphs


def chapters_of(path: Path) -> tuple[list[str], list[Chapter]]:
    """Front matter lines and chapters of a Gutenberg text, with the reader's own splitter."""
    sys.path.insert(0, str(ROOT))
    from reader.core.document import load

    doc = load(path)
    front: list[str] = []
    chapters: list[Chapter] = []
    for section in doc.sections:
        texts = [p.text for p in section.paragraphs]
        if section.heading and re.fullmatch(r"[IVXLC]+\.|\d+\.|[A-ZÄÖÜ].{0,40}", section.heading):
            if len(texts) > 3:
                chapters.append((section.heading, texts))
                continue
        if not chapters:
            front += ([section.heading] if section.heading else []) + texts
    return front, chapters


# -- EPUB ------------------------------------------------------------------------------------

_XHTML = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="de">
<head><title>{title}</title></head>
<body{body_type}>
{body}
</body>
</html>
"""
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e5270de40000000049454e44ae426082"
)


def epub_bytes(
    title: str,
    author: str,
    chapters: list[Chapter],
    *,
    version: int = 3,
    front: list[str] | None = None,
    notes: dict[tuple[int, int], str] | None = None,
    headings_in_text: bool = True,
) -> bytes:
    """An EPUB with a cover, a title page (``front``), a contents page and the chapters.

    ``notes`` maps (chapter, paragraph) to a footnote's text: the paragraph gets a note mark
    and the note sits at the end of the chapter (EPUB 3: an ``aside``) or on a notes page at
    the end of the book (EPUB 2, with back links, as converters write them).
    """
    esc = html.escape
    notes = notes or {}
    files: list[tuple[str, str, str]] = []  # id, name, body type
    pages: dict[str, str] = {}
    pages["cover.xhtml"] = _XHTML.format(
        title="Cover",
        body_type=' epub:type="cover"' if version == 3 else "",
        body='<div><img src="cover.png" alt="Umschlag"/></div>',
    )
    files.append(("cover", "cover.xhtml", "cover"))
    if front:
        body = "\n".join(f"<p>{esc(line)}</p>" for line in front)
        pages["title.xhtml"] = _XHTML.format(title="Titel", body_type="", body=body)
        files.append(("titlepage", "title.xhtml", "titlepage"))
    toc_links = "\n".join(
        f'<li><a href="chap{n}.xhtml">{esc(h)}</a></li>' for n, (h, _) in enumerate(chapters, 1)
    )
    pages["toc.xhtml"] = _XHTML.format(
        title="Inhalt",
        body_type="",
        body=f'<nav epub:type="toc" id="toc"><h1>Inhalt</h1><ol>{toc_links}</ol></nav>'
        if version == 3
        else f"<h1>Inhalt</h1><ul>{toc_links}</ul>",
    )
    files.append(("toc", "toc.xhtml", "toc"))
    back_notes: list[str] = []
    for n, (heading, paragraphs) in enumerate(chapters, 1):
        parts = [f"<h1>{esc(heading)}</h1>"] if headings_in_text else []
        asides = []
        for i, text in enumerate(paragraphs):
            mark = ""
            if (n - 1, i) in notes:
                k = len(back_notes) + len(asides) + 1
                note = esc(notes[(n - 1, i)])
                if version == 3:
                    mark = f'<a epub:type="noteref" href="#fn{k}" id="ref{k}">{k}</a>'
                    asides.append(f'<aside epub:type="footnote" id="fn{k}"><p>{note}</p></aside>')
                else:
                    mark = f'<a href="notes.xhtml#fn{k}" id="ref{k}"><sup>{k}</sup></a>'
                    back_notes.append(
                        f'<p id="fn{k}"><a href="chap{n}.xhtml#ref{k}">{k}</a> {note}</p>'
                    )
            parts.append(f"<p>{esc(text)}{mark}</p>")
            if i == 1:
                parts.append('<div class="figure"><img src="cover.png" alt="Bild"/></div>')
        pages[f"chap{n}.xhtml"] = _XHTML.format(
            title=esc(heading), body_type="", body="\n".join(parts + asides)
        )
        files.append((f"chap{n}", f"chap{n}.xhtml", "chapter"))
    if back_notes:
        pages["notes.xhtml"] = _XHTML.format(
            title="Anmerkungen", body_type="", body="<h2>Anmerkungen</h2>\n" + "\n".join(back_notes)
        )
        files.append(("notes", "notes.xhtml", "notes"))
    pages["copyright.xhtml"] = _XHTML.format(
        title="Impressum",
        body_type="",
        body=f"<p>{esc(title)}. Copyright © gemeinfrei. Alle Rechte vorbehalten.</p>",
    )
    files.append(("copyright", "copyright.xhtml", "copyright"))

    nav = ' properties="nav"'
    manifest = [
        f'<item id="{i}" href="{name}" media-type="application/xhtml+xml"'
        f"{nav if version == 3 and i == 'toc' else ''}/>"
        for i, name, _ in files
    ]
    manifest += [
        '<item id="img" href="cover.png" media-type="image/png"/>',
        '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>',
    ]
    spine = "".join(f'<itemref idref="{i}"/>' for i, _, _ in files)
    guide = (
        '<guide><reference type="cover" href="cover.xhtml" title="Cover"/>'
        '<reference type="toc" href="toc.xhtml" title="Inhalt"/></guide>'
    )
    opf = f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="{version}.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="id">urn:uuid:00000000-0000-0000-0000-00000000000{version}</dc:identifier>
<dc:title>{esc(title)}</dc:title><dc:creator>{esc(author)}</dc:creator><dc:language>de</dc:language>
</metadata>
<manifest>{"".join(manifest)}</manifest>
<spine toc="ncx">{spine}</spine>
{guide if version == 2 else ""}
</package>"""
    points = "".join(
        f'<navPoint id="p{n}" playOrder="{n}"><navLabel><text>{esc(h)}</text></navLabel>'
        f'<content src="chap{n}.xhtml"/></navPoint>'
        for n, (h, _) in enumerate(chapters, 1)
    )
    ncx = (
        '<?xml version="1.0" encoding="utf-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"'
        f' version="2005-1"><head/><docTitle><text>{esc(title)}</text></docTitle>'
        f"<navMap>{points}</navMap></ncx>"
    )
    container = (
        '<?xml version="1.0"?><container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        '<rootfile full-path="OEBPS/content.opf" '
        'media-type="application/oebps-package+xml"/></rootfiles></container>'
    )
    members = {
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": container,
        "OEBPS/content.opf": opf,
        "OEBPS/toc.ncx": ncx,
        "OEBPS/cover.png": _PNG,
    }
    members.update({f"OEBPS/{name}": page for name, page in pages.items()})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():  # a fixed date: the same book gives the same bytes
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


# -- PDF -------------------------------------------------------------------------------------

Line = tuple[str, float, float, float]  # text, type size, x, y (points from the bottom left)


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_bytes(pages: list[list[Line]], title: str | None = None, image_only: bool = False) -> bytes:
    """A PDF of A4 pages with the given lines (or, ``image_only``, a 'scan': one image each)."""
    objects: list[bytes] = []
    page_ids: list[int] = []
    n_pages = len(pages)
    first_page = 4  # 1 catalog, 2 pages, 3 font; then per page: page, content (, image)
    per_page = 3 if image_only else 2
    for i, lines in enumerate(pages):
        if image_only:
            stream = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
        else:
            stream = b"".join(
                b"BT /F1 %.1f Tf %.1f %.1f Td %s Tj ET\n" % (size, x, y, _pdf_string(t))
                for t, size, x, y in lines
            )
        data = zlib.compress(stream)
        pid = first_page + i * per_page
        page_ids.append(pid)
        resources = (
            b"<< /XObject << /Im1 %d 0 R >> >>" % (pid + 2)
            if image_only
            else b"<< /Font << /F1 3 0 R >> >>"
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s "
            b"/Contents %d 0 R >>" % (resources, pid + 1)
        )
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
        )
        if image_only:
            pixels = zlib.compress(bytes([200]) * 64 * 64)
            objects.append(
                b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace "
                b"/DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>"
                b"\nstream\n%s\nendstream" % (len(pixels), pixels)
            )
    kids = b" ".join(b"%d 0 R" % pid for pid in page_ids)
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n_pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    everything = head + objects
    info_id = None
    if title:
        everything.append(b"<< /Title %s >>" % _pdf_string(title))
        info_id = len(everything)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(everything, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (n, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(everything) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    info = b" /Info %d 0 R" % info_id if info_id else b""
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(everything) + 1, info, xref)
    )
    return out.getvalue()


def _hyphenate(words: list[str], width: int) -> list[str]:
    """Wrap words into lines of ``width`` characters, splitting long words with a hyphen."""
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= width:
            line = candidate
            continue
        room = width - len(line) - 2  # a space and the hyphen
        split = _split_point(word, room)
        if line and split:
            lines.append(f"{line} {word[:split]}-")
            line = word[split:]
        else:
            lines.append(line) if line else None
            line = word
    if line:
        lines.append(line)
    return lines


def _split_point(word: str, room: int) -> int | None:
    """Where a word may be split: letters on both sides, lower case after the split."""
    for cut in range(min(room, len(word) - 3), 2, -1):
        if word[cut - 1].isalpha() and word[cut].isalpha() and word[cut].islower():
            return cut
    return None


def layout_pdf(title: str, chapters: list[Chapter], header: str, width: int = 78) -> bytes:
    """A printed book: running header, page numbers, chapter headings, hyphenated lines."""
    pages: list[list[Line]] = []
    page: list[Line] = []
    y = 0.0

    def new_page() -> None:
        nonlocal page, y
        if page:
            pages.append(page)
        number = len(pages) + 1
        page = [(header, 9, 72, 800), (str(number), 9, 290, 40)] if number > 1 else []
        y = 770.0

    new_page()
    page.append((title, 20, 72, y))
    y -= 40
    for heading, paragraphs in chapters:
        if y < 200:
            new_page()
        y -= 12
        page.append((heading, 14, 72, y))
        y -= 24
        for text in paragraphs:
            for n, line in enumerate(_hyphenate(text.split(), width)):
                if y < 70:
                    new_page()
                page.append((line, 10, 86 if n == 0 else 72, y))
                y -= 12.5
    pages.append(page)
    # Page numbers sit at the bottom: move them last in each page's reading order.
    pages = [sorted(p, key=lambda line: -line[3]) for p in pages]
    return pdf_bytes(pages, title=title)


# -- HTML and subtitles ----------------------------------------------------------------------


def html_page(title: str, chapters: list[Chapter], charset: str = "windows-1252") -> bytes:
    """A news-site-like saved page: navigation, cookie banner, the article, comments, links."""
    esc = html.escape
    body = "".join(
        f"<h2>{esc(h)}</h2>" + "".join(f"<p>{esc(p)}</p>" for p in ps) for h, ps in chapters
    )
    page = f"""<!DOCTYPE html>
<!-- saved from url=(0040)https://literatur.example.org/verwandlung -->
<html lang="de"><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{esc(title)} – Klassiker lesen</title><style>body{{font-family:serif}}</style>
<script>window.dataLayer=[];</script></head><body>
<header><nav class="main-nav"><ul><li><a href="/">Startseite</a></li>
<li><a href="/romane">Romane</a></li><li><a href="/autoren">Autoren</a></li>
<li><a href="/suche">Suche</a></li></ul></nav></header>
<div id="cookie-consent" class="cookie-banner"><p>Wir verwenden Cookies, um unsere Website
für Sie optimal zu gestalten. Mit der Nutzung stimmen Sie der Verwendung zu.</p>
<button>Alle akzeptieren</button></div>
<main><article class="post"><h1>{esc(title)}</h1><p class="byline">Von Franz Kafka</p>{body}
</article>
<section id="comments" class="comments"><h3>3 Kommentare</h3>
<div class="comment"><p class="comment-author">leser42</p><p>Ein großartiger Text, ich habe
ihn in der Schule gelesen und nie vergessen.</p></div></section>
<aside class="related"><h3>Das könnte Sie auch interessieren</h3><ul>
<li><a href="/prozess">Der Process</a></li><li><a href="/schloss">Das Schloss</a></li></ul></aside>
</main><footer><p>© Klassiker lesen · <a href="/impressum">Impressum</a> ·
<a href="/datenschutz">Datenschutz</a></p></footer></body></html>
"""
    return page.encode(charset, errors="xmlcharrefreplace")


def _stamp(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def subtitles(turns: list[tuple[str | None, str]], vtt: bool = False) -> str:
    """Cues of at most 42 characters per line, two lines per cue, for (speaker, text) turns."""
    out = ["WEBVTT", ""] if vtt else []
    t, n = 1.0, 1
    for speaker, text in turns:
        lines = textwrap.wrap(text, 42)
        for k in range(0, len(lines), 2):
            cue = lines[k : k + 2]
            if k == 0 and speaker and vtt:
                cue[0] = f"<v {speaker}>{cue[0]}"
            elif k == 0 and speaker:
                cue[0] = f"{speaker.upper()}: {cue[0]}"
            if k == 0 and n % 5 == 0:
                cue[0] = f"<i>{cue[0]}</i>"
            end = t + 1.0 + len(" ".join(cue)) / 15
            out += ([] if vtt else [str(n)]) + [
                f"{_stamp(t, '.' if vtt else ',')} --> {_stamp(end, '.' if vtt else ',')}",
                *cue,
                "",
            ]
            t, n = end + 0.2, n + 1
        t += 1.5
    return "\n".join(out)


def dialogue(chapters: list[Chapter], limit: int = 40) -> list[tuple[str | None, str]]:
    """Paragraphs as turns of a reading: narrator and the speakers taking turns."""
    voices = ["Gregor", "Grete", "Anna"]
    paragraphs = [p for _, ps in chapters for p in ps][:limit]
    return [(voices[i % 3], p[:400]) for i, p in enumerate(paragraphs)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--book", type=Path, default=BOOK)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    front, chapters = chapters_of(args.book)
    title, author = "Die Verwandlung", "Franz Kafka"
    args.out.mkdir(parents=True, exist_ok=True)
    notes = {(0, 0): "Ungeziefer: ursprünglich ein unreines Tier, das nicht geopfert werden kann."}
    files = {
        "verwandlung.epub": epub_bytes(title, author, chapters, front=front, notes=notes),
        "verwandlung.pdf": layout_pdf(title, chapters, f"{author} · {title}"),
        "verwandlung.html": html_page(title, chapters[:1]),
        "verwandlung.srt": subtitles(dialogue(chapters)).encode("utf-8"),
        "verwandlung.vtt": subtitles(dialogue(chapters), vtt=True).encode("utf-8"),
    }
    for name, data in files.items():
        (args.out / name).write_bytes(data)
        print(f"{args.out / name}: {len(data) / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
