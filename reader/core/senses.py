"""Which dictionary entries are the word itself, and which of their English to show.

A bilingual dictionary answers a lookup with every line the key occurs in: the word's
own entries, its plural or participle listed under another headword, a synonym in a
specialised field (*Beinchen* as a chip's pin), a homograph of another case or class
(*Nahmen*, a name, for *nahmen*). The glossary shows English only from the entries that
are the word, ranked so that the main sense comes first; the rest is left out. Parts of a
compound or of a particle verb get one short gloss each, for a labelled line such as
"≈ Konzert + Stätte (concert + place)" (``reader.core.entry.gloss_text``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from reader.core.dictionary import Dictionaries, Hit
from reader.core.dictionary.ding import is_field_label, variant_key
from reader.core.entry import CompoundPart

MAX_TRANSLATIONS = 6
MAX_SENSES = 2
_PLACEHOLDERS = {"jd.", "jdn.", "jdm.", "jds.", "etw.", "sich", "jdn./etw.", "jdm./etw."}


def core(headword: str) -> str:
    """*jdm. gefallen* -> *gefallen*; used to compare case with the lemma."""
    words = [w for w in headword.split() if w not in _PLACEHOLDERS]
    return " ".join(words) or headword


# word classes a dictionary and the tagger may disagree on without meaning another word


_COMPATIBLE = {
    "ADJ": {"ADJ", "ADV"},
    "ADV": {"ADJ", "ADV"},
    "NOUN": {"NOUN", "PROPN"},
    "PROPN": {"NOUN", "PROPN"},
    "VERB": {"VERB", "AUX"},
    "AUX": {"VERB", "AUX"},
    "PTKVZ": {"ADV", "ADP"},
}  # a verb particle: an adverb or a preposition


def _is_main(hit: Hit) -> bool:
    """The main alternative of a Ding line, or a derived noun listed as an alternative of
    its own (*Bein | Beine | Beinchen {n}*: little leg); not plurals, forms or phrases."""
    return hit.rank < 8 or (bool(hit.gender) and " " not in hit.headword)


def _specialised(hit: Hit) -> bool:
    """A later synonym of another headword, narrowed to a subject field by its own note:
    *Anschlussstift; …; Beinchen [ugs.] (eines integrierten Schaltkreises) [electr.]*.
    Neither alone is enough: *Eisenbahnzug; Zug (Bahn)* is the train, and a field label
    at the end of a line is often the whole line's (*Soße; Sauce [cook.]*)."""
    field = any(is_field_label(label) for label in hit.labels.split())
    return bool(hit.rank & 1) and field and bool(hit.note)


def _narrows(note: str) -> bool:
    """A note that names a sense (*beim Schwimmen*), not just the verb's preposition
    (*nach*, *nach etw.*, *+Gen.*)."""
    words = [w for w in note.split() if w not in _PLACEHOLDERS and not w.startswith("+")]
    return len(words) > 1 or (len(words) == 1 and (len(words[0]) > 5 or words[0][0].isupper()))


def _pick(hits: list[Hit], word: str, pos: str | None) -> list[Hit]:
    """The entries that are ``word`` itself: same spelling, a compatible word class.

    The case may differ only where the word class agrees (*nahmen* is not the name
    *Nahmen*), and a specialised sense is dropped when the word has an entry of its own
    (*Beinchen*: little leg, not a chip's pin).
    """
    main = [h for h in hits if _is_main(h)] or hits
    cased = [h for h in main if core(h.headword) == word]
    pool = cased or main
    if pos:
        ok = _COMPATIBLE.get(pos, {pos})
        typed = [h for h in pool if h.pos == pos]
        same = [h for h in pool if h.pos in ok or h.pos == ""]
        pool = typed or same or cased
    # only where the word has an entry of its own: *Pelz (gegerbt) [textil.]* in a line
    # of *Fell* is the fur, since every entry of *Pelz* is a synonym of another word
    plain = [h for h in pool if not _specialised(h)]
    return plain if any(not h.rank & 1 for h in plain) else pool


_GLOSS_NOISE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\b(?:to|sth|sb|one's|oneself)\b\.?")


@lru_cache(maxsize=50_000)
def _english_zipf(gloss: str) -> float:
    from reader.core.vocabulary import zipf

    core = " ".join(_GLOSS_NOISE.sub(" ", gloss).split())
    return zipf(core, "en") if core else 0.0


def _german_zipf(word: str) -> float:
    from reader.core.vocabulary import zipf

    return zipf(word) or 2.0


def translations_of(d: Dictionaries, word: str, pos: str | None) -> tuple[str, ...]:
    """English glosses of the entries that are ``word``, the likeliest first.

    Ding lists senses alphabetically by headword and rarely by importance. A common
    English word is usually the main sense (*train* before *stroke* for *Zug*, *victim*
    before *dweeb* for *Opfer*), but not when it is far more common than the German word
    (*must* for *Muff*, a homograph): English frequency counts up to one above the
    German word's, and half against it beyond. Senses narrowed by a note or a subject field,
    later synonyms and phrases rank lower; glosses far behind the best are left out.
    """
    hits = sorted(_pick(d.translations(word), word, pos), key=lambda h: h.rank)
    ceiling = _german_zipf(word) + 1.0
    scored: dict[str, float] = {}
    seen: dict[str, str] = {}
    for n, hit in enumerate(hits[:12]):
        alt, synonym = hit.rank // 8, hit.rank & 1
        labels = hit.labels.split()
        narrowed = 0.3 * any(map(is_field_label, labels)) + (0.5 if _narrows(hit.note) else 0)
        usage = 0.3 if labels and not any(map(is_field_label, labels)) else 0
        # a line that gives the word's forms or examples is its main entry (*Glied |
        # fehlendes Glied*: link); a bare one-gloss line is often a side sense
        full = 0.4 if hit.alternatives > 1 and not synonym else 0
        for m, gloss in enumerate(hit.glosses[:6]):
            english = _english_zipf(gloss) or 1.0
            core = _WORDS.findall(_GLOSS_NOISE.sub(" ", gloss))  # co-worker: 2 words
            score = english if english <= ceiling else ceiling - 0.5 * (english - ceiling)
            score -= 0.1 * n + 0.2 * m + 0.6 * synonym + 0.4 * min(alt, 3) + usage + narrowed
            score += full
            score -= 0.8 if "[" in gloss else 0
            score -= 0.5 if gloss.startswith("(") else 0
            # a phrase's frequency says little (wordfreq combines its words): one word is
            # the likelier translation (*muff* before *musty smell*)
            score -= 0.5 * max(0, len(core) - 1)
            if len("".join(core)) <= 1:
                score -= 3.0  # *E* for *Eis*: a note name, not a translation
            key = variant_key(gloss)  # *lord* and *Lord* from two lines: once
            if key in seen and seen[key] != gloss:
                if scored[seen[key]] >= score:
                    continue
                del scored[seen[key]]
            seen[key] = gloss
            if gloss not in scored or scored[gloss] < score:
                scored[gloss] = score
    ranked = sorted(scored, key=lambda g: -scored[g])
    if not ranked:
        return ()
    best = scored[ranked[0]]
    return tuple(g for g in ranked[:MAX_TRANSLATIONS] if scored[g] >= best - 1.5)


def gender_of_glosses(d: Dictionaries, word: str) -> dict[str, str]:
    """gloss -> gender (m/f/n) of the noun entry it comes from: *Kiefer*: jaw -> m,
    pine -> f, so a homograph's headword can take the article of the sense shown."""
    out: dict[str, str] = {}
    for hit in sorted(_pick(d.translations(word), word, "NOUN"), key=lambda h: h.rank):
        for gloss in hit.glosses:
            out.setdefault(gloss, hit.gender)
    return out


_WORDS = re.compile(r"[^\W\d_]+")
_PLAIN_NOISE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\b(?:sth|sb)\b\.?")


def _plain(gloss: str) -> str:
    """*door (to sth.)* -> *door*, *to wake sb.* -> *to wake*: a part's gloss in a line."""
    return " ".join(_PLAIN_NOISE.sub(" ", gloss).split()) or gloss


def definition_of(d: Dictionaries, word: str, pos: str | None) -> str | None:
    """The German definition of ``word`` spelt as it is, case included: the definitions
    carry no word class, so *muff* (Swiss: in a bad mood) is not the noun *Muff*."""
    hits = [h for h in d.definitions(word) if core(h.headword) == word]
    if not hits:
        return None
    senses = [s for s in hits[0].glosses if s][:MAX_SENSES]
    if len(senses) == 1:
        return senses[0]
    return "  ".join(f"{n}. {s}" for n, s in enumerate(senses, 1))


def from_parts(
    d: Dictionaries, parts: tuple[CompoundPart, ...], particle: bool = False
) -> tuple[tuple[str, ...], str]:
    """(("concert + place",), "Konzert + Stätte"): one gloss per part, the head's needed.

    A part the dictionaries do not know shows as "?", so the learner sees which part
    the English is missing for; without the head's English there is none.
    """
    glosses = []
    for n, part in enumerate(parts):
        pos = "NOUN" if part.text[:1].isupper() else None
        if particle and n == 0:
            pos = "PTKVZ"  # *ein* of *eingenügen* is not the article *an*
        found = translations_of(d, part.text, pos)
        glosses.append(_plain(found[0]) if found else "?")
    if glosses[-1] == "?":
        return (), ""
    return (" + ".join(glosses),), " + ".join(p.text for p in parts)


def short_meaning(d: Dictionaries, word: str, pos: str | None) -> str:
    """A few words of meaning for a compound part or a reading."""
    trans = translations_of(d, word, pos)
    if trans:
        return "; ".join(dict.fromkeys(_plain(t) for t in trans[:2]))
    definition = definition_of(d, word, pos)
    if definition:
        return definition.split("  2. ")[0].removeprefix("1. ")[:80]
    return ""
