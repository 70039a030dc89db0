"""Word knowledge a glossary needs beyond a dictionary: compound parts and verb forms.

- Compounds: HanTa's morphological segmentation first (*Amt|s|kollege*), then a lexicon
  splitter (longest known head noun whose left part, minus a linking element, is a known
  word), so *Konzertstätte* splits even where HanTa keeps it whole.
- Verbs: the participle, auxiliary, preterite and separable prefix from ``ablaut`` (a
  rule-based German conjugator in the registry), which handles strong verbs and
  particles (*zurückweichen*: wich zurück, ist zurückgewichen).
- Ambiguous forms: HanTa's candidate tags, each with its own lemma (*gefallen*: PP of
  *fallen* or infinitive *gefallen*).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reader.core import nouns, vocabulary
from reader.core.nlp import tagger_access

# derivational suffixes HanTa sometimes splits off as if they were nouns (Terror|ismus)
_SUFFIXES = frozenset(
    "ismus ist istin ität tät ung heit keit schaft ion tion ie ik ler ling nis tum ei "
    "ur anz enz ant ent ment".split()
)
_HANTA_UPOS = {"NN": "NOUN", "NE": "PROPN", "VV": "VERB", "ADJ": "ADJ", "ADV": "ADV"}


@dataclass(frozen=True, slots=True)
class Part:
    text: str
    pos: str
    linking: str = ""


def use_tagger(provider: tagger_access.Provider | None) -> None:
    """Ask HanTa's questions (morphemes, readings) through ``provider`` instead of loading
    the model here: the app passes its analysis process, which has it loaded already."""
    tagger_access.use(provider)
    split_compound.cache_clear()
    readings.cache_clear()


def _tagger() -> tuple[AbstractContextManager, Any]:
    return tagger_access.tagger()


def _noun_form(stem: str) -> str:
    cap = stem[:1].upper() + stem[1:]
    return cap


def _known_left(left: str) -> tuple[str, str, str] | None:
    """(lemma, pos, linking) if ``left`` is a known word plus a linking element."""
    tries: list[tuple[str, bool]] = [(link, True) for link in ("", "s", "es", "n", "en", "ns")]
    tries += [("", False), ("er", True), ("e", True)]
    for link, as_noun in tries:
        if link and not left.endswith(link):
            continue
        base = left[: len(left) - len(link)] if link else left
        if len(base) < 3:
            continue
        if not as_noun:
            if vocabulary.zipf(base.lower()) >= 3.5:
                return base.lower(), "X", ""
            continue
        info = nouns.lookup(_noun_form(base))
        if info is not None:
            return info.lemma, "NOUN", link
    return None


def _lexicon_split(word: str) -> list[Part] | None:
    low = word.lower()
    for i in range(3, len(low) - 3):  # longest head first
        head = _noun_form(low[i:])
        if len(head) < 4 or head.lower() in _SUFFIXES or not nouns.known(head):
            continue
        left = _known_left(low[:i])
        if left is not None:
            lemma, pos, link = left
            return [Part(lemma, pos, link), Part(nouns.lookup(head).lemma, "NOUN")]  # type: ignore[union-attr]
    return None


@lru_cache(maxsize=20_000)
def split_compound(word: str) -> tuple[Part, ...]:
    """The parts of a compound noun (with linking elements), or () if it is not one."""
    if len(word) < 7 or " " in word or "-" in word.strip("-"):
        if "-" in word.strip("-"):
            pieces = [p for p in word.split("-") if p]
            return tuple(Part(p, "NOUN" if p[:1].isupper() else "X") for p in pieces)
        return ()
    lock, tagger = _tagger()
    with lock:
        _, morphemes, _ = tagger.analyze(word, taglevel=3)
    parts: list[Part] = []
    for text, tag in morphemes:
        if tag == "FUGE" and parts:
            parts[-1] = Part(parts[-1].text, parts[-1].pos, parts[-1].linking + text)
        elif tag in ("NN", "NE"):
            parts.append(Part(_noun_form(text), _HANTA_UPOS[tag]))
        elif tag.startswith("VV") and not tag.startswith("VV_") or tag == "VV":
            # the infinitive of the stem: *schmeichel* -> *schmeicheln*, *lauf* -> *laufen*
            parts.append(Part(text + ("n" if text.endswith(("el", "er")) else "en"), "VERB"))
        elif tag in ("ADJ", "ADV"):
            parts.append(Part(text, tag))
        else:
            parts = []
            break
    if len(parts) >= 2 and all(len(p.text) >= 3 and p.text.lower() not in _SUFFIXES for p in parts):
        return tuple(parts)
    lexical = _lexicon_split(word)
    return tuple(lexical) if lexical else ()


@dataclass(frozen=True, slots=True)
class VerbForms:
    participle: str
    auxiliary: str  # haben / sein
    preterite: str  # 3rd person singular: wich zurück
    present: str  # 3rd person singular: weicht zurück
    prefix: str | None  # separable prefix


@lru_cache(maxsize=20_000)
def verb_forms(infinitive: str) -> VerbForms | None:
    """Principal parts of a German verb, or None if the conjugator cannot build them."""
    if not infinitive or " " in infinitive or not infinitive.isalpha():
        return None
    try:
        import ablaut

        table = ablaut.conjugate(infinitive.lower())
        present = table.present[2]
        prefix = None
        if " " in present:
            particle = present.rsplit(" ", 1)[1]
            if infinitive.lower().startswith(particle):
                prefix = particle
        return VerbForms(
            table.past_participle, table.auxiliary, table.preterite[2], present, prefix
        )
    except Exception:  # noqa: BLE001 - any failure of the optional conjugator: no forms
        return None


@lru_cache(maxsize=20_000)
def readings(form: str, margin: float = 2.0) -> tuple[tuple[str, str], ...]:
    """Distinct (lemma, UPOS) analyses of ``form`` that HanTa finds nearly as likely."""
    lock, tagger = _tagger()
    with lock:
        candidates = tagger.tag_word(form, cutoff=6)
        if not candidates:
            return ()
        best = float(candidates[0][1])
        out: list[tuple[str, str]] = []
        for tag, score in candidates:
            if best - float(score) > margin:
                continue
            upos = _HANTA_UPOS.get(tag.split("(")[0])
            if upos is None:
                continue
            lemma = tagger.analyze(form, taglevel=1, pos=tag)[0]
            if upos == "NOUN":
                lemma = _noun_form(lemma)
            if all(lemma.lower() != seen.lower() for seen, _ in out):
                out.append((lemma, upos))
    return tuple(out)
