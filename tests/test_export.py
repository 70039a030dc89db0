"""Exports: every format parsed back, Anki's .apkg opened, no overwrite, atomic writes, CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import types
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from reader.cli import main
from reader.core import export as export_mod
from reader.core.entry import CompoundPart, GlossaryEntry, Reading
from reader.core.export import (
    ANKI_FIELDS,
    MODEL_NAME,
    export_entries,
    md_escape,
    stable_id,
)
from reader.core.store import Store, entry_from_dict, entry_to_dict, source_id
from reader.errors import ExportError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000.txt"

HOSTILE = 'a\tb\nc "q" <script>x</script> *bold* [l](u) # \x1b]0;title\x07'


def entries() -> list[GlossaryEntry]:
    return [
        GlossaryEntry(
            word="Terrorismusbekämpfung",
            lemma="Terrorismusbekämpfung",
            pos="NOUN",
            article="die",
            genitive="der Terrorismusbekämpfung",
            plural="die Terrorismusbekämpfungen",
            compound=(
                CompoundPart("Terrorismus", "terrorism", "s"),
                CompoundPart("Bekämpfung", "fight"),
            ),
            translations=("counter-terrorism", "fight against terrorism"),
            definition="Kampf gegen den Terrorismus",
            band="C2",
            zipf=1.94,
            example="Die Terrorismusbekämpfung hat Vorrang.",
            example_start=4,
            example_end=25,
            count=2,
            source="000.txt",
            extra={"section": "Politik"},
        ),
        GlossaryEntry(
            word="nahmen",
            lemma="aufnehmen",
            pos="VERB",
            participle="aufgenommen",
            separable_prefix="auf",
            translations=("to take up",),
            band="B2",
            zipf=3.8,
            example="Sie nahmen wieder Kontakt auf.",
            example_start=4,
            example_end=10,
            source="000.txt",
        ),
        GlossaryEntry(
            word="Ärger",
            lemma="Ärger",
            pos="NOUN",
            article="der",
            plural="-",
            definition="Unmut",
            band="C1",
            example="Es gab Ärger.",
            example_start=7,
            example_end=12,
            readings=(Reading("ärgern", "VERB", "to annoy"),),
        ),
        GlossaryEntry(
            word="gefallen",
            lemma="gefallen",
            pos="VERB",
            definition=HOSTILE,
            translations=(HOSTILE,),
            example=HOSTILE + " gefallen",
            example_start=len(HOSTILE) + 1,
            example_end=len(HOSTILE) + 9,
        ),
    ]


# -- formats -----------------------------------------------------------------------------


def test_csv_parses_back(tmp_path):
    path = export_entries(entries(), "csv", tmp_path / "g.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    assert [r["word"] for r in rows] == [
        "die Terrorismusbekämpfung",
        "aufnehmen",
        "der Ärger",
        "gefallen",
    ]
    assert rows[0]["compound"] == "Terrorismus + Bekämpfung"
    assert rows[0]["plural"] == "die Terrorismusbekämpfungen"
    assert rows[0]["zipf"] == "1.94"
    assert rows[1]["participle"] == "aufgenommen"
    # CSV keeps text exactly, quoting it, except for control characters (ESC, BEL).
    assert rows[3]["definition"] == HOSTILE.replace("\x1b", "").replace("\x07", "")


def test_tsv_is_what_anki_imports(tmp_path):
    path = export_entries(entries(), "tsv", tmp_path / "g.txt")
    text = path.read_text("utf-8")
    lines = text.splitlines()
    assert lines[0] == "#separator:tab"
    assert lines[1] == "#html:true"
    assert all(ln.startswith("#") for ln in lines[:4])
    body = [ln for ln in lines if not ln.startswith("#")]
    assert len(body) == 4  # one line per note: no raw newline or tab leaks from a field
    rows = list(csv.reader(io.StringIO("\n".join(body)), delimiter="\t"))
    assert all(len(r) == 2 for r in rows)
    front, back = rows[0]
    assert front == '<span class="article fem">die</span> Terrorismusbekämpfung'
    assert "counter-terrorism; fight against terrorism" in back
    assert "Die <b>Terrorismusbekämpfung</b> hat Vorrang." in back
    assert "Kompositum: Terrorismus (terrorism) + -s- + Bekämpfung (fight)" in back
    assert "C2 · Zipf 1.9 · 000.txt" in back
    assert rows[1][0] == "aufnehmen"
    assert "Sie <b>nahmen</b> wieder Kontakt auf." in rows[1][1]
    assert "trennbar: auf-; Partizip II: aufgenommen" in rows[1][1]
    hostile = rows[3][1]
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile
    assert "\t" not in hostile and "\n" not in hostile and "\x1b" not in hostile
    assert "<b>gefallen</b>" in hostile


def test_json_round_trips(tmp_path):
    path = export_entries(
        entries(),
        "json",
        tmp_path / "g.json",
        title="Artikel",
        summaries=[("Politik", "Es geht um Politik.")],
    )
    data = json.loads(path.read_text("utf-8"))
    assert data["title"] == "Artikel" and data["count"] == 4
    assert data["summaries"] == [{"section": "Politik", "summary": "Es geht um Politik."}]
    # the JSON keeps every character (controls as \u escapes); reading an entry back
    # passes the one sanitiser, exactly as reading it from the store does
    assert data["entries"][3]["definition"] == HOSTILE
    assert [entry_from_dict(d) for d in data["entries"]] == [
        entry_from_dict(entry_to_dict(e)) for e in entries()
    ]


def test_markdown_alphabetical(tmp_path):
    es = [e for e in entries() if "section" not in e.extra]
    path = export_entries(
        es,
        "md",
        tmp_path / "g.md",
        title="Mein *Artikel*",
        summaries=[(None, "Kurz gesagt: alles.")],
    )
    md = path.read_text("utf-8")
    assert md.startswith("# Mein \\*Artikel\\*\n")
    assert "## Zusammenfassung" in md and "Kurz gesagt: alles." in md
    # Umlauts sort with their base letter: Ärger under A, before aufnehmen.
    assert md.index("### A") < md.index("**der Ärger**") < md.index("**aufnehmen**")
    assert md.index("**aufnehmen**") < md.index("### G")
    assert "> Sie **nahmen** wieder Kontakt auf." in md
    # Hostile text is literal: no live HTML, links, emphasis or escape sequences.
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\[l\\](u)" in md and "\\*bold\\*" in md
    assert "\t" not in md and "\x1b" not in md and "\x07" not in md


def test_markdown_by_section_with_summaries(tmp_path):
    path = export_entries(
        entries(),
        "md",
        tmp_path / "g.md",
        title="Artikel",
        summaries=[(None, "Vorspann."), ("Politik", "Die Regierung handelt.")],
        section_of={"aufnehmen": None, "Ärger": "Politik"},
    )
    md = path.read_text("utf-8")
    assert "## Abschnitt 1" in md and "*Zusammenfassung:* Vorspann." in md
    assert md.index("## Abschnitt 1") < md.index("**aufnehmen**") < md.index("## Politik")
    politik = md[md.index("## Politik") :]
    assert "*Zusammenfassung:* Die Regierung handelt." in politik
    assert "**der Ärger**" in politik and "**die Terrorismusbekämpfung**" in politik


def test_md_escape_line_starts():
    assert md_escape("- kein Punkt") == "\\- kein Punkt"
    assert md_escape("1. kein Punkt") == "1\\. kein Punkt"
    assert md_escape("# keine Überschrift") == "\\# keine Überschrift"
    assert md_escape("Zipf 2.1 (B2)") == "Zipf 2.1 (B2)"


def test_apkg_is_a_zip_with_a_collection_and_german_notes(tmp_path):
    es = entries() + [entries()[1]]  # a duplicate headword makes one note, not two
    path = export_entries(es, "anki", tmp_path / "deck.apkg", title="Artikel")
    with zipfile.ZipFile(path) as z:
        assert {"collection.anki2", "media"} <= set(z.namelist())
        assert json.loads(z.read("media")) == {}
        (tmp_path / "col.sqlite").write_bytes(z.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "col.sqlite")
    models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
    decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    model = models[str(stable_id(MODEL_NAME))]
    assert model["name"] == MODEL_NAME
    assert [f["name"] for f in model["flds"]] == list(ANKI_FIELDS)
    assert "{{Word}}" in model["tmpls"][0]["qfmt"]
    assert "{{Example}}" in model["tmpls"][0]["afmt"]
    assert any(
        d["name"] == "reader::Artikel" and int(i) == stable_id("reader::Artikel")
        for i, d in decks.items()
    )
    notes = db.execute("SELECT guid, flds, tags FROM notes ORDER BY id").fetchall()
    assert db.execute("SELECT count(*) FROM cards").fetchone()[0] == 4
    db.close()
    assert len(notes) == 4
    fields = [dict(zip(ANKI_FIELDS, n[1].split("\x1f"), strict=True)) for n in notes]
    first = fields[0]
    assert first["Word"] == '<span class="article fem">die</span> Terrorismusbekämpfung'
    assert first["Translation"] == "counter-terrorism; fight against terrorism"
    assert first["Definition"] == "Kampf gegen den Terrorismus"
    assert first["Grammar"].startswith(
        "die Terrorismusbekämpfung, der Terrorismusbekämpfung, "
        "die Terrorismusbekämpfungen; Kompositum: Terrorismus"
    )
    assert first["Example"] == "Die <b>Terrorismusbekämpfung</b> hat Vorrang."
    assert first["Source"] == "000.txt" and first["Band"] == "C2 · Zipf 1.9"
    assert fields[1]["Word"] == "aufnehmen"
    assert "Partizip II: aufgenommen" in fields[1]["Grammar"]
    assert "auch: ärgern (VERB) – to annoy" in fields[2]["Grammar"]
    assert "<script>" not in notes[3][1] and "\x1b" not in notes[3][1]
    assert "reader" in notes[0][2].split()
    # Exporting again gives the same note ids (guids), so Anki updates instead of duplicating.
    again = export_entries(es, "anki", tmp_path / "again.apkg", title="Artikel")
    with zipfile.ZipFile(again) as z:
        (tmp_path / "col2.sqlite").write_bytes(z.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "col2.sqlite")
    assert [r[0] for r in db.execute("SELECT guid FROM notes ORDER BY id")] == [n[0] for n in notes]
    db.close()


def test_stable_ids():
    assert stable_id("x") == stable_id("x") != stable_id("y")
    assert 1 << 30 <= stable_id("reader::Artikel") < 1 << 31


# -- safety ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "tsv", "anki", "md", "json"])
def test_no_overwrite_without_force(tmp_path, fmt):
    target = tmp_path / "out"
    target.write_text("precious")
    with pytest.raises(ExportError, match="already exists.*--force"):
        export_entries(entries(), fmt, target)
    assert target.read_text() == "precious"
    export_entries(entries(), fmt, target, force=True)
    assert target.read_bytes() != b"precious"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary file left


def test_failing_writer_leaves_no_partial_file(tmp_path, monkeypatch):
    def broken(items, title, target):
        Path(target).write_bytes(b"PK\x03\x04 half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_mod, "render_anki", broken)
    with pytest.raises(ExportError, match="No space left"):
        export_entries(entries(), "anki", tmp_path / "deck.apkg")
    assert list(tmp_path.iterdir()) == []
    # With --force an existing file survives a failed export untouched.
    (tmp_path / "deck.apkg").write_bytes(b"old deck")
    with pytest.raises(ExportError):
        export_entries(entries(), "anki", tmp_path / "deck.apkg", force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]
    assert (tmp_path / "deck.apkg").read_bytes() == b"old deck"


def test_a_bug_in_a_renderer_also_leaves_nothing(tmp_path, monkeypatch):
    def buggy(items, title, target):
        Path(target).write_bytes(b"partial")
        raise RuntimeError("bug")

    monkeypatch.setattr(export_mod, "render_anki", buggy)
    with pytest.raises(RuntimeError):
        export_entries(entries(), "anki", tmp_path / "deck.apkg")
    assert list(tmp_path.iterdir()) == []


def test_bad_targets(tmp_path):
    with pytest.raises(ExportError, match="unknown export format"):
        export_entries(entries(), "pdf", tmp_path / "x.pdf")
    with pytest.raises(ExportError, match="does not exist"):
        export_entries(entries(), "csv", tmp_path / "nope" / "x.csv")
    with pytest.raises(ExportError, match="is a directory"):
        export_entries(entries(), "csv", tmp_path)


EXPORTER = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[2])
    from reader.core.entry import GlossaryEntry
    from reader.core.export import export_entries
    es = [GlossaryEntry(word=f"W{i}", lemma=f"W{i}", pos="NOUN", definition="d" * 400)
          for i in range(3000)]
    n = 0
    while True:
        export_entries(es, "json", sys.argv[1], force=True)
        n += 1
        print(n, flush=True)
""")


def test_kill_9_during_export_leaves_old_or_new_file(tmp_path):
    target = tmp_path / "out" / "g.json"
    target.parent.mkdir()
    script = tmp_path / "exporter.py"
    script.write_text(EXPORTER)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(target), str(ROOT)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if int(line) >= 2:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(json.loads(target.read_text("utf-8"))["entries"]) == 3000
    # Only the target and at most one hidden temporary file; the next export sweeps it later.
    others = [p.name for p in target.parent.iterdir() if p != target]
    assert len(others) <= 1 and all(n.startswith(".g.json.") for n in others)


# -- the command -------------------------------------------------------------------------


def _save_seed_entries() -> None:
    with Store() as s:
        for e in entries()[:3]:
            s.save_entry(e, source_id(SEED))


def test_cli_exports_saved_words(tmp_path, capsys):
    _save_seed_entries()
    out = tmp_path / "deck.txt"
    assert main(["export", str(SEED), "--format", "tsv", "-o", str(out)]) == 0
    assert "wrote 3 words" in capsys.readouterr().err
    body = [ln for ln in out.read_text("utf-8").splitlines() if not ln.startswith("#")]
    assert len(body) == 3
    # Again without --force: refused, one line, file unchanged.
    before = out.read_bytes()
    assert main(["export", str(SEED), "--format", "tsv", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err and "--force" in err
    assert out.read_bytes() == before
    assert main(["export", str(SEED), "--format", "json", "-o", str(out), "--force"]) == 0
    assert json.loads(out.read_text("utf-8"))["count"] == 3


@pytest.mark.parametrize(
    "argv, message",
    [
        (["export", "/no/such/file.txt", "--format", "csv", "-o", "x.csv"], "no such file"),
        (["export", str(SEED), "--format", "pdf", "-o", "x.pdf"], "invalid choice"),
        (["export", str(SEED), "-o", "x.dat"], "give --format"),  # x.csv: csv from the suffix
        (["export", str(SEED), "--format", "csv", "-o", "x.csv", "--level", "Z9"], "Z9"),
        (["export", str(SEED), "--format", "csv", "-o", "x.csv"], "no saved words"),
        (
            ["export", str(SEED), "--format", "csv", "-o", "/no/such/dir/x.csv", "--all"],
            "does not exist",
        ),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(argv, message, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    _stand_in_glossary(monkeypatch)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("reader: ") and message in err
    assert "Traceback" not in err


def _stand_in_glossary(monkeypatch) -> list[str]:
    """A small stand-in for reader.core.glossary (built elsewhere) and for the analysis."""
    from reader.core import analyze

    calls: list[str] = []

    def entries_for_article(article, rare_only=True):
        calls.append(article.level)
        return entries()[:2] + [GlossaryEntry(word="Haus", lemma="Haus", pos="NOUN")]

    fake = types.ModuleType("reader.core.glossary")
    fake.entries_for_article = entries_for_article  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "reader.core.glossary", fake)

    def analyse(doc, level="B1", model=None):
        return types.SimpleNamespace(level=level, sections=doc.sections, title=doc.title)

    monkeypatch.setattr(analyze, "analyse", analyse)
    return calls


def test_cli_all_merges_rare_words_with_saved_ones(tmp_path, monkeypatch, capsys):
    calls = _stand_in_glossary(monkeypatch)
    with Store() as s:
        s.save_entry(replace(entries()[1], translations=("to resume",)), source_id(SEED))
        s.save_entry(entries()[2], source_id(SEED))  # saved but not rare: still exported
        s.set_status("Haus", "known")  # known words are left out of --all
    out = tmp_path / "all.json"
    assert (
        main(["export", str(SEED), "--format", "json", "-o", str(out), "--all", "--level", "C1"])
        == 0
    )
    assert calls == ["C1"]
    data = json.loads(out.read_text("utf-8"))
    lemmas = [d["lemma"] for d in data["entries"]]
    assert lemmas == ["Terrorismusbekämpfung", "aufnehmen", "Ärger"]
    assert data["entries"][1]["translations"] == ["to resume"]  # the learner's saved version


def test_cli_md_sheet_has_section_summaries(tmp_path, monkeypatch):
    from reader.core import summary

    _stand_in_glossary(monkeypatch)
    _save_seed_entries()

    def section_summaries(article):
        return tuple(
            types.SimpleNamespace(text=f"Zusammenfassung {n}.")
            for n, _ in enumerate(article.sections, 1)
        )

    monkeypatch.setattr(summary, "section_summaries", section_summaries)
    out = tmp_path / "sheet.md"
    assert main(["export", str(SEED), "--format", "md", "-o", str(out)]) == 0
    md = out.read_text("utf-8")
    assert "*Zusammenfassung:* Zusammenfassung 1." in md
    assert "**die Terrorismusbekämpfung**" in md
    # The seed's words are grouped under the section whose text holds their example.
    out2 = tmp_path / "plain.md"
    assert main(["export", str(SEED), "--format", "md", "-o", str(out2), "--no-summary"]) == 0
    assert "Zusammenfassung 1" not in out2.read_text("utf-8")


def test_cli_refuses_to_overwrite_before_analysing(tmp_path, monkeypatch, capsys):
    from reader.core import analyze

    _save_seed_entries()

    def analyse(*a, **k):
        raise AssertionError("the analysis should not run")

    monkeypatch.setattr(analyze, "analyse", analyse)
    out = tmp_path / "all.md"
    out.write_text("mine")
    assert main(["export", str(SEED), "--format", "md", "-o", str(out), "--all"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text() == "mine"


def test_cli_reports_a_damaged_store_and_goes_on(tmp_path, capsys):
    from reader import paths

    db = paths.data_dir() / "reader.db"
    db.parent.mkdir(parents=True)
    db.write_bytes(b"\0garbage" * 1000)
    assert main(["export", str(SEED), "--format", "csv", "-o", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert "warning: the word store" in err and "damaged" in err and "no saved words" in err
    assert list(db.parent.glob("reader.db.corrupt-*"))


# -- borrowed glosses are labelled in every format (issue 12) -----------------------------

BORROWED = GlossaryEntry(
    word="Konzertstätte",
    lemma="Konzertstätte",
    pos="NOUN",
    article="die",
    compound=(CompoundPart("Konzert", "concert"), CompoundPart("Stätte", "place")),
    translations=("concert + place",),
    translation_via="Konzert + Stätte",
    translation_source="parts",
    band="C2",
    example="Der Überfall auf eine Konzertstätte.",
    example_start=20,
    example_end=33,
    source="000.txt",
)
LABEL = "≈ Konzert + Stätte (concert + place)"


def test_every_format_labels_a_gloss_taken_from_the_parts(tmp_path):
    es = [BORROWED, entries()[1]]
    rows = list(
        csv.DictReader(
            io.StringIO(
                export_entries(es, "csv", tmp_path / "g.csv").read_text("utf-8-sig"), newline=""
            )
        )
    )
    assert rows[0]["translations"] == LABEL and rows[0]["translation_source"] == "parts"
    assert rows[1]["translations"] == "to take up" and rows[1]["translation_source"] == "own"
    tsv = export_entries(es, "tsv", tmp_path / "g.txt").read_text("utf-8")
    assert f'<div class=""translation"">{LABEL}</div>' in tsv  # CSV-quoted
    md = export_entries(es, "md", tmp_path / "g.md").read_text("utf-8")
    assert "— ≈ Konzert + Stätte (concert + place)" in md
    data = json.loads(export_entries(es, "json", tmp_path / "g.json").read_text("utf-8"))
    first = data["entries"][0]
    assert first["gloss"] == LABEL and first["translation_source"] == "parts"
    assert first["translation_via"] == "Konzert + Stätte"
    assert entry_from_dict(first) == BORROWED
    path = export_entries(es, "anki", tmp_path / "deck.apkg")
    with zipfile.ZipFile(path) as z:
        (tmp_path / "col.sqlite").write_bytes(z.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "col.sqlite")
    flds = [r[0].split("\x1f") for r in db.execute("SELECT flds FROM notes ORDER BY id")]
    db.close()
    translation = ANKI_FIELDS.index("Translation")
    assert [f[translation] for f in flds] == [LABEL, "to take up"]


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc")
def test_reading_the_umask_never_changes_it(monkeypatch):
    """Exports run beside the app's other threads: for no moment may the mask be 0."""
    from reader.core import atomic

    expected = os.umask(0o027)
    os.umask(expected)
    monkeypatch.setattr(atomic.os, "umask", lambda mask: pytest.fail("the umask was changed"))
    assert atomic._umask() == expected
