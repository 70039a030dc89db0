"""Word-shape and word-list tests shared by the span finder and the labeller of
``reader_entities``: genitive stripping, acronyms, common-noun checks, cue constants.

Kept apart from the rules so both halves (where a name is, what it is) read the same facts.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from reader.core.nlp import ner_lexicon as lex
from reader.core.nlp.name_words import NEVER_NAMES

_CONNECTORS = frozenset(
    "von van de da di del della du zu y bin ibn al ter ten dos das le la".split()
)
_ORG_RIGHT = lex.ORG_HEADS - {"Staat", "Regierung", "Rat", "Bund", "Amt", "Land", "Front", "Kirche"}
_ORG_LEFT = frozenset(
    """Universität University Verlag Bank Partei Stiftung Institut Museum Theater Gymnasium
    Hochschule Klinik Klinikum Akademie Verband Orchester Zeitung""".split()
)
_WEB = re.compile(r"^(?:www\.\S+|\S+@\S+\.[a-z]{2,}|[\w.-]+\.(?:de|com|org|net|at|ch|eu|info))$")
_ARTICLES = frozenset({"ART", "PDAT", "PPOSAT", "PIAT", "ADJA"})
# Heads that a descriptive adjective makes a description, not a name: *die Evangelische
# Kirche* in general, *die Schweizer Armee*, *das Große Theater*.
_GENERIC_HEADS = frozenset(
    """Kirche Theater Museum Institut Polizei Armee Marine Gesellschaft Amt Gerichtshof Gericht
    Schule Klinik Krankenhaus Bibliothek Orchester Gymnasium""".split()
)
_PERSON_CUES = frozenset({"so", "Genosse", "Genossin"})
_QUOTES = frozenset('‹›«»„“”"')
_ORDINAL = re.compile(
    r"^(?:Erst|Zweit|Dritt|Viert|Fünft|Sechst|Siebt|Siebent|Acht|Neunt|Zehnt|Elft|Zwölft"
    r"|\w+zehnt|\w+zigst|\w+ßigst|\w+hundertst)(?:e|er|es|en|em)$"
)


def _strip_gen(word: str) -> list[str]:
    """The word and its forms without a genitive ending (Frankreichs, Lecornus, Hauses)."""
    out = [word]
    if len(word) > 3 and word.endswith(("s", "’", "'")):
        out.append(word.rstrip("’'"))
        if word.endswith("s"):
            out.append(word[:-1])
        if word.endswith("es") and len(word) > 5:
            out.append(word[:-2])
    return out


_INSTITUTION = re.compile(
    r"^(Bundes|Landes|Staats|Reichs)(\w*?)(ministeriums?|amt|amtes|amts|kammer|nachrichtendienst"
    r"|nachrichtendienstes|gerichts?|gerichtshofs?|gerichtshofes|agentur|anstalt|rechnungshofs?"
    r"|verwaltungsamt|kriminalamt|zentrale)$"
)
_GUESSES = frozenset({"r277", "r276", "r269", "r243"})
# Labels given without evidence (a default, a weak cue, a word's ending): the statistical
# typer (``ner_typer``, off by default: see its docstring) may re-type these when confident.
_WEAK = frozenset("r243 r248 r255 kind saidX r257 r259 wname r263 r267 r269 r272 r276 r277".split())
_COORD = frozenset({",", "und", "oder", "sowie", "/", "bzw.", "&"})


def _coordinate(
    toks: list[Token], out: list[tuple[int, int, str, bool]], guesses: set[int]
) -> list[tuple[int, int, str, bool]]:
    """Names listed together are of one kind: a guessed label takes a listed neighbour's.

    *zwischen Düren und Eregli*, *die Dörfer Hokkala, Kumpula und Oikari*: a name typed by
    evidence lends its type along the list to names whose type was only a default.
    """
    out = list(out)
    for order in (range(1, len(out)), range(len(out) - 2, -1, -1)):
        for k in order:
            if k not in guesses:
                continue
            other = k - 1 if order.step == 1 else k + 1
            if other in guesses and out[other][2] == "?":
                continue
            if other in guesses and out[k][2] != "?":
                continue
            a, b = (out[other], out[k]) if other < k else (out[k], out[other])
            if a[1] + 1 == b[0] and toks[a[1]].text in _COORD:
                out[k] = (*out[k][:2], out[other][2], False)
                guesses.discard(k)
    return out


def _kind_noun(tok: Token) -> str | None:
    """The label that a kind-of-thing noun before a name gives it (Gemeinde X, Konzern X)."""
    if tok.tag_ != "NN" or not tok.text[:1].isupper():
        return None
    low = tok.text.lower()
    best, label = 0, None
    for lab, endings in lex.KIND_NOUN_ENDINGS.items():
        for e in endings:
            if low.endswith(e) and len(e) > best:
                best, label = len(e), lab
    return label


def _everyday(text: str, floor: float) -> bool:
    """The word is at least this frequent (Zipf) in German text."""
    from reader.core.vocabulary import _freq, zipf_of

    return zipf_of(_freq(text.lower())) >= floor


def _everyday_noun(text: str) -> bool:
    """A frequent common noun that Wiktionary does not know as a name (*Musik*, not *Koch*)."""
    from reader.core.vocabulary import _freq, zipf_of

    return (
        lex.wiki_common(text)
        and lex.wiki_name(text) is None
        and zipf_of(_freq(text.lower())) >= 4.3
    )


def _never(text: str) -> bool:
    """Interjections, pronouns, titles: never a name, also with a clitic (*Sie's*)."""
    return (
        text in NEVER_NAMES
        or (text.endswith(("'s", "’s")) and text[:-2] in NEVER_NAMES)
        or bool(_ORDINAL.match(text))  # Vierzehntes Kapitel
    )


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(text) <= 7 and len(letters) >= 2 and all(c.isupper() for c in letters)
