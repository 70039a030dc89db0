"""EPUB, HTML, subtitles, PDF and standard input, each into the same Document.

Small files are built here with the builders of ``scripts/make_format_fixtures.py`` (no EPUB
or PDF library involved); the real-world files in ``tests/fixtures/formats/`` are made from
Kafka's *Die Verwandlung* (public domain) by the same script.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.document import load, load_text
from reader.core.formats import sniff
from reader.errors import InputError
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "formats"
_spec = importlib.util.spec_from_file_location(
    "make_fixtures", ROOT / "scripts" / "make_format_fixtures.py"
)
mk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mk)  # type: ignore[union-attr]

CHAPTERS = [
    (
        "Erstes Kapitel",
        [
            "Der Zug hielt in einem kleinen Dorf am Rande des Waldes. Anna stieg "
            "aus und sah sich um.",
            "Niemand wartete auf sie. Sie nahm ihren Koffer und ging langsam die "
            "Straße hinunter zum Gasthaus.",
            "Dort saßen drei alte Männer am Fenster und spielten Karten.",
        ],
    ),
    (
        "Zweites Kapitel",
        [
            "Am nächsten Morgen regnete es. Anna frühstückte allein in der "
            "Gaststube und las die Zeitung.",
            "Die Wirtin brachte ihr Kaffee und erzählte von dem alten Förster, der im Wald wohnte.",
        ],
    ),
]
TEXTS = [p for _, ps in CHAPTERS for p in ps]


def check_offsets(doc) -> None:
    for p in doc.paragraphs:
        assert doc.text[p.offset : p.offset + len(p.text)] == p.text
    for s in doc.sections:
        if s.heading is not None:
            assert doc.text[s.heading_offset : s.heading_offset + len(s.heading)] == s.heading


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -- EPUB ------------------------------------------------------------------------------------


def test_epub3_chapters_in_spine_order_without_front_matter_notes_or_images():
    notes = {(0, 1): "Gasthaus: ein Haus, in dem man essen und schlafen kann."}
    data = mk.epub_bytes(
        "Das Dorf", "Eva Muster", CHAPTERS, front=["DAS DORF", "Roman"], notes=notes
    )
    doc = load_text(data, "dorf.epub")
    assert doc.title == "Das Dorf"
    assert [s.heading for s in doc.sections] == ["Erstes Kapitel", "Zweites Kapitel"]
    assert [p.text for p in doc.paragraphs] == TEXTS  # no note mark "1" after "Gasthaus."
    for absent in (
        "Roman",
        "Inhalt",
        "Copyright",
        "gemeinfrei",
        "essen und schlafen",
        "Bild",
        "Umschlag",
    ):
        assert absent not in doc.text
    check_offsets(doc)


def test_epub2_headings_from_the_ncx_and_endnotes_left_out():
    notes = {(1, 0): "Gaststube: der Raum, in dem die Gäste sitzen."}
    data = mk.epub_bytes(
        "Das Dorf", "Eva Muster", CHAPTERS, version=2, notes=notes, headings_in_text=False
    )
    doc = load_text(data, "dorf.epub")
    assert [s.heading for s in doc.sections] == ["Erstes Kapitel", "Zweites Kapitel"]
    assert [p.text for p in doc.paragraphs] == TEXTS  # the called-from paragraph stays
    assert "Anmerkungen" not in doc.text and "die Gäste sitzen" not in doc.text
    check_offsets(doc)


def _rezip(data: bytes, extra: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        for name, text in extra.items():
            dst.writestr(name, text)
    return out.getvalue()


ENCRYPTION = """<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
 xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>
<enc:EncryptionMethod Algorithm="{}"/><enc:CipherData>
<enc:CipherReference URI="OEBPS/chap1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>"""


def test_epub_with_drm_is_refused_but_font_obfuscation_is_not():
    book = mk.epub_bytes("Das Dorf", "Eva Muster", CHAPTERS)
    aes = ENCRYPTION.format("http://www.w3.org/2001/04/xmlenc#aes128-cbc")
    for extra in ({"META-INF/encryption.xml": aes}, {"META-INF/rights.xml": "<rights/>"}):
        with pytest.raises(InputError, match="DRM"):
            load_text(_rezip(book, extra), "drm.epub")
    fonts = ENCRYPTION.format("http://www.idpf.org/2008/embedding")
    assert load_text(_rezip(book, {"META-INF/encryption.xml": fonts}), "f.epub").paragraphs


def test_damaged_epub_is_one_clear_error():
    book = mk.epub_bytes("Das Dorf", "Eva Muster", CHAPTERS)
    for data in (book[: len(book) // 2], book[:200], b"PK\x03\x04" + b"\0" * 100):
        with pytest.raises(InputError, match="damaged EPUB"):
            load_text(data, "kaputt.epub")


# -- HTML ------------------------------------------------------------------------------------


def test_saved_web_page_keeps_the_article_only_with_headings():
    doc = load_text(mk.html_page("Das Dorf", CHAPTERS), "seite.html")
    assert doc.title == "Das Dorf" and doc.encoding == "cp1252"
    assert [s.heading for s in doc.sections] == ["Erstes Kapitel", "Zweites Kapitel"]
    assert [p.text for p in doc.paragraphs] == TEXTS
    for absent in (
        "Cookies",
        "Startseite",
        "Kommentare",
        "großartiger Text",
        "Der Process",
        "Impressum",
        "dataLayer",
    ):
        assert absent not in doc.text
    check_offsets(doc)


@pytest.mark.parametrize("charset", ["iso-8859-1", "utf-8", "iso-8859-15", "utf-16"])
def test_web_page_is_decoded_by_its_declared_charset(charset):
    data = mk.html_page("Größe und Übermut", CHAPTERS, charset=charset)
    doc = load_text(data, "seite.htm")
    assert "Straße" in doc.text and "frühstückte" in doc.text and doc.title == "Größe und Übermut"


def test_web_page_extraction_fetches_nothing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert load(FIXTURES / "verwandlung.html").paragraphs


# -- subtitles -------------------------------------------------------------------------------

SRT = """\
1
00:00:01,000 --> 00:00:03,200
<i>Ich wollte dir noch</i>

2
00:00:03,300 --> 00:00:05,000
etwas sagen, bevor du gehst.

3
00:00:05,100 --> 00:00:07,000
- Was denn?
- {\\an8}Dass ich dich vermisse.

4
00:00:09,000 --> 00:00:11,000
[Musik]
ANNA: Komm, wir gehen nach Hause.
"""

VTT = """\
WEBVTT
Kind: captions

NOTE Diese Datei ist ein Test.

STYLE
::cue { color: yellow }

intro
00:01.000 --> 00:03.000 align:start
<v Anna>Hast du den Brief <00:02.000>gelesen?

00:03.100 --> 00:05.000
<v Ben>Noch nicht. Er liegt auf dem Tisch.

00:05.100 --> 00:06.500
<v.laut Ben>Ich lese ihn &amp; antworte morgen.
"""


def test_srt_cues_become_paragraphs_with_turns_kept():
    doc = load_text(SRT.encode(), "film.srt")
    assert [p.text for p in doc.paragraphs] == [
        "Ich wollte dir noch etwas sagen, bevor du gehst.",
        "– Was denn?",
        "– Dass ich dich vermisse.",
        "Anna: Komm, wir gehen nach Hause.",
    ]
    check_offsets(doc)


def test_webvtt_voices_are_speakers_and_settings_are_dropped():
    doc = load_text(VTT.encode(), "film.vtt")
    assert [p.text for p in doc.paragraphs] == [
        "Anna: Hast du den Brief gelesen?",
        "Ben: Noch nicht. Er liegt auf dem Tisch. Ich lese ihn & antworte morgen.",
    ]


def test_subtitles_found_by_content_and_a_cueless_file_refused():
    assert sniff(SRT.encode(), "film.txt") == "srt" and sniff(VTT.encode(), "x") == "vtt"
    with pytest.raises(InputError, match="no subtitle text"):
        load_text(b"WEBVTT\n\nNOTE nur eine Notiz\n", "leer.vtt")


# -- PDF -------------------------------------------------------------------------------------


def test_pdf_pages_joined_headers_and_page_numbers_dropped_hyphens_undone():
    times = ["Morgens", "Abends", "Nachts", "Mittags", "Sonntags", "Montags", "Freitags"]
    long = [
        (
            h,
            [p + " " + p for p in ps]
            + [
                f"{when} verlief die Grenze zwischen Ost-Berlin "
                "und West-Berlin mitten durch die Stadt."
            ],
        )
        for (h, ps), when in zip(CHAPTERS * 3, times, strict=False)
    ]
    data = mk.layout_pdf("Das Dorf", long, "Eva Muster · Das Dorf", width=40)
    doc = load_text(data, "dorf.pdf")
    assert doc.title == "Das Dorf"
    assert [s.heading for s in doc.sections] == [h for h, _ in long]
    assert [p.text for p in doc.paragraphs] == [p for _, ps in long for p in ps]
    assert "Eva Muster" not in doc.text  # the running header
    check_offsets(doc)


def test_pdf_hyphen_kept_before_und_and_capitals():
    from reader.core.formats.pdf import _join

    assert _join(["Die Verwand-", "lung begann."]) == "Die Verwandlung begann."
    assert _join(["Der Ein-", "und Ausgang"]) == "Der Ein- und Ausgang"
    assert _join(["nach Ost-", "Berlin"]) == "nach Ost-Berlin"


def test_scanned_pdf_without_text_is_refused_in_one_line():
    data = mk.pdf_bytes([[], []], image_only=True)
    with pytest.raises(InputError, match="no text layer"):
        load_text(data, "scan.pdf")


def test_encrypted_and_damaged_pdfs_are_refused():
    import pypdf

    plain = mk.layout_pdf("Das Dorf", CHAPTERS, "Kopf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(plain)))
    writer.encrypt("geheim", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(InputError, match="encrypted"):
        load_text(locked.getvalue(), "zu.pdf")
    for data in (plain[:300], b"%PDF-1.4\n" + os.urandom(2000)):
        with pytest.raises(InputError, match="damaged PDF|no text layer"):
            load_text(data, "kaputt.pdf")


# -- detection, sanitising, the real-world files ---------------------------------------------


def test_formats_are_found_by_content_not_by_suffix():
    assert sniff(mk.epub_bytes("T", "A", CHAPTERS), "buch.zip") == "epub"
    assert sniff(mk.pdf_bytes([[("Text", 10, 72, 700)]]), "datei") == "pdf"
    assert sniff(mk.html_page("T", CHAPTERS), "seite.txt") == "html"
    assert sniff("# Überschrift\n\nText.".encode(), "notiz.md") is None
    assert sniff("Nur ein Text über <html>.".encode(), "a.txt") is None


def test_terminal_escapes_in_any_format_are_removed():
    evil = [("Kapitel \x1b]0;pwned\x07eins", ["Der \x1b[31mrote\x1b[0m Hund lief \u202eweg."])]
    for data, name in (
        (mk.epub_bytes("T", "A", evil), "a.epub"),
        (mk.html_page("T", evil, charset="utf-8"), "a.html"),
        (mk.subtitles([(None, evil[0][1][0])]).encode(), "a.srt"),
    ):
        doc = load_text(data, name)
        assert "\x1b" not in doc.text and "\u202e" not in doc.text, name
        assert "Der rote Hund lief weg." in doc.text, name


@pytest.mark.parametrize("name", ["verwandlung.epub", "verwandlung.pdf"])
def test_real_books_give_the_same_text_as_the_plain_book(name):
    doc = load(FIXTURES / name)
    assert [s.heading for s in doc.sections] == ["I.", "II.", "III."]
    assert doc.paragraphs[0].text.startswith("Als Gregor Samsa eines Morgens")
    assert doc.title == "Die Verwandlung" and len(doc.paragraphs) == 101
    check_offsets(doc)


@pytest.mark.parametrize("name", ["verwandlung.html", "verwandlung.srt", "verwandlung.vtt"])
def test_real_page_and_subtitles_load(name):
    doc = load(FIXTURES / name)
    assert "Gregor Samsa" in doc.paragraphs[0].text and len(doc.paragraphs) > 20
    check_offsets(doc)


def test_fixtures_stay_small():
    for path in FIXTURES.iterdir():
        assert path.stat().st_size < 300_000, path


# -- the command line ------------------------------------------------------------------------


def run(args: list[str], tmp_path: Path, stdin: bytes | None = None, **kw):
    env = {**os.environ, "READER_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        **kw,
    )


def small_files(tmp_path: Path) -> list[Path]:
    chapters = CHAPTERS[:1]
    return [
        write(tmp_path, "a.epub", mk.epub_bytes("Das Dorf", "E", chapters)),
        write(tmp_path, "b.pdf", mk.layout_pdf("Das Dorf", chapters, "Kopf")),
        write(tmp_path, "c.html", mk.html_page("Das Dorf", chapters)),
        write(tmp_path, "d.srt", mk.subtitles([(None, t) for t in chapters[0][1]])),
        write(tmp_path, "e.vtt", mk.subtitles([("Anna", t) for t in chapters[0][1]], True)),
    ]


def test_cli_analyses_every_format_and_stdin(tmp_path):
    files = small_files(tmp_path)
    r = run(["analyze", *map(str, files), "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    articles = json.loads(r.stdout)
    assert len(articles) == 5
    for article in articles:
        texts = [p["text"] for s in article["sections"] for p in s["paragraphs"]]
        assert any("Gasthaus" in t for t in texts), article["source"]
        assert any(
            tok["lemma"] == "Koffer"
            for s in article["sections"]
            for p in s["paragraphs"]
            for tok in p["tokens"]
        )
    r = run(["analyze", "-", "--json"], tmp_path, stdin=TEXTS[0].encode())
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["sections"][0]["paragraphs"][0]["text"] == TEXTS[0]


def test_cli_exports_a_glossary_from_every_format(tmp_path):
    # One home for all five: the dictionaries are imported once, not five times.
    for path in small_files(tmp_path):
        out = tmp_path / f"{path.stem}.csv"
        r = run(["export", str(path), "--all", "--format", "csv", "-o", str(out)], tmp_path)
        assert r.returncode == 0, (path.name, r.stderr)
        assert "Koffer" in out.read_text(encoding="utf-8-sig"), path.name


def test_cli_bad_files_are_one_line_and_exit_2(tmp_path):
    book = mk.epub_bytes("Das Dorf", "E", CHAPTERS)
    bad = {
        "kaputt.epub": book[:300],
        "drm.epub": _rezip(book, {"META-INF/rights.xml": "<rights/>"}),
        "kaputt.pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog",
        "scan.pdf": mk.pdf_bytes([[]], image_only=True),
        "leer.srt": b"1\n00:00:01,000 --> 00:00:02,000\n\n",
        "leer.html": b"<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
    }
    for name, data in bad.items():
        r = run(["analyze", str(write(tmp_path, name, data))], tmp_path)
        err = r.stderr.decode()
        assert r.returncode == 2 and err.count("\n") == 1 and "Traceback" not in err, (name, err)
        assert err.startswith("reader: ") and name in err


def test_app_on_stdin_without_a_terminal_says_so(tmp_path):
    r = run(["-"], tmp_path, stdin=TEXTS[0].encode(), start_new_session=True)
    err = r.stderr.decode()
    assert r.returncode == 2 and err.count("\n") == 1 and "terminal" in err, err


# -- hostile input ---------------------------------------------------------------------------

_BOOK = mk.epub_bytes("Das Dorf", "E", CHAPTERS[:1])
_PDF = mk.layout_pdf("Das Dorf", CHAPTERS[:1], "Kopf")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(
        [
            b"%PDF-1.4\n",
            b"PK\x03\x04",
            b"WEBVTT\n\n",
            b"1\n00:00:01,000 --> ",
            b"<!DOCTYPE html><html><body><p>",
            b"",
        ]
    ),
    st.binary(max_size=3000),
)
def test_any_bytes_in_any_format_load_or_fail_cleanly(prefix, data):
    try:
        doc = load_text(prefix + data, "x")
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    check_offsets(doc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([("a.epub", _BOOK), ("a.pdf", _PDF)]), st.data())
def test_damaged_books_load_or_fail_cleanly(book, data):
    name, raw = book
    flips = data.draw(st.lists(st.integers(0, len(raw) - 1), min_size=1, max_size=20))
    cut = data.draw(st.integers(len(raw) // 2, len(raw)))
    damaged = bytearray(raw[:cut])
    for i in flips:
        if i < len(damaged):
            damaged[i] ^= 0x5A
    try:
        check_offsets(load_text(bytes(damaged), name))
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)


# -- the app ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_every_format_opens_in_the_app(name):
    import asyncio

    from reader.ui.app import ReaderApp
    from reader.ui.services import Services, Settings
    from tests.test_app import fake_analyse, header, plain, settle

    document = load(FIXTURES / name)
    services = Services(analyse=fake_analyse, store=None, document_key=lambda p, t: f"k:{p}")
    app = ReaderApp(document, services, Settings())

    async def scenario() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert document.paragraphs[0].text[:30] in plain(app, "#current")
            sections = len(document.sections)
            assert f"§1/{sections}" in header(app)
            await pilot.press("right_square_bracket", "j")
            assert f"§{min(2, sections)}/{sections}" in header(app)

    asyncio.run(scenario())


def test_pasted_text_opens_in_a_real_terminal(tmp_path):
    import shutil

    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (apt-get install tmux; .ci/run does)")
    from tests.test_tmux import READER, Tmux

    if not READER.exists():
        pytest.skip(f"the reader command is not installed next to {sys.executable}")
    pasted = write(tmp_path, "pasted.txt", "\n\n".join(TEXTS))
    tmux = Tmux(tmp_path / "home")
    try:  # the text arrives on a pipe; the keys must still come from the terminal
        tmux.start(["sh", "-c", f"cat {pasted} | PYTHONPATH={ROOT} {READER} -"])
        # A fresh home imports the Debian dictionary first: quit once that is done.
        tmux.wait_for(
            lambda s: "Der Zug hielt" in s and "¶1/5" in s and "analysing" not in s, timeout=120
        )
        tmux.keys("j")
        tmux.wait_for(lambda s: "¶2/5" in s)
        tmux.keys("q")
        assert tmux.wait_dead(), "reader did not quit on q"
        assert "Traceback" not in tmux.screen()
    finally:
        tmux.kill()
    typed = Tmux(tmp_path / "home")
    try:  # `reader -` in a terminal: paste (here: type) the text, Ctrl-D, then read it
        typed.start(["sh", "-c", f"PYTHONPATH={ROOT} {READER} -"])
        typed.wait_for(lambda s: "paste the text" in s)
        typed.run("send-keys", "-t", "t", "-l", TEXTS[2])
        typed.keys("Enter", "C-d")
        typed.wait_for(
            lambda s: "Karten" in s and "¶1/1" in s and "analysing" not in s, timeout=120
        )
        typed.keys("q")
        assert typed.wait_dead(), "reader did not quit on q"
    finally:
        typed.kill()


def test_pdf_line_break_pieces_do_not_make_body_lines_headings():
    """pypdf hands over a bare "\\n" with the *next* piece's type size at the last piece's
    place (as LaTeX-made PDFs show); it once turned a paragraph's last line into a heading."""
    from reader.core.formats.pdf import _lines

    identity = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    pieces = [
        ("Der Text endet hier.", 649.1, 10.0),
        ("\n", 649.1, 17.2),
        ("2. Ein Kapitel", 592.6, 17.2),
        ("\n", 592.6, 10.0),
        ("Und hier geht es weiter.", 559.7, 10.0),
    ]

    class Page:
        def extract_text(self, visitor_text):
            for text, y, size in pieces:
                visitor_text(text, identity, [1.0, 0.0, 0.0, 1.0, 72.0, y], None, size)

    lines = _lines(Page())
    assert [(ln.text, ln.size) for ln in lines] == [
        ("Der Text endet hier.", 10.0),
        ("2. Ein Kapitel", 17.2),
        ("Und hier geht es weiter.", 10.0),
    ]


def test_pdf_contents_lines_and_bullets():
    page = [
        ("Inhalt", 14, 72, 780),
        ("Erstes Kapitel . . . . . . . . . . 3", 10, 72, 760),
        ("Zweites Kapitel . . . . . . . . . 9", 10, 72, 747),
        ("Erstes Kapitel", 14, 72, 700),
        ("Im Koffer lagen drei Dinge, die Anna immer", 10, 72, 680),
        ("mitnahm:", 10, 72, 667),
        ("• ein altes Buch mit vielen Bildern,", 10, 72, 654),
        ("• ein Foto ihrer Mutter,", 10, 72, 641),
        ("• und ein kleiner Schlüssel.", 10, 72, 628),
    ]
    doc = load_text(mk.pdf_bytes([page]), "inhalt.pdf")
    assert "Zweites Kapitel" not in doc.text and ". . ." not in doc.text
    assert [p.text for p in doc.paragraphs] == [
        "Im Koffer lagen drei Dinge, die Anna immer mitnahm:",
        "• ein altes Buch mit vielen Bildern,",
        "• ein Foto ihrer Mutter,",
        "• und ein kleiner Schlüssel.",
    ]


def test_epub_chapter_title_as_a_styled_paragraph_is_the_heading_once():
    book = mk.epub_bytes(
        "Das Dorf", "E", [(h, [h, *ps]) for h, ps in CHAPTERS], headings_in_text=False
    )
    doc = load_text(book, "dorf.epub")
    assert [s.heading for s in doc.sections] == ["Erstes Kapitel", "Zweites Kapitel"]
    assert [p.text for p in doc.paragraphs] == TEXTS


def test_epub_gutenberg_licence_sections_are_left_out():
    book = mk.epub_bytes("Das Dorf", "E", CHAPTERS)
    licence = (
        '<section id="pg-header"><p>The Project Gutenberg eBook of Das Dorf. This ebook '
        "is for the use of anyone anywhere in the United States.</p></section>"
    )
    with zipfile.ZipFile(io.BytesIO(book)) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    chapter = members["OEBPS/chap1.xhtml"].decode().replace("<body>", "<body>" + licence)
    members["OEBPS/chap1.xhtml"] = chapter.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    doc = load_text(out.getvalue(), "dorf.epub")
    assert "Gutenberg" not in doc.text and [p.text for p in doc.paragraphs] == TEXTS


def test_a_library_error_quoting_the_file_is_one_safe_line():
    from reader.core.formats.assemble import reason

    shown = reason(KeyError("There is no item named '\x1b]0;pwned\x07a\nb' in the archive"))
    assert "\x1b" not in shown and "\x07" not in shown and "\n" not in shown


def test_pdf_with_a_typed_cover_and_scanned_pages_is_a_scan():
    import pypdf

    writer = pypdf.PdfWriter()
    cover = [
        ("Das Dorf", 20, 72, 700),
        (
            "Ein Roman von Eva Muster, erschienen im Verlag am Fluss, mit vielen Bildern.",
            10,
            72,
            600,
        ),
    ]
    for data in (mk.pdf_bytes([cover]), mk.pdf_bytes([[]] * 8, image_only=True)):
        writer.append(pypdf.PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(InputError, match="no text layer"):
        load_text(out.getvalue(), "scan.pdf")


def test_a_long_silence_starts_a_new_section_of_subtitles():
    lines, t = [], 0.0
    for scene in range(2):
        for n in range(15):
            t += 4.0 if n else 20.0  # 3 s between lines, 19 s before each scene
            lines += [
                str(len(lines) // 4 + 1),
                f"{mk._stamp(t, ',')} --> {mk._stamp(t + 1, ',')}",
                f"Szene {'AB'[scene]}, Satz {n + 1}: Wir gehen heute ins Kino.",
                "",
            ]
    doc = load_text("\n".join(lines).encode(), "film.srt")
    assert [len(s.paragraphs) for s in doc.sections] == [15, 15]
    assert [s.heading for s in doc.sections] == [None, None]
    check_offsets(doc)
