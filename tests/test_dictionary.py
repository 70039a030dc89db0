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
        "auf abzielen", "abzielen"}


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
    path, stats = dic.import_dictionary(DEBIAN_DICT, name="debian", fmt="ding",
                                        target_dir=target_dir)
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
