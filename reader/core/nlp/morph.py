"""``reader_morph``: gender and number for nouns, from the Wiktionary noun lexicon.

HanTa gives tags and lemmas but no gender; a learner needs *der/die/das* above all, so the
noun's lemma is looked up in the lexicon from ``german-nouns`` and the form compared with
its plurals for number.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from reader.core import nouns
from reader.core.nlp.tagger import USER_DATA_KEY as TAGGER_KEY

_GENDER = {"m": "Masc", "f": "Fem", "n": "Neut"}


USER_DATA_KEY = "reader_morph"  # doc.user_data[key] = {token index: "Gender=..|Number=.."}


def noun_features(form: str, lemma: str) -> dict[str, str]:
    return dict(_noun_features(form, lemma))


@lru_cache(maxsize=100_000)
def _noun_features(form: str, lemma: str) -> tuple[tuple[str, str], ...]:
    info = nouns.lookup(lemma)
    if info is None:
        return ()
    feats: dict[str, str] = {}
    if len(info.genders) == 1:
        feats["Gender"] = _GENDER[info.genders[0]]
    plurals = {p.lower() for p in info.plurals}
    low = form.lower()
    plural = low in plurals or any(low == p + "n" for p in plurals if not p.endswith("n"))
    singular = low == lemma.lower() or low in {g.lower() for g in info.genitives}
    if plural != singular:  # *der/die Verteidigungsminister*: same form, number unknown
        feats["Number"] = "Plur" if plural else "Sing"
    return tuple(sorted(feats.items()))


@lru_cache(maxsize=100_000)
def _morph_string(form: str, lemma: str) -> str:
    return "|".join(f"{k}={v}" for k, v in _noun_features(form, lemma))


@Language.factory(
    "reader_morph",
    assigns=["token.morph"],
    requires=["token.pos", "token.lemma"],
    default_config={},
)
def make_morph(nlp: Language, name: str) -> NounMorph:
    return NounMorph()


class NounMorph:
    def __call__(self, doc: Doc) -> Doc:
        found: dict[int, str] = {}
        tagged = doc.user_data.get(TAGGER_KEY)
        if tagged is not None and len(tagged[1]) == len(doc):  # the tagger's plain lists
            _, upos, lemmas = tagged
            nouns = [i for i, pos in enumerate(upos) if pos == "NOUN"]
            for i in nouns:
                token = doc[i]
                morph = _morph_string(token.text, lemmas[i])
                if morph:
                    token.set_morph(morph)
                    found[i] = morph
        else:
            for token in doc:
                if token.pos_ == "NOUN":
                    morph = _morph_string(token.text, token.lemma_)
                    if morph:
                        token.set_morph(morph)
                        found[token.i] = morph
        doc.user_data[USER_DATA_KEY] = found
        return doc
