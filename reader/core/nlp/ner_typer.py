"""A small statistical span typer for ``reader_entities``, trained by weak supervision.

The rules in ``entities`` type a name confidently when a gazetteer, a given name or a cue
word says what it is; otherwise they guess (an unknown single name is a person, an unknown
multi-word name an organisation). This module re-types those guesses with a multinomial
logistic regression over hashed features of the span and its context: the shape and
endings of the name (*-ow*, *-ingen*, *-werk*), the words and tags around it, and what the
lexicons know about it.

It is trained by ``scripts/train_ner_typer.py`` on spans that the rules typed *with
evidence* in unlabeled public-domain text (novels, Wiktionary glosses, sentences written
for the project). The identity of the name is hidden from the model half of the time in
training, so it learns what the context and the word's form say, which is all it has for
the names the rules could only guess. No evaluation data is used.

The weights live in ``reader/data/ner_typer.npz`` (hashed, float16), loaded on first use.

Status: **off by default and not shipped.** Trained on what the brief allows (two 19th-century
novels, Wiktionary glosses, the name lists), the typer agreed with the rules on 95% of held-out
weak labels but was *worse* than every guessing rule on the dev set (e.g. the rule that makes
an unknown name in a subject slot a person: 72/138 right, the typer 27/138): the harvested
text yields ~1,000 evidence-typed spans, almost none of them organisations, and the name
lists teach form (place vs surname endings) that does not separate news names. Enable it with
``nlp.add_pipe("reader_entities", config={"typer": True})`` after running the training
script, e.g. once in-domain unlabeled text (news, debates) is available to harvest from.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Token

LABELS = ("PER", "LOC", "ORG", "MISC")
N_BITS = 18
_MASK = (1 << N_BITS) - 1


def _shape(word: str) -> str:
    out = []
    for c in word:
        s = "X" if c.isupper() else "x" if c.isalpha() else "d" if c.isdigit() else c
        if not out or out[-1] != s:
            out.append(s)
    return "".join(out)[:8]


def form_features(words: list[str]) -> list[str]:
    """What the name's own form says: endings, shape, length, inner lower-case words."""
    first, last = words[0], words[-1]
    low = last.lower()
    f = ["bias", f"sh={_shape(last)}", f"s2={low[-2:]}", f"s3={low[-3:]}", f"s4={low[-4:]}"]
    f.append(f"p3={low[:3]}")
    f.append(f"len={min(len(last), 12) // 3}")
    if len(words) > 1:
        f += ["multi", f"fs3={first.lower()[-3:]}", f"fsh={_shape(first)}"]
        f += [f"mw={w.lower()}" for w in words[1:-1] if not w[:1].isupper()]
    if "-" in last:
        f += ["hyph", f"htail={last.rsplit('-', 1)[-1].lower()[-4:]}"]
    return f


def features(rec, toks: list[Token], i: int, j: int, hide_identity: bool = False) -> list[str]:
    """Feature strings of the span ``toks[i:j]`` (sentence-relative) for recogniser ``rec``.

    Identity features (the words themselves and what the lexicons say about them) are
    prefixed ``I`` so training can hide them; everything else is form and context.
    """
    words = [t.text for t in toks[i:j]]
    first, last = words[0], words[-1]
    f = form_features(words)
    f.append(f"tag={toks[j - 1].tag_}")
    for k, name in ((1, "p1"), (2, "p2")):
        t = toks[i - k] if i - k >= 0 else None
        f.append(f"{name}={t.text.lower() if t is not None else '<s>'}")
        f.append(f"{name}t={t.tag_ if t is not None else '<s>'}")
        if t is not None and t.tag_ == "NN":
            f.append(f"{name}s4={t.text.lower()[-4:]}")
    for k, name in ((0, "n1"), (1, "n2")):
        t = toks[j + k] if j + k < len(toks) else None
        f.append(f"{name}={t.text.lower() if t is not None else '</s>'}")
        f.append(f"{name}t={t.tag_ if t is not None else '</s>'}")
        if t is not None and t.tag_ == "NN":
            f.append(f"{name}s4={t.text.lower()[-4:]}")
    p1 = toks[i - 1].tag_ if i else "<s>"
    n1 = toks[j].tag_ if j < len(toks) else "</s>"
    f.append(f"ctx={p1}_{n1}")
    if not hide_identity:
        f += [f"Iw={w.lower()}" for w in words]
        f.append(f"Ispan={' '.join(words).lower()}")
        lab = rec._lookup(words)
        if lab:
            f.append(f"Igaz={lab}")
        if first in rec.given:
            f.append("Igiven")
        kind = rec._wiki_kind(last)
        if kind:
            f.append(f"Iwk={kind}")
        if rec._is_common(last):
            f.append("Icommon")
    return f


def hash_features(feats: list[str]) -> np.ndarray:
    return np.fromiter(
        (zlib.crc32(s.encode()) & _MASK for s in feats), dtype=np.int64, count=len(feats)
    )


class SpanTyper:
    """Softmax over ``LABELS`` from hashed feature weights."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray) -> None:
        self.w = weights.astype(np.float32)
        self.b = bias.astype(np.float32)

    def proba(self, idx: np.ndarray) -> np.ndarray:
        z = self.w[idx].sum(axis=0) + self.b
        z = np.exp(z - z.max())
        return z / z.sum()

    def predict(self, rec, toks: list[Token], i: int, j: int) -> tuple[str, float]:
        p = self.proba(hash_features(features(rec, toks, i, j)))
        k = int(p.argmax())
        return LABELS[k], float(p[k])


@lru_cache(maxsize=1)
def load() -> SpanTyper | None:
    """The shipped model, or ``None`` if the data file is missing (rules alone then)."""
    try:
        ref = resources.files("reader") / "data" / "ner_typer.npz"
        with ref.open("rb") as fh, np.load(fh) as data:
            return SpanTyper(data["w"], data["b"])
    except (FileNotFoundError, OSError, KeyError):
        return None
