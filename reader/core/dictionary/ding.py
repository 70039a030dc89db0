"""The Ding format (TU Chemnitz; Debian's ``trans-de-en``): ``German :: English``.

A line holds one entry group. `` | `` separates parallel alternatives (the main form,
then plurals, verb forms, example phrases) and the two sides have as many of them;
``; `` separates synonyms within one alternative. Annotations are ``{m}`` (gender or
word class), ``[ugs.]`` (register, domain), ``(…)`` (explanations) and ``<…>`` (spelling
variants for search). ``#`` starts a comment line.

The headword we index is the German text without annotations, and its key additionally
drops object placeholders (*jdn./etw. aufnehmen* is found under *aufnehmen*). The German
side's labels (*[ugs.]*, *[electr.]*) and explanation (*(eines integrierten Schaltkreises)*)
are kept beside the record: they tell the glossary that *Beinchen* as a chip's pin is a
specialised sense. The English side is cleaned into glosses a learner can read: irregular
forms (*to spread {spread; spread}*), spelling variants (*<ice-cream>*) and abbreviations
(*/rm/*) go, variants that differ only in spelling are kept once (*Mister; Mr*), usage
labels stay as labels (*titfer [Br.] [coll.]*). ``;`` inside brackets does not split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from reader.core.dictionary.records import Malformed, Record, normalise

_CLASS = re.compile(r"\{([^{}]*)\}")
_ANNOTATIONS = re.compile(
    r"\{[^{}]*\}|\[[^\[\]]*\]|\([^()]*\)|<[^<>]*>|(?:^|(?<=\s))/[^/]+/(?=\s|$)"
)  # {m} [ugs.] (Erklärung) <Variante> /Abk./
_EN_DROP = re.compile(r"\{[^{}]*\}|<[^<>]*>|(?:^|(?<=\s))/[^/]+/(?=[\s;,]|$)")
_LABEL = re.compile(r"\[([^\[\]]*)\]")
_NOTE = re.compile(r"\(([^()]*)\)")
# German-side labels that say how a word is used (register, region), not what field it
# belongs to; anything else in brackets (electr., mus., textil.) is a subject field.
USAGE_LABELS = frozenset(
    "ugs. geh. übtr. veraltet veraltend selten alt altertümlich pej. vulg. poet. Sprw. iron. "
    "humor. slang fig. coll. formal rare dated obs. archaic euphem. Jugendsprache "
    "Kindersprache Jägersprache nachgestellt".split()
)
_SPELLING_LABELS = frozenset("Br. Am. eBr. eAm.".split())
_PLACEHOLDERS = frozenset(
    "jd. jdn. jdm. jds. etw. etw jdn/etw jdn./etw. jdm./etw. jds./etw. "
    "jdm./einer sache jdn./etw./sich sich sich/etw. (sich)".split()
)
_SPACES = re.compile(r"\s+")
_POS = {
    "m": "NOUN",
    "f": "NOUN",
    "n": "NOUN",
    "pl": "NOUN",
    "sing": "NOUN",
    "vt": "VERB",
    "vi": "VERB",
    "vr": "VERB",
    "v": "VERB",
    "vt;vi": "VERB",
    "adj": "ADJ",
    "adv": "ADV",
    "prp": "ADP",
    "conj": "CCONJ",
    "pron": "PRON",
    "num": "NUM",
    "interj": "INTJ",
    "art": "DET",
    "ppron": "PRON",
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


def labels_of(text: str) -> tuple[str, str]:
    """(labels, note) of one German synonym: *[ugs.] [electr.]* and its explanation."""
    if "[" not in text and "(" not in text:
        return "", ""
    labels = " ".join(m.strip() for m in _LABEL.findall(text) if m.strip())
    notes = "; ".join(m.strip() for m in _NOTE.findall(_CLASS.sub(" ", text)) if m.strip())
    return labels, notes


def is_field_label(label: str) -> bool:
    """*electr.*, *mus.*: a subject field (not a usage label, not a region like *Ös.*)."""
    return bool(label) and label not in USAGE_LABELS and not label[:1].isupper()


_DOUBLED = re.compile(r"^to (\w+) \1\b")
_OPENERS = re.compile(r"[(\[{<]")


def _split_top(text: str) -> list[str]:
    """``a; b (c; d)`` -> ``a``, ``b (c; d)``: only semicolons outside brackets split."""
    if ";" not in text:
        return [text]
    if not _OPENERS.search(text):
        return text.split(";")
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{<":
            depth += 1
        elif ch in ")]}>" and depth:
            depth -= 1
        elif ch == ";" and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


_VARIANT_NOISE = re.compile(r"[\s.\-’']+")


def variant_key(gloss: str) -> str:
    """*Mr. [Am.]*, *MR.*, *Mr [Br.]* -> *mr*: the same word in another spelling."""
    core = _LABEL.sub(" ", gloss) if "[" in gloss else gloss
    return _VARIANT_NOISE.sub("", core).casefold()


def clean_english(text: str) -> tuple[str, ...]:
    """Readable English glosses of one Ding alternative (see the module docstring)."""
    if "{" in text or "<" in text or "/" in text:
        text = _EN_DROP.sub(" ", text)
    out: list[str] = []
    keys: dict[str, int] = {}
    for syn in _split_top(text):
        if "{" in syn or "}" in syn:
            syn = syn.replace("{", " ").replace("}", " ")
        syn = " ".join(syn.split()).strip(" ,;")
        if syn.startswith("to "):
            syn = _DOUBLED.sub(r"to \1", syn)  # *to dive dive (for sth.)*: a source typo
        if not syn or syn in out or "…" in syn:  # *fellow …*: half a translation
            continue
        key = variant_key(syn)
        if key in keys:  # a spelling variant: keep the first, without its region label
            i = keys[key]
            kept = " ".join(w for w in out[i].split() if w.strip("[]") not in _SPELLING_LABELS)
            out[i] = kept
            continue
        keys[key] = len(out)
        out.append(syn)
    return tuple(out)


def _place_name(glosses: tuple[str, ...], headword: str) -> tuple[str, ...]:
    """*Wolfsburg [geogr.]* :: *Wolfsburg (city in germany)*: a place's English name
    without the note; none if it is the German name itself (not a translation)."""
    own = headword.casefold()
    out = []
    for gloss in glosses:
        name = " ".join(_NOTE.sub(" ", gloss).split())
        if name and name.casefold() != own and name not in out:
            out.append(name)
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
    named = False  # a line of place names or combining forms only: no error, no entry
    for rank, (de, en) in enumerate(zip(de_alts, en_alts, strict=True)):
        glosses = clean_english(en)
        if not glosses:
            continue
        group_pos, group_gender = _word_class(de)  # *aufnehmen; einbauen {vt}*: for all
        group_labels = labels_of(de)[0].split() if "geogr." in de else []
        for position, syn in enumerate(de.split("; ")):
            headword = clean_german(syn)
            if not headword:
                continue
            if "…" in headword:  # *Abfall…*: a combining form, not a word
                named = True
                continue
            labels, note = labels_of(syn)
            own = glosses
            if "geogr." in labels.split() or "geogr." in group_labels:
                own = _place_name(glosses, headword)
                if not own:
                    named = True
                    continue
            pos, gender = _word_class(syn)
            if not pos:
                pos, gender = group_pos, "" if group_pos != "NOUN" else group_gender
            key = key_of(headword)
            # rank: alternative first, then first synonym, then single words before phrases
            base = rank * 8 + (1 if position else 0)
            records.append(
                Record(
                    headword,
                    own,
                    pos,
                    gender,
                    base + (2 if " " in key else 0),
                    key,
                    labels,
                    note,
                    len(de_alts),
                )
            )
            last = key.rsplit(" ", 1)[-1]
            if pos == "VERB" and " " in key and last.isalpha() and last.endswith("n"):
                # *auf etw. abzielen* is also found under *abzielen*
                records.append(
                    Record(headword, own, pos, gender, base + 4, last, labels, note, len(de_alts))
                )
    if not records:
        return [] if named or "…" in line else Malformed(number, "no headword")
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
