"""Score the embedded entity recogniser on GermEval 2014 (outer spans), through ``reader tag``.

Usage::

    .venv/bin/python benchmarks/ner_eval.py [PATH_TO_TSV] [--limit N] [--errors FILE]
        [--no-speed]

The tokens of the gold file are fed through ``reader.core.tagging.tag_stream`` (the code
behind ``reader tag``), one ``#`` document per gold sentence, and the BIO column it prints
is scored strictly (start, end and label) as ``../shared/eval/README.md`` prescribes:
outer column only, ``OTH`` -> ``MISC``, ``*deriv`` / ``*part`` -> ``O``.

It then prints the throughput pair: tokens/s of the embedded pipeline with and without
``reader_entities`` on the same tokens.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.nlp.pipeline import build  # noqa: E402
from reader.core.tagging import tag_stream  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "eval" / "germeval2014" / "NER-de-dev.tsv"
LABELS = ("PER", "LOC", "ORG", "MISC")
_MAP = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}

Sentence = tuple[str, list[str], list[str]]  # header, tokens, gold BIO


def read_gold(path: Path, limit: int | None = None) -> list[Sentence]:
    sents: list[Sentence] = []
    header, toks, tags = "", [], []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") and not toks:
            header = raw
            continue
        if not raw.strip():
            if toks:
                sents.append((header, toks, tags))
                if limit and len(sents) >= limit:
                    return sents
            header, toks, tags = "", [], []
            continue
        cols = raw.split("\t")
        toks.append(cols[1])
        tags.append(_norm(cols[2]))
    if toks:
        sents.append((header, toks, tags))
    return sents


def _norm(tag: str) -> str:
    if tag == "O" or tag.endswith(("deriv", "part")):
        return "O"
    prefix, _, label = tag.partition("-")
    return f"{prefix}-{_MAP.get(label, label)}"


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """CoNLL-style spans: an I- that does not continue its type opens a new span."""
    out: set[tuple[int, int, str]] = set()
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        if start is not None and (prefix != "I" or typ != label):
            out.add((start, i, label))
            start, label = None, None
        if prefix == "B" or (prefix == "I" and start is None):
            start, label = i, typ
    return out


def predict(sents: list[Sentence]) -> list[list[str]]:
    buf = io.StringIO()
    for header, toks, _ in sents:
        buf.write((header or "#") + "\n")
        buf.write("".join(t + "\n" for t in toks))
        buf.write("\n")
    out = io.StringIO()
    tag_stream(io.StringIO(buf.getvalue()), out)
    preds: list[list[str]] = []
    cur: list[str] = []
    for line in out.getvalue().splitlines():
        if line.startswith("#") and not cur:
            continue
        if not line.strip():
            if cur:
                preds.append(cur)
                cur = []
            continue
        cur.append(line.split("\t")[4])
    if cur:
        preds.append(cur)
    return preds


def score(sents: list[Sentence], preds: list[list[str]], errors: Path | None) -> None:
    tp, fp, fn = Counter(), Counter(), Counter()
    confusions: Counter[str] = Counter()
    lines: list[str] = []
    for (_, toks, gold), pred in zip(sents, preds, strict=True):
        g, p = spans(gold), spans(pred)
        for s in p & g:
            tp[s[2]] += 1
        for s in p - g:
            fp[s[2]] += 1
        for s in g - p:
            fn[s[2]] += 1
        gb = {(a, b): lab for a, b, lab in g}
        pb = {(a, b): lab for a, b, lab in p}
        for key, lab in pb.items():
            if key in gb and gb[key] != lab:
                confusions[f"{gb[key]}->{lab}"] += 1
        if errors and g != p:
            lines.append(" ".join(toks))
            for a, b, lab in sorted(g - p):
                lines.append(f"  MISS {lab:4} {' '.join(toks[a:b])}")
            for a, b, lab in sorted(p - g):
                lines.append(f"  FP   {lab:4} {' '.join(toks[a:b])}")
    print(f"{'type':5} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for lab in (*LABELS, "ALL"):
        if lab == "ALL":
            t, f_p, f_n = sum(tp.values()), sum(fp.values()), sum(fn.values())
        else:
            t, f_p, f_n = tp[lab], fp[lab], fn[lab]
        p = t / (t + f_p) if t + f_p else 0.0
        r = t / (t + f_n) if t + f_n else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{lab:5} {p:6.3f} {r:6.3f} {f:6.3f} {t:5} {f_p:5} {f_n:5}")
    if confusions:
        print("right span, wrong label (gold->pred):", dict(confusions.most_common()))
    if errors:
        errors.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"errors written to {errors}")


def throughput(sents: list[Sentence]) -> None:
    """Tokens/s of the embedded pipeline with and without ``reader_entities``."""
    from spacy.tokens import Doc

    nlp = build(None)
    docs_words = [toks for _, toks, _ in sents]
    n_tokens = sum(len(w) for w in docs_words)
    procs = [(name, proc) for name, proc in nlp.pipeline if name != "sentencizer"]

    def run(with_ner: bool) -> float:
        t0 = time.perf_counter()
        for words in docs_words:
            doc = Doc(nlp.vocab, words=words, sent_starts=[i == 0 for i in range(len(words))])
            for name, proc in procs:
                if name == "reader_entities" and not with_ner:
                    continue
                doc = proc(doc)
        return n_tokens / (time.perf_counter() - t0)

    run(True)  # warm the per-word caches so both runs see the same state
    without = run(False)
    with_ner = run(True)
    print(
        f"throughput: {with_ner:,.0f} tokens/s with reader_entities, "
        f"{without:,.0f} tokens/s without ({with_ner / without:.0%} of it) on {n_tokens} tokens"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--errors", type=Path, default=None)
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args()
    sents = read_gold(args.path, args.limit)
    t0 = time.perf_counter()
    preds = predict(sents)
    n = sum(len(t) for _, t, _ in sents)
    print(
        f"{args.path.name}: {len(sents)} sentences, {n} tokens, "
        f"tagged in {time.perf_counter() - t0:.1f} s"
    )
    score(sents, preds, args.errors)
    if not args.no_speed:
        throughput(sents)


if __name__ == "__main__":
    main()
