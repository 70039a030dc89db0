"""A disk cache of analysed articles, keyed by content and pipeline version.

Re-opening a novel must not re-run the tagger over 250,000 words, and should not even wait
for all of it to be decoded: the first screen is painted from the block that holds it.
An entry is keyed by a hash of the document text, the pipeline description and the cache
format. It holds compact JSON (no pickle: a cache file is data, never code), compressed
in blocks of a few thousand tokens, with a table of contents that carries a checksum of
every block and is checksummed itself. Anything that does not verify (a truncated write,
a flipped byte, an older format, another pipeline, paragraphs that are not the
document's) is ignored and rebuilt, never trusted. Writes are atomic.

Layout: ``MAGIC``, a line ``<key> <sha256 of contents> <length of contents>``, the
zlib-compressed contents (JSON: article fields, section outline, block table), then the
blocks (each zlib-compressed JSON: a list of paragraphs).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from reader import __version__
from reader.core import leftovers
from reader.core.atomic import replace_file
from reader.core.model import (
    LEVELS,
    Article,
    Document,
    Entity,
    Paragraph,
    Section,
    Token,
    shared_token,
)
from reader.core.text import json_has_controls
from reader.paths import cache_dir

FORMAT = 3
_MAGIC = b"reader-article\n"
_BLOCK_TOKENS = 4_000  # a block decodes in a few tens of milliseconds

# Token fields in the order they are stored (a list per token keeps entries small).
_TOKEN_FIELDS = tuple(f.name for f in fields(Token))


def _spans_match(p: Paragraph) -> bool:
    """Every token and entity is the slice of the paragraph its offsets say."""
    text = p.text
    return all(text[t.start : t.end] == t.text for t in p.tokens) and all(
        text[e.start : e.end] == e.text for e in p.entities
    )


class Damaged(Exception):
    """A block of a cache entry did not verify (the entry must be rebuilt)."""


def cache_key(document: Document, pipeline: str) -> str:
    h = hashlib.sha256()
    for part in (f"format={FORMAT}", f"reader={__version__}", f"pipeline={pipeline}"):
        h.update(part.encode() + b"\0")
    h.update(document.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _path(key: str) -> Path:
    return cache_dir() / "articles" / f"{key}.json.z"


def _encode_paragraph(p: Paragraph) -> list[Any]:
    return [
        p.text,
        p.offset,
        [list(x) for x in p.sentences],
        [[e.text, e.label, e.start, e.end] for e in p.entities],
        [[getattr(t, f) for f in _TOKEN_FIELDS] for t in p.tokens],
    ]


def _decode_paragraph(raw: list[Any]) -> Paragraph:
    text, offset, sentences, entities, tokens = raw
    return Paragraph(
        text=text,
        offset=offset,
        tokens=tuple(shared_token(*t) for t in tokens),
        entities=tuple(Entity(*e) for e in entities),
        sentences=tuple(tuple(x) for x in sentences),
    )


def _pack(data: Any) -> bytes:
    return zlib.compress(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), level=3
    )


def _blocks(paragraphs: list[Paragraph]) -> Iterator[list[Paragraph]]:
    block: list[Paragraph] = []
    size = 0
    for p in paragraphs:
        block.append(p)
        size += len(p.tokens) + 1
        if size >= _BLOCK_TOKENS:
            yield block
            block, size = [], 0
    if block:
        yield block


class Entry:
    """A verified table of contents; paragraphs are decoded (and verified) block by block."""

    def __init__(self, contents: dict[str, Any], body: bytes, document: Document) -> None:
        self.contents = contents
        self._body = body
        self._document = document
        self.total = sum(s[2] for s in contents["sections"])
        self.level: str = contents["level"]

    def _block(self, n: int) -> list[tuple[int, Paragraph]]:
        first, count, start, length, digest = self.contents["blocks"][n]
        data = self._body[start : start + length]
        if len(data) != length or hashlib.sha256(data).hexdigest() != digest:
            raise Damaged(f"block {n}")
        try:
            plain = zlib.decompress(data).decode("utf-8")
            # We only ever write sanitised text: a control character (raw, or escaped by
            # JSON) means the entry was forged or damaged, and it is not shown to anyone.
            if json_has_controls(plain):
                raise Damaged(f"block {n} holds control characters")
            raw = json.loads(plain)
            out = [(first + k, _decode_paragraph(p)) for k, p in enumerate(raw)]
        except (ValueError, TypeError, zlib.error) as exc:
            raise Damaged(f"block {n}: {exc}") from exc
        source = self._document.paragraphs
        if len(out) != count or any(
            i >= len(source)
            or (p.offset, p.text) != (source[i].offset, source[i].text)
            or not _spans_match(p)
            for i, p in out
        ):
            raise Damaged(f"block {n} does not match the document")
        return out

    def batches(self, start: int = 0) -> Iterator[list[tuple[int, Paragraph]]]:
        """Every paragraph as (index, paragraph), block by block: the block holding
        paragraph ``start`` first, then the ones after it, then the ones before.
        Raises ``Damaged`` at the first block that does not verify."""
        blocks = self.contents["blocks"]
        here = next((n for n, b in enumerate(blocks) if b[0] <= start < b[0] + b[1]), 0)
        for n in [*range(here, len(blocks)), *range(here)]:
            yield self._block(n)

    def article(self) -> Article:
        paragraphs: dict[int, Paragraph] = {}
        for batch in self.batches():
            paragraphs.update(batch)
        c = self.contents
        ordered = iter(paragraphs[i] for i in range(self.total))
        sections = tuple(
            Section(heading, tuple(next(ordered) for _ in range(count)), heading_offset)
            for heading, heading_offset, count in c["sections"]
        )
        # Identity comes from the document just loaded, never from the entry: two files
        # with the same text share an analysis, not a name, an encoding or warnings.
        document = self._document
        return Article(
            source=document.source,
            pipeline=c["pipeline"],
            level=c["level"],
            sections=sections,
            title=document.title,
            encoding=document.encoding,
            warnings=document.warnings,
        )


def open_entry(document: Document, pipeline: str) -> Entry | None:
    """The verified table of contents of ``document``'s cached analysis, or None."""
    key = cache_key(document, pipeline)
    try:
        raw = _path(key).read_bytes()
        if not raw.startswith(_MAGIC):
            return None
        header, _, rest = raw[len(_MAGIC) :].partition(b"\n")
        stored_key, digest, length = header.decode("ascii").split(" ")
        packed = rest[: int(length)]
        if stored_key != key or hashlib.sha256(packed).hexdigest() != digest:
            return None
        contents = json.loads(zlib.decompress(packed))
        outline = [(h, o, n) for h, o, n in contents["sections"]]
        if (
            contents["pipeline"] != pipeline
            or contents["level"] not in LEVELS
            or outline
            != [(s.heading, s.heading_offset, len(s.paragraphs)) for s in document.sections]
        ):
            return None
        return Entry(contents, rest[int(length) :], document)
    except (OSError, ValueError, KeyError, TypeError, zlib.error, UnicodeDecodeError):
        return None


def load(document: Document, pipeline: str) -> Article | None:
    """The cached analysis of ``document``, or None if absent, stale or damaged."""
    entry = open_entry(document, pipeline)
    if entry is None:
        return None
    try:
        return entry.article()
    except Damaged:
        return None


def store(document: Document, article: Article) -> Path | None:
    """Write the analysis atomically; a failure to write only costs time next start."""
    key = cache_key(document, article.pipeline)
    path = _path(key)
    blocks: list[bytes] = []
    table: list[list[Any]] = []
    first = start = 0
    for block in _blocks(list(article.paragraphs)):
        data = _pack([_encode_paragraph(p) for p in block])
        table.append([first, len(block), start, len(data), hashlib.sha256(data).hexdigest()])
        blocks.append(data)
        first += len(block)
        start += len(data)
    contents = _pack(
        {
            "source": article.source,
            "pipeline": article.pipeline,
            "level": article.level,
            "title": article.title,
            "encoding": article.encoding,
            "warnings": list(article.warnings),
            "sections": [
                [s.heading, s.heading_offset, len(s.paragraphs)] for s in article.sections
            ],
            "blocks": table,
        }
    )
    header = f"{key} {hashlib.sha256(contents).hexdigest()} {len(contents)}\n".encode("ascii")
    body = contents + b"".join(blocks)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        leftovers.sweep(path.parent, "*.tmp")  # writes that were killed half-way
        replace_file(path, _MAGIC + header + body)
    except OSError:
        return None
    return path
