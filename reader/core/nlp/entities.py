"""``reader_entities``: a first, simple pass at named entities from proper-noun tags.

Runs of tokens tagged ``NE`` become entity spans; the label comes from light cues (a
preceding place preposition, place-like endings, a following person name). The entity
issue replaces this with a stronger recogniser behind the same factory name.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

_PLACE_PREPS = {"in", "nach", "aus", "von", "im", "bei"}
_PLACE_ENDINGS = ("land", "reich", "ien", "burg", "berg", "stadt", "dorf", "heim", "au")
_ORG_CUES = {"AG", "GmbH", "Partei", "Zeitung", "Times", "Staat", "Bank", "Ministerium"}


@Language.factory(
    "reader_entities",
    assigns=["doc.ents"],
    requires=["token.tag"],
    default_config={},
)
def make_entities(nlp: Language, name: str) -> SimpleEntities:
    return SimpleEntities()


class SimpleEntities:
    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        i = 0
        while i < len(doc):
            if doc[i].tag_ != "NE":
                i += 1
                continue
            j = i
            while j + 1 < len(doc) and doc[j + 1].tag_ == "NE":
                j += 1
            spans.append(Span(doc, i, j + 1, label=self._label(doc, i, j + 1)))
            i = j + 1
        doc.ents = spans
        return doc

    @staticmethod
    def _label(doc: Doc, start: int, end: int) -> str:
        words = [t.text for t in doc[start:end]]
        if any(w in _ORG_CUES for w in words):
            return "ORG"
        if end - start >= 2:
            return "PER"
        lemma = doc[start].lemma_
        if start > 0 and doc[start - 1].lower_ in _PLACE_PREPS:
            return "LOC"
        if lemma.lower().endswith(_PLACE_ENDINGS):
            return "LOC"
        return "PER" if doc[start].text[0].isupper() else "MISC"
