"""Shared fixtures: where the optional data lives, and an isolated READER_HOME per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000.txt"
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
DEBIAN_DICT = Path("/usr/share/trans/de-en")

requires_eval = pytest.mark.skipif(
    not EVAL.is_dir(),
    reason="../shared/eval is not present (evaluation data lives beside the project)",
)
requires_debian_dict = pytest.mark.skipif(
    not DEBIAN_DICT.is_file(),
    reason="Debian trans-de-en is not installed (apt-get install trans-de-en)",
)


@pytest.fixture(autouse=True, scope="session")
def shared_tables(tmp_path_factory) -> Iterator[Path]:
    """The lookup tables derived from installed packages (word frequencies, nouns) are
    built once per test session and shared: derived data, not learner data."""
    tables = tmp_path_factory.mktemp("reader-tables")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("READER_TABLES", str(tables))
        yield tables


@pytest.fixture(autouse=True)
def reader_home(tmp_path, monkeypatch, shared_tables) -> Path:
    """Every test gets its own data/cache/config folder, never the user's."""
    home = tmp_path / "reader-home"
    monkeypatch.setenv("READER_HOME", str(home))
    return home
