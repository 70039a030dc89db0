"""Run every benchmark in ``benchmarks/`` and print one table of figures.

Each benchmark runs as its own subprocess, so one failing does not stop the rest; its full
output is printed as it finishes, and the headline lines (those with a ratio, an accuracy,
F1, tokens/s, seconds or MB) are gathered into the closing table together with the
whole-book throughput and memory figures of ``bench_throughput`` and the machine they ran
on (nproc, CPU model, Python version).

    python -m benchmarks.run_all [--quick] [--skip NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = [
    "bench_analyze",
    "ud_eval",
    "ner_eval",
    "summary_bench",
    "glossary_coverage",
    "ui_speed",
]
# Arguments a benchmark gets in quick mode (the full run passes none: everything is measured).
QUICK_ARGS = {
    "ui_speed": ["--no-book-memory"],  # the app analysing the whole novel takes minutes
}
_HEADLINE = re.compile(
    r"ratio|accuracy|\bUPOS\b|\blemma\b|\bF1\b|tokens/s|coverage|\bms\b|\bMB\b|\d\s*s\b", re.I
)


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"nproc {os.cpu_count()}, CPU {cpu}, Python {platform.python_version()}"


def run(name: str, args: list[str], timeout: int) -> tuple[int | str, float, str]:
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", f"benchmarks.{name}", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        status: int | str = proc.returncode
        out = proc.stdout + (proc.stderr if proc.returncode else "")
    except subprocess.TimeoutExpired as exc:
        status = "timeout"
        out = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
    return status, time.perf_counter() - start, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="Fontane only, no CLI memory run, no app memory run on the novel",
    )
    parser.add_argument("--skip", nargs="*", default=[], help="benchmarks to leave out")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per benchmark")
    args = parser.parse_args()

    table: list[tuple[str, str]] = []
    statuses: list[tuple[str, str, float]] = []
    for name in BENCHMARKS:
        if name in args.skip or not (ROOT / "benchmarks" / f"{name}.py").is_file():
            continue
        print(f"=== {name}", flush=True)
        status, took, out = run(name, QUICK_ARGS.get(name, []) if args.quick else [], args.timeout)
        print(out.rstrip(), flush=True)
        statuses.append((name, "ok" if status == 0 else f"FAILED ({status})", took))
        for line in out.splitlines():
            if line.strip() and _HEADLINE.search(line) and len(line) < 160:
                table.append((name, line.strip()))

    rows: list[dict] = []
    if "bench_throughput" not in args.skip:
        print("=== bench_throughput", flush=True)
        extra = ["--json"] + (["--books", "fontane", "--no-cli"] if args.quick else [])
        status, took, out = run("bench_throughput", extra, args.timeout * 2)
        statuses.append(("bench_throughput", "ok" if status == 0 else f"FAILED ({status})", took))
        try:
            rows = json.loads(out.strip().splitlines()[-1]) if status == 0 else []
        except (ValueError, IndexError):
            rows = []
        if status != 0:
            print(out.rstrip())

    print()
    print(f"Machine: {machine()}")
    print(f"{'benchmark':<20} {'status':<14} {'seconds':>8}")
    for name, status, took in statuses:
        print(f"{name:<20} {status:<14} {took:8.1f}")
    print()
    print(f"{'figure':<64} {'value':>10} {'unit':<12} {'baseline':>10} {'ratio':>7} {'target':>8}")
    for r in rows:
        base = r.get("baseline")
        ratio = f"{r['value'] / base:6.1f}x" if base else ""
        target = r.get("target")
        print(
            f"{r['figure'][:64]:<64} {r['value']:>10,.0f} {r['unit']:<12}"
            f" {f'{base:,.0f}' if base else '':>10} {ratio:>7} {f'{target:,}' if target else '':>8}"
        )
    print()
    for name, line in table:
        print(f"{name:<18} {line}")
    return 0 if all(s == "ok" for _, s, _ in statuses) else 1


if __name__ == "__main__":
    raise SystemExit(main())
