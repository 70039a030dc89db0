"""The app in the states the README shows: shared by the snapshot tests and the screenshots.

``tests/test_snapshots.py`` compares each scenario with its stored SVG;
``scripts/screenshots.py`` writes the same scenarios to ``screenshots/``. So every picture
in the README is a tested state. Scenarios are deterministic: a fixed terminal size, the
embedded pipeline, no dictionaries (what a learner has installed varies), an empty store in
``READER_HOME``, and every worker finished before the picture is taken.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from reader.ui.app import ReaderApp
from reader.ui.services import Services, Settings, real_services

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000.txt"


def deterministic_services() -> Services:
    """The real services, with the glossary limited to what ships with the package."""
    services = real_services()
    if services.build_entry is not None:
        try:
            from reader.core.dictionary import Dictionaries

            services.build_entry = partial(services.build_entry, dictionaries=Dictionaries([], []))
        except ImportError:
            pass
    services.notes = ()
    return services


def make_app(path: Path = SEED, services: Services | None = None, level: str = "B1") -> ReaderApp:
    from reader.core.document import load

    return ReaderApp(load(path), services or deterministic_services(), Settings(level=level))


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the analysis, every worker and pending timer it started are done."""
    app = pilot.app
    for _ in range(50):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            pass  # superseded by a newer worker of its group (exclusive workers)
        await pilot.pause()
        if not app.busy:
            break
        await asyncio.sleep(0.05)  # a debounce timer is pending
    await pilot.pause()


@dataclass(frozen=True)
class Scenario:
    """A named state: terminal size and the keys pressed once the analysis has finished."""

    name: str
    description: str
    size: tuple[int, int]
    keys: tuple[str, ...] = ()
    app_factory: Callable[[], ReaderApp] = field(default=make_app)

    async def run_before(self, pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in self.keys:
            await pilot.press(key)
            await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    def runner(self) -> Callable[[Pilot[None]], Awaitable[None]]:
        return self.run_before


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "reading",
        "the seed article, names and rare words highlighted, word cursor on",
        (100, 30),
        ("tab", "tab"),
    ),
    Scenario("entry", "a word's full entry", (100, 30), ("tab", "tab", "enter")),
    Scenario("help", "the help screen: keys and highlight styles", (100, 36), ("question_mark",)),
    Scenario(
        "narrow",
        "a narrow terminal: the side panel moves below the text",
        (50, 30),
        ("j", "j", "j"),
    ),
    Scenario(
        "section", "80x24, second section with its summary", (80, 24), ("right_square_bracket",)
    ),
)


def scenario(name: str) -> Scenario:
    return next(s for s in SCENARIOS if s.name == name)
