"""How fast the reading app answers: launch to first highlighted paint, and keypresses.

1. **Launch.** A fresh process runs the app on ``seeds/000.txt`` (headless, as under a
   test driver: the same compositing, no terminal writes) and prints a line the moment the
   first paragraph has been painted *with its highlights*. The baseline is a fresh process
   starting an empty Textual app and printing after its first paint. Both are timed from
   ``Popen`` to that line, ``--runs`` times each, interleaved; we print the medians and
   their ratio.
2. **Keypresses.** In one process, under Textual's test driver: paragraph moves
   (``j``/``k``) and section moves (``]``/``[``): a key event is posted as the terminal
   driver posts it, and timed to the next frame the app writes (``App._display``). Measured once
   after the analysis has finished and once while it is still running (``--book FILE``:
   a long text, so the analysis is busy in its worker during the presses).

    .venv/bin/python benchmarks/ui_speed.py [--runs 5] [--book PATH]
"""

from __future__ import annotations

import argparse
import asyncio
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

EMPTY_APP = """
from textual.app import App

class Empty(App):
    def on_mount(self):
        self.call_after_refresh(self.painted)

    def painted(self):
        print("PAINTED", flush=True)
        self.exit()

Empty().run(headless=True)
"""

READER_APP = """
import sys
import reader.cli  # what `reader FILE` imports first
from reader.app_main import run_app  # noqa: F401 - imported as the command does
from reader.core.document import load
from reader.ui.app import ReaderApp
from reader.ui.keys import load_keymap
from reader.ui.services import Settings, real_services

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

keymap, warnings = load_keymap()
services = real_services()
services.document_key = None  # open at the first paragraph, not a remembered place
app = Timed(load(sys.argv[1]), services, Settings(keymap=keymap))
app.run(headless=True)
"""


def launch(code: str, *args: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                                stderr=err, text=True, env=env, cwd=ROOT)
        watchdog = threading.Timer(120, proc.kill)  # never hang the benchmark
        watchdog.start()
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.strip() == "PAINTED":
                    elapsed = time.perf_counter() - start
                    break
            else:
                err.seek(0)
                raise RuntimeError(f"no paint: {err.read()[-2000:]}")
            proc.wait(timeout=60)
        finally:
            watchdog.cancel()
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


async def key_figures(path: Path, presses: int, wait_for_analysis: bool) -> dict[str, object]:
    """Post real key events and time each to the next screen update the app writes."""
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

    services = real_services()
    services.store = None  # leave the remembered place of the launch runs alone
    app = Timed(load(path), services, Settings())
    app.repainted = asyncio.Event()
    timings: dict[str, list[float]] = {"paragraph": [], "section": []}
    cpu: dict[str, list[float]] = {"paragraph": [], "section": []}
    async with app.run_test(size=(100, 30)) as pilot:
        if wait_for_analysis:
            await settle(pilot)
        else:
            deadline = time.monotonic() + 120
            while app.done == 0 and time.monotonic() < deadline:  # first batch in; rest busy
                await asyncio.sleep(0.01)
        busy_at_start = not app.analysis_complete
        for i in range(presses):
            for kind, key in (("paragraph", "j" if i % 4 < 2 else "k"),
                              ("section", "right_square_bracket" if i % 4 < 2
                               else "left_square_bracket")):
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
    return {"timings": timings, "cpu": cpu, "busy": busy_at_start and busy_at_end,
            "progress": progress}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--book", type=Path, default=BOOK if BOOK.exists() else None)
    parser.add_argument("--no-book", dest="book", action="store_const", const=None)
    parser.add_argument("--cold", action="store_true",
                        help="a fresh READER_HOME: dictionaries imported while measuring")
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
            print(f"dictionaries ready in {time.perf_counter() - start:.1f} s "
                  f"(imported once per READER_HOME={home})")
        except Exception as exc:  # noqa: BLE001 - the benchmark still runs without them
            print(f"dictionaries unavailable: {exc}")

    empty, reader, again = launch_figures(args.runs, home) if args.runs else (1.0, 1.0, 1.0)
    print(f"launch to first paint (median of {args.runs}, headless, fresh processes)")
    print(f"  empty Textual app          {ms(empty)}")
    print(f"  reader seeds/000.txt       {ms(reader)}  (first open: first paragraph highlighted)")
    print(f"  ratio                      {reader / empty:7.2f} x")
    print(f"  reader seeds/000.txt       {ms(again)}  (re-open, from the analysis cache)")
    print(f"  ratio                      {again / empty:7.2f} x")

    cases = [("seeds/000.txt, analysis finished", SEED, True)]
    if args.book:
        cases.append((f"{args.book.name}, analysis running", args.book, False))
    for label, path, wait in cases:
        result = asyncio.run(key_figures(path, args.presses, wait))
        print(f"keypress to repaint: {label}"
              + ("" if wait else f" ({'busy' if result['busy'] else 'finished'} throughout,"
                 f" {result['progress']} at the end)"))
        for kind, values in result["timings"].items():  # type: ignore[union-attr]
            values = sorted(values)
            p95 = values[max(0, int(len(values) * 0.95) - 1)]
            own = statistics.median(result["cpu"][kind])  # type: ignore[index]
            print(f"  {kind:<10} median {ms(statistics.median(values))}   p95 {ms(p95)}"
                  f"   max {ms(values[-1])}   n={len(values)}   app-thread CPU {ms(own)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
