"""The splitter: sections, paragraphs, offsets, encodings, Gutenberg boilerplate."""

from __future__ import annotations

import codecs

import pytest

from reader.core.document import language_warnings, load, load_text, split
from reader.errors import InputError
from tests.conftest import EVAL, SEED, requires_eval


def test_seed_has_four_sections_and_fourteen_paragraphs():
    doc = load(SEED)
    assert [s.heading for s in doc.sections] == [
        None,
        "Eine vereinte Front gegen den Terrorismus",
        "Kontroverse und Verurteilung",
        "Dialog trotz Divergenzen",
    ]
    assert len(doc.paragraphs) == 14
    assert [len(s.paragraphs) for s in doc.sections] == [3, 3, 5, 3]


def test_offsets_slice_back_to_the_paragraph_text():
    doc = load(SEED)
    for p in doc.paragraphs:
        assert doc.text[p.offset : p.offset + len(p.text)].replace("\n", " ") == p.text
    for s in doc.sections[1:]:
        assert doc.text[s.heading_offset : s.heading_offset + len(s.heading)] == s.heading


def test_blank_line_paragraphs_with_wrapped_lines_are_joined():
    text = (
        "Der Hund lief über die\nStraße und bellte laut.\n\nDann kam die Katze\nund sah ihn an.\n"
    )
    doc = split(text)
    assert [p.text for p in doc.paragraphs] == [
        "Der Hund lief über die Straße und bellte laut.",
        "Dann kam die Katze und sah ihn an.",
    ]
    assert doc.paragraphs[1].offset == text.index("Dann")


def test_markdown_headings_open_sections_and_give_the_title():
    text = "# Die Reise\n\nWir fuhren früh los.\n\n## Ankunft\n\nDer Zug war pünktlich.\n"
    doc = split(text)
    assert doc.title == "Die Reise"
    assert [s.heading for s in doc.sections] == ["Die Reise", "Ankunft"]
    assert [p.text for p in doc.paragraphs] == ["Wir fuhren früh los.", "Der Zug war pünktlich."]


def test_short_line_without_punctuation_before_body_is_a_heading_but_not_at_the_end():
    text = (
        "Ein langer Satz über das Wetter, der mit einem Punkt endet.\nDas Wetter\n"
        "Es regnete den ganzen Tag, und niemand ging hinaus.\nEnde ohne Punkt"
    )
    doc = split(text)
    assert [s.heading for s in doc.sections] == [None, "Das Wetter"]
    assert doc.paragraphs[-1].text == "Ende ohne Punkt"


@pytest.mark.parametrize(
    "data,encoding",
    [
        ("Grüße aus Köln.".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "Grüße aus Köln.".encode(), "utf-8-sig"),
        ("Grüße aus Köln.".encode("utf-16"), "utf-16"),
        ("Grüße aus Köln – „schön“.".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_keep_umlauts(data, encoding):
    doc = load_text(data)
    assert doc.paragraphs[0].text.startswith("Grüße aus Köln")
    assert doc.encoding == encoding


def test_crlf_and_lone_cr_line_ends():
    doc = load_text(b"Erster Absatz hier.\r\nZweiter Absatz hier.\rDritter Absatz hier.")
    assert [p.text for p in doc.paragraphs] == [
        "Erster Absatz hier.",
        "Zweiter Absatz hier.",
        "Dritter Absatz hier.",
    ]


def test_escape_sequences_and_controls_are_removed():
    doc = load_text(b"Hallo \x1b]0;owned\x07Welt \x1b[31mrot\x1b[0m [bold]x[/bold]\x00.")
    assert doc.paragraphs[0].text == "Hallo Welt rot [bold]x[/bold]."


def test_gutenberg_header_and_licence_are_not_text_to_study():
    text = (
        "The Project Gutenberg EBook of Something\nThis eBook is for the use of anyone.\n\n"
        "*** START OF THIS PROJECT GUTENBERG EBOOK SOMETHING ***\n\n"
        "Es war einmal ein König.\n\n"
        "*** END OF THIS PROJECT GUTENBERG EBOOK SOMETHING ***\n\nEnd of the Project Gutenberg"
        " EBook. Updated editions will replace the previous one.\n"
    )
    doc = load_text(text.encode())
    assert [p.text for p in doc.paragraphs] == ["Es war einmal ein König."]


@requires_eval
def test_kafka_gutenberg_file_starts_with_the_story_chapters():
    doc = load(EVAL / "books" / "kafka_die_verwandlung.txt")
    assert "Gutenberg" not in doc.text
    assert "Als Gregor Samsa eines Morgens" in doc.paragraphs[3].text or any(
        s.heading == "I." for s in doc.sections
    )
    assert [s.heading for s in doc.sections if s.heading in {"I.", "II.", "III."}] == [
        "I.",
        "II.",
        "III.",
    ]


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "empty"),
        (b"   \n\t \n", "only whitespace"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 50, "binary"),
        (bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 40, "neither UTF-8"),
    ],
)
def test_bad_input_is_an_input_error(data, message):
    with pytest.raises(InputError, match=message):
        load_text(data)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        load(tmp_path)


# -- title pages (issue 14 item 14) -------------------------------------------------------

_START = "*** START OF THE PROJECT GUTENBERG EBOOK {} ***\n\n\n"
_END = "\n\n*** END OF THE PROJECT GUTENBERG EBOOK {} ***\n\nLicence text.\n"
_PROSE = (
    "Es war ein kalter Morgen, als der Wagen vor dem alten Haus am Markt hielt und\n"
    "die Reisenden ausstiegen, müde von der langen Fahrt über die Berge.\n\n"
    "Niemand erwartete sie; nur der Hund des Nachbarn bellte zweimal und schwieg dann.\n"
)


def _gutenberg(front: str, name: str = "BUCH") -> bytes:
    return (_START.format(name) + front + _PROSE + _END.format(name)).encode()


@pytest.mark.parametrize(
    "front,first_heading",
    [
        # centred capitals, "von", letter-spaced publisher and place, copyright, chapter number
        (
            "                 DER WEG\n\n                   VON\n\n             ANNA MUSTERFRAU\n\n"
            "        S . F I S C H E R  V E R L A G\n\n              B E R L I N\n\n"
            "   COPYRIGHT 1912 BY S. FISCHER · BERLIN\n\n\n\nI.\n\n\n",
            "I.",
        ),
        # title, genre, author, then a chapter label and the chapter's own title
        (
            "Die Heimkehr\n\nRoman\n\nvon\n\nKarl Beispiel\n\nZweite Auflage\n\nLeipzig 1899\n\n"
            "Erstes Kapitel\n\nDer Wagen\n\n",
            "Der Wagen",
        ),
        # a table of contents after the title
        (
            "Die Heimkehr\n\nInhalt\n\nErstes Kapitel. Der Wagen       5\n"
            "Zweites Kapitel. Das Haus      21\nDrittes Kapitel. Der Hund     40\n"
            "Nachwort                     77\n\nErstes Kapitel\n\n",
            "Erstes Kapitel",
        ),
        # the title page runs straight into the text: no section at all
        ("Die Heimkehr\n\nErzählung\n\nvon Karl Beispiel\n\n", None),
    ],
    ids=["kafka-like", "roman-with-chapter-title", "contents", "no-chapter"],
)
def test_gutenberg_title_page_is_not_sections(front, first_heading):
    doc = load_text(_gutenberg(front))
    assert [s.heading for s in doc.sections] == [first_heading]
    assert doc.paragraphs[0].text.startswith("Es war ein kalter Morgen")
    assert len(doc.paragraphs) == 2
    assert doc.title is None  # a chapter label is no title


def test_gutenberg_body_without_title_page_is_kept():
    doc = load_text(_gutenberg("Es war einmal ein König.\n\n"))
    assert doc.paragraphs[0].text == "Es war einmal ein König."
    motto = (
        "Die Heimkehr\n\nvon Karl Beispiel\n\n"
        "Der Wind weht kalt\nund still die Nacht,\ndas Feuer glimmt\nund keiner wacht.\n\n"
    )
    assert load_text(_gutenberg(motto)).paragraphs[0].text.startswith("Der Wind weht kalt")
    doc = load_text(_gutenberg("Der Wagen\n\n"))
    assert [s.heading for s in doc.sections] == ["Der Wagen"]


def test_a_stack_of_headings_is_not_one_line_paragraphs():
    text = (
        "Erster Band\n\nErstes Kapitel\n\nLob des Herkommens\n\n"
        + _PROSE
        + "\nZweites Kapitel\n\nVater und Mutter\n\n"
        + _PROSE
    )
    doc = split(text)
    assert [s.heading for s in doc.sections] == ["Lob des Herkommens", "Vater und Mutter"]
    assert all(len(p.text) > 40 for p in doc.paragraphs)
    assert doc.title is None


def _kafka():
    """Die Verwandlung from ../shared/eval, or from the shared folder beside the worktrees."""
    for root in (EVAL, EVAL.parent.parent.parent / "shared" / "eval"):
        path = root / "books" / "kafka_die_verwandlung.txt"
        if path.is_file():
            return path
    pytest.skip("kafka_die_verwandlung.txt is not present (evaluation data beside the project)")


def test_kafka_title_page_is_not_sections():
    doc = load(_kafka())
    assert [s.heading for s in doc.sections] == ["I.", "II.", "III."]
    assert doc.paragraphs[0].text.startswith("Als Gregor Samsa eines Morgens")
    assert "L E I P Z I G" not in doc.text and doc.title is None


# -- language check (issue 14 item 16) ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The cat is on the mat.",
        "This is a short text. The weather is fine today.",
        "Le chat est sur la table et il dort.",
    ],
)
def test_short_foreign_texts_get_the_warning(text):
    assert language_warnings(text)
    assert "does not look like German" in language_warnings(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Bundestag beschließt Haushalt",
        "Die Sonne ist rot.",
        "Made in Germany: Die Geschichte einer Marke, die die Welt eroberte.",
        "Hello",
    ],
)
def test_short_german_texts_and_single_words_get_none(text):
    assert language_warnings(text) == ()


def test_the_seed_and_each_of_its_paragraphs_look_german():
    doc = load(SEED)
    assert doc.warnings == ()
    assert [p.text for p in doc.paragraphs if language_warnings(p.text)] == []
