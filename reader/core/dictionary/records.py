"""What every dictionary parser yields: one ``Record`` per headword, or a ``Malformed``.

Parsers never raise on bad input lines: another tool lost half a million entries to one
bad headword. A parser yields ``Malformed`` for a line it cannot read and goes on; the
importer counts them. Keys are normalised here, once, so import and lookup agree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SPACES = re.compile(r"\s+")


def normalise(word: str) -> str:
    """The lookup key of a headword: NFC, case-folded, single spaces, no outer punctuation."""
    text = unicodedata.normalize("NFC", word).strip().strip(".,;:!?\"'„“”‚‘’»«")
    return _SPACES.sub(" ", text).casefold()


@dataclass(frozen=True, slots=True)
class Record:
    """One headword of a dictionary with its glosses (English, or German definitions)."""

    headword: str  # the lemma form as the dictionary spells it, without annotations
    glosses: tuple[str, ...]
    pos: str = ""  # UPOS guess: NOUN, VERB, ADJ, ADV, ... or ""
    gender: str = ""  # m / f / n for nouns, "" otherwise
    rank: int = 0  # 0 for a main entry; higher for inflected forms and phrases
    key: str = ""  # normalised lookup key; defaults to normalise(headword)
    labels: str = ""  # the headword's own labels, space-separated: "ugs. electr."
    note: str = ""  # its explanation: "eines integrierten Schaltkreises"
    alternatives: int = 1  # how many " | " alternatives its line has (forms, examples)

    def lookup_key(self) -> str:
        return self.key or normalise(self.headword)


@dataclass(frozen=True, slots=True)
class Malformed:
    """A line a parser could not read: skipped and counted, never fatal."""

    line: int
    reason: str
