"""The words of a paragraph, which of them are highlighted, and how: the one rendering rule.

One visual language, readable without colour: **names are bold** and never underlined, in
cool colours (cyan, blue); **words to learn are underlined** and never bold, in warm colours
(green, yellow, red, magenta), italic from C1 on. Names and rare words share no colour and no
attribute, so they stay apart on a 16-colour terminal and with ``NO_COLOR`` (where the app
drops the colours and only the attributes remain, in the theme's own readable text colour).
Article text only ever becomes ``rich.text.Text`` with styles applied by offset: a Rich
markup tag inside an article stays literal characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from reader.core.model import Entity, Paragraph, Token
from reader.core.vocabulary import is_rare

ENTITY_STYLES: dict[str, str] = {
    "PER": "bold cyan",
    "LOC": "bold italic cyan",
    "ORG": "bold blue",
    "MISC": "bold italic blue",
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
    "A2": "underline green",
    "B1": "underline green",
    "B2": "underline yellow",
    "C1": "underline italic red",
    "C2": "underline italic magenta",
}
# What a learner reads instead of "band C2": how often the word is met.
BAND_WORDS: dict[str, str] = {
    "A1": "very common",
    "A2": "common",
    "B1": "fairly common",
    "B2": "less common",
    "C1": "rare",
    "C2": "very rare",
}
CURSOR_STYLE = "reverse"
SAVED_MARK = "✓"
WORD_STYLE = ""  # words that are not highlighted keep the text's own style


def without_colour(style: str) -> str:
    """The attributes of a style, its colours dropped (``NO_COLOR``)."""
    return " ".join(w for w in style.split() if w in {"bold", "italic", "underline", "reverse"})


def band_label(band: str | None) -> str:
    """``rare (C1)`` rather than ``band C1 (zipf 3.2)``."""
    if not band:
        return ""
    return f"{BAND_WORDS.get(band, 'rare')} ({band})"


@dataclass(frozen=True, slots=True)
class Word:
    """One word (or one multi-word name) of a paragraph: what the word cursor stops on."""

    start: int
    end: int
    text: str
    token: int  # index into paragraph.tokens of the (first) token
    entity: str = ""  # PER/LOC/ORG/MISC for a name, "" otherwise
    band: str | None = None
    lemma: str = ""  # what a learner marks known or saves: the lexeme, or the name's base form
    highlighted: bool = False
    partner: tuple[int, int] | None = None  # the other half of a separable verb (nahmen … auf)

    def style(self, colour: bool = True) -> str:
        if self.entity:
            style = ENTITY_STYLES.get(self.entity, ENTITY_STYLES["MISC"])
        elif self.highlighted:
            style = BAND_STYLES.get(self.band or "C2", "underline")
        else:
            return WORD_STYLE
        return style if colour else without_colour(style)


Mark = Word  # the highlighted words are Words with ``highlighted`` set


def lexeme(token: Token) -> str:
    """The lemma that stands for a token in the glossary and the known-words list."""
    return token.verb_lemma or token.lemma


def name_lemma(entity: Entity, tokens: tuple[Token, ...]) -> str:
    """The base form of a name: a genitive -s on its last word dropped as the tagger's lemma
    does (*Frankreichs* -> *Frankreich*, *Emmanuel Macrons* -> *Emmanuel Macron*)."""
    inside = [t for t in tokens if entity.start <= t.start < entity.end]
    if not inside:
        return entity.text
    last = inside[-1]
    if last.lemma and last.text.startswith(last.lemma) and last.lemma != last.text:
        return entity.text[: last.start - entity.start] + last.lemma
    return entity.text


def is_highlighted(token: Token, level: str, known: frozenset[str] | set[str]) -> bool:
    """A word above ``level`` whose lexeme is not marked known: the one rule the page, the
    panel and the library's known share (``reader.core.library``) agree on."""
    return is_rare(token.band, level) and lexeme(token) not in known


def _is_word(token: Token) -> bool:
    return any(c.isalpha() for c in token.text)


def words(paragraph: Paragraph, level: str, known: frozenset[str] | set[str]) -> list[Word]:
    """Every word of ``paragraph`` in reading order, names as one word each, with the
    highlighted ones (names and words above ``level``, unless marked known) flagged.

    Rarity is judged here from each token's band, so changing the level re-highlights
    without any NLP. A separated verb particle points at its verb and back (*nahmen … auf*),
    and only the verb is a highlighted word of its own.
    """
    tokens = paragraph.tokens
    out: list[Word] = []
    entity_at: dict[int, Entity] = {}
    for ent in paragraph.entities:
        entity_at[ent.start] = ent
    verbs: dict[tuple[int, str], list[int]] = {}
    for i, tok in enumerate(tokens):
        if tok.verb_lemma:
            verbs.setdefault((tok.sent, tok.verb_lemma), []).append(i)
    skip_until = -1
    for i, tok in enumerate(tokens):
        if tok.start < skip_until:
            continue
        ent = entity_at.get(tok.start)
        if ent is not None:
            lemma = name_lemma(ent, tokens)
            shown = lemma not in known and ent.text not in known
            out.append(Word(ent.start, ent.end, ent.text, i, ent.label, None, lemma, shown))
            skip_until = ent.end
            continue
        if not _is_word(tok):
            continue
        partner = None
        particle = False
        if tok.verb_lemma:
            pair = [j for j in verbs.get((tok.sent, tok.verb_lemma), []) if j != i]
            if pair:
                other = tokens[pair[0]]
                partner = (other.start, other.end)
                particle = tok.pos in ("ADP", "PTKVZ") or tok.tag == "PTKVZ"
        lemma = lexeme(tok)
        shown = not particle and is_highlighted(tok, level, known)
        out.append(Word(tok.start, tok.end, tok.text, i, "", tok.band, lemma, shown, partner))
    return out


def marks(paragraph: Paragraph, level: str, known: frozenset[str] | set[str]) -> list[Word]:
    """The highlighted names and rare words of ``paragraph``, in reading order."""
    return [w for w in words(paragraph, level, known) if w.highlighted]


def paragraph_text(
    paragraph: Paragraph,
    found: list[Word],
    cursor: int | None = None,
    clickable: bool = False,
    saved: frozenset[str] | set[str] = frozenset(),
    colour: bool = True,
) -> Text:
    """The paragraph as rich Text with highlights applied by offset (never markup).

    ``found`` is every word (``words``); ``cursor`` an index into it. With ``clickable``,
    highlighted words and the one under the cursor carry ``meta={"word": n}``, so a mouse
    click on one moves the cursor there (plain words are reached with ``l``/``h``: a style
    on every word of a novel's long paragraph would slow every repaint).
    Saved words are followed by a dim ✓.
    """
    out = Text(paragraph.text, end="")
    after: list[int] = []
    for n, word in enumerate(found):
        style = word.style(colour)
        if not style and cursor != n:
            continue  # plain words stay plain: a style per word costs every repaint
        parsed = Style.parse(style) if style else Style()
        if clickable:
            parsed += Style(meta={"word": n})
        out.stylize(parsed, word.start, word.end)
        if cursor == n:
            out.stylize(CURSOR_STYLE, word.start, word.end)
            if word.partner is not None:
                out.stylize(CURSOR_STYLE, *word.partner)
        if saved and word.lemma in saved and (word.highlighted or cursor == n):
            after.append(word.end)
    for end in sorted(set(after), reverse=True):
        out = out[:end] + Text(SAVED_MARK, style="dim") + out[end:]
    return out


def legend(level: str, colour: bool = True) -> list[tuple[Text, str]]:
    """(sample, explanation) rows for the help screen, one per highlight style."""
    rows: list[tuple[Text, str]] = []
    for label, style in ENTITY_STYLES.items():
        shown = style if colour else without_colour(style)
        rows.append((Text(ENTITY_NAMES[label], style=shown), ENTITY_HELP[label]))
    for band, style in BAND_STYLES.items():
        above = is_rare(band, level)
        note = "highlighted at your level" if above else "not highlighted at your level"
        shown = style if colour else without_colour(style)
        rows.append((Text(f"level {band}", style=shown), f"{band_label(band)}: {note}"))
    rows.append((Text("cursor", style=CURSOR_STYLE), "the word under the word cursor"))
    rows.append((Text(f"word{SAVED_MARK}"), "a word you saved"))
    return rows
