"""Speed of the analysis: cold-start ``reader analyze --json`` and whole-book throughput.

Figures are printed with a baseline measured in the same run, since these machines are
shared and noisy:

* cold start of ``reader analyze seeds/000.txt --json`` against a bare ``python -c pass``
  and against ``python -c "import spacy"`` (the floor any spaCy tool pays);
* whole-book throughput (tokens/s) of the full pipeline on Fontane's *Der Stechlin*
  against raw HanTa tagging of the same sentences (the tagger alone, no spaCy, no rarity).

    python -m benchmarks.bench_analyze [--paragraphs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT.parent / "shared" / "eval" / "books" / "fontane_der_stechlin.txt"


def _wall(cmd: list[str], repeat: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold_start(repeat: int = 3) -> None:
    env = {**os.environ, "READER_HOME": tempfile.mkdtemp(prefix="reader-bench-")}
    py = sys.executable
    bare = _wall([py, "-c", "pass"], repeat, env)
    spacy_import = _wall([py, "-c", "import spacy"], repeat, env)
    analyze = _wall([py, "-m", "reader", "analyze", "seeds/000.txt", "--json"], repeat, env)
    print(
        f"cold start  reader analyze seeds/000.txt --json : {analyze:6.2f} s (median of {repeat})"
    )
    print(
        f"  baseline  python -c pass                       : {bare:6.2f} s  "
        f"ratio {analyze / bare:5.1f}x"
    )
    print(
        f"  baseline  python -c 'import spacy'             : {spacy_import:6.2f} s  "
        f"ratio {analyze / spacy_import:5.1f}x"
    )


def throughput(paragraph_limit: int | None) -> None:
    from reader.core.analyze import analyse_paragraphs
    from reader.core.document import load
    from reader.core.nlp.pipeline import build
    from reader.core.nlp.tagger import hanta

    if not BOOK.is_file():
        print(f"throughput: skipped, {BOOK} is not present")
        return
    paragraphs = load(BOOK).paragraphs[:paragraph_limit]
    nlp = build()
    # Baseline: HanTa's own tagger on the same sentences, fresh instance, no memo tables.
    from HanTa.HanoverTagger import HanoverTagger

    raw = HanoverTagger("morphmodel_ger.pgz")
    sentences = [[t.text for t in s] for d in nlp.pipe(p.text for p in paragraphs) for s in d.sents]
    # The pipeline run uses a fresh memo table too, so neither side is pre-warmed (the
    # shipped lexicon of frequent forms is part of the pipeline; the persistent memo of
    # earlier runs is not used).
    os.environ["READER_HANTA_MEMO"] = "0"
    hanta.cache_clear()
    n_tokens = sum(len(s) for s in sentences)
    start = time.perf_counter()
    for s in sentences:
        raw.tag_sent(s, taglevel=1)
    base = time.perf_counter() - start

    start = time.perf_counter()
    n_pipeline = sum(len(p.tokens) for p in analyse_paragraphs(paragraphs, nlp, "B1"))
    full = time.perf_counter() - start
    print(f"throughput  {BOOK.name}: {len(paragraphs)} paragraphs, {n_pipeline} tokens")
    print(
        f"  reader pipeline (tags, lemmas, morph, verbs, names, rarity): {n_pipeline / full:8.0f}"
        f" tokens/s ({full:.1f} s)"
    )
    print(
        f"  baseline raw HanTa tag_sent on the same sentences          : {n_tokens / base:8.0f}"
        f" tokens/s ({base:.1f} s)  ratio {(n_pipeline / full) / (n_tokens / base):4.2f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=None, help="limit the book")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cold_start(args.repeat)
    throughput(args.paragraphs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
