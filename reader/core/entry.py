"""The glossary entry: everything a learner is shown for one word, as a frozen value.

Built by ``reader.core.glossary`` from the analysis and the dictionaries; shown by the UI,
kept by the store, written by the exporters. Defined here, on its own, so all of them
agree on one shape, and on one text for the English: ``gloss_text`` says where a gloss
comes from whenever it is not the word's own dictionary entry, so the side panel, the
entry screen and every export label a borrowed gloss the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Where the English of an entry comes from (``GlossaryEntry.translation_source``).
OWN = "own"  # the word's own dictionary entry (or that of the form in the text)
PARTS = "parts"  # the parts of a compound, each with its own gloss: concert + place
HEAD = "head"  # the head of a compound (entries stored by older versions)
VERB = "verb"  # the verb of a participle: divergierend <- divergieren
READING = "reading"  # another reading of the form in the text
SOURCES = (OWN, PARTS, HEAD, VERB, READING)
BORROWED_MARK = "≈"


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
    translation_via: str | None = None  # the English is that of this word (or parts: A + B)
    grammar: str = ""  # the grammar card as one German line (Substantiv, maskulin: der ...)
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    translation_source: str | None = None  # OWN, PARTS, VERB, ... (None: OWN, or HEAD if via)

    @property
    def headword(self) -> str:
        """The word as a learner should learn it: *der Amtskollege*, *aufnehmen*."""
        return f"{self.article} {self.lemma}" if self.article else self.lemma

    @property
    def short_gloss(self) -> str:
        """One line for the side panel: the English (labelled if borrowed), else the definition."""
        return gloss_text(self) or self.definition or ""


def gloss_source(entry: GlossaryEntry) -> str | None:
    """Where the entry's English comes from; None when it has none."""
    if not entry.translations:
        return None
    if entry.translation_source in SOURCES:
        return entry.translation_source
    return HEAD if entry.translation_via else OWN  # entries stored before the field existed


def gloss_text(entry: GlossaryEntry, limit: int = 3) -> str:
    """The English of an entry as one line of plain text, labelled when it is borrowed.

    The word's own entry: ``concert hall; venue``. Anything else names what the English
    belongs to: ``≈ Konzert + Stätte (concert + place)``, ``≈ divergieren (to diverge)``.
    Empty when there is no English (a learner is better off with none than a wrong one).
    """
    source = gloss_source(entry)
    if source is None:
        return ""
    body = "; ".join(entry.translations[:limit])
    if source == OWN:
        return body
    return f"{BORROWED_MARK} {entry.translation_via or 'another word'} ({body})"
