"""Dictionary parsers, the SQLite index, the registry and ``reader dict``."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core import dictionary as dic
from reader.core.dictionary import ding, kaikki, registry, tabfile
from reader.core.dictionary.records import Malformed, Record
from reader.errors import DictionaryError
from tests.conftest import DEBIAN_DICT, requires_debian_dict

FIXTURES = Path(__file__).parent / "fixtures" / "dict"

DING_SAMPLE = """\
# Version :: test
# a comment line
Aal {m} (auf der Speisekarte) [cook.] | Aale {pl} :: eel (on a menu) | eels
Kollege {m}; Kollegin {f} | Kollegen {pl}; Kolleginnen {pl} :: colleague; co-worker | colleagues
aufnehmen {vt} | aufnehmend | aufgenommen :: to absorb; to take up | absorbing | absorbed
auf etw. abzielen {vi} :: to aim at sth.
jdm. gefallen {vi} :: to please sb.
Gefallen {m} :: favour [Br.]; favor [Am.]
this line has no separator
Haus {n} | Häuser {pl} :: house | houses
kaputt {adj} | extra :: broken
Klammer {f :: clip
"""


@pytest.fixture(autouse=True)
def _no_auto_sources(monkeypatch):
    """Tests here never import the real Debian file or the packaged glosses by accident."""
    monkeypatch.setattr(registry, "DEBIAN_DING", Path("/nonexistent/de-en"))
    monkeypatch.setattr(registry, "_wiktionary_file", lambda: None)
    dic.reset_default()
    yield
    dic.reset_default()


def test_ding_parse_records_and_malformed_lines():
    items = list(ding.parse(DING_SAMPLE.splitlines()))
    bad = [i for i in items if isinstance(i, Malformed)]
    good = [i for i in items if isinstance(i, Record)]
    # no separator, mismatched ' | ' alternatives, unbalanced brace
    assert [b.line for b in bad] == [9, 11, 12]
    aal = next(r for r in good if r.headword == "Aal")
    assert aal.glosses == ("eel (on a menu)",) and aal.gender == "m" and aal.rank == 0
    assert next(r for r in good if r.headword == "Aale").pos == "NOUN"
    kollegin = next(r for r in good if r.headword == "Kollegin")
    assert kollegin.gender == "f" and kollegin.glosses == ("colleague", "co-worker")
    verb = next(r for r in good if r.headword == "aufnehmen")
    assert verb.pos == "VERB" and verb.glosses == ("to absorb", "to take up")
    # placeholders leave the key: *jdm. gefallen* is found under *gefallen*
    assert next(r for r in good if r.headword == "jdm. gefallen").lookup_key() == "gefallen"
    # a verb with a preposition is found under the verb alone too
    assert {r.lookup_key() for r in good if r.headword == "auf etw. abzielen"} == {
        "auf abzielen",
        "abzielen",
    }


def test_ding_clean_and_normalise():
    assert ding.clean_german("Aal {m} (auf der Speisekarte) [cook.] <Ahl>") == "Aal"
    assert dic.normalise("  Straße ") == "strasse"
    assert dic.normalise("ÄRGER") == dic.normalise("Ärger")


def test_import_and_lookup(tmp_path):
    source = tmp_path / "mini.ding"
    source.write_text(DING_SAMPLE, encoding="utf-8")
    calls = []
    path, stats = dic.import_dictionary(source, progress=lambda d, t: calls.append((d, t)))
    assert path.is_file() and path.parent == registry.user_dir()
    assert stats.malformed == 3 and stats.entries >= 10
    assert calls and calls[-1][0] == calls[-1][1] == source.stat().st_size
    index = dic.Index(path)
    assert index.lookup("AAL")[0].glosses == ("eel (on a menu)",)
    assert index.lookup("kollegen")[0].rank > 0  # a plural alternative
    hits = index.lookup("gefallen")
    assert {h.headword for h in hits} == {"jdm. gefallen", "Gefallen"}
    assert index.lookup("nothing-here") == []
    metas = dic.registered()
    assert metas[0]["format"] == "ding" and metas[0]["malformed"] == "3"


def test_import_of_an_empty_file_fails_and_leaves_nothing(tmp_path):
    source = tmp_path / "empty.ding"
    source.write_text("# only a comment :: here\nno separator\n", encoding="utf-8")
    with pytest.raises(DictionaryError):
        dic.import_dictionary(source, fmt="ding")
    assert not list(registry.user_dir().glob("*"))


def test_kaikki_jsonl():
    path = FIXTURES / "de-en.jsonl"
    items = list(kaikki.parse(path.read_text(encoding="utf-8").splitlines()))
    bad = [i for i in items if isinstance(i, Malformed)]
    good = {i.headword: i for i in items if isinstance(i, Record)}
    assert len(bad) == 2
    assert "house" not in good  # English entries of a mixed dump are skipped
    assert good["Haus"].gender == "n" and good["Haus"].glosses == ("house", "home")
    assert good["Zeitung"].gender == "f"
    assert good["Häuser"].rank == 1  # form-of entries rank after main entries
    assert good["aufnehmen"].pos == "VERB"
    assert dic.detect_format(path) == "kaikki"
    _, stats = dic.import_dictionary(path, name="kaikki-test")
    assert (stats.entries, stats.malformed) == (4, 2)


def test_tab_glosses():
    path = FIXTURES / "glosses.tab"
    items = list(tabfile.parse(path.read_text(encoding="utf-8").splitlines()))
    assert sum(isinstance(i, Malformed) for i in items) == 1
    haus = next(i for i in items if isinstance(i, Record) and i.headword == "Haus")
    assert len(haus.glosses) == 2
    target, stats = dic.import_dictionary(path, fmt="tab", lang="de", name="defs")
    dicts = dic.open_indexes([target])
    assert dicts.monolingual and not dicts.bilingual
    assert dicts.definitions("Kollege")[0].glosses[0].startswith("Person")


def test_gzip_source(tmp_path):
    import gzip

    source = tmp_path / "mini.ding.gz"
    with gzip.open(source, "wt", encoding="utf-8") as fh:
        fh.write(DING_SAMPLE)
    _, stats = dic.import_dictionary(source, fmt="ding")
    assert stats.entries >= 10


def test_unknown_format(tmp_path):
    source = tmp_path / "x.bin"
    source.write_text("just some words\nwithout structure\n", encoding="utf-8")
    with pytest.raises(DictionaryError):
        dic.import_dictionary(source)


def test_cli_add_list_lookup(tmp_path, capsys):
    from reader.cli import main

    source = tmp_path / "mini.ding"
    source.write_text(DING_SAMPLE, encoding="utf-8")
    assert main(["dict", "add", str(source), "--name", "Mini"]) == 0
    out = capsys.readouterr().out
    assert "3 malformed" in out
    assert main(["dict", "list"]) == 0
    assert "Mini\tding" in capsys.readouterr().out
    assert main(["dict", "lookup", "Aal"]) == 0
    assert "eel" in capsys.readouterr().out
    assert main(["dict", "add", str(tmp_path / "missing.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.fixture(scope="module")
def debian_index(tmp_path_factory):
    target_dir = tmp_path_factory.mktemp("debian-dict")
    path, stats = dic.import_dictionary(
        DEBIAN_DICT, name="debian", fmt="ding", target_dir=target_dir
    )
    return dic.Index(path), stats


@requires_debian_dict
def test_real_debian_file(debian_index):
    index, stats = debian_index
    assert stats.entries > 400_000
    assert stats.malformed < 1000  # a few odd lines, skipped and counted
    assert "counterpart" in index.lookup("Amtskollege")[0].glosses
    glosses = {g for h in index.lookup("aufnehmen") for g in h.glosses}
    assert "to take up" in glosses
    assert any(h.gender == "f" for h in index.lookup("Zeitung"))
    assert index.lookup("gefallen")


# -- readable glosses from Ding markup (issue 12) ----------------------------------------


def _records(line: str) -> dict[str, Record]:
    return {r.headword: r for r in ding.parse_line(line)}


def test_ding_irregular_forms_in_braces_do_not_split_a_gloss():
    r = _records(
        "sich ausbreiten {vr} | sich ausbreitend :: to spread {spread; spread} (out) | spreading"
    )
    assert r["sich ausbreiten"].glosses == ("to spread (out)",)
    assert ding.clean_english("to set out; to spread {spread; spread}; spread}") == (
        "to set out",
        "to spread",
        "spread",
    )


def test_ding_spelling_variants_are_kept_once_and_usage_labels_stay():
    r = _records("Herr {m} /Hr./ | Herren {pl} :: Mister; Mr [Br.]; Mr. [Am.]; MR. | Messrs")
    assert r["Herr"].glosses == ("Mister", "Mr")
    assert ding.clean_english("favour [Br.]; favor [Am.]") == ("favour [Br.]", "favor [Am.]")
    assert ding.clean_english("titfer [Br.] [coll.]") == ("titfer [Br.] [coll.]",)
    # a semicolon inside an explanation does not split it
    assert ding.clean_english("ground (land; soil)") == ("ground (land; soil)",)


def test_ding_abbreviations_and_variants_leave_the_english():
    assert _records("Zimmer {n} /Zi./ :: room /rm/")["Zimmer"].glosses == ("room",)
    assert ding.clean_english("ice cream <ice-cream> <icecream>") == ("ice cream",)
    assert ding.clean_english("to dive dive (for sth.)") == ("to dive (for sth.)",)


def test_ding_place_names_are_not_their_own_translation():
    assert (
        ding.parse_line(
            "Wolfsburg {n} (Stadt in Deutschland) [geogr.] :: Wolfsburg (city in germany)"
        )
        == []
    )
    munich = _records("München {n} [geogr.] :: Munich (city in germany)")["München"]
    assert munich.glosses == ("Munich",)
    # a cognate is a translation: *Muff* is *muff*
    assert _records("Muff {m} | Muffe {pl} :: muff | muffs")["Muff"].glosses == ("muff",)


def test_ding_combining_forms_are_no_entries_and_no_errors():
    assert ding.parse_line("Abfall… :: waste") == []
    assert ding.parse_line("Antikriegs… [pol.] :: anti-war …") == []
    assert ding.clean_english("fellow …; colleague") == ("colleague",)


def test_ding_keeps_the_german_labels_and_note():
    r = _records(
        "Kontaktstift {m}; Beinchen {n} [ugs.] (eines Mikrochips) [electr.] :: "
        "contact pin; pin (of a chip)"
    )
    assert (r["Beinchen"].labels, r["Beinchen"].note) == ("ugs. electr.", "eines Mikrochips")
    assert r["Beinchen"].rank & 1  # a later synonym of the line
    assert ding.is_field_label("electr.") and not ding.is_field_label("ugs.")
    assert not ding.is_field_label("Ös.")


def test_the_fixture_file_imports_cleanly(tmp_path):
    path, stats = dic.import_dictionary(FIXTURES / "glosses.ding", fmt="ding", target_dir=tmp_path)
    assert stats.malformed == 0
    hit = next(h for h in dic.Index(path).lookup("Beinchen") if h.labels)
    assert hit.note == "eines Mikrochips"


@pytest.fixture
def lookup_dicts(tmp_path):
    """The Ding fixture and a German definitions file that knows the name *Nahmen*."""
    from reader.cli import main

    defs = tmp_path / "defs.tab"
    defs.write_text("Nahmen\tmännlicher Vorname\nHaus\tGebäude zum Wohnen\n", encoding="utf-8")
    assert main(["dict", "add", str(FIXTURES / "glosses.ding"), "--name", "fixture"]) == 0
    assert main(["dict", "add", str(defs), "--name", "defs", "--lang", "de"]) == 0
    return main


@pytest.mark.parametrize(
    ("word", "expected", "absent"),
    [
        ("nahmen", ["nahmen → nehmen (VERB)", "to take"], ["Vorname"]),
        ("Häuser", ["houses", "Häuser → Haus (NOUN)", "\thouse"], []),
        ("haus", ["house"], []),
        ("Nahmen", ["männlicher Vorname"], []),  # asked for the name itself
        ("Beinchen", ["Beinchen [ugs.] [electr.] (eines Mikrochips)", "little leg"], []),
    ],
)
def test_cli_lookup_finds_the_base_form(lookup_dicts, capsys, word, expected, absent):
    capsys.readouterr()
    assert lookup_dicts(["dict", "lookup", word]) == 0
    out = capsys.readouterr().out
    for text in expected:
        assert text in out
    for text in absent:
        assert text not in out


def test_cli_lookup_of_nothing_is_one_line_and_exit_1(lookup_dicts, capsys):
    capsys.readouterr()
    assert lookup_dicts(["dict", "lookup", "xyzzy"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "xyzzy" in captured.err


def test_an_outdated_user_dictionary_is_reimported_from_its_file(tmp_path):
    """An upgrade that changes the index does not silently drop the learner's dictionary."""
    import sqlite3

    source = tmp_path / "mini.ding"
    source.write_text(DING_SAMPLE, encoding="utf-8")
    path, _ = dic.import_dictionary(source, name="Mini")
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    con.commit()
    con.close()
    assert registry.read_meta(path) is None
    dicts = dic.default_dictionaries(auto=False)
    assert [d.name for d in dicts.bilingual] == ["Mini"]
    assert dicts.translations("Aal")[0].glosses == ("eel (on a menu)",)


def test_cli_lookup_keeps_phrases_of_the_word(tmp_path, capsys):
    from reader.cli import main

    source = tmp_path / "mini.ding"
    source.write_text(DING_SAMPLE, encoding="utf-8")
    assert main(["dict", "add", str(source), "--name", "Mini"]) == 0
    capsys.readouterr()
    assert main(["dict", "lookup", "gefallen"]) == 0
    out = capsys.readouterr().out
    assert "jdm. gefallen" in out and "to please sb." in out
