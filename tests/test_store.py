"""The learner's store: round trips, migration, concurrency, corruption, crashes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader import paths
from reader.core import store as store_mod
from reader.core.entry import CompoundPart, GlossaryEntry, Reading
from reader.core.store import (
    SCHEMA_VERSION,
    Store,
    document_key,
    entry_from_dict,
    entry_to_dict,
    source_id,
)
from reader.errors import StoreError

ROOT = Path(__file__).resolve().parent.parent


def noun(lemma: str = "Amtskollege", **kw) -> GlossaryEntry:
    base = dict(
        word=lemma,
        lemma=lemma,
        pos="NOUN",
        article="der",
        genitive=f"des {lemma}n",
        plural=f"die {lemma}n",
        translations=("counterpart", "colleague"),
        band="C1",
        zipf=2.4,
        example=f"Er traf seinen {lemma}.",
        example_start=16,
        example_end=16 + len(lemma),
        source="seeds/000.txt",
    )
    base.update(kw)
    return GlossaryEntry(**base)


def rich_entry() -> GlossaryEntry:
    return GlossaryEntry(
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
        translations=("counter-terrorism",),
        definition="Kampf gegen den Terrorismus",
        definition_source="test",
        band="C2",
        zipf=1.9,
        example="Die Terrorismusbekämpfung hat Vorrang.",
        example_start=4,
        example_end=25,
        count=3,
        readings=(Reading("bekämpfen", "VERB", "to fight"),),
        source="a.txt",
        entity=None,
        extra={"section": "Politik"},
    )


# -- round trips -------------------------------------------------------------------------


def test_default_location_is_the_data_dir(reader_home):
    with Store() as s:
        assert s.path == paths.data_dir() / "reader.db"
        assert s.path.is_relative_to(reader_home)
        assert s.schema_version == SCHEMA_VERSION
        assert s.warnings == []


def test_entry_json_round_trip():
    e = rich_entry()
    back = entry_from_dict(entry_to_dict(e))
    assert back == e
    assert back.extra == {"section": "Politik"}
    # A newer version's extra keys are ignored, missing ones take their defaults.
    data = entry_to_dict(e) | {"future_field": 1}
    del data["count"]
    assert entry_from_dict(data).count == 1


def test_status_round_trip():
    with Store() as s:
        assert s.status("Amtskollege") == "unknown"
        s.set_status("Amtskollege", "learning")
        s.set_status("Haus", "known")
        s.set_status("Lecornu", "ignored")
        s.set_status("Haus", "known")
        assert s.status("Amtskollege") == "learning"
        assert s.known_lemmas() == frozenset({"Haus"})
        assert s.statuses() == {"Amtskollege": "learning", "Haus": "known", "Lecornu": "ignored"}
        s.set_status("Amtskollege", "known")
        assert s.known_lemmas() == frozenset({"Haus", "Amtskollege"})
        s.set_status("Haus", "unknown")
        assert s.status("Haus") == "unknown"
        with pytest.raises(StoreError, match="unknown word status"):
            s.set_status("Haus", "famous")
    with Store() as s:  # and it outlives the instance
        assert s.known_lemmas() == frozenset({"Amtskollege"})


def test_saved_entries_round_trip_and_update():
    src = source_id("seeds/000.txt")
    with Store() as s:
        s.save_entry(rich_entry(), "a")
        s.save_entry(noun(), src)
        s.save_entry(noun("Abgeordnete"), src)
        assert [e.lemma for e in s.saved_entries(src)] == ["Amtskollege", "Abgeordnete"]
        assert s.saved_entries("a") == [rich_entry()]
        # Saving the same lemma for the same document updates it in place.
        s.save_entry(noun(translations=("fellow minister",)), src)
        saved = s.saved_entries(src)
        assert [e.lemma for e in saved] == ["Amtskollege", "Abgeordnete"]
        assert saved[0].translations == ("fellow minister",)
        # ... but the same lemma in another document is another entry.
        s.save_entry(noun(), "b")
        assert len(s.saved_entries()) == 4
        assert s.sources() == sorted(["a", "b", src])
        assert s.is_saved("Amtskollege", "b")
        assert s.remove_entry("Amtskollege", "b") is True
        assert s.remove_entry("Amtskollege", "b") is False
        assert not s.is_saved("Amtskollege", "b")
        ctx = s.db.execute("SELECT context FROM saved WHERE lemma = 'Amtskollege'").fetchone()
        assert ctx == ("Er traf seinen Amtskollege.",)
    with Store() as s:
        assert len(s.saved_entries()) == 3


def test_positions_round_trip(tmp_path):
    doc = tmp_path / "a.txt"
    key = document_key(doc, "Hallo Welt")
    assert key == document_key(str(doc), "Hallo Welt")
    assert key != document_key(doc, "Hallo Welt!")
    assert key.startswith(str(doc.resolve()))
    with Store() as s:
        assert s.position(key) is None
        s.set_position(key, 2, 5)
        s.set_position(key, 3, 0)
        assert s.position(key) == (3, 0)
    with Store() as s:
        assert s.position(key) == (3, 0)


def test_closed_store_says_so():
    s = Store()
    s.close()
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.status("x")


def test_wal_mode_and_busy_timeout():
    with Store() as s:
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000
        assert s.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


# -- migration ---------------------------------------------------------------------------

V1_SCHEMA = """
CREATE TABLE words (lemma TEXT PRIMARY KEY, status TEXT NOT NULL);
CREATE TABLE saved (lemma TEXT NOT NULL, source TEXT NOT NULL, entry TEXT NOT NULL,
                    created REAL NOT NULL, PRIMARY KEY (lemma, source));
CREATE TABLE positions (doc_key TEXT PRIMARY KEY, section INTEGER NOT NULL,
                        paragraph INTEGER NOT NULL);
PRAGMA user_version = 1;
"""


def _make_v1(path: Path) -> None:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.executescript(V1_SCHEMA)
    db.execute("INSERT INTO words VALUES ('Haus', 'known')")
    db.execute(
        "INSERT INTO saved VALUES ('Amtskollege', 'doc', ?, 100.0)",
        (json.dumps(entry_to_dict(noun()), ensure_ascii=False),),
    )
    db.execute("INSERT INTO positions VALUES ('doc#abc', 1, 7)")
    db.commit()
    db.close()


def test_migration_from_v1_keeps_everything():
    path = paths.data_dir() / "reader.db"
    _make_v1(path)
    with Store() as s:
        assert s.schema_version == SCHEMA_VERSION == 3
        assert s.known_lemmas() == frozenset({"Haus"})
        assert s.saved_entries("doc") == [noun()]
        assert s.position("doc#abc") == (1, 7)
        row = s.db.execute("SELECT context, updated FROM saved").fetchone()
        assert row == ("Er traf seinen Amtskollege.", 100.0)
        # The new columns and index work.
        s.save_entry(noun("Abgeordnete"), "doc")
        assert len(s.saved_entries("doc")) == 2
        assert s.integrity_check() == "ok"
    # The pre-migration file was kept aside, still at version 1.
    backup = path.with_name("reader.db.v1-backup")
    assert backup.is_file()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    old.close()
    with Store() as s:  # opening again migrates nothing and loses nothing
        assert len(s.saved_entries("doc")) == 2


def test_newer_schema_is_refused_not_touched():
    path = paths.data_dir() / "reader.db"
    _make_v1(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer reader"):
        Store()
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM saved").fetchone()[0] == 1
    db.close()


# -- concurrency -------------------------------------------------------------------------


def _writer(db_path: str, name: str, start, n: int) -> None:
    s = Store(Path(db_path))
    start.wait()
    for i in range(n):
        s.set_status(f"{name}-{i}", "learning")
        s.save_entry(noun(f"Wort{i}", translations=(name,)), "shared")
        s.save_entry(noun(f"{name}{i}"), name)
        s.set_position("doc", i, i)
    s.close()


def test_two_processes_lose_no_update(tmp_path):
    db_path = paths.data_dir() / "reader.db"
    Store(db_path).close()
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    start = ctx.Event()
    n = 60
    procs = [
        ctx.Process(target=_writer, args=(str(db_path), name, start, n))
        for name in ("alpha", "beta")
    ]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join()
    assert [p.exitcode for p in procs] == [0, 0]
    with Store(db_path) as s:
        statuses = s.statuses()
        assert len(statuses) == 2 * n
        assert len(s.saved_entries("alpha")) == n
        assert len(s.saved_entries("beta")) == n
        shared = s.saved_entries("shared")
        assert sorted(e.lemma for e in shared) == sorted(f"Wort{i}" for i in range(n))
        assert s.position("doc") == (n - 1, n - 1)
        assert s.integrity_check() == "ok"


def test_two_instances_in_one_process_interleave():
    a, b = Store(), Store()
    for i in range(20):
        a.set_status(f"a{i}", "known")
        b.set_status(f"b{i}", "known")
        a.save_entry(noun(f"X{i}"), "doc")
        b.save_entry(noun(f"X{i}", count=2), "doc")
    assert len(a.known_lemmas()) == 40
    assert all(e.count == 2 for e in a.saved_entries("doc"))
    a.close()
    b.close()


# -- damage ------------------------------------------------------------------------------


def test_garbage_file_is_kept_aside_and_a_fresh_store_started():
    path = paths.data_dir() / "reader.db"
    path.parent.mkdir(parents=True)
    garbage = os.urandom(8192)
    path.write_bytes(garbage)
    with Store() as s:
        assert len(s.warnings) == 1
        assert "damaged" in s.warnings[0] and "corrupt-" in s.warnings[0]
        s.set_status("Haus", "known")
        assert s.known_lemmas() == frozenset({"Haus"})
    backups = list(path.parent.glob("reader.db.corrupt-*"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == garbage  # never wiped
    with Store() as s:
        assert s.warnings == []


def test_damaged_pages_are_detected_and_kept():
    path = paths.data_dir() / "reader.db"
    with Store() as s:
        for i in range(300):
            s.save_entry(noun(f"Wort{i}", definition="x" * 200), "doc")
    with sqlite3.connect(path) as db:  # fold the WAL into the main file
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = bytearray(path.read_bytes())
    page = 4096
    assert len(raw) > 6 * page
    raw[2 * page : 5 * page] = os.urandom(3 * page)  # smash b-tree pages, keep the header
    path.write_bytes(bytes(raw))
    with Store() as s:
        assert s.warnings and "damaged" in s.warnings[0]
        assert s.saved_entries() == []
    backups = [
        b for b in path.parent.glob("reader.db.corrupt-*") if not b.name.endswith(("-wal", "-shm"))
    ]
    assert [b.read_bytes() for b in backups] == [bytes(raw)]


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory permissions"
)
def test_read_only_data_dir_is_a_clear_error():
    folder = paths.data_dir()
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="read-only"):
            Store()
    finally:
        folder.chmod(0o700)


def test_read_only_data_dir_is_a_clear_error_even_for_root(monkeypatch):
    # Root bypasses permission bits, so simulate what a read-only mount reports.
    monkeypatch.setattr(store_mod.os, "access", lambda *a, **k: False)
    with pytest.raises(StoreError, match="read-only.*READER_HOME"):
        Store()


def test_data_dir_that_is_a_file_is_a_clear_error(reader_home):
    reader_home.mkdir(parents=True)
    (reader_home / "data").write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the data directory"):
        Store()


def test_read_only_error_from_sqlite_is_a_store_error(tmp_path):
    with Store() as s:
        s.set_status("Haus", "known")
        # Reopen the connection read-only: SQLite's own refusal must become a StoreError.
        s._db.close()
        s._db = sqlite3.connect(
            f"file:{s.path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )
        with pytest.raises(StoreError, match="cannot be written"):
            s.set_status("Baum", "known")
        assert s.status("Haus") == "known"


# -- kill -9 -----------------------------------------------------------------------------

SAVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from reader.core.entry import GlossaryEntry
    from reader.core.store import Store
    s = Store(Path(sys.argv[1]))
    i = 0
    while True:
        e = GlossaryEntry(word=f"Wort{i}", lemma=f"Wort{i}", pos="NOUN", article="das",
                          definition="ein Wort " * 50, example="Ein Wort.")
        s.save_entry(e, "doc")
        s.set_status(f"Wort{i}", "learning")
        s.set_position("doc", i, i)
        print(i, flush=True)
        i += 1
""")


@pytest.mark.parametrize("after", [5, 40, 120])
def test_kill_9_during_saves_leaves_a_sound_database(tmp_path, after):
    db_path = paths.data_dir() / "reader.db"
    Store(db_path).close()
    script = tmp_path / "saver.py"
    script.write_text(SAVER)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(db_path), str(ROOT)], stdout=subprocess.PIPE, text=True
    )
    done = -1
    assert proc.stdout is not None
    for line in proc.stdout:
        done = int(line)
        if done >= after:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with Store(db_path) as s:
        assert s.warnings == []
        assert s.integrity_check() == "ok"
        saved = s.saved_entries("doc")
        # Every save the writer reported as done is there (synchronous=FULL, WAL).
        assert len(saved) >= done + 1
        assert {f"Wort{i}" for i in range(done + 1)} <= {e.lemma for e in saved}
        section, _ = s.position("doc")
        assert section >= done
