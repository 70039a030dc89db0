"""Names decided for the whole document, after every paragraph has been analysed.

``reader_entities`` sees one paragraph at a time. A reader sees the whole text, and so
should the names it is shown:

- a person named once in full (*Wladimir Putin*, *Sebastien Lecornu*) is that person in
  every later bare mention, in any section (*mit Putin*, *Lecornus Besuch*);
- a capitalised word that no lexicon knows as a common word, that recurs, and that stands
  at least twice where German puts a person's name (*Herr X*, *sagte X*, *X sagte*,
  *X und Y* with Y a person, a genitive *Xs* before a noun, a vocative *»…, X.«*) is a
  person's name everywhere in the text (the novel's *Engelke*, *Czako*).

Interjections, pronouns, titles and ordinary words (``name_words``) never become names
here. A name's headword is the name (genitive *-s* removed), and a name is never judged
as rare vocabulary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from reader.core.model import Entity, Paragraph, Token
from reader.core.nlp import ner_lexicon as lex
from reader.core.nlp.name_words import (
    EN_ORG_HEADS,
    EN_PLACE_HEADS,
    NEVER_NAMES,
    common_noun,
    lower_known,
)

_SAY = frozenset(
    """sagte sagt fragte fragt rief ruft antwortete erwiderte meinte bemerkte flüsterte
    lachte nickte schrie seufzte murmelte begann fuhr entgegnete versetzte""".split()
)
_ARTS = frozenset("der die das des dem den ein eines einem einer".split())
_PLACE_BEFORE = frozenset("in im nach am zum vom ins nahe aus bei".split()) | _ARTS
_PLACE_NOUNS = lex.LOC_NOUNS | frozenset(
    "Schloß Schloss Gut Rittergut See Haus Herrenhaus Kloster Burg Forst Amt Kirche".split()
)
_CLOSERS = frozenset({"«", "»", "“", "”", '"', "!", "?", ".", ","})
_NAMEY_TAGS = frozenset({"NE", "NN", "FM", "ADJA", "ADJD", "XY", "VVFIN", "VVINF", "VVPP"})


def _bare(word: str) -> list[str]:
    """The word and the forms without a genitive ending (*Lecornus* -> *Lecornu*)."""
    out = [word]
    if len(word) > 3 and word.endswith("s"):
        out.append(word[:-1])
    if len(word) > 3 and word.endswith(("'s", "’s", "’", "'")):
        out.append(word.rstrip("'’s") if word.endswith("s") else word.rstrip("'’"))
    return out


def _candidate(word: str) -> bool:
    """A capitalised word that could be a name: no lexicon knows it as a common word."""
    return (
        len(word) > 1
        and word[0].isupper()
        and not word.isupper()
        and word.replace("-", "").isalpha()
        and word not in NEVER_NAMES
        and word not in lex.NOT_NAMES
        and (not lex.wiki_common(word) or word in lex.given_names())  # Anna, Rex
        and not lower_known(word)
        and not (_noun(word) and word not in lex.given_names())
        and word not in lex.gazetteer()
        and word not in EN_ORG_HEADS
        and word not in EN_PLACE_HEADS
    )


def _noun(word: str) -> bool:
    """HanTa knows the word as a common noun (*Superintendenten*, *Oberförsterin*)."""
    if common_noun(word):
        return True
    if word.endswith("in") and len(word) > 6:  # Oberförsterin: a woman's title
        stem = word[:-2]
        return any(lex.wiki_common(stem[k].upper() + stem[k + 1 :]) for k in range(len(stem) - 3))
    return False


def _contexts(paragraphs: Sequence[Paragraph], persons: set[str]) -> Counter[str]:
    """How often each candidate word stands where German puts a person's name."""
    hits: Counter[str] = Counter()
    for para in paragraphs:
        toks = para.tokens
        for k, t in enumerate(toks):
            word = t.text
            if not word[:1].isupper():
                continue
            prev = toks[k - 1].text if k else ""
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            after = nxt.text if nxt else ""
            if (
                prev in lex.PER_TITLES
                or prev in _SAY
                or after in _SAY
                or (prev == "," and after in _CLOSERS and k + 2 <= len(toks))  # »…, Engelke.«
                or (prev == "und" and k > 1 and toks[k - 2].text in persons)
                or (after == "und" and k + 2 < len(toks) and toks[k + 2].text in persons)
            ):
                hits[word] += 1
            elif word.endswith("s") and nxt is not None and nxt.tag == "NN" and prev not in _ARTS:
                hits[word[:-1]] += 1  # Engelkes Frau: a genitive name before its noun
    return hits


def document_persons(paragraphs: Sequence[Paragraph]) -> dict[str, bool]:
    """The words that are a person's name throughout this document.

    The value says whether every capitalised mention counts (``True``) or only those the
    tagger calls a proper noun: a surname that is also a common noun (*Koch*, *Müller*)
    is the person in *Koch sagte*, not in *der Koch*."""
    persons: dict[str, bool] = {}
    given = lex.given_names()
    gaz = lex.gazetteer()
    counts: Counter[str] = Counter()
    for para in paragraphs:
        for ent in para.entities:
            words = ent.text.split()
            last = words[-1] if words else ""
            if (
                ent.label == "PER"
                and len(words) >= 2
                and words[-2][:1].isupper()  # not Elisabeth von Thüringen
                and len(last) > 2
                and last.isalpha()
                and last not in gaz
                and last not in EN_ORG_HEADS
                and last not in EN_PLACE_HEADS
            ):
                if last not in NEVER_NAMES and not lower_known(last):  # Wladimir Putin -> Putin
                    persons[last] = not lex.wiki_common(last) and not _noun(last)
                first = words[0]
                if first in given and not lex.wiki_common(first):
                    persons[first] = True  # Annalena Baerbock -> Annalena
        for t in para.tokens:
            if t.text[:1].isupper():
                counts[t.text] += 1
    hits = _contexts(paragraphs, set(persons))
    for word, n in hits.items():
        total = counts.get(word, 0) + counts.get(word + "s", 0)
        if n >= 2 and total >= 2 and counts.get(word, 0) and _candidate(word):
            persons[word] = True
    return persons


def resolve(paragraphs: Iterable[Paragraph]) -> list[Paragraph]:
    """The paragraphs with every mention of a document-level person marked PER."""
    paras = list(paragraphs)
    persons = document_persons(paras)
    lower = {t.text for p in paras for t in p.tokens if t.text[:1].islower()}
    return [_mark(p, persons, lower) for p in paras]


def changed(paragraphs: Sequence[Paragraph]) -> list[tuple[int, Paragraph]]:
    """(index, paragraph) for just the paragraphs whose names ``resolve`` changes: what the
    app posts again once a text analysed in batches is complete."""
    return [
        (i, after)
        for i, (before, after) in enumerate(zip(paragraphs, resolve(paragraphs), strict=True))
        if after is not before
    ]


def _mark(para: Paragraph, persons: dict[str, bool], lower: set[str]) -> Paragraph:
    new_ents: list[Entity] = []
    tokens = list(para.tokens)
    changed = False
    drop = set()
    prev_of = {t.start: tokens[k - 1].text for k, t in enumerate(tokens) if k}
    for ent in para.entities:
        if ent.label == "PER" and " " not in ent.text:
            if prev_of.get(ent.start) in _PLACE_NOUNS:
                drop.add(ent.start)  # Schloß Stechlin: the house, not the man
                continue
        # Hiemit, Zuunterst, Dieweil: the text writes the word in lower case elsewhere, so
        # capitalised it opens a sentence; a name is never written in lower case.
        if (
            ent.label == "PER"
            and " " not in ent.text
            and ent.text.lower() in lower
            and not persons.get(ent.text)
        ):
            drop.add(ent.start)
    if drop:
        changed = True
        for k, t in enumerate(tokens):
            if t.start in drop:
                tokens[k] = replace(t, ent="")
    entities = [e for e in para.entities if e.start not in drop]
    for k, t in enumerate(tokens):
        if t.ent or not t.text[:1].isupper() or t.tag not in _NAMEY_TAGS:
            continue
        base = next((f for f in _bare(t.text) if f in persons), None)
        if base is None or not (persons[base] or t.tag == "NE"):
            continue
        if k and (
            tokens[k - 1].text.lower() in _PLACE_BEFORE or tokens[k - 1].text in _PLACE_NOUNS
        ):
            # am Stechlin, Schloß Stechlin: the lake and the house, not the man; still a
            # name, so neither rare vocabulary nor a guessed stem
            tokens[k] = replace(t, lemma=base, zipf=None, band=None, rare=False)
            changed = True
            continue
        tokens[k] = _as_name(t, base)
        new_ents.append(Entity(t.text, "PER", t.start, t.end))
        changed = True
    if not changed:
        return para
    ents = tuple(sorted((*entities, *new_ents), key=lambda e: e.start))
    return replace(para, tokens=tuple(tokens), entities=ents)


def _as_name(tok: Token, headword: str) -> Token:
    """A token that is (part of) a name: its headword is the name, it is not vocabulary."""
    return replace(tok, lemma=headword, ent="PER", zipf=None, band=None, rare=False)
