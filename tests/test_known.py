"""``reader known import`` / ``export``: small real files of every kind, the real pipeline,
the real store. Entries must end up as the lexemes ``m`` would mark in a text."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

from reader.cli import main
from reader.core import known_words
from reader.core.store import Store


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def known() -> set[str]:
    with Store() as store:
        return set(store.known_lemmas())


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def report_numbers(out: str) -> tuple[int, int, int]:
    lines = {
        ln.split(":")[0].strip(): ln.split(":")[1].strip()
        for ln in out.splitlines()
        if ":" in ln and ln.startswith("  ") and not ln.startswith("    ")
    }
    return int(lines["marked known"]), int(lines["already known"]), int(lines["skipped lines"])


WORDS = """\
# Wörter aus dem Kurs
Haus
die Häuser
der Hund, -e
sich erinnern (an + Akk.)
nimmt auf

zum Beispiel
1984
Fenster = window
Hund
"""


def test_word_list_by_lexeme_with_reasons(tmp_path):
    code, out, err = run("known", "import", str(write(tmp_path / "wortschatz.txt", WORDS)))
    assert code == 0, err
    assert known() == {"Haus", "Hund", "erinnern", "aufnehmen", "Fenster"}
    assert report_numbers(out) == (5, 0, 6)
    assert "2 × empty or comment line (lines 1, 7)" in out
    assert "2 × the same word as an earlier line (lines 3, 11)" in out  # Häuser, Hund
    assert "several words, not one lexeme (a phrase) (line 8)" in out
    assert "not a word (no letters) (line 9)" in out
    # importing again: everything is already known, nothing changes
    code, out, _ = run("known", "import", str(tmp_path / "wortschatz.txt"))
    assert report_numbers(out) == (0, 5, 6)


def test_imported_words_are_what_m_marks_in_a_text(tmp_path):
    """The lexeme of a word in running text (what ``m`` stores) is what the import stores."""
    from reader.core.analyze import analyse
    from reader.core.document import split
    from reader.ui.highlight import lexeme

    article = analyse(split("Die Häuser standen leer. Er nahm das Angebot sofort an."))
    in_text = {lexeme(t) for p in article.paragraphs for t in p.tokens}
    run("known", "import", str(write(tmp_path / "w.txt", "Häusern\nnahm an\nAngebote\n")))
    assert known() == {"Haus", "annehmen", "Angebot"} and known() <= in_text


def test_csv_and_tsv_columns(tmp_path):
    csv_file = write(
        tmp_path / "vokabeln.csv",
        'english;Wort;notes\nhouse;das Haus;"n, pl. Häuser"\ndog;Hund;\ncat\n',
    )
    code, out, err = run("known", "import", str(csv_file), "--column", "wort")
    assert code == 0, err
    assert known() == {"Haus", "Hund"}
    assert "header row (line 1)" in out and "no column 2 in this row (line 4)" in out
    tsv_file = write(tmp_path / "liste.tsv", "Wort\tÜbersetzung\nBaum\ttree\nBäume\ttrees\n")
    code, out, _ = run("known", "import", str(tsv_file), "--column", "1", "--header")
    assert code == 0 and known() == {"Haus", "Hund", "Baum"}
    assert report_numbers(out) == (1, 0, 2)
    code, _, err = run("known", "import", str(csv_file), "--column", "Deutsch")
    assert code == 2 and err.count("\n") == 1 and "english, Wort, notes" in err


ANKI = (
    "#separator:tab\n"
    "#html:true\n"
    "#guid column:1\n"
    "#notetype column:2\n"
    "#deck column:3\n"
    "#tags column:6\n"
    "a1B2\tBasic\tDeutsch\t<b>der&nbsp;Tisch</b><br>die Tische\ttable\tnoun\n"
    'c3D4\tBasic\tDeutsch\t"<div>laufen</div>\n<div>lief, gelaufen</div>"\tto run\tverb\n'
    "e5F6\tCloze\tDeutsch\t{{c1::Stuhl::furniture}} [sound:stuhl.mp3]\tchair\t\n"
    "g7H8\tBasic\tDeutsch\t<img src='x.png'>\tpicture only\t\n"
)


def test_anki_text_export(tmp_path):
    code, out, err = run("known", "import", str(write(tmp_path / "deck.txt", ANKI)))
    assert code == 0, err
    assert "an Anki text export" in out
    assert known() == {"Tisch", "laufen", "Stuhl"}
    assert "6 × Anki header line" in out
    assert "nothing left of the entry once cleaned (line 11)" in out  # after a 2-line field


LUTE = """\
term,parent,translation,language,tags,added,status,link_status,pronunciation
Wohnung,,flat,German,noun,2024-03-01 10:00:00,W,,
Bäume,Baum,trees,German,,2024-03-01 10:00:00,5,,
Katze,,cat,German,,2024-03-01 10:00:00,3,,
gato,,cat,Spanish,,2024-03-01 10:00:00,5,,
und,,and,German,,2024-03-01 10:00:00,I,,
"zum\u200b \u200bGlück",,luckily,German,,2024-03-01 10:00:00,5,,
"""


def test_lute_term_export(tmp_path):
    code, out, err = run("known", "import", str(write(tmp_path / "terms.csv", LUTE)))
    assert code == 0, err
    assert "a Lute term export" in out
    assert known() == {"Wohnung", "Baum"}
    assert "still learning in Lute (status 3) (line 4)" in out
    assert "not German in Lute (Spanish) (line 5)" in out
    assert "ignored in Lute (line 6)" in out
    assert "a phrase" in out


def test_one_transaction_and_dry_run(tmp_path):
    path = write(tmp_path / "w.txt", "Haus\nBaum\nStraße\n")
    code, out, _ = run("known", "import", str(path), "--dry-run")
    assert code == 0 and "would mark known: 3" in out and known() == set()
    statements: list[str] = []
    with Store() as store:
        store.db.set_trace_callback(statements.append)
        report = known_words.import_known(store, path)
    assert len(report.imported) == 3
    writes = [s for s in statements if s.split()[0].upper() in {"BEGIN", "COMMIT", "INSERT"}]
    assert writes[0] == "BEGIN IMMEDIATE" and writes[-1] == "COMMIT"
    assert [s.split()[0] for s in writes].count("BEGIN") == 1


def test_export_round_trip(tmp_path, monkeypatch):
    run("known", "import", str(write(tmp_path / "w.txt", "Zug\nabfahren\nÄpfel\nauto\n")))
    code, out, _ = run("known", "export")
    assert code == 0 and out.splitlines() == ["abfahren", "Apfel", "auto", "Zug"]
    target = tmp_path / "known.txt"
    assert run("known", "export", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == out
    mask = os.umask(0o022)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # like any file the learner makes
    code, _, err = run("known", "export", "-o", str(target))
    assert code == 2 and "--force" in err
    assert run("known", "export", "-o", str(target), "--force")[0] == 0
    monkeypatch.setenv("READER_HOME", str(tmp_path / "elsewhere"))
    run("known", "import", str(target))
    assert sorted(known(), key=str.casefold) == out.splitlines()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"\x00\x01PK\x03", "binary"),
        ("Stra\xdfe".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files_are_one_line(tmp_path, content, message):
    path = tmp_path / "list.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run("known", "import", str(path))
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err
    assert known() == set()


def test_anki_columns_header_and_a_chosen_column(tmp_path):
    deck = write(
        tmp_path / "deck.txt",
        "#separator:Semicolon\n#html:false\n#columns:English;Deutsch\nhouse;Haus\ntree;Bäume\n",
    )
    code, out, err = run("known", "import", str(deck), "--column", "Deutsch")
    assert code == 0, err
    assert known() == {"Haus", "Baum"} and report_numbers(out) == (2, 0, 3)
