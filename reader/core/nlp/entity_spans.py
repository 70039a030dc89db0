"""Where names are: the span rules of ``reader_entities`` (one sentence at a time).

Runs of name-like tokens, gazetteer phrases, institutions, an adjective before an
organisation head, given name + surname; each candidate span is then labelled by
``entity_labels.Labeller._label`` (mixed into ``entities.EntityRecognizer``).
"""

from __future__ import annotations

from spacy.tokens import Token

from reader.core.nlp import ner_lexicon as lex
from reader.core.nlp import ner_typer
from reader.core.nlp.entity_shape import (
    _CONNECTORS,
    _GENERIC_HEADS,
    _GUESSES,
    _INSTITUTION,
    _ORG_LEFT,
    _ORG_RIGHT,
    _QUOTES,
    _WEAK,
    _WEB,
    _coordinate,
    _everyday_noun,
    _is_acronym,
    _never,
    _strip_gen,
)
from reader.core.nlp.name_words import (
    EN_ORG_HEADS,
    INTERJECTIONS_PRONOUNS,
    after_opener,
    common_noun,
)


class SpanFinder:
    """The *where* half of the recogniser; expects ``gaz``, ``phrases``, ``given``,
    ``use_typer``, ``typer_threshold``, ``trace`` and ``_label`` on the instance."""

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
            and not common_noun(text)
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
            and common_noun(first)
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

    def _noble_particle(self, toks: list[Token], i: int, j: int) -> bool:
        """*von*/*zu* + a capitalised word after a given name (and surname) is part of a
        person's name even when the tagger calls that word a noun (*Heinrich Gottlob von
        Miltitz*); not before an organisation (*Peter Müller von Siemens*) or a common
        noun (*Anna von Amts wegen*)."""
        if j + 1 >= len(toks) or toks[j].text not in {"von", "zu"}:
            return False
        if toks[i].text not in self.given or toks[i].tag_ not in {"NE", "FM"}:
            return False
        word = toks[j + 1].text
        return (
            word[:1].isupper()
            and word.replace("-", "").isalpha()
            and word not in lex.ORG_KNOWN
            and self.gaz.get(word) in {None, "LOC"}
            and not lex.wiki_common(word)
            and word not in lex.NOT_NAMES
            and not _never(word)
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
                elif self._noble_particle(toks, i, j):
                    j += 2  # Joseph Victor von Scheffel, Amalie von Hohenzollern-Sigmaringen
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
                    and toks[j + 1].text not in lex.ORG_KNOWN  # Peter Müller von Siemens
                ):
                    j += 2
                else:
                    break
            start = i
            split = False
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
            elif (
                start > 1
                and j - start == 1
                and toks[start].text in lex.ORG_KNOWN
                and toks[start - 1].tag_ == "ADJA"
                and toks[start - 1].text[:1].isupper()
            ):
                start -= 1  # der Deutsche Bundestag, die Deutsche Telekom: part of the name
            elif self._institution_before(toks, start, j):
                start -= 1
                out.append((start, j, "ORG", True))  # Realschule Spaichingen
                self._note(toks, start, j, "ORG", "instplace")
                i = j
                continue
            elif (
                start > 0
                and len(toks[start - 1].text) > 3
                and toks[start - 1].text.endswith("-")
                and toks[start - 1].text[:1].isupper()
                and (not out or out[-1][1] < start)
            ):
                start -= 1  # Mecklenburg- Vorpommern: a name split at its hyphen
                split = True
            if (
                j - start == 1
                and j < n
                and len(toks[j].text) == 2
                and toks[j].text.isdigit()
                and self.gaz.get(toks[start].text) == "LOC"
            ):
                out.append((start, j + 1, "ORG", True))  # Mainz 05, Hannover 96: a club
                self._note(toks, start, j + 1, "ORG", "club")
                i = j + 1
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
                label, strong, why = self._label(toks, start + split, j)
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
            if j - start == 1 and why == "r267" and start > 0 and toks[start - 1].text in _QUOTES:
                label = None  # „Eckart“, „Elektra“: a bare given name in quotes is a title
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
