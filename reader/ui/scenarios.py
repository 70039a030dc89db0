"""The app in the states the README shows: shared by the snapshot tests and the screenshots.

``tests/test_snapshots.py`` compares each scenario with its stored SVG;
``scripts/screenshots.py`` writes the same scenarios to ``screenshots/``. So every picture
in the README is a tested state. Scenarios are deterministic: a fixed terminal size, the
embedded pipeline, the Debian German-English dictionary alone (what a learner with
``trans-de-en`` installed sees; imported once into a folder shared by all runs), an empty
store in ``READER_HOME``, and every worker finished before the picture is taken.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
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
DEBIAN_DING = Path("/usr/share/trans/de-en")
SHARED_DICTIONARIES = Path(tempfile.gettempdir()) / "reader-scenario-dictionaries"


def scenario_dictionaries() -> object | None:
    """The Debian dictionary alone, imported once per machine into a shared folder (the
    import takes about 20 s; every scenario after the first only opens it). None if
    ``trans-de-en`` is not installed: the snapshot tests then skip."""
    if not DEBIAN_DING.is_file():
        return None
    from reader.core.dictionary.index import read_meta
    from reader.core.dictionary.registry import import_dictionary, open_indexes

    target = SHARED_DICTIONARIES / "debian-trans-de-en.sqlite"
    st = DEBIAN_DING.stat()
    meta = read_meta(target) if target.is_file() else None
    fresh = meta is not None and meta.get("source_size") == str(st.st_size)
    if not fresh:
        SHARED_DICTIONARIES.mkdir(parents=True, exist_ok=True)
        made, _ = import_dictionary(
            DEBIAN_DING,
            name="Debian trans-de-en (Ding)",
            fmt="ding",
            lang="en",
            target_dir=SHARED_DICTIONARIES,
        )
        os.replace(made, target)
    return open_indexes([target])


def deterministic_services() -> Services:
    """The real services, with the glossary limited to the Debian dictionary."""
    services = real_services(summaries="extractive")
    if services.build_entry is not None:
        services.build_entry = partial(services.build_entry, dictionaries=scenario_dictionaries())
    services.prepare_dictionaries = None
    services.notes = ()
    return services


def make_app(path: Path = SEED, services: Services | None = None, level: str = "B1") -> ReaderApp:
    from reader.core.document import load

    # The help names the config folder: the usual one on Linux, not the test's temporary one.
    settings = Settings(level=level, config_dir=Path("~/.config/reader"))
    return ReaderApp(load(path), services or deterministic_services(), settings)


def make_no_color_app() -> ReaderApp:
    """The app as ``NO_COLOR=1 reader FILE`` starts it (Textual reads the variable once)."""
    os.environ["NO_COLOR"] = "1"
    try:
        return make_app()
    finally:
        os.environ.pop("NO_COLOR", None)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the analysis, every worker and pending timer it started are done."""
    app = pilot.app
    for _ in range(400):  # a loaded machine may need seconds; an idle app breaks out at once
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
        "120x36: the page around the focus, names and rare words highlighted, word cursor on",
        (120, 36),
        ("tab", "tab"),
    ),
    Scenario("wide", "200x50: the text keeps a comfortable measure", (200, 50), ("j",)),
    Scenario("small", "60x20: place, level and Quit stay in view", (60, 20), ("j",)),
    Scenario("entry", "a word's full entry", (120, 36), ("tab", "tab", "enter")),
    Scenario(
        "saved",
        "the saved words of this text (w)",
        (120, 36),
        ("tab", "s", "tab", "tab", "s", "w"),
    ),
    Scenario("help", "the help screen: keys, ids, highlight styles", (120, 50), ("question_mark",)),
    Scenario(
        "no-color",
        "NO_COLOR=1: highlights by bold and underline alone",
        (120, 36),
        ("tab",),
        make_no_color_app,
    ),
)


def scenario(name: str) -> Scenario:
    return next(s for s in SCENARIOS if s.name == name)
