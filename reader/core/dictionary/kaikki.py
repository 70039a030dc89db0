"""Wiktionary JSON Lines as kaikki.org publishes them (wiktextract output).

One JSON object per line: ``{"word": "Haus", "lang_code": "de", "pos": "noun",
"senses": [{"glosses": ["house"], "tags": [...]}], "head_templates": [...], ...}``.
From the English Wiktionary the glosses are English, which is what a learner wants as
a translation. Entries of other languages in a mixed dump are skipped silently; a line
that is not a JSON object with a ``word`` is malformed and counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from reader.core.dictionary.records import Malformed, Record

_POS = {
    "noun": "NOUN",
    "name": "PROPN",
    "verb": "VERB",
    "adj": "ADJ",
    "adv": "ADV",
    "prep": "ADP",
    "conj": "CCONJ",
    "pron": "PRON",
    "num": "NUM",
    "intj": "INTJ",
    "det": "DET",
    "article": "DET",
    "particle": "PART",
}
_GENDER_TAGS = {"masculine": "m", "feminine": "f", "neuter": "n"}
_SKIP_SENSE_TAGS = {"form-of", "alt-of"}


def _gender(obj: dict) -> str:
    tags: list[str] = list(obj.get("tags") or [])
    for head in obj.get("head_templates") or []:
        args = head.get("args") or {}
        first = str(args.get("1", ""))
        if first[:1] in ("m", "f", "n") and (len(first) == 1 or not first[1:2].isalpha()):
            return first[0]
    for sense in obj.get("senses") or []:
        tags.extend(sense.get("tags") or [])
    for tag in tags:
        if tag in _GENDER_TAGS:
            return _GENDER_TAGS[tag]
    return ""


def parse_object(obj: object, number: int, lang: str = "de") -> Record | Malformed | None:
    if not isinstance(obj, dict) or not isinstance(obj.get("word"), str) or not obj["word"]:
        return Malformed(number, "not a JSON object with a 'word'")
    code = obj.get("lang_code")
    if code is not None and code != lang:
        return None
    glosses: list[str] = []
    form_of = 0
    for sense in obj.get("senses") or []:
        if not isinstance(sense, dict):
            continue
        if _SKIP_SENSE_TAGS & set(sense.get("tags") or []):
            form_of += 1
        for gloss in sense.get("glosses") or []:
            if isinstance(gloss, str) and gloss.strip() and gloss not in glosses:
                glosses.append(gloss.strip())
                break  # the first gloss of a sense; deeper ones refine it
    if not glosses:
        return None  # e.g. a redirect or a form table without senses
    pos = _POS.get(str(obj.get("pos", "")), "")
    gender = _gender(obj) if pos == "NOUN" else ""
    rank = 1 if form_of and form_of == len(obj.get("senses") or []) else 0
    return Record(obj["word"], tuple(glosses), pos, gender, rank)


def parse(lines: Iterable[str], lang: str = "de") -> Iterator[Record | Malformed]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            yield Malformed(number, "not valid JSON")
            continue
        result = parse_object(obj, number, lang)
        if result is not None:
            yield result


def looks_like(sample: str) -> bool:
    first = next((ln for ln in sample.splitlines() if ln.strip()), "")
    return first.lstrip().startswith("{") and '"word"' in first
