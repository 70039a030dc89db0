"""Strange and hostile input: never a traceback, offsets always exact, JSON always valid."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.analyze import analyse
from reader.core.document import MAX_BYTES, load, load_text, split
from reader.core.serialize import article_dict
from reader.core.text import sanitize
from reader.errors import InputError

_settings = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(st.text(min_size=1, max_size=300))
def test_analysis_never_raises_and_offsets_slice_back(text):
    try:
        doc = split(sanitize(text))
    except InputError:
        return  # nothing readable: a clear error, not a crash
    article = analyse(doc)
    for p in article.paragraphs:
        assert doc.text[p.offset : p.offset + len(p.text)].replace("\n", " ") == p.text
        for t in p.tokens:
            assert p.text[t.start : t.end] == t.text
        for e in p.entities:
            assert p.text[e.start : e.end] == e.text
    json.loads(json.dumps(article_dict(article)))


@_settings
@given(st.binary(min_size=1, max_size=400))
def test_arbitrary_bytes_load_or_fail_cleanly(data):
    try:
        doc = load_text(data)
    except InputError as exc:
        assert str(exc)
        return
    for p in doc.paragraphs:
        assert p.text.strip()
        assert not any(ord(ch) < 32 for ch in p.text)


def test_sanitised_text_has_no_escape_or_control_characters():
    raw = "A\x1b[2J\x1b]0;title\x07B\x1b]8;;http://x\x1b\\C\x9b31mD\u202eE\x07F\r\nG"
    assert sanitize(raw) == "ABCDEF\nG"


def test_emoji_rtl_and_zero_width_survive():
    text = "Wir lachten 😀👍🏽 über das Schild: שלום und مرحبا, dazu ein Null\u200bbreit-Zeichen."
    article = analyse(split(text))
    para = article.paragraphs[0]
    assert "😀" in para.text and "שלום" in para.text and "\u200b" in para.text
    for t in para.tokens:
        assert para.text[t.start : t.end] == t.text


def test_a_two_megabyte_line_is_cut_into_readable_paragraphs():
    line = "Der Hund lief schnell über die Straße und bellte laut. " * 38_000
    doc = load_text(line.encode())
    assert len(line) > 2_000_000
    assert len(doc.paragraphs) > 100
    assert max(len(p.text) for p in doc.paragraphs) <= 4000
    for p in doc.paragraphs:
        assert doc.text[p.offset : p.offset + len(p.text)] == p.text


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: 20 MiB of nothing, costs no disk
    try:
        load(big)
    except InputError as exc:
        assert "too large" in str(exc)
    else:
        raise AssertionError("a file over the limit must be refused")


def test_non_german_text_is_shown_with_a_warning():
    doc = split("The committee met on Tuesday to discuss the budget for the coming year. " * 5)
    assert doc.warnings and "German" in doc.warnings[0]
    assert doc.paragraphs


def test_nul_bytes_inside_text_are_dropped():
    doc = load_text(b"Ein Satz\x00 mit NUL.")
    assert doc.paragraphs[0].text == "Ein Satz mit NUL."


def test_unreadable_file_gives_a_clear_error(tmp_path, monkeypatch):
    # Root (as in CI) can read a chmod-0 file, so the refusal is simulated at the OS edge.
    import os

    f = tmp_path / "secret.txt"
    f.write_text("Geheim.", encoding="utf-8")

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", refuse)  # the file is opened once, with os.open
    try:
        load(f)
    except InputError as exc:
        assert str(exc) == f"{f}: permission denied"
    else:
        raise AssertionError("unreadable file must raise InputError")
