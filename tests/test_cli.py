"""The whole program through its command line, in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

READER = [sys.executable, "-m", "reader"]


def run(args, tmp_path, stdin: str | None = None, **kw):
    env = {**os.environ, "READER_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    return subprocess.run(
        READER + args,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        **kw,
    )


def test_no_arguments_prints_usage(tmp_path):
    r = run([], tmp_path)
    assert r.returncode == 0 and "usage: reader FILE" in r.stdout


def test_analyze_json_shape(tmp_path):
    r = run(["analyze", str(SEED), "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["source"].endswith("000.txt") and data["pipeline"]
    assert [s["heading"] for s in data["sections"]][
        1
    ] == "Eine vereinte Front gegen den Terrorismus"
    para = data["sections"][0]["paragraphs"][0]
    for tok in para["tokens"]:
        assert set(tok) >= {"text", "lemma", "pos", "tag", "start", "end", "zipf", "band", "rare"}
        assert para["text"][tok["start"] : tok["end"]] == tok["text"]
    for ent in para["entities"]:
        assert ent["label"] in {"PER", "LOC", "ORG", "MISC"}
        assert para["text"][ent["start"] : ent["end"]] == ent["text"]
    rare = {w["lemma"] for s in data["sections"] for p in s["paragraphs"] for w in p["rare_words"]}
    assert {"Terrorismusbekämpfung", "Konzertstätte", "Amtskollege"} <= rare


def test_analyze_level_changes_rare_words(tmp_path):
    def count(level):
        r = run(["analyze", str(SEED), "--json", "--level", level], tmp_path)
        data = json.loads(r.stdout)
        return sum(len(p["rare_words"]) for s in data["sections"] for p in s["paragraphs"])

    assert count("A2") > count("B1") > count("C1")


def test_analyze_readable_overview_shows_text_literally(tmp_path):
    article = tmp_path / "markup.txt"
    article.write_text(
        "Der Text enthält [bold red]Markup[/] und bleibt lesbar.\n", encoding="utf-8"
    )
    r = run(["analyze", str(article)], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "[bold red]Markup[/]" in r.stdout


def test_tag_outputs_five_columns_and_keeps_structure(tmp_path):
    text = (
        "# doc 1\nNach\nMonaten\nnahmen\nsie\nKontakt\nauf\n.\n\nSie\nkam\n.\n\n"
        "# doc 2\n# second comment line\nPlatz\n#\n1\n"
    )
    r = run(["tag"], tmp_path, stdin=text)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.split("\n")
    assert lines[0] == "# doc 1" and lines[13] == "# doc 2"
    assert lines[14] == "# second comment line"  # comment block before a sentence
    assert lines[8] == "" and lines[12] == ""
    assert lines[16].split("\t")[0] == "#" and len(lines[16].split("\t")) == 5  # a token
    cols = lines[3].split("\t")
    assert cols == ["nahmen", "nehmen", "VERB", "VVFIN", "O"]
    assert all(len(line.split("\t")) == 5 for line in lines if line and not line.startswith("# "))


def test_tag_reads_a_file_too(tmp_path):
    f = tmp_path / "tokens.txt"
    f.write_text("Moskau\nist\ngroß\n.\n", encoding="utf-8")
    r = run(["tag", str(f)], tmp_path)
    assert r.returncode == 0 and r.stdout.splitlines()[0].startswith("Moskau\tMoskau\tPROPN\tNE\t")


def _bad_files(tmp_path: Path) -> dict[str, list[str]]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n \t\n")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "undecodable.txt").write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 50)
    return {
        "missing": ["analyze", str(tmp_path / "missing.txt")],
        "directory": ["analyze", str(tmp_path)],
        "empty": ["analyze", str(tmp_path / "empty.txt")],
        "whitespace": ["analyze", str(tmp_path / "blank.txt")],
        "binary": ["analyze", str(tmp_path / "binary.bin")],
        "undecodable": ["analyze", str(tmp_path / "undecodable.txt")],
        "level": ["analyze", str(SEED), "--level", "Z9"],
        "model": ["analyze", str(SEED), "--model", "de_no_such_pipeline"],
        "option": ["analyze", str(SEED), "--frobnicate"],
        "app-missing": [str(tmp_path / "missing.txt")],
        "tag-missing": ["tag", str(tmp_path / "missing.txt")],
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "directory",
        "empty",
        "whitespace",
        "binary",
        "undecodable",
        "level",
        "model",
        "option",
        "app-missing",
        "tag-missing",
    ],
)
def test_errors_are_one_line_and_exit_2(tmp_path, case):
    r = run(_bad_files(tmp_path)[case], tmp_path)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: "), r.stderr


def test_console_script_is_installed():
    exe = Path(sys.executable).with_name("reader")
    assert exe.exists(), "pip install -e . installs the 'reader' console script"


# -- issue 14 item 16 / issue 15 item 6: every error path is one line ---------------------


def _one_line(r, code: int) -> str:
    """The single stderr line of a failed run (asserting there is exactly one)."""
    assert r.returncode == code, (r.returncode, r.stdout[-500:], r.stderr[-2000:])
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: "), r.stderr
    return lines[0]


def sh(script: str, tmp_path, *args: str, stdin: bytes | None = None, **kw):
    """Run ``reader`` through /bin/sh, for redirections subprocess cannot express (<&-)."""
    if not Path("/bin/sh").exists():
        pytest.skip("no /bin/sh for the redirections <&- and >&-")
    env = {**os.environ, "READER_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    return subprocess.run(
        ["/bin/sh", "-c", script, sys.executable, *args],  # "$0" is Python
        input=stdin,
        capture_output=True,
        env=env,
        cwd=ROOT,
        **{"timeout": 300, **kw},
    )


class _Decoded:
    """A CompletedProcess with bytes, seen as text by ``_one_line``."""

    def __init__(self, r) -> None:
        self.returncode = r.returncode
        self.stdout = r.stdout.decode("utf-8", "replace")
        self.stderr = r.stderr.decode("utf-8", "replace")


def test_unknown_option_is_named_in_one_line(tmp_path):
    line = _one_line(run(["--bogus"], tmp_path), 2)
    assert "--bogus" in line and "required" not in line


def test_missing_file_argument_and_misspelt_command(tmp_path):
    assert "missing FILE" in _one_line(run(["--level", "B1"], tmp_path), 2)
    assert "did you mean analyze" in _one_line(run(["anlyze", str(SEED)], tmp_path), 2)


def test_help_lists_every_subcommand(tmp_path):
    r = run(["--help"], tmp_path)
    assert r.returncode == 0
    for usage in (
        "reader analyze FILE",
        "reader tag",
        "reader export FILE",
        "reader dict add",
        "reader dict list",
        "reader dict lookup WORD",
    ):
        assert usage in r.stdout, usage


def test_a_subcommand_is_one_entry_in_the_table(monkeypatch, capsys):
    from reader import cli

    extra = cli.Command("hello", "tests.test_cli:_hello", ("hello NAME",), "says hello")
    monkeypatch.setattr(cli, "COMMANDS", (*cli.COMMANDS, extra))
    assert "reader hello NAME" in cli.usage() and "says hello" in cli.usage()
    assert cli.main(["hello", "Welt"]) == 0
    assert capsys.readouterr().out == "Hallo Welt\n"


def _hello(argv) -> int:
    sys.stdout.write(f"Hallo {argv[0]}\n")
    return 0


def test_export_refuses_a_suffix_of_another_format(tmp_path):
    r = run(["export", str(SEED), "--format", "csv", "-o", str(tmp_path / "b.json")], tmp_path)
    line = _one_line(r, 2)
    assert "b.json" in line and "--format json" in line
    assert not (tmp_path / "b.json").exists()


def test_export_takes_the_format_from_the_suffix(tmp_path, monkeypatch):
    from reader.core.entry import GlossaryEntry
    from reader.core.store import Store, source_id

    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    with Store() as store:
        store.save_entry(
            GlossaryEntry(word="Konzertstätte", lemma="Konzertstätte", pos="NOUN"), source_id(SEED)
        )
    r = run(["export", str(SEED), "-o", str(tmp_path / "words.json")], tmp_path)
    assert r.returncode == 0, r.stderr
    data = json.loads((tmp_path / "words.json").read_text("utf-8"))
    assert "Konzertstätte" in json.dumps(data, ensure_ascii=False)
    assert "--format" in _one_line(run(["export", str(SEED)], tmp_path), 2)


def test_app_without_a_terminal_fails_at_once(tmp_path):
    """``reader FILE > out.txt`` used to start the full-screen app and hang."""
    r = subprocess.run(
        READER + [str(SEED)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "READER_HOME": str(tmp_path / "home")},
    )
    assert "reader analyze" in _one_line(r, 2)
    assert r.stdout == ""


def test_app_with_stdin_closed_fails_at_once(tmp_path):
    r = _Decoded(sh('"$0" -m reader "$1" <&-', tmp_path, str(SEED), timeout=60))
    assert "terminal" in _one_line(r, 2)


def test_short_english_text_gets_the_not_german_warning(tmp_path):
    f = tmp_path / "english.txt"
    f.write_text("This is a short text. The weather is fine today.\n", encoding="utf-8")
    r = run(["analyze", str(f), "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "does not look like German" in r.stderr
    assert json.loads(r.stdout)["warnings"]


def _non_utf8_file(tmp_path: Path) -> bytes:
    name = os.fsencode(tmp_path) + b"/\xff-Stadt.txt"
    try:
        with open(name, "wb") as fh:
            fh.write(b"Die Stadt liegt am Fluss. Sie ist sehr alt.\n")
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take file names that are not UTF-8")
    return name


def test_file_name_that_is_not_utf8_is_analysed(tmp_path):
    name = _non_utf8_file(tmp_path)
    for args in (["--json"], []):
        r = subprocess.run(
            READER + ["analyze", os.fsdecode(name), *args],
            capture_output=True,
            cwd=ROOT,
            timeout=300,
            env={**os.environ, "READER_HOME": str(tmp_path / "home")},
        )
        assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
        assert b"Traceback" not in r.stderr
        if args:
            assert json.loads(r.stdout)["source"].endswith("\\xff-Stadt.txt")


def test_saves_for_a_file_name_that_is_not_utf8(tmp_path, monkeypatch):
    """The app files saved words under ``source_id(document.source)``; export looks them up
    under the name given on the command line: both keys must be storable and the same."""
    from reader.core.document import load
    from reader.core.entry import GlossaryEntry
    from reader.core.store import Store, source_id

    name = os.fsdecode(_non_utf8_file(tmp_path))
    monkeypatch.setenv("READER_HOME", str(tmp_path / "home"))
    document = load(name)
    assert source_id(document.source) == source_id(name)
    with Store() as store:
        store.save_entry(
            GlossaryEntry(word="Fluss", lemma="Fluss", pos="NOUN"), source_id(document.source)
        )
        assert [e.lemma for e in store.saved_entries(source_id(name))] == ["Fluss"]
    out = tmp_path / "words.csv"
    r = run(["export", name, "-o", str(out)], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Fluss" in out.read_text("utf-8")
    sheet = tmp_path / "words.md"  # the file's name is the study sheet's title
    r = run(["export", name, "-o", str(sheet), "--no-summary"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "\\xff-Stadt" in sheet.read_text("utf-8")


def test_closed_stdout_is_one_line(tmp_path):
    r = _Decoded(sh('"$0" -m reader analyze "$1" --json >&-', tmp_path, str(SEED)))
    assert "standard output is closed" in _one_line(r, 2)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", [["--json"], []], ids=["json", "overview"])
def test_full_output_device_is_one_line(tmp_path, args):
    f = tmp_path / "kurz.txt"
    f.write_text("Die Stadt liegt am Fluss. Sie ist sehr alt.\n", encoding="utf-8")
    r = _Decoded(sh('"$0" -m reader analyze "$@" > /dev/full', tmp_path, str(f), *args))
    assert "No space left" in _one_line(r, 1)


def test_tag_with_stdin_closed(tmp_path):
    r = _Decoded(sh('"$0" -m reader tag <&-', tmp_path))
    assert "standard input is closed" in _one_line(r, 2)


def test_tag_reads_latin1_and_mixed_input(tmp_path):
    data = "Grüße\naus\n".encode("cp1252") + "Köln\n„\n".encode() + "Straße\n".encode("cp1252")
    r = subprocess.run(
        READER + ["tag"],
        input=data,
        capture_output=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "READER_HOME": str(tmp_path / "home")},
    )
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    words = [line.split("\t")[0] for line in r.stdout.decode("utf-8").splitlines()]
    assert words == ["Grüße", "aus", "Köln", "„", "Straße"]


def test_tag_refuses_an_endless_line(tmp_path):
    r = subprocess.run(
        READER + ["tag"],
        input=b"\0" * (3 << 20),
        capture_output=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "READER_HOME": str(tmp_path / "home")},
    )
    assert "one token per line" in _one_line(_Decoded(r), 2)


def test_dict_name_with_rich_markup(tmp_path):
    tab = tmp_path / "x.tab"
    tab.write_text("Haus\thouse\n", encoding="utf-8")
    r = run(["dict", "add", str(tab), "--name", "[/x]"], tmp_path)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert "imported 1 entries" in r.stdout


def test_dict_add_on_a_full_disk_is_one_line(tmp_path):
    resource = pytest.importorskip("resource", reason="RLIMIT_FSIZE stands in for a full disk")

    tab = tmp_path / "big.tab"
    tab.write_text(
        "".join(f"Wort{i}\tword number {i} {'x' * 40}\n" for i in range(60_000)), encoding="utf-8"
    )

    def small_files() -> None:  # writes past 1 MB fail with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, resource.RLIM_INFINITY))

    r = subprocess.run(
        READER + ["dict", "add", str(tab)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        preexec_fn=small_files,
        env={**os.environ, "READER_HOME": str(tmp_path / "home")},
    )
    assert "cannot import" in _one_line(r, 1)
    left = list((tmp_path / "home").rglob("*.tmp"))
    assert left == []


def test_dict_add_of_a_file_name_that_is_not_utf8(tmp_path):
    name = os.fsencode(tmp_path) + b"/\xff-words.tab"
    try:
        with open(name, "wb") as fh:
            fh.write(b"Haus\thouse\n")
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take file names that are not UTF-8")
    r = run(["dict", "add", os.fsdecode(name)], tmp_path)
    assert r.returncode == 0 and "imported 1 entries" in r.stdout, r.stderr


def test_tag_of_a_fifo_nobody_writes_to_is_one_line_not_a_hang(tmp_path):
    fifo = tmp_path / "tokens.fifo"
    os.mkfifo(fifo)
    r = run(["tag", str(fifo)], tmp_path)
    assert "nothing was written to this pipe" in _one_line(r, 2)
