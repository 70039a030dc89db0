"""``reader_entities``: named entities (PER, LOC, ORG, MISC) without a trained model.

No German NER model can be installed from the registry, so this recogniser combines what the
embedded pipeline already knows with gazetteers from data packages (see ``ner_lexicon``):

1. *Where*: runs of name-like tokens (HanTa's ``NE``/``FM`` tags, acronyms, known places,
   given names), multi-word gazetteer names (*Vereinigte Staaten*), a capitalised adjective
   before an organisation head (*Islamischer Staat*, *Deutsche Bank*), organisation heads
   next to names (*Moscow Times*, *Universität Hamburg*).
2. *What*: gazetteers first (places, currencies, known organisations, given names), then
   word shape (*-partei*, *-burg*, acronyms), then context (*Präsident X*, *in X*, *X sagte*),
   else PER (an unknown proper noun in German news is most often a surname).
3. *Consistency*: within a document, a surname seen in a full person name makes its later
   bare mentions persons (*Sebastien Lecornu* … *Lecornu*, *Lecornus*), and a confidently
   typed name lends its type to weakly typed mentions of the same name.

Genitive *-s* is handled by looking names up with and without it (*Frankreichs*).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from reader.core.nlp import ner_lexicon as lex
from reader.core.nlp import ner_typer
from reader.core.nlp.name_words import (
    EN_FUNCTION,
    EN_ORG_HEADS,
    EN_PLACE_HEADS,
    INTERJECTIONS_PRONOUNS,
    NEVER_NAMES,
    after_opener,
    lower_known,
    not_a_party,
)
from reader.core.nlp.tagger import hanta

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


@Language.factory(
    "reader_entities",
    assigns=["doc.ents"],
    requires=["token.tag", "token.is_sent_start"],
    default_config={"propagate": True, "typer": False, "typer_threshold": 0.9},
)
def make_entities(
    nlp: Language, name: str, propagate: bool, typer: bool, typer_threshold: float
) -> EntityRecognizer:
    return EntityRecognizer(propagate=propagate, typer=typer, typer_threshold=typer_threshold)


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


def _common_noun(word: str) -> bool:
    """HanTa's lexicon knows the word as a common noun about as well as a name (Wolf, Bach)."""
    scores = dict(hanta().tag_word(word)[:4])
    ne = scores.get("NE", -1e9)
    nn = max(scores.get("NN", -1e9), scores.get("NNI", -1e9))
    return nn > -25 and nn >= ne - 4.0


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


class EntityRecognizer:
    def __init__(
        self, propagate: bool = True, typer: bool = False, typer_threshold: float = 0.9
    ) -> None:
        self.propagate = propagate
        self.use_typer = typer
        self.typer_threshold = typer_threshold
        self.multi_default = "ORG"
        self.gaz = lex.gazetteer()
        self.phrases = lex.phrase_index()
        self.given = lex.given_names()
        self.trace: list[tuple[int, int, str | None, str]] | None = None

    # --- where -------------------------------------------------------------------------

    def _namey(self, t: Token) -> bool:
        text = t.text
        if not text or text in lex.NOT_NAMES or _never(text) or _QUOTES & set(text):
            return False  # Gefühle‹: a word with its closing quote is no name
        if text in lex.ORG_KNOWN or self.gaz.get(text) == "MISC" or _WEB.match(text):
            return True  # SPD, Euro, EUR, stern.de
        if not (text[0].isupper() or (text[0].isdigit() and t.tag_ == "NE")):
            return False
        if t.tag_ in {"NE", "FM"}:
            return True
        if _is_acronym(text) and t.tag_ in {"NN", "XY", "ADJA", "ADJD"}:
            return True
        if (
            t.tag_ == "NN"
            and any(f in self.gaz for f in _strip_gen(text))
            and not _common_noun(text)
        ):
            return True
        return False

    def _common_lead(self, toks: list[Token], i: int, j: int) -> bool:
        first = toks[i].text
        return (
            first not in lex.ORG_KNOWN
            and first not in self.gaz
            and first not in _ORG_LEFT
            and self._is_common(first)
            and _common_noun(first)
            and (self._lookup([t.text for t in toks[i + 1 : j]]) is not None)
        )

    def _institution_at(self, toks: list[Token], i: int) -> tuple[int, int] | None:
        """A public body named by a compound: *Bundesjustizministerium*, *Bundesamt für X*.

        The bare head (*das Bundesamt*, *die Landesbank*) is too generic to be a name unless
        a *für* phrase follows; a compound with a middle (*-justiz-*) names one body.
        """
        m = _INSTITUTION.match(toks[i].text)
        if not m or toks[i].tag_ not in {"NN", "NE"}:
            return None
        end, n = i + 1, len(toks)
        if end + 1 < n and toks[end].text == "für" and toks[end + 1].text[:1].isupper():
            end += 2
            while (
                end + 1 < n
                and toks[end].text in {"und", ","}
                and toks[end + 1].text[:1].isupper()
                and toks[end + 1].tag_ in {"NN", "NE"}
            ):
                end += 2
        elif not m.group(2):
            return None
        start = i
        if i > 0 and toks[i - 1].tag_ == "ADJA" and toks[i - 1].text[:1].isupper():
            start = i - 1  # Bayerisches Staatsministerium
        return start, end

    def _institution_before(self, toks: list[Token], i: int, j: int) -> bool:
        """*Maximilianmuseum Augsburg*, *Sparkasse Hannover*: an institution noun before a
        place names one institution."""
        if i == 0 or j - i != 1 or self.gaz.get(toks[i].text) != "LOC":
            return False
        noun = toks[i - 1]
        low = noun.text.lower()
        return (
            noun.tag_ == "NN"
            and noun.text[:1].isupper()
            and "-" not in noun.text
            and any(low.endswith(s) and len(low) > len(s) + 2 for s in lex.ORG_SUFFIXES)
        )

    def _surname_after_given(self, toks: list[Token], j: int, i: int) -> bool:
        """*Herbert Stein*, *Fritz Rudolf Körper*: the word after a given name is its
        surname, unless it is an everyday noun after a lone given name (*hörte Gregor
        Musik*)."""
        prev, nxt = toks[j - 1], toks[j]
        text = nxt.text
        return (
            prev.text in self.given
            and prev.tag_ in {"NE", "FM"}
            and (
                j < 2
                or j - 2 >= i
                or toks[j - 2].text not in self.given
                or toks[j - 2].tag_ not in {"NE"}
            )
            and text[:1].isupper()
            and text.replace("-", "").isalpha()
            and not _is_acronym(text)
            and nxt.tag_ in {"NN", "NE", "FM", "ADJA", "ADJD"}
            and text not in lex.NOT_NAMES
            and text not in INTERJECTIONS_PRONOUNS
            and (j - i > 1 or not _everyday_noun(text))
            and text not in _ORG_RIGHT
            and text not in lex.MISC_HEADS
        )

    def _lookup(self, words: list[str]) -> str | None:
        """Gazetteer label for a word sequence, allowing a genitive ending on the last word."""
        for last in _strip_gen(words[-1]):
            label = self.gaz.get(" ".join([*words[:-1], last]))
            if label:
                return label
        return None

    def _phrase_at(self, toks: list[Token], i: int) -> tuple[int, str] | None:
        text = toks[i].text
        firsts = [text]
        # Vereinigten Staaten, das Technische Hilfswerk: the name is listed with another
        # adjective ending than the text gives it
        stem = text[:-2] if text.endswith(("en", "er", "es", "em")) else text[:-1]
        if text[:1].isupper() and text.endswith(("e", "en", "er", "es", "em")):
            firsts += [f for f in (stem + "e", stem + "es", stem + "er") if f != text]
        for first in firsts:
            longest = self.phrases.get(first)
            if not longest:
                continue
            for n in range(min(longest, len(toks) - i), 1, -1):
                words = [first] + [t.text for t in toks[i + 1 : i + n]]
                label = self._lookup(words)
                if label:
                    return n, label
        return None

    def _sentence(self, toks: list[Token]) -> list[tuple[int, int, str, bool]]:
        """Entity candidates in one sentence: (start, end, label, strong) relative to toks."""
        out: list[tuple[int, int, str, bool]] = []
        guesses: set[int] = set()  # indexes into out of labels guessed without evidence
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            phrase = self._phrase_at(toks, i) if t.text[:1].isupper() else None
            if phrase:
                end = i + phrase[0]
                if end < n and (toks[end].text in _ORG_RIGHT or toks[end].text in EN_ORG_HEADS):
                    phrase = (phrase[0] + 1, "ORG")  # New York Times, San Antonio Spurs
                out.append((i, i + phrase[0], phrase[1], True))
                self._note(toks, i, i + phrase[0], phrase[1], "phrase")
                i += phrase[0]
                continue
            inst = self._institution_at(toks, i)
            if inst:
                out.append((*inst, "ORG", True))
                self._note(toks, *inst, "ORG", "inst")
                i = inst[1]
                continue
            # Capitalised adjective + organisation head / event head: Islamischer Staat.
            if (
                t.tag_ == "ADJA"
                and t.text[0].isupper()
                and i + 1 < n
                and toks[i + 1].text in (lex.ORG_HEADS | lex.MISC_HEADS)
            ):
                head = toks[i + 1].text
                end = i + 2
                while end < n and self._namey(toks[end]) and toks[end].tag_ != "NN":
                    end += 1
                label = "MISC" if head in lex.MISC_HEADS else "ORG"
                start = i
                while (
                    start > 0
                    and toks[start - 1].tag_ in {"ADJA", "NE"}
                    and toks[start - 1].text[0].isupper()
                ):
                    start -= 1  # Frankfurter Allgemeine Zeitung
                if out and out[-1][1] > start:
                    start = i
                if head not in _GENERIC_HEADS and not (
                    i == 0 and head in {"Staat", "Krieg", "Kriegs", "Krieges", "Preis", "Band"}
                ):
                    out.append((start, end, label, True))
                    self._note(toks, start, end, label, "adjhead")
                    i = end
                    continue
            if not self._namey(t):
                i += 1
                continue
            j = i + 1
            while j < n:
                nxt = toks[j]
                if self._namey(nxt) or nxt.text in lex.ROMAN:
                    j += 1
                elif (  # Robert R. Livingston: an initial inside a person's name
                    len(nxt.text.rstrip(".")) == 1
                    and nxt.text[0].isupper()
                    and toks[i].text in self.given
                    and j + 1 < n
                    and (toks[j + 1].text == "." or self._namey(toks[j + 1]))
                ):
                    j += 2 if toks[j + 1].text == "." else 1
                elif self._surname_after_given(toks, j, i):
                    j += 1  # Herbert Stein, Renate Bassen: a given name's surname
                elif nxt.text in _ORG_RIGHT and nxt.tag_ in {"NN", "NE", "FM"}:
                    j += 1
                elif (
                    (
                        (
                            nxt.text in _CONNECTORS
                            and (nxt.text not in {"von", "zu"} or toks[i].text in self.given)
                        )
                        or nxt.text == "&"
                        or (nxt.tag_ == "FM" and nxt.text.islower())
                    )
                    and j + 1 < n
                    and self._namey(toks[j + 1])
                    and toks[j + 1].tag_ != "NN"
                ):
                    j += 2
                else:
                    break
            start = i
            if j - i > 1 and self._common_lead(toks, i, j):
                start = i = i + 1  # Einfluss Chinas, Neuling Ungarn: a noun before the name
            while (
                start > 0
                and toks[start - 1].tag_ == "NN"
                and toks[start - 1].text in self.given
                and not lex.wiki_common(toks[start - 1].text)
                and (start < 2 or not toks[start - 2].tag_.startswith(("ART", "ADJA")))
            ):
                start -= 1  # Annalena Baerbock: a given name the tagger took for a noun
            if start > 0 and toks[start - 1].text in _ORG_LEFT:
                start -= 1
            elif start > 0 and toks[start - 1].text in lex.ORG_PREFIXES:
                start -= 1
            elif self._institution_before(toks, start, j):
                start -= 1
                out.append((start, j, "ORG", True))  # Realschule Spaichingen
                self._note(toks, start, j, "ORG", "instplace")
                i = j
                continue
            saint = 0
            if start > 0 and toks[start - 1].text in {"St.", "Sankt", "Ste."}:
                saint = 1
            elif start > 1 and toks[start - 1].text == "." and toks[start - 2].text == "St":
                saint = 2
            if saint:  # St. Moritz, Sankt Peter: a place or a church named after a saint
                start -= saint
                label, strong, why = "LOC", True, "saint"
            else:
                label, strong, why = self._label(toks, start, j)
            if label and why in _WEAK and self.use_typer:
                typer = ner_typer.load()
                if typer is not None:
                    new, p = typer.predict(self, toks, start, j)
                    if p >= self.typer_threshold:
                        label, why = new, f"{why}+typer"
            self._note(toks, start, j, label, why)
            if (
                j - start == 1
                and why in {"r277", "r277x", "r269", "r263"}
                and start > 0
                and after_opener(toks[start - 1].text)
            ):
                label = None  # »Adjes allseits«: an unknown word opening a sentence
            if why == "r277x":  # kept only if a listed neighbour gives it a type
                label = "?"
            if label:
                if why in _GUESSES or label == "?":
                    guesses.add(len(out))
                out.append((start, j, label, strong))
            i = j
        if guesses:
            out = _coordinate(toks, out, guesses)
        return [span for span in out if span[2] != "?"]

    def _note(self, toks: list[Token], i: int, j: int, label: str | None, why: str) -> None:
        if self.trace is not None:
            self.trace.append((toks[i].i, toks[j - 1].i + 1, label, why))

    # --- what --------------------------------------------------------------------------

    def _label(self, toks: list[Token], i: int, j: int) -> tuple[str | None, bool, str]:
        span = toks[i:j]
        words = [t.text for t in span]
        first, last = words[0], words[-1]
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[j] if j < len(toks) else None
        single = j - i == 1
        if single and not_a_party(
            first, [t.text for t in toks[max(0, i - 2) : i]], [t.text for t in toks]
        ):
            return None, False, "noparty"  # mit der Linken: a hand
        titled = prev is not None and (
            prev.text in lex.PER_TITLES or prev.text.lower().endswith(lex.PER_TITLE_ENDINGS)
        )
        if (
            single
            and not titled
            and first not in lex.ORG_KNOWN
            and not (self._place_context(prev) and first in self.gaz)
            and lower_known(first)
        ):
            return None, False, "lowerword"  # »Anders, …«, »Frisch, Gregor«: a common word
        if (
            single
            and prev is not None
            and prev.tag_ == "ART"
            and lex.wiki_common(first)
            and first not in self.gaz
            and first not in lex.ORG_KNOWN
        ):
            return None, False, "artnoun"  # der Schreiber, der Kaplan: a common noun
        if single and first in _ORG_RIGHT and first not in lex.ORG_KNOWN:
            return None, False, "orghead"  # AG, Times alone: the head of a name, not one
        if any(w in lex.ORG_KNOWN for w in words) or last in _ORG_RIGHT or first in _ORG_LEFT:
            return "ORG", True, "r221"
        english = not single and any(w in EN_FUNCTION for w in words)
        if not single and any(w in EN_ORG_HEADS for w in words[1:]):
            return "ORG", True, "enorg"  # Sun Microsystems, California Institute of Technology
        if not single and last in EN_PLACE_HEADS and first[:1].isupper():
            return "LOC", False, "enplace"  # Traitors Gate, Pembroke Lodge
        if first in lex.ORG_PREFIXES and not single:
            return "ORG", True, "r223"
        label = self._lookup(words)
        if label:
            if (
                single
                and label == "LOC"
                and nxt is not None
                and nxt.tag_ == "NN"
                and first.endswith("er")
            ):
                return None, False, "r233"  # Moskauer Angriff: place adjective
            if single and label == "LOC" and self._person_place(first, prev, nxt):
                return "PER", False, "locper"  # Kanzler Obama, Röttgen sagte: a surname
            if (
                single
                and label == "LOC"
                and not self._place_context(prev)
                and (_common_noun(first) or lex.wiki_common(first))
            ):
                return None, False, "locnoun"  # von dem reichlichen Essen, der Hof
            return label, True, "r234"
        if single and first.endswith("er") and nxt is not None and nxt.tag_ == "NN":
            if any(s in self.gaz for s in (first[:-2], first[:-1], first[:-3])):
                return None, False, "r237"
        if not single and len(first) == 2 and first[1] == "." and first[0].isupper():
            return "PER", True, "initial"  # W. Müller
        if not single and last.lower().endswith(lex.STREET_SUFFIXES) and len(last) > 8:
            return "LOC", False, "street"  # Ben Jehudastraße, Karl-Marx-Allee
        if first in self.given and not single and not _is_acronym(first):
            if english:
                return "MISC", False, "enmisc"  # My Blueberry Nights: a title
            return "PER", True, "r239"
        if any(w in lex.MISC_HEADS for w in words[1:]) and first[:1].isupper():
            return "MISC", True, "r241"
        if single and _is_acronym(first):
            letters = sum(c.isalpha() for c in first)
            if first.isalpha() and len(first) > 3 and self.gaz.get(first.capitalize()):
                return self.gaz.get(first.capitalize()), False, "capsgaz"  # TOKIO, BOCHUM
            if letters < 3 or lex.wiki_common(first) or "-" in first or lower_known(first):
                return None, False, "acrodrop"  # FB, KV, DNA: abbreviations, not bodies
            return "ORG", False, "r243"
        low = last.lower()
        if any(low.endswith(s) and len(low) > len(s) + 2 for s in lex.ORG_SUFFIXES) and (
            "-" in last or span[-1].tag_ == "NE"
        ):
            return "ORG", False, "r248"
        if prev is not None:
            if prev.text in lex.PER_TITLES or prev.text.lower().endswith(lex.PER_TITLE_ENDINGS):
                return "PER", True, "r251"
            if prev.text in lex.LOC_NOUNS:
                return "LOC", True, "r253"
            if prev.text in lex.MISC_CUES:
                return "MISC", False, "r255"
            kind = _kind_noun(prev)
            if kind:
                return kind, False, "kind"
            if prev.text in lex.PER_VERBS and first not in self.gaz:
                return "PER", False, "saidX"  # sagte Petkovic
        if nxt is not None and nxt.text in lex.PER_VERBS:
            return "PER", False, "r257"
        if low.endswith(lex.STREET_SUFFIXES):
            return None, False, "r259"  # Schering, Tearing: an ending is no evidence
        if single:
            kind = self._wiki_kind(first)
            if kind in {"LOC", "SURNAME"}:
                if prev is not None and prev.tag_ in _ARTICLES and _common_noun(first):
                    return None, False, "wart"  # der Wolf, am Bach
                if (
                    kind == "SURNAME"
                    and lex.wiki_common(first)
                    and prev is not None
                    and prev.tag_ in {"APPR", "APPRART", "KOKOM"}
                ):
                    return None, False, "wnoun"  # von Baum zu Baum: a noun (also a surname)
                return ("LOC" if kind == "LOC" else "PER"), False, "wname"
        if single and any(
            s.lower().endswith(lex.LOC_SUFFIXES) and len(s) > 5 for s in _strip_gen(first)
        ):
            return "LOC", False, "r263"
        if single and any(f in self.given for f in _strip_gen(first)):
            if prev is not None and prev.tag_ in _ARTICLES and _common_noun(first):
                return None, False, "r266"  # der Wolf, am Bach
            if lex.wiki_common(first) and (
                (prev is not None and prev.tag_ in _ARTICLES)
                or (lex.wiki_name(first) != "GIVEN" and _everyday(first, 3.5))
            ):
                return None, False, "gnoun"  # als Christ: a noun, also a given name
            return "PER", False, "r267"
        if single and self._is_common(first):
            return None, False, "wcommon"  # Terrakotta, Fußballfans: a common noun
        if prev is not None and prev.text.lower() in lex.STRONG_LOC_PREPS and single:
            return "LOC", False, "r269"
        if single and span[0].tag_ == "FM" and first not in self.given:
            return None, False, "fmdrop"  # Home, Bottom: a foreign word, not a name
        if any(t.tag_ == "FM" for t in span) and (not single or span[0].tag_ == "FM"):
            if english:
                return "MISC", False, "r272"
            return None, False, "fmmulti"  # Reproduction Mécanique: foreign words
        if single and prev is not None and prev.tag_ in _ARTICLES and _common_noun(first):
            return None, False, "r274"
        if not single and not any(w in self.given for w in words):
            if english:
                return None, False, "r276en"  # Three Lions, Special Edition: of no known kind
            if lex.wiki_name(last) == "SURNAME":
                return "PER", False, "r276per"
            return None, False, "r276"  # Cerro Amarillo, Ancient City: of no known kind
        if single and _WEB.match(first):
            return "MISC", False, "web"  # www.yasni.de: a web address
        if not single or not first.replace("-", "").isalpha():
            return None, False, "r277m"  # Hostess Silvia Sommerlath, Il-86, A1: unsure
        if not self._person_slot(prev, nxt, first):
            return None, False, "r277x"
        return "PER", False, "r277"

    @staticmethod
    def _place_context(prev: Token | None) -> bool:
        """*in Essen*, *nach Halle*, *Stadt Hof*: what a place named like a noun needs."""
        return prev is not None and (
            prev.text.lower() in lex.LOC_PREPS or prev.text in lex.LOC_NOUNS or prev.text == ","
        )

    def _person_place(self, word: str, prev: Token | None, nxt: Token | None) -> bool:
        """A place name that is also a person's name, where the context wants a person."""
        if any(lex.wiki_name(form) == "LOC" for form in _strip_gen(word)):
            return False  # Verteidigungsminister Frankreichs: the minister of a country
        if not (word in self.given or lex.wiki_name(word) in {"SURNAME", "GIVEN", "NAME", None}):
            if prev is None or prev.text not in lex.PER_TITLES:
                return False
        if prev is not None and prev.text.lower() in lex.LOC_PREPS:
            return False
        if prev is not None and (
            prev.text in lex.PER_TITLES or prev.text.lower().endswith(lex.PER_TITLE_ENDINGS)
        ):
            return True
        if nxt is not None and nxt.text in lex.PER_VERBS:
            return True
        # Röttgen bestätigte, so Barth, als Stalin starb: a place only to GeoNames (a
        # district, a small town abroad), a person to Wiktionary or by its context
        if lex.wiki_name(word) == "LOC":
            return False
        if prev is not None and (prev.text in _PERSON_CUES or prev.text in lex.PER_VERBS):
            return nxt is None or not nxt.text[:1].isupper()
        return lex.wiki_name(word) in {"SURNAME", "NAME"} and self._person_slot(prev, nxt, word)

    @staticmethod
    def _person_slot(prev: Token | None, nxt: Token | None, word: str) -> bool:
        """Where an unknown name is most often a person's: next to a finite verb, as its
        subject (*Halmich musste*, *schoss Kaká*), or as a genitive before a noun
        (*Roddicks Sieg*)."""
        if nxt is not None and nxt.tag_.endswith("FIN"):
            return True
        if prev is not None and prev.tag_.endswith("FIN"):
            return True
        return word.endswith("s") and nxt is not None and nxt.tag_ == "NN"

    def _wiki_kind(self, word: str) -> str | None:
        for form in _strip_gen(word):
            kind = lex.wiki_name(form)
            if kind:
                return kind
        return None

    def _is_common(self, word: str) -> bool:
        """A common noun's form per Wiktionary, or a compound ending in one (Spendenkonto)."""
        common, name = lex.wiki_common, lex.wiki_name
        if name(word) or word in self.given:
            return False
        if common(word):
            return True
        tail = word.rsplit("-", 1)[-1]
        if tail != word and tail[:1].isupper():
            return common(tail) and not name(tail) and tail not in self.given
        for k in range(3, len(word) - 3):
            rest = word[k].upper() + word[k + 1 :]
            if common(rest) and not name(rest) and not rest.startswith("Mann"):
                return True
        return False

    # --- the component -----------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        found: list[tuple[int, int, str, bool]] = []
        for sent in sents:
            toks = list(sent)
            for a, b, label, strong in self._sentence(toks):
                found.append((sent.start + a, sent.start + b, label, strong))
        if self.propagate:
            found = self._propagate(doc, found)
        spans = [Span(doc, a, b, label=label) for a, b, label, _ in found]
        doc.ents = spacy_filter(spans)
        return doc

    def _propagate(
        self, doc: Doc, found: list[tuple[int, int, str, bool]]
    ) -> list[tuple[int, int, str, bool]]:
        """Make the document agree with itself about names it has seen typed with confidence."""
        known: dict[str, str] = {}
        for a, b, label, strong in found:
            if label == "PER" and b - a >= 2 and doc[b - 1].text[0].isupper():
                known.setdefault(doc[b - 1].text, "PER")
            if strong and b - a == 1:
                known.setdefault(doc[a].text, label)
        out = []
        covered = set()
        for a, b, label, strong in found:
            if not strong and b - a == 1:
                for form in _strip_gen(doc[a].text):
                    if form in known:
                        label = known[form]
                        break
            out.append((a, b, label, strong))
            covered.update(range(a, b))
        for tok in doc:
            if tok.i in covered or not tok.text[:1].isupper() or tok.tag_ not in {"NE", "NN", "FM"}:
                continue
            for form in _strip_gen(tok.text):
                if (
                    known.get(form) == "PER"
                    and form != tok.text
                    or (form == tok.text and known.get(form) == "PER")
                ):
                    if tok.tag_ == "NN" and _common_noun(tok.text):
                        break
                    out.append((tok.i, tok.i + 1, "PER", False))
                    break
        return sorted(out)


def spacy_filter(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, longest first (spaCy's ``filter_spans``)."""
    from spacy.util import filter_spans

    return filter_spans(spans)
