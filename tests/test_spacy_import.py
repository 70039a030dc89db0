"""spaCy imported without its command line: same pipeline, real CLI still importable."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from reader.core.nlp.spacy_import import import_spacy
spacy = import_spacy()
assert not any(m in sys.modules for m in ("typer", "weasel", "requests")), "CLI imported"
assert "spacy.cli" not in sys.modules
doc = spacy.blank("de")("Der Tagger läuft.")
assert [t.text for t in doc] == ["Der", "Tagger", "läuft", "."]
from reader.core.nlp.pipeline import build
assert [t.pos_ for t in build(None)("Wir nahmen Kontakt auf.")][:2] == ["PRON", "VERB"]
import spacy.cli
from spacy.cli.info import info as real
assert spacy.cli.info is real and callable(spacy.info)
print("ok")
"""


def test_spacy_without_its_cli_builds_the_same_pipeline():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]


def test_an_ordinary_import_is_left_alone():
    code = (
        "import spacy, sys\nfrom reader.core.nlp.spacy_import import import_spacy\n"
        "assert import_spacy() is spacy and 'typer' in sys.modules\nprint('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]
