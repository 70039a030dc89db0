"""``reader_morph``: gender and number for nouns, from the Wiktionary noun lexicon.

HanTa gives tags and lemmas but no gender; a learner needs *der/die/das* above all, so the
noun's lemma is looked up in the lexicon from ``german-nouns`` and the form compared with
its plurals for number.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from reader.core import nouns

_GENDER = {"m": "Masc", "f": "Fem", "n": "Neut"}


def noun_features(form: str, lemma: str) -> dict[str, str]:
    info = nouns.lookup(lemma)
    if info is None:
        return {}
    feats: dict[str, str] = {}
    if len(info.genders) == 1:
        feats["Gender"] = _GENDER[info.genders[0]]
    plurals = {p.lower() for p in info.plurals}
    low = form.lower()
    plural = low in plurals or any(low == p + "n" for p in plurals if not p.endswith("n"))
    singular = low == lemma.lower() or low in {g.lower() for g in info.genitives}
    if plural != singular:  # *der/die Verteidigungsminister*: same form, number unknown
        feats["Number"] = "Plur" if plural else "Sing"
    return feats


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
        for token in doc:
            if token.pos_ == "NOUN":
                feats = noun_features(token.text, token.lemma_)
                if feats:
                    token.set_morph("|".join(f"{k}={v}" for k, v in sorted(feats.items())))
        return doc
