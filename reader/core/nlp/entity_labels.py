"""What a name is: the labelling rules of ``reader_entities``.

Gazetteers first (places, currencies, known organisations, given names), then word shape
(*-partei*, *-burg*, acronyms), then context (*Präsident X*, *in X*, *X sagte*); a span
without evidence of any kind is dropped rather than guessed where the context is weak.
"""

from __future__ import annotations

from spacy.tokens import Token

from reader.core.nlp import ner_lexicon as lex
from reader.core.nlp.entity_shape import (
    _ARTICLES,
    _ORG_LEFT,
    _ORG_RIGHT,
    _PERSON_CUES,
    _WEB,
    _everyday,
    _is_acronym,
    _kind_noun,
    _strip_gen,
)
from reader.core.nlp.name_words import (
    EN_FUNCTION,
    EN_ORG_HEADS,
    EN_PLACE_HEADS,
    common_noun,
    lower_known,
    not_a_party,
)


class Labeller:
    """The *what* half of the recogniser; expects ``gaz`` and ``given`` on the instance."""

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
                and (common_noun(first) or lex.wiki_common(first))
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
            if _acronym_of_a_thing(toks, i, j):
                return None, False, "acrothing"  # drei Moleküle ATP, PMID 17117481
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
                if prev is not None and prev.tag_ in _ARTICLES and common_noun(first):
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
            if prev is not None and prev.tag_ in _ARTICLES and common_noun(first):
                return None, False, "r266"  # der Wolf, am Bach
            if lex.wiki_common(first) and (
                (prev is not None and prev.tag_ in _ARTICLES)
                or (lex.wiki_name(first) != "GIVEN" and _everyday(first, 3.5))
            ):
                return None, False, "gnoun"  # als Christ: a noun, also a given name
            if prev is not None and prev.tag_ == "FM":
                return None, False, "gforeign"  # Alpa Gun, lex Iulia: inside foreign words
            if prev is not None and prev.tag_ == "NN":
                return None, False, "gafternoun"  # Orkan Kyrill, Planet Eros: a thing named
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
        if single and prev is not None and prev.tag_ in _ARTICLES and common_noun(first):
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
        if prev is not None and prev.tag_ == "ART":
            return None, False, "r277art"  # die Uefa, der Gneisenau: a person takes no article
        if prev is not None and prev.tag_ in {"NN", "APPR", "APPRART"}:
            # Label Vertigo, Lage Réauville, zu Cordon, von Spezstroi: after a noun or a
            # preposition an unknown name is as often a place or a firm as a person
            return None, False, "r277np"
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
        if prev is not None and prev.text in lex.PER_TITLES and not word.endswith("s"):
            return True  # Präsident Cleveland, Herr Schönberg: a title names a person
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
        # beendete Dickinson, hatte sich Röttgen: a place only to GeoNames as a subject
        kind = lex.wiki_name(word)
        if kind is None:  # only as an inverted subject: not *im Haag war*, *X gehört*
            return prev is not None and prev.tag_ in {"VVFIN", "VAFIN", "VMFIN", "PRF"}
        return kind in {"SURNAME", "NAME"} and self._person_slot(prev, nxt, word)

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


def _acronym_of_a_thing(toks: list[Token], i: int, j: int) -> bool:
    """An unknown acronym that names a thing, a unit or a code rather than a body: after an
    adjective or an indefinite article (*die zweite IORE*, *einem EBIT*), before a number
    (*PMID 17117481*) or before a capitalised word it modifies (*GNU General Public
    License*)."""
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[j] if j < len(toks) else None
    if prev is not None and (prev.tag_ == "ADJA" or prev.text.lower() in _INDEFINITE):
        return True
    if nxt is None:
        return False
    return nxt.text[:1].isdigit() or (nxt.text[:1].isupper() and nxt.tag_ in {"NN", "NE", "ADJA"})


_INDEFINITE = frozenset({"ein", "eine", "einen", "einem", "einer", "eines"})
