"""The frequency table answers exactly as wordfreq does, without holding its list in memory."""

from __future__ import annotations

import itertools

import pytest
from wordfreq import iter_wordlist, word_frequency
from wordfreq.tokens import lossy_tokenize

from reader.core import vocabulary

TRICKY = [
    "",
    "Haus",
    "haus",
    "HAUS",
    "Straße",
    "STRASSE",
    "Fußballfans",
    "Anti-Terror-Einsatz",
    "Nord-Süd-Konflikt",
    "E-Mail",
    "3D-Drucker",
    "G7-Gipfel",
    "1990er",
    "x-mal",
    "Öl",
    "ÄRGER",
    "Müßiggang",
    "divergierenden",
    "divergierend",
    "Amtskollegen",
    "Lecornus",
    "Qwxzvbn",
    "geht's",
    "Rock'n'Roll",
    "naïve",
    "Ångström",
    "São",
    "…",
    "„Zitat“",
    "Terrorismusbekämpfung",
    "Konzertstätte",
    "ander",
    "anderen",
    "Eiszeit",
    "a",
    "ä",
]


def test_latin_words_need_no_tokenizer():
    """The shortcut for words of Latin letters gives wordfreq's own tokens."""
    sample = itertools.islice(iter_wordlist("de", "large"), 0, 300_000, 97)
    for word in sample:
        for form in (
            word,
            word.capitalize(),
            word.upper(),
            f"{word}-{word.capitalize()}",
            f"Anti-{word}",
            f"{word}-",
        ):
            assert vocabulary._tokens(form, "de") == lossy_tokenize(form, "de"), form


@pytest.mark.parametrize("word", TRICKY)
def test_frequency_matches_wordfreq(word):
    assert vocabulary._freq(word) == word_frequency(word, "de")


def test_frequency_matches_wordfreq_across_the_list():
    sample = list(itertools.islice(iter_wordlist("de", "large"), 0, 634_000, 211))
    assert len(sample) > 2500
    for word in sample:
        for form in (word, word.capitalize(), word + "en", word + "-" + word):
            assert vocabulary._freq(form) == word_frequency(form, "de"), form


def test_table_is_rebuilt_when_damaged(tmp_path, monkeypatch):
    from reader.core import lexdb

    monkeypatch.setenv("READER_TABLES", str(tmp_path))
    table = lexdb.Table("t.sqlite", lambda: [("a", "1"), ("b", "2")])
    assert table.get("b") == "2"
    table.close()
    table.path.write_bytes(b"not a database at all" * 100)
    assert table.get("a") == "1" and table.get("c") is None
    table.close()
    table.path.write_bytes(table.path.read_bytes()[:200])  # cut short
    assert table.get("b") == "2"
    assert sorted(table.items()) == [("a", "1"), ("b", "2")]


def test_table_in_memory_when_cache_is_unwritable(tmp_path, monkeypatch):
    from reader.core import lexdb

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("READER_TABLES", str(blocker / "sub"))  # a path under a file
    table = lexdb.Table("t.sqlite", lambda: [("k", "v")])
    assert table.get("k") == "v"
    assert not table.path.exists()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_zipf_matches_wordfreq(lang):
    from wordfreq import zipf_frequency

    sample = list(itertools.islice(iter_wordlist(lang, "large"), 0, 600_000, 997))
    for word in [*TRICKY, *sample, "run-in", "to hold sth. back", "the United Nations"]:
        assert vocabulary.zipf(word, lang) == zipf_frequency(word, lang), word


def test_plain_words_are_judged_without_importing_wordfreq(shared_tables):
    """Importing wordfreq costs half a second of the first paint; plain words skip it."""
    import subprocess
    import sys

    vocabulary.lexeme_zipf("Haus", "Häuser", "NOUN")  # the table exists (built in-process)
    code = (
        "import sys; from reader.core import vocabulary as v; "
        "z = v.lexeme_zipf('Terrorismusbekämpfung', 'Anti-Terror-Einsatz', 'NOUN'); "
        "print(z > 0, 'wordfreq' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["True", "False"]


# --- issue 12: a name is never a rare word, and its headword is the name ---------------


def _analysed(text: str):
    from reader.core.analyze import analyse
    from reader.core.document import split

    article = analyse(split(text))
    return [t for s in article.sections for p in s.paragraphs for t in p.tokens]


def test_unknown_nouns_keep_their_written_form_as_headword():
    from reader.core.nlp.tagger import tag_words

    words = "Die Bedienerin stellte das Kanapee neben die Häuser der Kinder .".split()
    lemmas = dict(zip(words, (lemma for lemma, _, _ in tag_words(words)), strict=True))
    assert lemmas["Bedienerin"] == "Bedienerin"
    assert lemmas["Kanapee"] == "Kanapee"
    assert lemmas["Häuser"] == "Haus" and lemmas["Kinder"] == "Kind"


def test_names_are_their_own_headword_and_never_rare():
    text = (
        "Der alte Dubslav von Stechlin saß am Fenster. »Engelke«, rief er, »bring Tee.«\n\n"
        "»Gleich, gnädiger Herr«, sagte Engelke. Melusine lachte, und Stechlin lachte mit.\n\n"
        "»Nun gut«, sagte Stechlin. Dann gingen sie hinunter an den Stechlin.\n\n"
        "Annalena Baerbock reiste gestern nach Paris. Annalena wollte dort bleiben."
    )
    for tok in _analysed(text):
        if tok.text in {"Stechlin", "Engelke", "Melusine", "Annalena"}:
            assert tok.lemma == tok.text, tok
            assert not tok.rare, tok
