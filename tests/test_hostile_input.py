"""The second hostile-input round (issue 15): nothing injected, nothing silently lost,
never frozen. Each test is one class of attack, checked at its root."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core import cache, export, leftovers
from reader.core import dictionary as dic
from reader.core.dictionary import registry
from reader.core.dictionary.index import build_index, sweep_imports
from reader.core.dictionary.tabfile import parse as parse_tab
from reader.core.document import MAX_BYTES, load, load_text
from reader.core.text import json_inert, safe_for_terminal, sanitize, terminal_text
from reader.errors import DictionaryError, InputError

ROOT = Path(__file__).resolve().parent.parent
READER = Path(sys.executable).with_name("reader")
PARAGRAPHS = "\n\n".join(f"Absatz {n} erzählt von der Straße." for n in range(50))
EVIL = "\x1b]52;c;SE9TVElMRQ==\x07\x1b]0;HOSTILE\x07\x1b[5m\x1b]8;;http://evil.example/\x1b\\"
# what a terminal acts on: ESC, BEL, C1 controls, DEL
TERMINAL_CONTROLS = {chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]}


def _inert(text: str) -> bool:
    return not (set(text) & TERMINAL_CONTROLS)


@pytest.fixture
def no_auto_dictionaries(monkeypatch):
    monkeypatch.setattr(registry, "DEBIAN_DING", Path("/nonexistent/de-en"))
    monkeypatch.setattr(registry, "_wiktionary_file", lambda: None)
    dic.reset_default()
    yield
    dic.reset_default()


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _age(path: Path, seconds: float = 120.0) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


# -- 1, 2: one sanitiser, and a stray introducer never eats the text --------------------


@pytest.mark.parametrize(
    "introducer",
    ["\x1b]", "\x1bP", "\x1bX", "\x1b^", "\x1b_", "\x90", "\x98", "\x9d", "\x9e", "\x9f"],
)
def test_an_unterminated_sequence_or_lone_c1_keeps_the_rest_of_the_text(introducer):
    text = sanitize(f"Vorwort{introducer}0;Titel\n\n{PARAGRAPHS}")
    assert text.count("Absatz") == 50
    assert "Vorwort" in text and _inert(text)
    doc = load_text(f"Ein Vorwort.{introducer}\n\n{PARAGRAPHS}".encode())
    assert len(doc.paragraphs) == 51


def test_terminated_sequences_are_removed_whole():
    text = sanitize(f"Zorbelwicht {EVIL}goblin\x1b]8;;\x1b\\ und \x1bP1$r0m\x1b\\ fertig")
    assert text == "Zorbelwicht goblin und  fertig"


def test_safe_for_terminal_covers_file_names_and_one_line_fields():
    name = os.fsdecode(b"\xff\x1b]0;x\x07na\tme\n.txt")
    shown = safe_for_terminal(name)
    assert shown == "\\xffna me .txt"
    shown.encode("utf-8")  # printable on any UTF-8 terminal: no lone surrogates
    rendered = terminal_text(f"Wort{EVIL}").plain
    assert rendered == "Wort" and _inert(rendered)


def test_json_inert_escapes_c1_controls_but_keeps_the_data():
    raw = json.dumps({"gloss": "a\x9b31mb\u2028c"}, ensure_ascii=False)
    safe = json_inert(raw)
    assert _inert(safe) and "\u2028" not in safe
    assert json.loads(safe) == json.loads(raw)


def test_the_json_export_holds_no_raw_c1_controls(tmp_path):
    from reader.core.entry import GlossaryEntry

    entry = GlossaryEntry(word="Wort", lemma="Wort", pos="NOUN", translations=("a\x9d0;T\x9cb",))
    data = export.render_json([entry], "Titel\x85", None).decode("utf-8")
    assert _inert(data)
    assert json.loads(data)["entries"][0]["translations"] == ["a\x9d0;T\x9cb"]


def test_llm_answers_pass_the_sanitiser():
    from reader.core.llm import answer_sentences

    answer = f"Zusammenfassung: Der Hund{EVIL} bellt. Die Katze\x9d schläft."
    sentences = answer_sentences(answer, 3)
    assert sentences == ("Der Hund bellt.", "Die Katze schläft.")


# -- 3: decoding keeps UTF-8 where it is UTF-8 ------------------------------------------


def test_one_invalid_byte_does_not_turn_utf8_into_mojibake():
    doc = load_text(
        "Über die Größe der Straße.\n\nEin Byte \xff hier.\n".encode("latin-1").replace(
            b"\xdcber die Gr\xf6\xdfe der Stra\xdfe", "Über die Größe der Straße".encode()
        )
    )
    assert doc.paragraphs[0].text == "Über die Größe der Straße."
    assert doc.encoding == "utf-8"
    assert any("1 byte was not UTF-8" in w and "line 3" in w for w in doc.warnings)


def test_a_file_half_utf8_half_latin1_keeps_both_halves():
    data = "Über die Größe.\n\n".encode() + "Die Größe der Straße.\n".encode("latin-1")
    doc = load_text(data)
    assert [p.text for p in doc.paragraphs] == ["Über die Größe.", "Die Größe der Straße."]
    assert any("not UTF-8" in w for w in doc.warnings)


def test_a_pure_latin1_file_is_still_cp1252_without_a_warning():
    doc = load_text("Die Größe der Straße „hier“.\n".encode("cp1252"))
    assert doc.encoding == "cp1252" and doc.paragraphs[0].text == "Die Größe der Straße „hier“."
    assert not any("UTF-8" in w for w in doc.warnings)


def test_utf32_with_bom_and_invisible_only_files():
    doc = load_text("\ufeffDer Hund bellt.\n".encode("utf-32"))
    assert doc.paragraphs[0].text == "Der Hund bellt." and doc.encoding == "utf-32"
    with pytest.raises(InputError, match="only whitespace or invisible"):
        load_text("\u00a0\u200b\ufeff\u200b\n".encode())


# -- 5: bounded reads, each input once, never frozen ------------------------------------


def test_dev_zero_and_urandom_are_refused_after_a_bounded_read():
    for device in ("/dev/zero", "/dev/urandom"):
        with pytest.raises(InputError, match="binary file"):
            load(device)


def test_a_pipe_is_read_once_and_bounded(tmp_path):
    read, write = os.pipe()
    text = "Der Hund bellt laut.\n\nDie Katze schläft.\n".encode()
    feeder = threading.Thread(target=lambda: (os.write(write, text), os.close(write)))
    feeder.start()
    try:
        doc = load(f"/dev/fd/{read}")
    finally:
        feeder.join()
        os.close(read)
    assert len(doc.paragraphs) == 2


def test_a_pipe_bigger_than_the_limit_is_refused():
    read, write = os.pipe()

    def feed() -> None:
        chunk = b"Wort " * 200_000
        try:
            for _ in range(MAX_BYTES // len(chunk) + 2):
                os.write(write, chunk)
        except BrokenPipeError:
            pass
        finally:
            os.close(write)

    feeder = threading.Thread(target=feed)
    feeder.start()
    try:
        with pytest.raises(InputError, match="too large"):
            load(f"/dev/fd/{read}")
    finally:
        os.close(read)
        feeder.join()


def test_a_fifo_nobody_writes_to_is_an_error_not_a_hang(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    code = "from reader.core.document import load\ntry:\n load(%r)\nexcept Exception as e: print(e)"
    out = subprocess.run(
        [sys.executable, "-c", code % str(fifo)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert "nothing was written to this pipe" in out.stdout


def _cli(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        **kwargs,
    )


def test_analyze_of_process_substitution_reads_it_once(tmp_path):
    read, write = os.pipe()
    os.write(write, "Der Hund bellt laut.\n\nDie Katze schläft.\n".encode())
    os.close(write)
    try:
        out = _cli("analyze", f"/dev/fd/{read}", "--json", pass_fds=(read,))
    finally:
        os.close(read)
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["sections"][0]["paragraphs"]) == 2


def test_tag_from_dev_zero_ends_with_one_line():
    with open("/dev/zero", "rb") as zero:
        out = _cli("tag", stdin=zero)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "longer than" in out.stderr


def test_a_line_of_huge_words_is_searched_on_bounded_tails(monkeypatch):
    from reader.core.nlp import hanta_fast
    from reader.core.nlp.tagger import hanta

    seen: list[int] = []
    search = hanta_fast._search

    def counting(tb, word, follow, strict):
        seen.append(len(word))
        return search(tb, word, follow, strict)

    monkeypatch.setattr(hanta_fast, "_search", counting)
    tagger = hanta()
    tb = hanta_fast.tables(tagger)
    word = "zorbel" * 700  # 4,200 letters
    forward = hanta_fast.analyze_forward(tb, word)
    assert forward and max(seen) <= hanta_fast.LONG_WORD
    segments = hanta_fast.analyze_viterbi(tb, word, forward[0][0])
    assert segments[-1][1] >= len(word)  # positions refer to the whole word
    assert max(seen) <= hanta_fast.LONG_WORD


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        out += [int(x) for x in task.read_text().split()]
    return out


def _analyse_with_two_workers(
    tmp_path: Path, act: Callable[[int, list[int]], None]
) -> tuple[int, str]:
    """Run ``reader analyze --jobs 2`` on a long text in its own session, call
    ``act(pid, workers)`` once both workers exist, and return (exit status, stderr)."""
    text = tmp_path / "lang.txt"
    text.write_text(
        "\n\n".join(f"Der Hund {n} lief über die Straße und bellte." * 40 for n in range(300)),
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "analyze", str(text), "--jobs", "2", "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        while len(_children(proc.pid)) < 2 and proc.poll() is None:
            time.sleep(0.01)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        act(proc.pid, _children(proc.pid))
        _, err = proc.communicate(timeout=120)  # a guard against a hang only
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode, err


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_ctrl_c_while_jobs_start_their_workers_exits_cleanly(tmp_path):
    # what the terminal does on Ctrl-C: SIGINT to the whole process group
    status, err = _analyse_with_two_workers(
        tmp_path, lambda pid, workers: os.killpg(pid, signal.SIGINT)
    )
    assert status == 130
    assert "Traceback" not in err and "InvalidStateError" not in err


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_a_worker_killed_mid_analysis_is_one_line_not_a_bug_report(tmp_path):
    # as the out-of-memory killer does
    status, err = _analyse_with_two_workers(
        tmp_path, lambda pid, workers: os.kill(workers[0], signal.SIGKILL)
    )
    assert status == 1
    assert err.count("\n") == 1 and "worker process ended abruptly" in err, err
    assert "a bug" not in err and "Traceback" not in err


def _nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_an_interrupted_pool_has_ended_its_threads_when_the_interrupt_goes_on():
    """The hang behind Ctrl-C with ``--jobs``: a future cancelled while the pool marks it
    broken kills the pool's manager thread, whose call queue then blocks the exit."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import _ExecutorManagerThread

    from reader.core import batch

    died: list = []
    previous = threading.excepthook
    threading.excepthook = died.append
    try:
        with pytest.raises(KeyboardInterrupt):
            with batch._stopping(ProcessPoolExecutor(max_workers=2)) as pool:
                for n, _ in enumerate(pool.map(_nap, [0.05] * 40)):
                    if n == 1:
                        raise KeyboardInterrupt
    finally:
        threading.excepthook = previous
    assert died == []
    left = [t for t in threading.enumerate() if t.is_alive()]
    assert not [t for t in left if isinstance(t, _ExecutorManagerThread)]
    assert not [t for t in left if t.name == "QueueFeederThread"]


# -- 7: losses and leaks ----------------------------------------------------------------


def test_two_dictionaries_with_the_same_file_name_both_stay(tmp_path, no_auto_dictionaries):
    for folder, line in (("a", "Hund\tdog\n"), ("b", "Katze\tcat\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "words.tab").write_text(line, encoding="utf-8")
        dic.import_dictionary(tmp_path / folder / "words.tab")
    dic.import_dictionary(tmp_path / "a" / "words.tab")  # again: replaces only its own copy
    dicts = dic.default_dictionaries(auto=False)
    assert [h.glosses for h in dicts.translations("Hund")] == [("dog",)]
    assert [h.glosses for h in dicts.translations("Katze")] == [("cat",)]
    assert len(registry.registered()) == 2


def test_dictionary_text_is_sanitised_at_import_and_on_output(
    tmp_path, capsys, no_auto_dictionaries
):
    from reader.cli import main

    evil = tmp_path / "evil.ding"
    evil.write_text(f"Zorbelwicht {{m}} :: {EVIL}goblin\n", encoding="utf-8")
    assert main(["dict", "add", str(evil), "--format", "ding", "--name", "[/x]\x1b]0;T\x07"]) == 0
    capsys.readouterr()
    assert main(["dict", "lookup", "Zorbelwicht"]) == 0
    out = capsys.readouterr().out
    assert _inert(out) and "goblin" in out and out.count("\t") == 3
    assert main(["dict", "list"]) == 0
    assert _inert(capsys.readouterr().out)


def test_old_indexes_holding_raw_escapes_are_cleaned_on_lookup(tmp_path):
    target = tmp_path / "old.sqlite"
    source = tmp_path / "w.tab"
    source.write_text("Hund\tdog\n", encoding="utf-8")
    build_index(source, target, parse_tab, {"name": "old", "lang": "en"})
    con = sqlite3.connect(target)
    con.execute("UPDATE entries SET glosses = ?", (f"dog{EVIL}",))
    con.commit()
    con.close()
    hit = dic.Index(target).lookup("Hund")[0]
    assert hit.glosses == ("dog",)


def test_two_instances_creating_a_new_store_at_once_both_open(tmp_path):
    code = (
        "import sys, time\nfrom reader.core.store import Store\n"
        "start = float(sys.argv[2])\nwhile time.time() < start: pass\n"
        "Store(sys.argv[1]).close()\nprint('ok')"
    )
    for round_ in range(5):
        path = tmp_path / f"r{round_}" / "reader.db"
        start = str(time.time() + 1.5)
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", code, str(path), start],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=dict(os.environ, PYTHONPATH=str(ROOT)),
            )
            for _ in range(4)
        ]
        results = [p.communicate(timeout=120) for p in procs]
        for out, err in results:
            assert out.strip() == "ok", err


def test_the_cache_never_lends_another_files_identity(tmp_path):
    from reader.core.batch import analyse_cached

    text = "Über die Größe der Straße.\n\nDer Hund bellt laut.\n"
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(text.encode("utf-8"))
    b.write_bytes(text.encode("cp1252"))
    first = analyse_cached(load(a))
    second = analyse_cached(load(b))
    assert first.source == str(a) and second.source == str(b)
    assert second.encoding == "cp1252"
    assert cache.load(load(b), first.pipeline) is not None  # it was a cache hit


def _forge(path: Path, mutate) -> None:
    """Rewrite a cache entry with ``mutate`` applied to its first block, checksums fixed."""
    raw = path.read_bytes()
    magic = b"reader-article\n"
    header, _, rest = raw[len(magic) :].partition(b"\n")
    key, _, length = header.decode().split(" ")
    contents = json.loads(zlib.decompress(rest[: int(length)]))
    body = rest[int(length) :]
    first, count, start, size, _ = contents["blocks"][0]
    block = json.loads(zlib.decompress(body[start : start + size]))
    mutate(block)
    packed = zlib.compress(json.dumps(block, ensure_ascii=False).encode())
    body = body[:start] + packed + body[start + size :]
    import hashlib

    contents["blocks"][0] = [first, count, start, len(packed), hashlib.sha256(packed).hexdigest()]
    shift = len(packed) - size
    for entry in contents["blocks"][1:]:
        entry[2] += shift
    packed_contents = zlib.compress(json.dumps(contents, ensure_ascii=False).encode())
    digest = hashlib.sha256(packed_contents).hexdigest()
    path.write_bytes(
        magic + f"{key} {digest} {len(packed_contents)}\n".encode() + packed_contents + body
    )


def test_a_forged_cache_entry_is_not_trusted(tmp_path):
    from reader.core.batch import analyse_cached

    f = tmp_path / "a.txt"
    f.write_text("Der Hund bellt laut.\n", encoding="utf-8")
    document = load(f)
    article = analyse_cached(document)
    path = cache.store(document, article)
    assert path is not None and cache.load(document, article.pipeline) is not None

    def evil_lemma(block):
        block[0][4][0][1] = f"Hund{EVIL}"

    _forge(path, evil_lemma)
    assert cache.load(document, article.pipeline) is None

    cache.store(document, article)

    def wrong_token(block):
        block[0][4][0][0] = "Katze"

    _forge(path, wrong_token)
    assert cache.load(document, article.pipeline) is None


def test_an_interrupted_import_leaves_no_tmp_file(tmp_path):
    folder = tmp_path / "dicts"
    folder.mkdir()
    stale = folder / f"words-pid{_dead_pid()}-abc.tmp"
    stale.write_bytes(b"x" * 1000)
    _age(stale)
    live = folder / f"words{leftovers.tag()}def.tmp"
    live.write_bytes(b"y")
    sweep_imports(folder)
    assert not stale.exists() and live.exists()


def test_quitting_during_an_import_removes_its_tmp_file(tmp_path):
    # The app imports in a worker thread; quitting ends the process while it runs.
    source = tmp_path / "big.tab"
    source.write_text("".join(f"Wort{n}\tword {n}\n" for n in range(2000)), encoding="utf-8")
    folder = tmp_path / "dicts"
    code = f"""
import threading, time
from pathlib import Path
from reader.core.dictionary.index import build_index
from reader.core.dictionary.tabfile import parse
started = threading.Event()
def slow(lines):
    for record in parse(lines):
        started.set()
        time.sleep(0.01)
        yield record
target = Path({str(folder / "w.sqlite")!r})
threading.Thread(target=build_index, daemon=True,
                 args=(Path({str(source)!r}), target, slow, {{}})).start()
started.wait()
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert out.returncode == 0, out.stderr
    assert list(folder.glob("*.tmp")) == []


def test_killed_exports_leave_nothing_behind_for_ever(tmp_path):
    import tempfile

    from reader.core.entry import GlossaryEntry

    dead = _dead_pid()
    tmp_file = tmp_path / f".old.csv-pid{dead}-x1.reader-tmp"
    tmp_file.write_text("half")
    _age(tmp_file)
    scratch = Path(tempfile.gettempdir()) / f"reader-apkg-pid{dead}-zz{os.getpid()}"
    scratch.mkdir()
    (scratch / "collection.anki2").write_bytes(b"x")
    _age(scratch / "collection.anki2")
    _age(scratch)
    entry = GlossaryEntry(word="Hund", lemma="Hund", pos="NOUN", translations=("dog",))
    export.export_entries([entry], "anki", tmp_path / "new.apkg")
    assert not tmp_file.exists()
    assert not scratch.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["new.apkg"]


def test_an_unreadable_saved_entry_is_reported(tmp_path):
    from reader.core.store import Store

    store = Store(tmp_path / "reader.db")
    store.db.execute(
        "INSERT INTO saved (lemma, source, entry, created) VALUES (?, ?, ?, ?)",
        ("Hund", "s", json.dumps({"lemma": "Hund", "compound": ["kaputt"]}), 1.0),
    )
    store.db.execute(
        "INSERT INTO saved (lemma, source, entry, created) VALUES (?, ?, ?, ?)",
        ("Katze", "s", "{not json", 2.0),
    )
    assert store.saved_entries("s") == []
    warnings = store.take_warnings()
    assert len(warnings) == 2 and all("skipped" in w for w in warnings)
    assert store.take_warnings() == []
    store.close()


def test_error_messages_never_carry_raw_escapes(tmp_path, capsys):
    from reader.cli import main

    name = str(tmp_path / "b\x1b]0;HOSTILE\x07\x9b5m.txt")
    assert main(["analyze", name]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and _inert(err) and "HOSTILE" not in err
    with pytest.raises(DictionaryError) as info:
        dic.import_dictionary(tmp_path / "x\x1b[5m.tab")
    assert _inert(str(info.value))


def test_saved_entries_with_raw_escapes_are_sanitised_on_read(tmp_path):
    from reader.core.store import Store

    store = Store(tmp_path / "reader.db")
    entry = {
        "word": "Hund",
        "lemma": "Hund",
        "pos": "NOUN",
        "translations": [f"dog{EVIL}"],
        "compound": [{"text": "Hu\x1b[5mnd", "gloss": "x\x9d0;T\x07"}],
        "extra": {"section": "Kapitel\x1b]0;T\x07 1"},
    }
    store.db.execute(
        "INSERT INTO saved (lemma, source, entry, created) VALUES (?, ?, ?, ?)",
        ("Hund", "s", json.dumps(entry), 1.0),
    )
    (read,) = store.saved_entries("s")
    assert read.translations == ("dog",)
    assert read.compound[0].text == "Hund" and _inert(read.compound[0].gloss)
    assert read.extra == {"section": "Kapitel 1"}
    store.close()


def test_a_forged_hanta_memo_is_not_trusted(tmp_path):
    from reader.core.nlp.hanta_store import read_persistent_memo, write_persistent_memo

    path = tmp_path / "memo"
    assert write_persistent_memo(path, {"hund": [[1, -0.5]]}, {("hund", 1): ("Hund", "NN")})
    assert read_persistent_memo(path)[1] == {("hund", 1): ("Hund", "NN")}
    forged = {("hund", 1): (f"Hund{EVIL}", "NN")}
    assert write_persistent_memo(path, {"hund": [[1, -0.5]]}, forged)
    assert read_persistent_memo(path) == ({}, {})


def test_a_hanta_memo_that_cannot_be_written_leaves_no_half_behind(tmp_path):
    from reader.core.nlp.hanta_store import write_persistent_memo

    path = tmp_path / "memo"
    path.mkdir()  # the rename into place fails, as on a full disk the write does
    (path / "in the way").write_text("x")
    assert not write_persistent_memo(path, {"hund": [[1, -0.5]]}, {})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo"]


def test_a_dictionary_line_of_megabytes_is_skipped_and_counted(tmp_path):
    source = tmp_path / "long.tab"
    source.write_text("Hund\tdog\n" + "x" * 3_000_000 + "\tjunk\nKatze\tcat\n", encoding="utf-8")
    stats = build_index(source, tmp_path / "long.sqlite", parse_tab, {"name": "l", "lang": "en"})
    assert (stats.entries, stats.malformed) == (2, 1)


def test_killed_cache_writes_are_swept(tmp_path):
    from reader.core.batch import analyse_cached
    from reader.paths import cache_dir

    folder = cache_dir() / "articles"
    folder.mkdir(parents=True)
    stale = folder / f"-pid{_dead_pid()}-abc.tmp"
    stale.write_bytes(b"half an entry")
    _age(stale)
    f = tmp_path / "a.txt"
    f.write_text("Der Hund bellt laut.\n", encoding="utf-8")
    analyse_cached(load(f))
    assert not stale.exists()


def test_lone_surrogates_from_json_or_file_names_never_break_an_import(
    tmp_path, capsys, no_auto_dictionaries
):
    from reader.cli import main

    source = tmp_path / "s.jsonl"
    source.write_text(
        '{"word": "Hund\\ud800", "pos": "noun", "senses": [{"glosses": ["dog\\udc00"]}]}\n',
        encoding="utf-8",
    )
    assert main(["dict", "add", str(source)]) == 0
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/\xff.tab"))
    odd.write_text("Katze\tcat\n", encoding="utf-8")
    assert main(["dict", "add", str(odd)]) == 0
    capsys.readouterr()
    assert main(["dict", "lookup", "Hund"]) == 0 and main(["dict", "list"]) == 0
    out = capsys.readouterr().out
    out.encode("utf-8")  # printable
    assert "Hund\tNOUN\tdog" in out and "\\xff" in out


def test_a_full_disk_during_an_import_is_one_line_and_leaves_nothing(tmp_path):
    source = tmp_path / "big.tab"
    source.write_text("".join(f"Wort{n}\tword {n}\n" for n in range(50_000)), encoding="utf-8")
    folder = tmp_path / "dicts"
    code = f"""
import resource, signal, sys
from pathlib import Path
from reader.core.dictionary.index import build_index
from reader.core.dictionary.tabfile import parse
from reader.errors import ReaderError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail like a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))
try:
    build_index(Path({str(source)!r}), Path({str(folder / "w.sqlite")!r}), parse, {{}})
except ReaderError as exc:
    print("error:", exc)
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert out.stdout.startswith("error: cannot import")
    assert list(folder.iterdir()) == []
