"""What comes before the text proper: Project Gutenberg's boilerplate and title pages.

A learner opens a Gutenberg book to read the story, not the English licence or a title page
("DIE VERWANDLUNG", "VON", "L E I P Z I G") split into one-line sections to step through.
``strip_gutenberg`` keeps the body between the START and END markers without the production
credit and the title page; ``CHAPTER_LIKE`` tells chapter labels ("I.", "Erstes Kapitel"),
which the splitter also uses for stacked headings.
"""

from __future__ import annotations

import re

_GUTENBERG_START = re.compile(r"^\*\*\*\s*START OF (THE|THIS) PROJECT GUTENBERG.*$", re.M | re.I)
_GUTENBERG_END = re.compile(r"^\*\*\*\s*END OF (THE|THIS) PROJECT GUTENBERG.*$", re.M | re.I)


def strip_gutenberg(text: str) -> str:
    """Keep only what lies between Project Gutenberg's START and END markers, without the
    production credit and the title page.

    The English header and licence are not German text to study, and a title page is not
    text to step through; offsets then refer to the kept body only.
    """
    start = _GUTENBERG_START.search(text)
    end = _GUTENBERG_END.search(text)
    if start is None and end is None:
        return text
    begin = start.end() if start else 0
    finish = end.start() if end and end.start() > begin else len(text)
    body = text[begin:finish]
    # Gutenberg bodies often open with a production credit line in English.
    body = re.sub(r"^\s*(Produced by|E-text prepared by)[^\n]*(\n[^\n]+)*", "", body, count=1)
    return body[_title_page_end(body) :]


# A chapter label: "I.", "12.", "Erstes Kapitel", "Zweiter Teil", "Kapitel 3", "Vorwort".
# After a title page it stays (the title page before it goes); in the splitter it is a
# heading even right before another heading (the chapter's own title).
CHAPTER_LIKE = re.compile(
    r"^(?:[IVXLC]+\.?|\d{1,3}\."
    r"|(?:(?:\S+\s+)?(?:kapitel|teil|buch|band|abschnitt|akt|aufzug|gesang)"
    r"(?:\s+(?:[IVXLC]+|\d+))?"
    r"|vorwort|vorrede|einleitung|prolog|epilog|widmung|zueignung|nachwort)\.?)$",
    re.IGNORECASE,
)
_TITLE_LINE_MAX = 60  # characters, letter-spacing removed
_PAGE_NUMBER = re.compile(r"\s(?:\d{1,4}|[IVXLC]+)$")  # "Zweites Kapitel ..... 20"
_SENTENCE_LIKE = re.compile(r"[.!?…][\"“”»«']?$")


def _as_printed(line: str) -> str:
    """A title-page line read as printed: "L E I P Z I G" is LEIPZIG."""
    tokens = line.split()
    if tokens and sum(len(t) == 1 for t in tokens) >= 0.6 * len(tokens):
        return re.sub(r"(?<=\S) (?=\S)", "", line.strip())
    return line.strip()


def _is_display_block(lines: list[str]) -> bool:
    """A block of a title page: at most three short lines that are not a sentence, or a
    table of contents (short lines, nearly all ending in a page number).

    "COPYRIGHT KURT WOLFF VERLAG · LEIPZIG. 1917" or "von" are display lines; "Es war
    einmal ein König." is a (short) first paragraph and ends the title page, and so does a
    motto or a poem (its lines do not end in page numbers).
    """
    printed = [_as_printed(line) for line in lines]
    if any(len(line) > _TITLE_LINE_MAX for line in printed):
        return False
    if len(lines) > 3:
        return sum(bool(_PAGE_NUMBER.search(line)) for line in printed) >= 0.8 * len(lines)
    text = " ".join(printed)
    words = text.split()
    sentence = (
        bool(_SENTENCE_LIKE.search(text))
        and len(words) >= 3
        and any(w[:1].islower() for w in words)
    )
    return not sentence and len(words) <= 12


def _title_page_end(body: str) -> int:
    """Offset where the text proper starts after a Gutenberg title page, or 0 if none.

    The title page is the run of short display blocks (title, "von", author, publisher,
    place, "Copyright ... 1917") before the first paragraph of prose; letter-spaced lines
    such as "L E I P Z I G" count by their printed width. A chapter heading that ends the
    run ("I.", "Erstes Kapitel", and a chapter title right after one) stays, because it
    heads the first section. Fewer than two display blocks are no title page.
    """
    blocks: list[tuple[int, list[str]]] = []  # (offset, lines) of each blank-line block
    for match in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", body):
        lines = match.group().split("\n")
        if not _is_display_block(lines):
            break
        blocks.append((match.start(), lines))
    else:
        return 0  # no prose follows: not a title page, leave the text as it is
    if len(blocks) < 2:
        return 0

    def chapter_like(i: int) -> bool:
        return i >= 0 and bool(CHAPTER_LIKE.match(" ".join(blocks[i][1]).strip()))

    last = len(blocks) - 1
    if chapter_like(last - 1):  # "Erstes Kapitel" + its title: both stay
        return blocks[last - 1][0]
    if chapter_like(last):
        return blocks[last][0]
    return match.start()  # the title page runs straight into the prose: drop all of it
