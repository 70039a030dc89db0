"""The library: figures recorded from reading, the headless table, and the home screen.

Analyses are built by hand here (tokens with bands) so the figures can be checked by
counting; the hook test runs the real reading app with a small regex analyser.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import json
import re
import shutil
import sqlite3
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Input

from reader.app_main import track_in_library, watch_cached
from reader.cli import main
from reader.core import library
from reader.core.document import load
from reader.core.library_counts import FILE, counts_for
from reader.core.model import LEVELS, Entity, Token
from reader.core.store import MIGRATIONS, Store, document_key, source_id
from reader.ui import highlight
from reader.ui.app import ReaderApp
from reader.ui.library import AddScreen, ConfirmScreen, LibraryApp, LibraryScreen
from reader.ui.services import Services, Settings

TEXT = """\
Am Morgen

Die Wettbewerbsfähigkeit der Unternehmen wächst, sagte Merkel in Berlin.

Der Vorstand nahm die Verhandlungen am Montag wieder auf.

Am Abend

Die Kinder spielen im Garten.
"""
BANDS = {
    "Wettbewerbsfähigkeit": "C2",
    "Unternehmen": "B1",
    "wachsen": "B2",
    "Vorstand": "B2",
    "Verhandlung": "C1",
    "aufnehmen": "A2",
    "Kind": "A1",
    "spielen": "A1",
    "Garten": "A2",
    "Morgen": "A1",
    "Montag": "A1",
    "Abend": "A1",
}
LEMMAS = {
    "Unternehmen": "Unternehmen",
    "wächst": "wachsen",
    "Verhandlungen": "Verhandlung",
    "nahm": "nehmen",
    "Kinder": "Kind",
}
NAMES = {"Merkel": "PER", "Berlin": "LOC"}


def sync(test):
    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


def analyse(paragraphs, level="B1"):
    """A regex analysis: lemma and band from the tables above, names from NAMES, and the
    separable verb *nahm … auf* joined as *aufnehmen* on both its parts."""
    for p in paragraphs:
        tokens, ents = [], []
        for m in re.finditer(r"\w+|[^\w\s]", p.text):
            word = m.group()
            ent = NAMES.get(word, "")
            lemma = LEMMAS.get(word, word)
            verb = "aufnehmen" if word in {"nahm", "auf"} else None
            band = None if ent else BANDS.get(verb or lemma)
            pos = "PUNCT" if not word[0].isalnum() else "PROPN" if ent else "NOUN"
            if ent:
                ents.append(Entity(word, ent, m.start(), m.end()))
            tokens.append(
                Token(
                    word, lemma, pos, "NN", m.start(), m.end(), band=band, ent=ent, verb_lemma=verb
                )
            )
        yield replace(p, tokens=tuple(tokens), entities=tuple(ents), sentences=((0, len(p.text)),))


@pytest.fixture()
def text_file(tmp_path) -> Path:
    path = tmp_path / "morgen.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture()
def store(tmp_path):
    with Store() as s:
        yield s


def highlighted(paragraphs, level, known) -> tuple[int, int]:
    """(running words, words the app highlights): the known share's definition."""
    running = unknown = 0
    for p in paragraphs:
        for t in p.tokens:
            if library.is_running_word(t):
                running += 1
                unknown += highlight.is_highlighted(t, level, known)
    return running, unknown


# -- core ----------------------------------------------------------------------------------


def test_figures_match_what_the_app_highlights(store, text_file):
    document = load(text_file)
    paragraphs = list(analyse(document.paragraphs))
    library.record_open(store, document)
    assert library.record_analysis(store, document, paragraphs)
    store.set_status("Vorstand", "known")
    for level in LEVELS:
        running, unknown = highlighted(paragraphs, level, {"Vorstand"})
        (entry,) = library.entries(store, level)
        assert entry.running == running == 21  # names and punctuation are not running words
        assert entry.known_words == running - unknown
        assert entry.known == (100 * (running - unknown)) // running
    (b1,) = library.entries(store, "B1")
    # B1: Wettbewerbsfähigkeit (C2), wächst (B2), Verhandlungen (C1) are unknown
    assert (b1.running - b1.known_words, b1.known) == (3, 85)
    assert b1.level in LEVELS and b1.score is not None


def test_every_change_of_a_word_status_moves_the_share(store, text_file):
    """Triggers keep the per-band sums in step, whoever changes a word, in any order."""
    document = load(text_file)
    store.set_status("Verhandlung", "known")  # before the analysis is recorded
    library.record_open(store, document)
    library.record_analysis(store, document, analyse(document.paragraphs))
    paragraphs = list(analyse(document.paragraphs))

    def check(known: set[str]) -> None:
        running, unknown = highlighted(paragraphs, "A1", known)
        assert library.entries(store, "A1")[0].known_words == running - unknown

    check({"Verhandlung"})
    store.set_status("Verhandlung", "learning")  # update away from known
    check(set())
    store.set_status("aufnehmen", "known")  # insert; two running words (nahm ... auf)
    check({"aufnehmen"})
    store.set_status("aufnehmen", "known")  # upsert of the same status: no double count
    check({"aufnehmen"})
    store.set_status("aufnehmen", "unknown")  # delete
    check(set())


def test_progress_comes_from_the_saved_position(store, text_file):
    document = load(text_file)
    library.record_open(store, document, opened=False)
    (entry,) = library.entries(store)
    assert (entry.paragraph, entry.paragraphs, entry.progress, entry.opened) == (0, 3, 0, None)
    library.record_open(store, document)
    assert library.entries(store)[0].paragraph == 1
    store.set_position(document_key(text_file, document.text), 1, 0)  # section 2, its first
    (entry,) = library.entries(store)
    assert (entry.paragraph, entry.progress) == (3, 100)
    assert entry.title == "Am Morgen" and entry.source == source_id(text_file)


def test_changed_text_loses_its_figures_and_position(store, text_file):
    document = load(text_file)
    library.record_open(store, document)
    library.record_analysis(store, document, analyse(document.paragraphs))
    store.set_position(document_key(text_file, document.text), 0, 1)
    text_file.write_text(TEXT + "\nEin neuer Absatz.\n", encoding="utf-8")
    changed = load(text_file)
    assert not library.record_analysis(store, changed, analyse(changed.paragraphs))
    library.record_open(store, changed)
    (entry,) = library.entries(store)
    assert (entry.running, entry.known, entry.level, entry.paragraph) == (None, None, None, 1)
    assert store.query("SELECT COUNT(*) FROM text_bands")[0][0] == 0


def test_remove_keeps_the_file_and_its_counts_go(store, text_file):
    document = load(text_file)
    library.record_open(store, document)
    library.record_analysis(store, document, analyse(document.paragraphs))
    assert library.remove(store, source_id(text_file))
    assert not library.remove(store, source_id(text_file))
    assert library.entries(store) == [] and text_file.exists()
    assert store.query("SELECT COUNT(*) FROM text_bands")[0][0] == 0
    with counts_for(store) as counts:
        assert counts.db.execute("SELECT COUNT(*) FROM text_lexemes").fetchone() == (0,)


def test_lost_or_damaged_counts_only_cost_the_figures(store, text_file):
    document = load(text_file)
    library.record_open(store, document)
    library.record_analysis(store, document, analyse(document.paragraphs))
    store.set_status("Vorstand", "known")
    assert library.entries(store)[0].known is not None
    counts = store.path.parent / FILE
    counts.write_bytes(b"this is not a database" * 100)
    for side in ("-wal", "-shm"):
        Path(f"{counts}{side}").unlink(missing_ok=True)
    assert library.entries(store)[0].known is not None  # the sums still hold
    store.set_status("Garten", "known")  # but this change cannot be applied without counts
    (entry,) = library.entries(store)
    assert (entry.known, entry.level, entry.paragraph) == (None, None, 1)
    assert library.record_analysis(store, document, analyse(document.paragraphs))
    running, unknown = highlighted(analyse(document.paragraphs), "A1", {"Vorstand", "Garten"})
    assert library.entries(store, "A1")[0].known_words == running - unknown


def test_sorting(store, tmp_path):
    for n, (name, body) in enumerate([("b.txt", "Zweiter Text hier."), ("a.txt", "Erster.")]):
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        library.record_open(store, load(path), now=1000.0 + n)
    assert [e.title for e in library.entries(store, sort="opened")] == ["a.txt", "b.txt"]
    assert [e.title for e in library.entries(store, sort="title")] == ["a.txt", "b.txt"]
    with pytest.raises(ValueError):
        library.entries(store, sort="size")


def test_a_version_2_store_is_migrated_with_a_backup(reader_home):
    path = reader_home / "data" / "reader.db"
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    for migration in MIGRATIONS[:2]:
        migration(db)
    db.execute("INSERT INTO words (lemma, status, updated) VALUES ('Haus', 'known', 0)")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    with Store(path) as s:
        assert s.schema_version == 3
        assert s.known_lemmas() == {"Haus"}
        assert library.entries(s) == []
    assert path.with_name("reader.db.v2-backup").exists()


# -- the hooks in app_main, with the real reading app --------------------------------------


@sync
async def test_reading_records_the_text_its_figures_and_position(text_file):
    document = load(text_file)
    store = Store()
    services = Services(
        analyse=analyse, store=store, document_key=document_key, source_id=source_id
    )
    track_in_library(services, document)
    app = ReaderApp(document, services, Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause()
            if app.analysis_complete and not app.busy:
                break
            await asyncio.sleep(0.02)
        await pilot.press("j")
        await pilot.press("q")
    (entry,) = library.entries(store)
    running, unknown = highlighted(analyse(document.paragraphs), "B1", set())
    assert (entry.paragraph, entry.running, entry.known_words) == (2, running, running - unknown)
    store.close()


def test_a_cached_analysis_read_back_records_the_figures(store, text_file):
    document = load(text_file)
    library.record_open(store, document)
    paragraphs = list(analyse(document.paragraphs))
    batches = [[(0, paragraphs[0])], [(1, paragraphs[1]), (2, paragraphs[2])]]
    recorded = []
    watched = watch_cached(lambda d, level, start: iter(batches), lambda d, ps: recorded.append(ps))
    assert list(watched(document, "B1", 0)) == batches
    assert recorded == [paragraphs]
    partial = watch_cached(
        lambda d, level, start: iter(batches[:1]), lambda d, ps: recorded.append(ps)
    )
    list(partial(document, "B1", 0))
    assert len(recorded) == 1  # an incomplete read-back records nothing
    assert watch_cached(lambda d, level, start: None, print)(document, "B1") is None


# -- the headless table --------------------------------------------------------------------


def _fill(store, tmp_path, n: int = 3) -> list[Path]:
    paths = []
    for i in range(n):
        path = tmp_path / f"text{i}.txt"
        path.write_text(TEXT.replace("Morgen", f"Morgen {i}", 1), encoding="utf-8")
        document = load(path)
        library.record_open(store, document, opened=i != 2, now=1_700_000_000.0 + 60 * i)
        if i != 1:
            library.record_analysis(store, document, analyse(document.paragraphs))
        paths.append(path)
    store.set_position(document_key(paths[0], load(paths[0]).text), 0, 1)
    store.set_status("Wettbewerbsfähigkeit", "known")
    return paths


def library_json(capsys, *args: str) -> list[dict]:
    """``reader library --json`` as the command prints it (also while an app runs, which
    takes over ``sys.stdout``)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["library", "--json", *args]) == 0
    return json.loads(out.getvalue())


def test_cli_json_and_table(store, tmp_path, capsys):
    _fill(store, tmp_path)
    rows = library_json(capsys)
    assert [r["title"] for r in rows] == ["Am Morgen 1", "Am Morgen 0", "Am Morgen 2"]
    first = rows[1]
    assert (first["paragraph"], first["paragraphs"], first["progress"]) == (2, 3, 66)
    assert (first["running_words"], first["known_words"], first["known"]) == (21, 18, 85)
    assert rows[0]["known"] is None and rows[2]["last_opened"] is None
    assert library_json(capsys, "--level", "C2")[1]["known"] == 100
    assert main(["library", "--sort", "known"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["Title", "Author", "Progress", "Known", "Level", "Last", "opened"]
    assert out[1].startswith("Am Morgen 0") and "2/3 66%" in out[1] and "85%" in out[1]


def test_cli_bad_input_is_one_line(capsys, tmp_path):
    assert main(["library", "--level", "Z9"]) == 2
    assert main(["library", "add", str(tmp_path / "missing.txt")]) == 2
    assert main(["library", "remove", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all(line.startswith("reader: ") for line in err)


def test_cli_add_and_remove(text_file, capsys):
    assert main(["library", "add", str(text_file)]) == 0
    (row,) = library_json(capsys)
    assert (row["title"], row["paragraph"], row["last_opened"]) == ("Am Morgen", 0, None)
    assert main(["library", "remove", str(text_file)]) == 0
    assert library_json(capsys) == [] and text_file.exists()


# -- the home screen -----------------------------------------------------------------------


def screen_cells(app: LibraryApp) -> list[list[str]]:
    table = app.screen.query_one("#texts")
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def expected_cells(row: dict) -> list[str]:
    """What the screen must show for one row of ``reader library --json``."""
    return [
        library.fit(row["title"], library.MAX_TITLE),
        library.fit(row["author"] or "", library.MAX_AUTHOR),
        f"{row['paragraph']}/{row['paragraphs']} {row['progress']}%",
        "" if row["known"] is None else f"{row['known']}%",
        row["level"] or "",
        row["last_opened"] or "",
    ]


@sync
async def test_screen_shows_what_cli_json_says(store, tmp_path, capsys):
    _fill(store, tmp_path)
    rows = library_json(capsys)
    app = LibraryApp(store)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert screen_cells(app) == [expected_cells(r) for r in rows]
        for sort in ["title", "progress", "known", "level", "opened"]:
            await pilot.press("s")
            assert app.screen.sort == sort
            ordered = library_json(capsys, "--sort", sort)
            assert screen_cells(app) == [expected_cells(r) for r in ordered]


@sync
async def test_screen_keys_remove_add_and_open(store, tmp_path):
    paths = _fill(store, tmp_path)
    extra = tmp_path / "extra.txt"
    extra.write_text("Ein neuer Text über den Garten.\n", encoding="utf-8")
    app = LibraryApp(store)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        await pilot.press("down", "d")  # the second row: text0
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert len(screen_cells(app)) == 3
        await pilot.press("d", "y")
        assert [r[0] for r in screen_cells(app)] == ["Am Morgen 1", "Am Morgen 2"]
        assert paths[0].exists()
        await pilot.press("a")
        assert isinstance(app.screen, AddScreen)
        app.screen.query_one(Input).value = str(tmp_path / "nowhere.txt")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(screen_cells(app)) == 2  # a missing file is a notification, not a row
        await pilot.press("a")
        app.screen.query_one(Input).value = str(extra)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "extra.txt" in [r[0] for r in screen_cells(app)]
        assert app.screen.current_source() == source_id(extra)  # the cursor is on it
        await pilot.press("enter")
    assert app.return_value == source_id(extra)
    assert [e.title for e in library.entries(store, sort="title")] == [
        "Am Morgen 1",
        "Am Morgen 2",
        "extra.txt",
    ]


@sync
async def test_empty_library_says_how_to_start(store):
    app = LibraryApp(store)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#library-empty").has_class("-hidden")
        await pilot.press("enter", "d", "s")  # nothing to open or remove: no crash
        await pilot.press("q")
    assert app.return_value is None


# -- `reader` with no file, in a real terminal ----------------------------------------------

READER = Path(sys.executable).with_name("reader")
SEED = Path(__file__).resolve().parent.parent / "seeds" / "000.txt"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run does)")
@pytest.mark.skipif(not READER.exists(), reason=f"no reader command next to {sys.executable}")
def test_reader_without_a_file_is_the_library_in_a_terminal(tmp_path, reader_home):
    """Home screen, Enter reads the text as ``reader FILE`` does, q comes back with the
    progress updated, q again quits."""
    from tests.test_tmux import Tmux

    assert main(["library", "add", str(SEED)]) == 0
    # the shell records the exit status itself: tmux's #{pane_dead_status} was seen empty on
    # a loaded machine although the process had ended and been reaped
    exit_file = tmp_path / "exit-status"
    tmux = Tmux(reader_home)
    try:
        tmux.start(["sh", "-c", f"'{READER}'; echo $? > '{exit_file}'"], width=110, height=30)
        tmux.wait_for(lambda s: "Library: 1 text" in s and "0/14 0%" in s, timeout=60)
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "§1/4 ¶1/3" in s and "Nach Monaten der Eiszeit" in s, timeout=90)
        tmux.keys("j")
        tmux.wait_for(lambda s: "¶2/3" in s, timeout=60)
        tmux.keys("q")
        back = tmux.wait_for(lambda s: "Library: 1 text" in s and "2/14 14%" in s, timeout=60)
        assert "Traceback" not in back
        tmux.keys("q")
        deadline = time.monotonic() + 20
        while not exit_file.is_file() or not exit_file.read_text().strip():
            assert time.monotonic() < deadline, "reader did not quit on q"
            time.sleep(0.2)
        assert exit_file.read_text().strip() == "0"
    finally:
        tmux.kill()


def test_titles_are_data_in_the_table(store, tmp_path, capsys):
    """A title (from a file's heading or an EPUB's metadata) never reaches the terminal
    as escapes or markup, and a long one is cut so the figures stay in view."""
    path = tmp_path / "hostile.txt"
    path.write_text("Ein Absatz mit genug Text.\n", encoding="utf-8")
    title = "\x1b]0;PWNED\x07[bold red]Titel[/] " + "lang " * 20
    library.record_open(store, replace(load(path), title=title))
    assert main(["library"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "[bold red]Titel[/]" in out
    (row,) = out.splitlines()[1:]
    assert "…" in row and "1/1 100%" in row


def test_a_text_without_a_file_stays_out_of_the_library(store):
    from reader.core.document import split

    services = Services(analyse=analyse, store=store, document_key=document_key)
    track_in_library(services, split(TEXT, source="-"))
    assert library.entries(store) == [] and services.store_cached is None
