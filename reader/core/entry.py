"""The glossary entry: everything a learner is shown for one word, as a frozen value.

Built by ``reader.core.glossary`` from the analysis and the dictionaries; shown by the UI,
kept by the store, written by the exporters. Defined here, on its own, so all of them
agree on one shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class CompoundPart:
    """One part of a split compound (*Terrorismus* in *Terrorismusbekämpfung*)."""

    text: str  # the part as a lemma (Bekämpfung)
    gloss: str = ""  # short meaning, if a dictionary knows one
    linking: str = ""  # linking element after this part (s, n, es, ...)


@dataclass(frozen=True, slots=True)
class Reading:
    """An alternative analysis of an ambiguous form (*gefallen*: fallen / gefallen)."""

    lemma: str
    pos: str
    gloss: str = ""


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """What the side panel, the entry screen and the exports show for a word."""

    word: str  # as in the text
    lemma: str  # for a separable verb: the joined infinitive (aufnehmen)
    pos: str  # UPOS
    article: str | None = None  # der / die / das (nouns)
    genitive: str | None = None  # des Amtskollegen
    plural: str | None = None  # die Amtskollegen
    participle: str | None = None  # verbs: aufgenommen
    separable_prefix: str | None = None  # verbs: auf
    compound: tuple[CompoundPart, ...] = ()
    translations: tuple[str, ...] = ()  # English, from a bilingual dictionary
    definition: str | None = None  # German definition or explanation
    definition_source: str | None = None
    band: str | None = None
    zipf: float | None = None
    example: str = ""  # the sentence from the article
    example_start: int = 0  # the word's span inside ``example``
    example_end: int = 0
    count: int = 1  # occurrences of the lemma in the document
    readings: tuple[Reading, ...] = ()
    source: str = ""  # the document the word was met in
    entity: str | None = None  # PER/LOC/ORG/MISC for names
    # Added by the glossary builder (all optional, so older stored entries still load):
    auxiliary: str | None = None  # verbs: haben / sein (hat aufgenommen, ist gefallen)
    preterite: str | None = None  # verbs, 3rd person singular: nahm auf
    translation_via: str | None = None  # translations are those of this word (compound head)
    grammar: str = ""  # the grammar card as one German line (Substantiv, maskulin: der ...)
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def headword(self) -> str:
        """The word as a learner should learn it: *der Amtskollege*, *aufnehmen*."""
        return f"{self.article} {self.lemma}" if self.article else self.lemma

    @property
    def short_gloss(self) -> str:
        """One line for the side panel: first translations, else the definition."""
        if self.translations:
            return "; ".join(self.translations[:3])
        return self.definition or ""
