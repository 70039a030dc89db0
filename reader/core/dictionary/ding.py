"""The Ding format (TU Chemnitz; Debian's ``trans-de-en``): ``German :: English``.

A line holds one entry group. `` | `` separates parallel alternatives (the main form,
then plurals, verb forms, example phrases) and the two sides have as many of them;
``; `` separates synonyms within one alternative. Annotations are ``{m}`` (gender or
word class), ``[ugs.]`` (register, domain), ``(…)`` (explanations) and ``<…>`` (spelling
variants for search). ``#`` starts a comment line.

The headword we index is the German text without annotations, and its key additionally
drops object placeholders (*jdn./etw. aufnehmen* is found under *aufnehmen*).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from reader.core.dictionary.records import Malformed, Record, normalise

_CLASS = re.compile(r"\{([^{}]*)\}")
_ANNOTATIONS = re.compile(
    r"\{[^{}]*\}|\[[^\[\]]*\]|\([^()]*\)|<[^<>]*>|(?:^|(?<=\s))/[^/]+/(?=\s|$)"
)  # {m} [ugs.] (Erklärung) <Variante> /Abk./
_EN_DROP = re.compile(r"\{[^{}]*\}|<[^<>]*>")
_PLACEHOLDERS = frozenset(
    "jd. jdn. jdm. jds. etw. etw jdn/etw jdn./etw. jdm./etw. jds./etw. "
    "jdm./einer sache jdn./etw./sich sich sich/etw. (sich)".split()
)
_SPACES = re.compile(r"\s+")
_POS = {
    "m": "NOUN", "f": "NOUN", "n": "NOUN", "pl": "NOUN", "sing": "NOUN",
    "vt": "VERB", "vi": "VERB", "vr": "VERB", "v": "VERB", "vt;vi": "VERB",
    "adj": "ADJ", "adv": "ADV", "prp": "ADP", "conj": "CCONJ", "pron": "PRON",
    "num": "NUM", "interj": "INTJ", "art": "DET", "ppron": "PRON",
}


def clean_german(text: str) -> str:
    """*Aal {m} (auf der Speisekarte) [cook.]* -> *Aal*."""
    return _SPACES.sub(" ", _ANNOTATIONS.sub(" ", text)).strip(" ,;")


def key_of(headword: str) -> str:
    """Lookup key: the cleaned headword without object placeholders (jdn., etw., sich)."""
    words = [w for w in headword.split() if w.lower() not in _PLACEHOLDERS]
    return normalise(" ".join(words) or headword)


def _word_class(text: str) -> tuple[str, str]:
    for raw in _CLASS.findall(text):
        cls = raw.strip().lower().replace(" ", "")
        for part in cls.split(","):
            if part in ("m", "f", "n"):
                return "NOUN", part
        first = cls.split(",")[0]
        if first in _POS:
            return _POS[first], ""
    return "", ""


def clean_english(text: str) -> tuple[str, ...]:
    out = []
    for syn in text.split("; "):
        syn = _SPACES.sub(" ", _EN_DROP.sub(" ", syn)).strip(" ,;")
        if syn and syn not in out:
            out.append(syn)
    return tuple(out)


def parse_line(line: str, number: int = 0) -> list[Record] | Malformed | None:
    """Records of one Ding line; ``None`` for comments and blank lines."""
    line = line.rstrip("\r\n")
    if not line.strip() or line.startswith("#"):
        return None
    if " :: " not in line:
        return Malformed(number, "no ' :: ' between German and English")
    german, english = line.split(" :: ", 1)
    de_alts, en_alts = german.split(" | "), english.split(" | ")
    if len(de_alts) != len(en_alts):
        return Malformed(number, "the two sides have different numbers of ' | ' alternatives")
    if german.count("{") != german.count("}") or german.count("[") != german.count("]"):
        return Malformed(number, "unbalanced brackets")
    records: list[Record] = []
    for rank, (de, en) in enumerate(zip(de_alts, en_alts, strict=True)):
        glosses = clean_english(en)
        if not glosses:
            continue
        group_pos, group_gender = _word_class(de)  # *aufnehmen; einbauen {vt}*: for all
        for position, syn in enumerate(de.split("; ")):
            headword = clean_german(syn)
            if not headword:
                continue
            pos, gender = _word_class(syn)
            if not pos:
                pos, gender = group_pos, "" if group_pos != "NOUN" else group_gender
            key = key_of(headword)
            # rank: alternative first, then first synonym, then single words before phrases
            base = rank * 8 + (1 if position else 0)
            records.append(Record(headword, glosses, pos, gender,
                                  base + (2 if " " in key else 0), key))
            last = key.rsplit(" ", 1)[-1]
            if pos == "VERB" and " " in key and last.isalpha() and last.endswith("n"):
                # *auf etw. abzielen* is also found under *abzielen*
                records.append(Record(headword, glosses, pos, gender, base + 4, last))
    if not records:
        return Malformed(number, "no headword")
    return records


def parse(lines: Iterable[str]) -> Iterator[Record | Malformed]:
    """Stream records (and Malformed markers) from the lines of a Ding file."""
    for number, line in enumerate(lines, 1):
        result = parse_line(line, number)
        if result is None:
            continue
        if isinstance(result, Malformed):
            yield result
        else:
            yield from result


def looks_like(sample: str) -> bool:
    lines = [ln for ln in sample.splitlines() if ln.strip() and not ln.startswith("#")]
    return bool(lines) and sum(" :: " in ln for ln in lines) >= max(1, len(lines) // 2)
