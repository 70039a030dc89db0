"""``reader_separable``: join a separated verb particle to its verb.

In a German main clause the particle of a separable verb goes to the end:
*nahmen … wieder Kontakt auf* is *aufnehmen*. A learner looking up *nahmen* needs
*aufnehmen*, not *nehmen*. The particle (STTS ``PTKVZ``) is joined to the nearest finite
full verb before it in the same sentence; both tokens get ``token._.verb_lemma``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from reader.core.nlp.tagger import USER_DATA_KEY as TAGGER_KEY

_FINITE = {"VVFIN", "VVIMP", "VAFIN", "VMFIN"}
# Particles HanTa sometimes tags as adverbs or prepositions at the clause end
# (*wich … zurück*). Joined only if the resulting verb is attested in wordfreq.
_PARTICLES = frozenset(
    "ab an auf aus bei dar durch ein empor entgegen fest fort heim her herab heran herauf "
    "heraus herein herüber herum herunter hervor hin hinauf hinaus hinein hinweg hinzu los "
    "mit nach nieder statt vor voran voraus vorbei vorüber weg weiter wieder zu zurecht "
    "zurück zusammen".split()
)

if not Token.has_extension("verb_lemma"):
    Token.set_extension("verb_lemma", default=None)


def joined_lemma(particle: str, verb_lemma: str) -> str:
    return particle.lower() + verb_lemma


@Language.factory(
    "reader_separable",
    assigns=["token._.verb_lemma"],
    requires=["token.tag", "token.lemma"],
    default_config={},
)
def make_separable(nlp: Language, name: str) -> SeparableVerbs:
    return SeparableVerbs()


USER_DATA_KEY = "reader_verb_lemma"  # doc.user_data[key] = {token index: joined verb}
_PARTICLE_TAGS = frozenset({"ADV", "APPR", "ADJD"})


class SeparableVerbs:
    def __call__(self, doc: Doc) -> Doc:
        found: dict[int, str] = {}
        tagged = doc.user_data.get(TAGGER_KEY)
        if tagged is not None and len(tagged[0]) == len(doc):
            tags = tagged[0]
            # Only particles can start a join: find them in the tag list, not via Tokens.
            candidates = (
                doc[i]
                for i, tag in enumerate(tags)
                if tag == "PTKVZ" or (tag in _PARTICLE_TAGS and doc[i].lower_ in _PARTICLES)
            )
        else:
            candidates = iter(doc)
        for token in candidates:
            if token.tag_ != "PTKVZ" and not self._clause_final_particle(token):
                continue
            start = token.sent.start if doc.has_annotation("SENT_START") else 0
            for i in range(token.i - 1, start - 1, -1):
                verb = doc[i]
                if verb.tag_ in _FINITE:
                    if verb.tag_ != "VVFIN" and verb.tag_ != "VVIMP":
                        break  # *ist … an*: an auxiliary here means the particle is not verbal
                    full = joined_lemma(token.text, verb.lemma_)
                    if token.tag_ != "PTKVZ" and not _attested(full):
                        break
                    verb._.verb_lemma = full
                    token._.verb_lemma = full
                    found[verb.i] = full
                    found[token.i] = full
                    break
        doc.user_data[USER_DATA_KEY] = found
        return doc

    @staticmethod
    def _clause_final_particle(token: Token) -> bool:
        if token.lower_ not in _PARTICLES or token.tag_ not in {"ADV", "APPR", "ADJD"}:
            return False
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return nxt is None or nxt.is_punct


def _attested(verb: str) -> bool:
    from reader.core.vocabulary import zipf

    return zipf(verb) >= 1.5
