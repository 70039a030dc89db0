"""Formats: first paint of a 1 MB EPUB novel beside the same text as plain UTF-8, and the
load time of every format.

1. **First paint.** Keller's *Der grüne Heinrich* (1.5 MB of text) is made into an EPUB at
   run time (``scripts/make_format_fixtures.py``'s builder, in a temporary folder: it is not
   committed) and into a plain UTF-8 file holding the same chapters. Each is launched as
   ``reader FILE`` launches it (``benchmarks/ui_speed.py``'s headless child: document,
   analysis process, Textual) and timed from ``Popen`` to the first paragraph painted with
   its highlights, with no analysis cache; the two are interleaved, ``--runs`` times each,
   and we print the medians and their ratio. Target: the EPUB paints within the time of
   the plain text (ratio 1.0; medians of noisy launches, so within 10 %).
2. **Load time.** ``reader.core.document.load`` on each format, in a fresh process each:
   the first call (with the imports its format needs: lxml, pypdf, trafilatura) and the
   median of 5 more. Files: the fixtures in ``tests/fixtures/formats`` (Kafka, *Die
   Verwandlung*), Kafka as plain text, and the Keller EPUB and text from part 1.

    .venv/bin/python benchmarks/bench_formats.py [--runs 5] [--no-launch] [--no-load]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import ui_speed  # noqa: E402 - the launch helpers of the app benchmark

_spec = importlib.util.spec_from_file_location("mk", ROOT / "scripts" / "make_format_fixtures.py")
mk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mk)  # type: ignore[union-attr]

FIXTURES = ROOT / "tests" / "fixtures" / "formats"
NOVEL = mk.BOOKS / "keller_der_gruene_heinrich.txt"

LOAD_CHILD = """
import json, statistics, sys, time
start = time.perf_counter()
from reader.core.document import load
doc = load(sys.argv[1])
first = time.perf_counter() - start
warm = []
for _ in range(5):
    start = time.perf_counter()
    load(sys.argv[1])
    warm.append(time.perf_counter() - start)
print(json.dumps({"first": first, "warm": statistics.median(warm),
                  "paragraphs": len(doc.paragraphs), "sections": len(doc.sections),
                  "chars": len(doc.text)}))
"""


def make_novel(folder: Path) -> tuple[Path, Path]:
    """The novel as an EPUB and as plain UTF-8 text with the same chapters and paragraphs."""
    front, chapters = mk.chapters_of(NOVEL)
    epub = folder / "keller_der_gruene_heinrich.epub"
    epub.write_bytes(mk.epub_bytes("Der grüne Heinrich", "Gottfried Keller", chapters, front=front))
    plain = folder / "keller_der_gruene_heinrich.txt"
    plain.write_text(
        "\n\n".join(f"{h}\n\n" + "\n\n".join(ps) for h, ps in chapters) + "\n", encoding="utf-8"
    )
    return epub, plain


def launch_figures(epub: Path, plain: Path, runs: int, home: str) -> None:
    env = {**os.environ, "READER_HOME": home, "PYTHONPATH": str(ROOT)}
    articles = Path(home) / "cache" / "articles"
    ui_speed.launch(ui_speed.READER_APP, str(plain), env=env)  # warm the OS file cache
    times: dict[Path, list[float]] = {plain: [], epub: []}
    for _ in range(runs):
        for path in (plain, epub):
            shutil.rmtree(articles, ignore_errors=True)  # no analysis cache: a first open
            times[path].append(ui_speed.launch(ui_speed.READER_APP, str(path), env=env, limit=300))
    text, book = statistics.median(times[plain]), statistics.median(times[epub])
    ratio = book / text
    print(
        f"first highlighted paint, no analysis cache (median of {runs}, interleaved, "
        "headless, fresh processes)"
    )
    print(f"  {'file':<44} {'size':>8} {'median':>10} {'min':>10}")
    for label, path in (("plain UTF-8 (baseline)", plain), ("EPUB", epub)):
        print(
            f"  {label + ': ' + path.name:<44} {path.stat().st_size / 1e6:6.2f} MB "
            f"{ui_speed.ms(statistics.median(times[path]))} {ui_speed.ms(min(times[path]))}"
        )
    verdict = "met" if ratio <= 1.10 else "MISSED"
    print(
        f"  EPUB / plain: {ratio:.2f}x (target: within the plain text's time, 1.10x "
        f"for launch noise)  {verdict}",
        flush=True,
    )


def load_figures(files: list[Path], home: str) -> None:
    env = {**os.environ, "READER_HOME": home, "PYTHONPATH": str(ROOT)}
    print(
        "load time (reader.core.document.load; a fresh process per file: first call with "
        "the format's imports, then the median of 5)"
    )
    print(f"  {'file':<40} {'size':>9} {'first':>10} {'warm':>10} {'paragraphs':>11}")
    for path in files:
        out = subprocess.run(
            [sys.executable, "-c", LOAD_CHILD, str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
        )
        if out.returncode:
            print(f"  {path.name:<40} failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout)
        print(
            f"  {path.name:<40} {path.stat().st_size / 1024:7.0f} KB {ui_speed.ms(r['first'])}"
            f" {ui_speed.ms(r['warm'])} {r['paragraphs']:>11}",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-launch", action="store_true")
    parser.add_argument("--no-load", action="store_true")
    args = parser.parse_args()
    if not NOVEL.exists():
        print(f"{NOVEL} is not present (../shared/eval/books): nothing to measure")
        return 1
    home = str(Path(tempfile.gettempdir()) / "reader-bench-home")  # as ui_speed: dictionaries
    os.environ["READER_HOME"] = home
    with tempfile.TemporaryDirectory(prefix="reader-formats-") as tmp:
        epub, plain = make_novel(Path(tmp))
        print(
            f"{epub.name}: {epub.stat().st_size / 1e6:.2f} MB EPUB, "
            f"{plain.stat().st_size / 1e6:.2f} MB as plain text"
        )
        if not args.no_launch and args.runs:
            launch_figures(epub, plain, args.runs, home)
        if not args.no_load:
            files = sorted(FIXTURES.iterdir()) + [mk.BOOK, epub, plain]
            load_figures(files, home)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
