"""Whole-book throughput and peak memory of ``reader analyze``, against raw HanTa tagging.

For each book (Fontane's *Der Stechlin*, Keller's *Der grüne Heinrich*):

* the full pipeline over the whole book (tags, lemmas, noun features, separable verbs,
  names, rarity, the project's Tokens), in a fresh process that never reads the article
  cache; ``--jobs 1`` and ``--jobs 2`` (``reader.core.batch.analyse_files``), tokens/s and
  peak RSS; "cold" has no persistent HanTa memo (only the shipped lexicon), "warm memo"
  runs after a first run that filled it (start-up and loading included in both);
* the baseline: raw HanTa (``HanoverTagger.tag_sent``, a fresh instance, no memo) on the
  same tokens. HanTa costs the same per token wherever it is in the book, so to keep the
  run short it tags an evenly spread sample of the book's sentences (every ``--stride``-th)
  and the rate is reported in tokens/s;
* ``reader analyze BOOK --json`` as a subprocess: wall time and peak RSS.

    python -m benchmarks.bench_throughput [--books fontane keller] [--stride 25] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOKS = {
    "fontane": ROOT.parent / "shared" / "eval" / "books" / "fontane_der_stechlin.txt",
    "keller": ROOT.parent / "shared" / "eval" / "books" / "keller_der_gruene_heinrich.txt",
}

_PIPELINE_SNIPPET = """
import json, resource, sys, time
t0 = time.perf_counter()
c0 = time.process_time()
import reader.core.cache
reader.core.cache.load = lambda *a, **k: None  # never the cached article: always analyse
from reader.core.batch import analyse_files
art = analyse_files([sys.argv[1]], level="B1", jobs=int(sys.argv[2]))[0]
took = time.perf_counter() - t0
kid = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = time.process_time() - c0 + kid.ru_utime + kid.ru_stime
n = sum(len(p.tokens) for s in art.sections for p in s.paragraphs)
self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"tokens": n, "seconds": took, "cpu": cpu, "rss_mb": self_rss,
                  "worker_rss_mb": kids}))
"""

_BASELINE_SNIPPET = """
import json, sys, time
import spacy
from reader.core.document import load
from HanTa.HanoverTagger import HanoverTagger
stride = int(sys.argv[2])
nlp = spacy.blank("de"); nlp.add_pipe("sentencizer"); nlp.max_length = 5_000_000
doc_paras = load(sys.argv[1]).paragraphs
sents = [[t.text for t in s if not t.is_space] for d in nlp.pipe(p.text for p in doc_paras)
         for s in d.sents]
sents = [s for s in sents if s]
total = sum(len(s) for s in sents)
sample = sents[::stride]
raw = HanoverTagger("morphmodel_ger.pgz")
t0 = time.perf_counter()
c0 = time.process_time()
for s in sample:
    for i in range(0, len(s), 120):
        raw.tag_sent(s[i:i + 120], taglevel=1)
took = time.perf_counter() - t0
cpu = time.process_time() - c0
n = sum(len(s) for s in sample)
print(json.dumps({"tokens": n, "book_tokens": total, "seconds": took, "cpu": cpu}))
"""


def _env(home: str, memo: bool = False) -> dict[str, str]:
    env = {**os.environ, "READER_HOME": home, "PYTHONPATH": str(ROOT)}
    env["READER_HANTA_MEMO"] = "1" if memo else "0"
    return env


def _run_json(args: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run(
        [sys.executable, *args], check=True, capture_output=True, text=True, env=env, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def pipeline(book: Path, jobs: int, warm_memo: bool = False) -> dict:
    """Cold: only the shipped lexicon. Warm: a first run filled the persistent memo."""
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as home:
        args = ["-c", _PIPELINE_SNIPPET, str(book), str(jobs)]
        if warm_memo:
            _run_json(args, _env(home, memo=True))
        return _run_json(args, _env(home, memo=warm_memo))


def baseline(book: Path, stride: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as home:
        return _run_json(["-c", _BASELINE_SNIPPET, str(book), str(stride)], _env(home))


def cli_analyze(book: Path, jobs: int = 1) -> dict:
    """``reader analyze BOOK --json`` in a fresh process: wall time and peak RSS."""
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as home:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "reader", "analyze", str(book), "--json", "--jobs", str(jobs)],
            check=True,
            stdout=subprocess.DEVNULL,
            env=_env(home),
            cwd=ROOT,
        )
        took = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is a running maximum: exact if this is the biggest child so far
    return {"seconds": took, "rss_mb": after / 1024, "exact": after > before}


def measure(names: list[str], stride: int, cli: bool = True) -> list[dict]:
    rows = []
    for name in names:
        book = BOOKS[name]
        if not book.is_file():
            print(f"{name}: skipped, {book} is not present", file=sys.stderr)
            continue
        base = baseline(book, stride)
        base_rate = base["tokens"] / base["seconds"]
        base_cpu = base["tokens"] / base["cpu"]
        rows.append(
            {
                "figure": f"{name}: raw HanTa tag_sent (baseline, 1/{stride} sample)",
                "value": base_rate,
                "unit": "tokens/s",
            }
        )
        rows.append(
            {
                "figure": f"{name}: raw HanTa tag_sent per CPU-second (baseline)",
                "value": base_cpu,
                "unit": "tokens/CPU-s",
            }
        )
        for jobs, warm in ((1, False), (2, False), (1, True), (2, True)):
            r = pipeline(book, jobs, warm)
            rate = r["tokens"] / r["seconds"]
            state = "warm memo" if warm else "cold"
            rows.append(
                {
                    "figure": f"{name}: pipeline {state}, jobs={jobs} ({r['tokens']} tokens)",
                    "value": rate,
                    "unit": "tokens/s",
                    "baseline": base_rate,
                    "target": 30_000,
                }
            )
            rows.append(
                {
                    "figure": f"{name}: pipeline {state}, jobs={jobs}, per CPU-second",
                    "value": r["tokens"] / r["cpu"],
                    "unit": "tokens/CPU-s",
                    "baseline": base_cpu,
                }
            )
            rows.append(
                {
                    "figure": f"{name}: peak RSS, {state} jobs={jobs} (parent)",
                    "value": r["rss_mb"],
                    "unit": "MB",
                }
            )
            if jobs > 1 and not warm:
                rows.append(
                    {
                        "figure": f"{name}: peak RSS, largest worker, jobs={jobs}",
                        "value": r["worker_rss_mb"],
                        "unit": "MB",
                    }
                )
        if cli:
            c = cli_analyze(book)
            rows.append(
                {
                    "figure": f"{name}: `reader analyze --json` wall time",
                    "value": c["seconds"],
                    "unit": "s",
                }
            )
            rows.append(
                {
                    "figure": f"{name}: `reader analyze --json` peak RSS",
                    "value": c["rss_mb"],
                    "unit": "MB",
                    "target": 600 if name == "keller" else None,
                }
            )
    return rows


def print_rows(rows: list[dict]) -> None:
    for r in rows:
        extra = ""
        if r.get("baseline"):
            extra = f"  baseline {r['baseline']:,.0f}  ratio {r['value'] / r['baseline']:.1f}x"
        print(f"{r['figure']:<62} {r['value']:>10,.1f} {r['unit']}{extra}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--books", nargs="+", default=list(BOOKS), choices=list(BOOKS))
    parser.add_argument(
        "--stride", type=int, default=25, help="baseline sample: every Nth sentence"
    )
    parser.add_argument("--no-cli", action="store_true", help="skip `reader analyze --json`")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    rows = measure(args.books, args.stride, cli=not args.no_cli)
    if args.json:
        print(json.dumps(rows))
    else:
        print_rows(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
