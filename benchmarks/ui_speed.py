"""How fast the reading app answers, and how much memory it takes: launch, keypresses, RSS.

The app is started as ``reader FILE`` starts it: the document loaded, the analysis process
started (``reader.app_main.start_analysis``), then Textual.

1. **Launch.** A fresh process runs the app on a text (headless, as under a test driver:
   the same compositing, no terminal writes) and prints a line the moment the first
   paragraph has been painted *with its highlights*. The baseline is a fresh process
   starting an empty Textual app and printing after its first paint. All are timed from
   ``Popen`` to that line; we print the medians and their ratio to the baseline. Texts:
   ``seeds/000.txt`` (``--runs`` times, interleaved with the baseline) and the novel
   (``--book``, ``--book-runs`` times), each opened first with no analysis cache and then
   re-opened with the article cache a finished session leaves behind.
2. **Keypresses.** In one process, under Textual's test driver: paragraph moves
   (``j``/``k``), section moves (``]``/``[``) and word-cursor moves (``l``/``h``): a key
   event is posted as the terminal driver posts it, and timed to the next frame the app
   writes (``App._display``). Measured once after the analysis has finished and once while
   it is still running (``--book FILE``: a long text, so the analysis is busy in its
   worker during the presses).
3. **Peak memory.** A fresh process runs the app headless, with no analysis cache, until
   its background worker has analysed the whole text and the app is idle, then exits and
   prints its peak RSS (VmHWM) and that of its analysis process (the child's own VmHWM,
   asked of it; never ``ru_maxrss``, which Linux carries over from the parent). Texts: the seed and
   the novel (slow: minutes; ``--no-book-memory`` leaves it out). Baseline: the peak RSS
   of the empty Textual app.

    .venv/bin/python benchmarks/ui_speed.py [--runs 5] [--book-runs 3] [--book PATH]
        [--no-book] [--no-book-memory] [--no-memory]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from textual import events

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000.txt"
BOOK = ROOT.parent / "shared" / "eval" / "books" / "keller_der_gruene_heinrich.txt"

# Printed by a child before it exits: its peak RSS and that of the processes it started, in
# KiB. Not ``ru_maxrss`` of RUSAGE_SELF alone: Linux keeps that across fork and execve, so a
# child of this (by then large) benchmark process would report the benchmark's own peak.
# VmHWM belongs to the address space the child got at execve: its own peak resident set.
PRINT_PEAK_RSS = """
import resource

def _peak_kib():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux: the best there is

_child = 0
if globals().get("analyser") is not None:  # the analysis process: its own peak, not ru_maxrss
    _child = int(analyser.peak_memory_mb() * 1024)
    analyser.close()
print("RSS", _peak_kib(), max(_child, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
      flush=True)
"""

# The baseline of every launch figure: an empty Textual app, timed to its first paint.
EMPTY_APP_PAINT = """
from textual.app import App

class Empty(App):
    def on_mount(self):
        self.call_after_refresh(self.painted)

    def painted(self):
        print("PAINTED", flush=True)
        self.exit()

Empty().run(headless=True)
"""
EMPTY_APP = EMPTY_APP_PAINT + PRINT_PEAK_RSS

# Both apps start as `reader FILE` does: document, analysis process, then Textual.
_AS_READER_STARTS = """
import sys
import reader.cli  # what `reader FILE` imports first
from reader.app_main import run_app, start_analysis  # noqa: F401 - as the command does
from reader.core.document import load
document = load(sys.argv[1])
analyser = start_analysis(None, document)  # as run_app: before Textual is imported
from reader.ui.app import ReaderApp
from reader.ui.keys import load_keymap
from reader.ui.services import Settings, real_services
"""
_RUN_AS_READER = """
keymap, warnings = load_keymap()
services = real_services(analyser=analyser)
services.document_key = None  # open at the first paragraph, not a remembered place
app = APP_CLASS(document, services, Settings(keymap=keymap))
app.run(headless=True)
"""

READER_APP = (
    _AS_READER_STARTS
    + """

class Timed(ReaderApp):
    reported = False

    def refresh_view(self):
        super().refresh_view()
        if not self.reported and self.analysed[self.current]:
            self.reported = True
            self.call_after_refresh(self.painted)

    def painted(self):
        print("PAINTED", flush=True)
        self.exit()

"""
    + _RUN_AS_READER.replace("APP_CLASS", "Timed")
    + """
analyser.close()
"""
)

# The app on a text until its worker has analysed all of it and nothing else is under way
# (the cache write and the section scores that follow included), then its peak RSS.
READER_MEMORY_APP = (
    _AS_READER_STARTS
    + """
import time

START = time.perf_counter()

class Measured(ReaderApp):
    polling = False

    def refresh_view(self):
        super().refresh_view()
        if not self.polling:
            self.polling = True
            self.set_interval(0.25, self.check)

    def check(self):
        if (self.analysis_complete or self.analysis_error) and not self.busy:
            print("ANALYSED", f"{time.perf_counter() - START:.1f}", self.done, len(self.paras),
                  self.analysis_error or "", flush=True)
            self.exit()

"""
    + _RUN_AS_READER.replace("APP_CLASS", "Measured")
    + PRINT_PEAK_RSS
)


@contextlib.contextmanager
def _child(code: str, args: tuple[str, ...], env: dict[str, str], limit: float):
    """``python -c code args`` with its stdout piped and its stderr kept for the error
    message; killed after ``limit`` seconds so the benchmark never hangs."""
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            env=env,
            cwd=ROOT,
        )
        watchdog = threading.Timer(limit, proc.kill)
        watchdog.start()
        try:
            yield proc, err
        finally:
            watchdog.cancel()


def launch(code: str, *args: str, env: dict[str, str], limit: float = 120) -> float:
    start = time.perf_counter()
    with _child(code, args, env, limit) as (proc, err):
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "PAINTED":
                elapsed = time.perf_counter() - start
                break
        else:
            err.seek(0)
            raise RuntimeError(f"no paint: {err.read()[-2000:]}")
        proc.wait(timeout=60)
    return elapsed


def launch_figures(runs: int, home: str) -> tuple[float, float, float]:
    """Empty app, first open of the seed (no analysis cache), re-open (cache present)."""
    import shutil

    env = {**os.environ, "READER_HOME": home}
    articles = Path(home) / "cache" / "articles"
    shutil.rmtree(articles, ignore_errors=True)
    launch(READER_APP, str(SEED), env=env)  # warm the OS file cache and the store once
    empty, first, again = [], [], []
    for _ in range(runs):
        shutil.rmtree(articles, ignore_errors=True)  # the app exits before it would store one
        empty.append(launch(EMPTY_APP, env=env))
        first.append(launch(READER_APP, str(SEED), env=env))
    from reader.core.batch import analyse_cached
    from reader.core.document import load

    analyse_cached(load(SEED))  # what a finished first session leaves behind
    for _ in range(runs):
        again.append(launch(READER_APP, str(SEED), env=env))
    return statistics.median(empty), statistics.median(first), statistics.median(again)


def book_launch_figures(runs: int, home: str, book: Path) -> tuple[float, float]:
    """First open of the novel (no analysis cache), re-open (cache present), medians."""
    import shutil

    env = {**os.environ, "READER_HOME": home}
    articles = Path(home) / "cache" / "articles"
    first, again = [], []
    for _ in range(runs):
        shutil.rmtree(articles, ignore_errors=True)  # the app exits before it would store one
        first.append(launch(READER_APP, str(book), env=env, limit=300))
    from reader.core.batch import analyse_files

    start = time.perf_counter()
    analyse_files([str(book)], jobs=2)  # the article cache a finished session leaves behind
    print(
        f"  ({book.name} analysed into the cache in {time.perf_counter() - start:.0f} s)",
        flush=True,
    )
    for _ in range(runs):
        again.append(launch(READER_APP, str(book), env=env, limit=300))
    return statistics.median(first), statistics.median(again)


def peak_rss(code: str, *args: str, env: dict[str, str], limit: float) -> dict[str, object]:
    """Run ``code`` to its end; its peak RSS in MB (self, children) and what it reported."""
    with _child(code, args, env, limit) as (proc, err):
        out, _ = proc.communicate()
        result: dict[str, object] = {}
        for line in out.splitlines():
            word, *rest = line.split(maxsplit=4)
            if word == "RSS":
                result["self"] = int(rest[0]) / 1024  # KiB
                result["children"] = int(rest[1]) / 1024
            elif word == "ANALYSED":
                result["seconds"] = float(rest[0])
                result["progress"] = f"{rest[1]}/{rest[2]}"
                result["error"] = rest[3] if len(rest) > 3 else ""
        if "self" not in result:
            err.seek(0)
            raise RuntimeError(f"no RSS (exit {proc.returncode}): {err.read()[-2000:]}")
    return result


def memory_figures(home: str, texts: list[Path], limit: float) -> list[tuple[str, dict]]:
    """Peak RSS of the empty app (median of 3) and of the app analysing each text fully."""
    import shutil

    env = {**os.environ, "READER_HOME": home}
    articles = Path(home) / "cache" / "articles"
    empties = [peak_rss(EMPTY_APP, env=env, limit=120) for _ in range(3)]
    empty = {
        "self": statistics.median(r["self"] for r in empties),  # type: ignore[misc]
        "children": statistics.median(r["children"] for r in empties),
    }  # type: ignore[misc]
    figures: list[tuple[str, dict]] = [("empty Textual app, peak RSS (baseline)", empty)]
    for path in texts:
        shutil.rmtree(articles, ignore_errors=True)  # the whole analysis in the app's worker
        label = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name
        result = peak_rss(READER_MEMORY_APP, str(path), env=env, limit=limit)
        figures.append((f"{label}, peak RSS", result))
    return figures


def restore_seed_cache() -> None:
    """Leave the seed's article cache in place, as the launch figures left it."""
    from reader.core.batch import analyse_cached
    from reader.core.document import load

    analyse_cached(load(SEED))


async def key_figures(path: Path, presses: int, wait_for_analysis: bool) -> dict[str, object]:
    """Post real key events and time each to the next screen update the app writes."""
    from reader.app_main import start_analysis
    from reader.core.document import load
    from reader.ui.app import ReaderApp
    from reader.ui.scenarios import settle
    from reader.ui.services import Settings, real_services

    class Timed(ReaderApp):
        key_at: float | None = None
        cpu_at = 0.0
        latency = cpu = 0.0
        repainted: asyncio.Event

        def _display(self, screen, renderable) -> None:  # every frame goes through here
            super()._display(screen, renderable)
            if self.key_at is not None and renderable is not None:
                self.latency = time.perf_counter() - self.key_at
                self.cpu = time.thread_time() - self.cpu_at
                self.key_at = None
                self.repainted.set()

    analyser = start_analysis()  # as ``reader FILE`` runs it: in its own process
    services = real_services(analyser=analyser)
    services.store = None  # leave the remembered place of the launch runs alone
    if not wait_for_analysis:
        services.cached = None  # the analysis must run, even if an earlier part cached the text
    app = Timed(load(path), services, Settings())
    app.repainted = asyncio.Event()
    timings: dict[str, list[float]] = {"paragraph": [], "section": [], "word": []}
    cpu: dict[str, list[float]] = {"paragraph": [], "section": [], "word": []}
    async with app.run_test(size=(100, 30)) as pilot:
        if wait_for_analysis:
            await settle(pilot)
        else:
            deadline = time.monotonic() + 120
            while app.done == 0 and time.monotonic() < deadline:  # first batch in; rest busy
                await asyncio.sleep(0.01)
        busy_at_start = not app.analysis_complete
        for i in range(presses):
            for kind, key in (
                ("paragraph", "j" if i % 4 < 2 else "k"),
                ("section", "right_square_bracket" if i % 4 < 2 else "left_square_bracket"),
                ("word", "l" if i % 4 < 2 else "h"),
            ):
                await asyncio.sleep(0.1)  # a reader does not type faster than this
                app.repainted.clear()
                app.cpu_at = time.thread_time()
                app.key_at = time.perf_counter()
                app.post_message(events.Key(key, None))  # what the terminal driver posts
                await asyncio.wait_for(app.repainted.wait(), timeout=30)
                timings[kind].append(app.latency)
                cpu[kind].append(app.cpu)
        busy_at_end = not app.analysis_complete
        progress = f"{app.done}/{len(app.paras)}"
    if analyser is not None:
        analyser.close()
    return {
        "timings": timings,
        "cpu": cpu,
        "busy": busy_at_start and busy_at_end,
        "progress": progress,
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def launch_table(args: argparse.Namespace, home: str) -> None:
    empty, reader, again = launch_figures(args.runs, home)
    print(
        f"launch to first highlighted paint (median of {args.runs} for the seed, "
        f"{args.book_runs} for the novel; headless, fresh processes; target: the absolute time)"
    )
    print(f"  {'case':<54} {'median':>10} {'vs empty':>9} {'target':>9}")
    print(f"  {'empty Textual app (baseline)':<54} {ms(empty)} {1:8.2f}x")

    def timed(label: str, value: float, target: float) -> None:
        verdict = "met" if value <= target else "MISSED"
        print(
            f"  {label:<54} {ms(value)} {value / empty:8.2f}x {ms(target)}  {verdict}", flush=True
        )

    timed("seeds/000.txt, first open (no cache)", reader, 1.0)
    timed("seeds/000.txt, re-open (analysis cache)", again, 1.0)
    if args.book and args.book_runs:
        book_first, book_again = book_launch_figures(args.book_runs, home, args.book)
        name = args.book.stem[:28]
        timed(f"{name}, first open (no cache)", book_first, 1.5)
        timed(f"{name}, re-open (analysis cache)", book_again, 1.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--book", type=Path, default=BOOK if BOOK.exists() else None)
    parser.add_argument(
        "--no-book",
        dest="book",
        action="store_const",
        const=None,
        help="no novel at all: launch, memory and keypresses on the seed only",
    )
    parser.add_argument(
        "--book-runs",
        type=int,
        default=3,
        help="launches of the novel per case (0: leave its launch out)",
    )
    parser.add_argument(
        "--no-book-memory",
        action="store_true",
        help="leave out the slow peak-memory run on the novel (minutes)",
    )
    parser.add_argument("--no-memory", action="store_true", help="no peak-memory runs at all")
    parser.add_argument(
        "--memory-limit",
        type=float,
        default=900,
        help="seconds a memory run may take before it is killed",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="a fresh READER_HOME: dictionaries imported while measuring",
    )
    args = parser.parse_args()
    if args.cold:
        home = tempfile.mkdtemp(prefix="reader-bench-")
    else:  # a learner's second day: dictionaries imported, the store exists
        home = str(Path(tempfile.gettempdir()) / "reader-bench-home")
    os.environ["READER_HOME"] = home
    sys.path.insert(0, str(ROOT))
    if not args.cold:
        start = time.perf_counter()
        try:
            from reader.core.dictionary import default_dictionaries

            default_dictionaries()
            print(
                f"dictionaries ready in {time.perf_counter() - start:.1f} s "
                f"(imported once per READER_HOME={home})"
            )
        except Exception as exc:  # noqa: BLE001 - the benchmark still runs without them
            print(f"dictionaries unavailable: {exc}")

    if args.runs:  # the launch figures need the empty app's baseline from the same run
        launch_table(args, home)

    if not args.no_memory:
        texts = [SEED] + ([args.book] if args.book and not args.no_book_memory else [])
        print(
            "peak RSS of the app, whole text analysed (VmHWM of the app process; children:"
            " the analysis process's own VmHWM), summed",
            flush=True,
        )
        figures = memory_figures(home, texts, args.memory_limit)
        base = figures[0][1]["self"] + figures[0][1]["children"]
        print(f"  {'case':<54} {'peak RSS':>10} {'vs empty':>9} {'target':>9}")
        targets = {"seeds/000.txt, peak RSS": 250.0, f"{BOOK.name}, peak RSS": 600.0}
        for label, r in figures:
            total = r["self"] + r["children"]
            target = targets.get(label)
            extra = f"  children {r['children']:.0f} MB" if r["children"] else ""
            if "seconds" in r:
                extra += f"  ({r['progress']} paragraphs in {r['seconds']:.0f} s"
                extra += f"; {r['error']})" if r["error"] else ")"
            verdict = ("  met" if total <= target else "  MISSED") if target else ""
            print(
                f"  {label:<54} {total:7.0f} MB"
                f" {total / base:8.2f}x {f'{target:.0f} MB' if target else '':>9}"
                f"{verdict}{extra}",
                flush=True,
            )
    if (args.book and args.book_runs) or not args.no_memory:
        restore_seed_cache()  # the parts above removed the whole article cache

    cases = [("seeds/000.txt, analysis finished", SEED, True)]
    if args.book:
        cases.append((f"{args.book.name}, analysis running", args.book, False))
    for label, path, wait in cases:
        result = asyncio.run(key_figures(path, args.presses, wait))
        print(
            f"keypress to repaint: {label}"
            + (
                ""
                if wait
                else f" ({'busy' if result['busy'] else 'finished'} throughout,"
                f" {result['progress']} at the end)"
            )
        )
        for kind, values in result["timings"].items():  # type: ignore[union-attr]
            values = sorted(values)
            p95 = values[max(0, int(len(values) * 0.95) - 1)]
            own = statistics.median(result["cpu"][kind])  # type: ignore[index]
            print(
                f"  {kind:<10} median {ms(statistics.median(values))}   p95 {ms(p95)}"
                f"   max {ms(values[-1])}   n={len(values)}   app-thread CPU {ms(own)}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
