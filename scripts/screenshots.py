"""Write SVG screenshots of the app's main states into screenshots/ for the README.

The states are ``reader.ui.scenarios.SCENARIOS`` — the same ones ``tests/test_snapshots.py``
checks — and the picture is taken the same way pytest-textual-snapshot takes it, so every
screenshot in the README is a tested state.

    .venv/bin/python scripts/screenshots.py            # all scenarios
    .venv/bin/python scripts/screenshots.py entry help # some
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from textual._doc import take_svg_screenshot

    from reader.ui.scenarios import SCENARIOS

    wanted = set(argv)
    unknown = wanted - {s.name for s in SCENARIOS}
    if unknown:
        print(
            f"unknown scenario(s): {', '.join(sorted(unknown))}; "
            f"choose from {', '.join(s.name for s in SCENARIOS)}",
            file=sys.stderr,
        )
        return 2
    OUT.mkdir(exist_ok=True)
    for scenario in SCENARIOS:
        if wanted and scenario.name not in wanted:
            continue
        # An empty, throw-away READER_HOME per picture, as each snapshot test has: no saved
        # words, no remembered place, no keymap left by the scenario before.
        os.environ["READER_HOME"] = tempfile.mkdtemp(prefix="reader-screenshots-")
        svg = take_svg_screenshot(
            app=scenario.app_factory(), terminal_size=scenario.size, run_before=scenario.run_before
        )
        path = OUT / f"{scenario.name}.svg"
        path.write_text(svg, encoding="utf-8")
        print(
            f"{path.relative_to(ROOT)}  {scenario.size[0]}x{scenario.size[1]}  "
            f"{scenario.description}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
