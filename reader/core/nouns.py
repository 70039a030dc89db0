"""German nouns with gender, plural and genitive, from Wiktionary via ``german-nouns``.

The package ships a 20 MB CSV; parsing it costs seconds, so the few columns we need are
extracted once into a small pickle in the cache directory (keyed by the package version)
and loaded from there afterwards. A damaged cache file is ignored and rebuilt.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from reader.core.derived import load_or_build
from reader.paths import cache_dir

ARTICLES = {"m": "der", "f": "die", "n": "das"}
_CACHE_FORMAT = 1


@dataclass(frozen=True, slots=True)
class NounInfo:
    """Gender(s), plural(s) and genitive singular of one noun lemma."""

    lemma: str
    genders: tuple[str, ...]  # "m", "f", "n"
    plurals: tuple[str, ...]
    genitives: tuple[str, ...]

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(ARTICLES[g] for g in self.genders if g in ARTICLES)


def _csv_path() -> Path:
    import german_nouns

    return Path(german_nouns.__path__[0]) / "nouns.csv"


def _build(csv_path: Path) -> dict[str, tuple]:
    table: dict[str, tuple] = {}
    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        gcols = [i for i, h in enumerate(header) if h.startswith("genus")]
        pcols = [i for i, h in enumerate(header) if h.startswith("nominativ plural")]
        scols = [i for i, h in enumerate(header) if h.startswith("genitiv singular")]
        for row in rows:
            if not row or not row[0] or row[0].startswith("-") or "Substantiv" not in row[1]:
                continue
            if any(tag in row[1] for tag in ("Abkürzung", "Affix", "Gebundenes")):
                continue

            def pick(cols: list[int], row: list[str] = row) -> tuple[str, ...]:
                seen: list[str] = []
                for i in cols:
                    v = row[i].strip() if i < len(row) else ""
                    if v and v not in seen and v != "—":
                        seen.append(v)
                return tuple(seen)

            genders = tuple(g for g in pick(gcols) if g in ARTICLES)
            entry = (genders, pick(pcols), pick(scols))
            old = table.get(row[0])
            if old is not None:  # homographs (die Bank: Bänke / Banken): keep every reading
                entry = tuple(
                    a + tuple(x for x in b if x not in a) for a, b in zip(old, entry, strict=True)
                )
            table[row[0]] = entry
    return table


def _cache_file() -> Path:
    version = metadata.version("german-nouns")
    return cache_dir() / f"nouns-{version}-v{_CACHE_FORMAT}.pickle"


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple]:
    return load_or_build(
        _cache_file(),
        lambda: _build(_csv_path()),
        lambda data: isinstance(data, dict) and bool(data),
    )


def lookup(lemma: str) -> NounInfo | None:
    """Noun information for a lemma (exact spelling first, then capitalised)."""
    table = _table()
    for key in (lemma, lemma[:1].upper() + lemma[1:]):
        entry = table.get(key)
        if entry is not None:
            return NounInfo(key, *entry)
    return None


def known(lemma: str) -> bool:
    return lookup(lemma) is not None
