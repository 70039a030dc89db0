"""``reader tag``: pre-tokenised text in, one ``token lemma UPOS STTS BIO`` line out.

The input is CoNLL-like: one token per line (first tab-separated column), a blank line
ends a sentence, and a ``#`` line at the start of a sentence opens a new document and is
copied through. Inside a sentence ``#`` is a token. Tokens are never re-tokenised, so the
output lines up with any gold file and can be scored directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

from reader.core.analyze import _label
from reader.core.nlp.pipeline import build, process_words
from reader.errors import InputError


def _bio(token) -> str:
    if token.ent_iob_ in {"B", "I"} and token.ent_type_:
        return f"{token.ent_iob_}-{_label(token.ent_type_)}"
    return "O"


class _Doc:
    """The lines of one input document: token slots and literal (blank) lines in order."""

    def __init__(self) -> None:
        self.lines: list[str | None] = []  # None marks a token slot
        self.sentences: list[list[str]] = []
        self.open = False

    def token(self, word: str) -> None:
        if not self.open:
            self.sentences.append([])
            self.open = True
        self.sentences[-1].append(word)
        self.lines.append(None)

    def blank(self, line: str) -> None:
        self.open = False
        self.lines.append(line)

    def render(self, nlp) -> Iterable[str]:
        tagged: list[str] = []
        if self.sentences:
            doc = process_words(nlp, self.sentences)
            for t in doc:
                lemma = t.lemma_ or t.text
                tagged.append(f"{t.text}\t{lemma}\t{t.pos_ or 'X'}\t{t.tag_ or 'XY'}\t{_bio(t)}")
        it = iter(tagged)
        for line in self.lines:
            yield next(it) if line is None else line


MAX_LINE = 10_000  # characters: a token line is a word, not a book
MAX_DOCUMENT = 20 * 1024 * 1024  # characters held for one document before it is tagged


def bounded_lines(src: TextIO | Iterable[str], source: str = "the input") -> Iterator[str]:
    """The lines of ``src``, read in bounded pieces: ``reader tag < /dev/zero`` (one endless
    line) or an endless document must end in one clear error, not fill the memory.

    ``src`` is a text stream, or lines already read in bounded pieces (the CLI decodes each
    line of its byte stream on its own).
    """
    number = held = 0
    lines = iter(lambda: src.readline(MAX_LINE + 1), "") if hasattr(src, "readline") else iter(src)
    for line in lines:
        number += 1
        if len(line) > MAX_LINE and not line.endswith("\n"):
            raise InputError(
                f"{source}: line {number} is longer than {MAX_LINE:,} characters "
                "(reader tag reads one token per line)"
            )
        if "\x00" in line:
            raise InputError(f"{source}: line {number} holds NUL bytes: this is not text")
        held = 0 if line.startswith("#") else held + len(line)
        if held > MAX_DOCUMENT:
            raise InputError(
                f"{source}: more than {MAX_DOCUMENT // 2**20} MiB of tokens without a '#' line"
                " between documents"
            )
        yield line


def tag_stream(src: TextIO | Iterable[str], out: TextIO, model: str | None = None) -> None:
    nlp = build(model)
    doc = _Doc()
    at_sentence_start = True
    for raw in bounded_lines(src):
        line = raw.rstrip("\n").rstrip("\r")
        if not line.strip():
            doc.blank(line)
            at_sentence_start = True
            continue
        if at_sentence_start and line.startswith("#"):
            for rendered in doc.render(nlp):
                out.write(rendered + "\n")
            doc = _Doc()
            out.write(line + "\n")
            continue
        word = line.split("\t", 1)[0].strip() or "_"
        doc.token(word)
        at_sentence_start = False
    for rendered in doc.render(nlp):
        out.write(rendered + "\n")
