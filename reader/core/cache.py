"""A disk cache of analysed articles, keyed by content and pipeline version.

Re-opening a novel must not re-run the tagger over 250,000 words. An entry is keyed by a
hash of the document text, the pipeline description and the cache format; it holds the
article as compact JSON (no pickle: a cache file is data, never code) with a checksum of
the payload. Anything that does not verify — a truncated write, a flipped byte, an older
format, another pipeline — is ignored and rebuilt, never trusted. Writes are atomic.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

from reader import __version__
from reader.core.model import Article, Document, Entity, Paragraph, Section, Token
from reader.paths import cache_dir

FORMAT = 2
_MAGIC = b"reader-article\n"

# Token fields in the order they are stored (a list per token keeps entries small).
_TOKEN_FIELDS = (
    "text", "lemma", "pos", "tag", "start", "end", "morph", "zipf", "band", "rare", "ent",
    "verb_lemma", "sent", "ws",
)  # fmt: skip


def cache_key(document: Document, pipeline: str) -> str:
    h = hashlib.sha256()
    for part in (f"format={FORMAT}", f"reader={__version__}", f"pipeline={pipeline}"):
        h.update(part.encode() + b"\0")
    h.update(document.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _path(key: str) -> Path:
    return cache_dir() / "articles" / f"{key}.json.z"


def _encode(article: Article) -> dict[str, Any]:
    return {
        "source": article.source,
        "pipeline": article.pipeline,
        "level": article.level,
        "title": article.title,
        "encoding": article.encoding,
        "warnings": list(article.warnings),
        "sections": [
            {
                "heading": s.heading,
                "heading_offset": s.heading_offset,
                "paragraphs": [
                    {
                        "text": p.text,
                        "offset": p.offset,
                        "sentences": [list(x) for x in p.sentences],
                        "entities": [[e.text, e.label, e.start, e.end] for e in p.entities],
                        "tokens": [[getattr(t, f) for f in _TOKEN_FIELDS] for t in p.tokens],
                    }
                    for p in s.paragraphs
                ],
            }
            for s in article.sections
        ],
    }


def _decode(data: dict[str, Any]) -> Article:
    sections = []
    for s in data["sections"]:
        paragraphs = []
        for p in s["paragraphs"]:
            tokens = tuple(Token(**dict(zip(_TOKEN_FIELDS, t, strict=True))) for t in p["tokens"])
            paragraphs.append(
                Paragraph(
                    text=p["text"],
                    offset=p["offset"],
                    tokens=tokens,
                    entities=tuple(Entity(*e) for e in p["entities"]),
                    sentences=tuple(tuple(x) for x in p["sentences"]),
                )
            )
        sections.append(Section(s["heading"], tuple(paragraphs), s["heading_offset"]))
    return Article(
        source=data["source"],
        pipeline=data["pipeline"],
        level=data["level"],
        sections=tuple(sections),
        title=data["title"],
        encoding=data["encoding"],
        warnings=tuple(data["warnings"]),
    )


def load(document: Document, pipeline: str) -> Article | None:
    """The cached analysis of ``document``, or None if absent, stale or damaged."""
    key = cache_key(document, pipeline)
    try:
        raw = _path(key).read_bytes()
        if not raw.startswith(_MAGIC):
            return None
        header, _, body = raw[len(_MAGIC) :].partition(b"\n")
        stored_key, digest = header.decode("ascii").split(" ")
        if stored_key != key or hashlib.sha256(body).hexdigest() != digest:
            return None
        article = _decode(json.loads(zlib.decompress(body)))
    except (OSError, ValueError, KeyError, TypeError, zlib.error, UnicodeDecodeError):
        return None
    if article.pipeline != pipeline or not _matches(article, document):
        return None
    return article


def _matches(article: Article, document: Document) -> bool:
    ours = [(p.offset, p.text) for p in article.paragraphs]
    theirs = [(p.offset, p.text) for p in document.paragraphs]
    return ours == theirs


def store(document: Document, article: Article) -> Path | None:
    """Write the analysis atomically; a failure to write only costs time next start."""
    key = cache_key(document, article.pipeline)
    path = _path(key)
    body = zlib.compress(
        json.dumps(_encode(article), ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        level=3,
    )
    header = f"{key} {hashlib.sha256(body).hexdigest()}\n".encode("ascii")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + header + body)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return None
    return path
