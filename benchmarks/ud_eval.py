"""UPOS and lemma accuracy of the embedded pipeline on UD German-GSD (gold tokens).

Scores word rows with a plain integer ID (multiword ranges and comments skipped), as
../shared/eval/README.md says. The tokens go through ``process_words``, the same path as
``reader tag``, so nothing is re-tokenised.

    python -m benchmarks.ud_eval [FILE ...]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from reader.core.nlp.pipeline import build, process_words

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "ud_german_gsd"


def read_conllu(path: Path) -> list[list[tuple[str, str, str]]]:
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0].isdigit():
            cur.append((cols[1], cols[2], cols[3]))
    if cur:
        sents.append(cur)
    return sents


def score(path: Path, batch: int = 50) -> dict[str, float]:
    nlp = build()
    sents = read_conllu(path)
    n = upos_ok = lemma_ok = 0
    errors: Counter = Counter()
    start = time.perf_counter()
    for i in range(0, len(sents), batch):
        chunk = sents[i : i + batch]
        doc = process_words(nlp, [[w for w, _, _ in s] for s in chunk])
        gold = [g for s in chunk for g in s]
        for tok, (_form, lemma, upos) in zip(doc, gold, strict=True):
            n += 1
            upos_ok += tok.pos_ == upos
            lemma_ok += tok.lemma_ == lemma
            if tok.pos_ != upos:
                errors[(upos, tok.pos_)] += 1
    elapsed = time.perf_counter() - start
    return {
        "tokens": n,
        "upos": upos_ok / n,
        "lemma": lemma_ok / n,
        "seconds": elapsed,
        "errors": errors,
    }


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [
        DEFAULT / "de_gsd-ud-dev.conllu",
        DEFAULT / "de_gsd-ud-test.conllu",
    ]
    for path in paths:
        r = score(path)
        print(
            f"{path.name}: {r['tokens']} tokens  UPOS {r['upos']:.4f}  lemma {r['lemma']:.4f}"
            f"  ({r['tokens'] / r['seconds']:.0f} tokens/s)"
        )
        top = ", ".join(f"{g}->{p} {c}" for (g, p), c in r["errors"].most_common(6))
        print(f"  most frequent UPOS confusions (gold->ours): {top}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
