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
