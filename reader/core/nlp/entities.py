"""``reader_entities``: named entities (PER, LOC, ORG, MISC) without a trained model.

No German NER model can be installed from the registry, so this recogniser combines what the
embedded pipeline already knows with gazetteers from data packages (see ``ner_lexicon``):

1. *Where* (``entity_spans``): runs of name-like tokens (HanTa's ``NE``/``FM`` tags,
   acronyms, known places, given names), multi-word gazetteer names (*Vereinigte
   Staaten*), a capitalised adjective before an organisation head (*Islamischer Staat*,
   *Deutsche Bank*), organisation heads next to names (*Moscow Times*, *Universität
   Hamburg*).
2. *What* (``entity_labels``): gazetteers first (places, currencies, known organisations,
   given names), then word shape (*-partei*, *-burg*, acronyms), then context (*Präsident X*,
   *in X*, *X sagte*); an unknown proper noun is a person only where the context wants one
   (a finite verb next to it, no article, noun or preposition before it), else no entity.
3. *Consistency* (here): within a document, a surname seen in a full person name makes its later
   bare mentions persons (*Sebastien Lecornu* … *Lecornu*, *Lecornus*), and a confidently
   typed name lends its type to weakly typed mentions of the same name.

Genitive *-s* is handled by looking names up with and without it (*Frankreichs*); the
shared word tests live in ``entity_shape``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from reader.core.nlp import ner_lexicon as lex
from reader.core.nlp.entity_labels import Labeller
from reader.core.nlp.entity_shape import _strip_gen
from reader.core.nlp.entity_spans import SpanFinder
from reader.core.nlp.name_words import common_noun

__all__ = ["EntityRecognizer", "make_entities", "spacy_filter"]


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


class EntityRecognizer(SpanFinder, Labeller):
    """The spaCy component: span rules (``entity_spans``) + labels (``entity_labels``),
    then document-level consistency (``_propagate``)."""

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
                    if tok.tag_ == "NN" and common_noun(tok.text):
                        break
                    out.append((tok.i, tok.i + 1, "PER", False))
                    break
        return sorted(out)


def spacy_filter(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, longest first (spaCy's ``filter_spans``)."""
    from spacy.util import filter_spans

    return filter_spans(spans)
