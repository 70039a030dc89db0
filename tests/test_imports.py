"""Import hygiene: the analysis core never pulls in Textual."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "reader.core.document",
    "reader.core.analyze",
    "reader.core.nlp.pipeline",
    "reader.core.vocabulary",
    "reader.core.serialize",
    "reader.core.tagging",
    "reader.core.batch",
]


def test_core_does_not_import_textual():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE_MODULES)
        + "from reader.core.nlp.pipeline import build\n"
        + "build()('Ein kurzer Satz.')\n"
        + "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        + "print(','.join(bad))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ""
