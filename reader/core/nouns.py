"""German nouns with gender, plural and genitive, from Wiktionary via ``german-nouns``.

The package ships a 20 MB CSV; parsing it costs seconds, so the few columns we need are
extracted once into a SQLite table in the cache directory (keyed by the package version,
see ``lexdb``) and looked up from there: nothing to load at start, a few microseconds per
noun. A damaged table is ignored and rebuilt.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from reader.core import lexdb

ARTICLES = {"m": "der", "f": "die", "n": "das"}
_CACHE_FORMAT = 2


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


def _rows() -> lexdb.Rows:
    for lemma, entry in _build(_csv_path()).items():
        yield lemma, json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def _table_name() -> str:
    try:
        version = metadata.version("german-nouns")
    except metadata.PackageNotFoundError:
        version = "absent"
    return f"nouns-{version}-v{_CACHE_FORMAT}.sqlite"


_TABLE = lexdb.Table(_table_name, _rows)  # named on first use


@lru_cache(maxsize=50_000)
def lookup(lemma: str) -> NounInfo | None:
    """Noun information for a lemma (exact spelling first, then capitalised)."""
    for key in (lemma, lemma[:1].upper() + lemma[1:]):
        raw = _TABLE.get(key)
        if raw is not None:
            genders, plurals, genitives = json.loads(raw)
            return NounInfo(key, tuple(genders), tuple(plurals), tuple(genitives))
    return None


def known(lemma: str) -> bool:
    return lookup(lemma) is not None


def entries() -> Iterator[NounInfo]:
    """Every noun in the table (for scripts that derive further data)."""
    for lemma, raw in _TABLE.items():
        genders, plurals, genitives = json.loads(raw)
        yield NounInfo(lemma, tuple(genders), tuple(plurals), tuple(genitives))
