"""Which words of a paragraph are highlighted, and how: the app's one rendering rule.

Every category has its own set of text attributes *and* a colour from the 16-colour ANSI
palette, so the highlights stay distinct on a 16-colour terminal and with ``NO_COLOR`` set
(where only the attributes remain). Names are never judged for rarity, so a word is either a
name or a rare word, never both. Article text only ever becomes ``rich.text.Text`` with
styles applied by offset: a Rich markup tag inside an article stays literal characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from reader.core.model import Paragraph, Token
from reader.core.vocabulary import is_rare

# Attribute sets: PER {b}, LOC {b,i}, ORG {b,u}, MISC {i}, rare {u}, C1 {u,i}, C2 {b,u,i}.
ENTITY_STYLES: dict[str, str] = {
    "PER": "bold magenta",
    "LOC": "bold italic cyan",
    "ORG": "bold underline green",
    "MISC": "italic blue",
}
ENTITY_NAMES: dict[str, str] = {
    "PER": "person",
    "LOC": "place",
    "ORG": "organisation",
    "MISC": "name",
}
ENTITY_HELP: dict[str, str] = {
    "PER": "name of a person",
    "LOC": "name of a place (country, city, river …)",
    "ORG": "name of an organisation",
    "MISC": "other name (event, work, nationality …)",
}
BAND_STYLES: dict[str, str] = {
    "A2": "underline blue",
    "B1": "underline green",
    "B2": "underline yellow",
    "C1": "underline italic red",
    "C2": "bold underline italic red",
}
CURSOR_STYLE = "reverse"


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted word or name in a paragraph: what the word cursor stops on."""

    start: int
    end: int
    text: str
    token: int  # index into paragraph.tokens of the (first) token
    entity: str = ""  # PER/LOC/ORG/MISC for a name, "" for a rare word
    band: str | None = None
    lemma: str = ""  # what a learner marks known: the lexeme, or the name as written

    @property
    def style(self) -> str:
        if self.entity:
            return ENTITY_STYLES.get(self.entity, ENTITY_STYLES["MISC"])
        return BAND_STYLES.get(self.band or "C2", "underline")


def lexeme(token: Token) -> str:
    """The lemma that stands for a token in the glossary and the known-words list."""
    return token.verb_lemma or token.lemma


def is_highlighted(token: Token, level: str, known: frozenset[str] | set[str]) -> bool:
    return is_rare(token.band, level) and lexeme(token) not in known


def marks(paragraph: Paragraph, level: str, known: frozenset[str] | set[str]) -> list[Mark]:
    """The highlighted names and rare words of ``paragraph``, in reading order.

    Rarity is judged here from each token's band, so changing the level re-highlights
    without any NLP. Words the learner marked known (by lexeme) and names marked known (by
    their text) are left out.
    """
    found: list[Mark] = []
    tokens = paragraph.tokens
    for ent in paragraph.entities:
        if ent.text in known:
            continue
        first = next((i for i, t in enumerate(tokens) if t.start >= ent.start), 0)
        found.append(Mark(ent.start, ent.end, ent.text, first, entity=ent.label, lemma=ent.text))
    covered = [(m.start, m.end) for m in found]
    for i, tok in enumerate(tokens):
        if not is_highlighted(tok, level, known):
            continue
        if any(s <= tok.start < e for s, e in covered):
            continue
        found.append(Mark(tok.start, tok.end, tok.text, i, band=tok.band, lemma=lexeme(tok)))
    found.sort(key=lambda m: m.start)
    return found


def paragraph_text(
    paragraph: Paragraph, found: list[Mark], cursor: int | None = None, clickable: bool = False
) -> Text:
    """The paragraph as rich Text with highlights applied by offset (never markup).

    With ``clickable``, every mark carries ``meta={"mark": n}`` so a mouse click on it can
    select it.
    """
    out = Text(paragraph.text, end="")
    for n, mark in enumerate(found):
        style = Style.parse(mark.style)
        if clickable:
            style += Style(meta={"mark": n})
        out.stylize(style, mark.start, mark.end)
        if cursor == n:
            out.stylize(CURSOR_STYLE, mark.start, mark.end)
    return out


def legend(level: str) -> list[tuple[Text, str]]:
    """(sample, explanation) rows for the help screen, one per highlight style."""
    rows: list[tuple[Text, str]] = []
    for label, style in ENTITY_STYLES.items():
        rows.append((Text(label, style=style), ENTITY_HELP[label]))
    for band, style in BAND_STYLES.items():
        above = is_rare(band, level)
        note = "highlighted at your level" if above else "not rare at your level"
        rows.append((Text(f"band {band}", style=style), f"word of band {band} ({note})"))
    rows.append((Text("cursor", style=CURSOR_STYLE), "the word under the word cursor"))
    return rows
