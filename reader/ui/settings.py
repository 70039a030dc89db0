"""The learner's settings, kept between runs in ``settings.toml`` in the config folder.

::

    level = "B2"        # A1..C2: words above it are highlighted (+ and - change it)
    panel = true        # the side panel shown (b toggles it)
    summaries = "auto"  # "auto": a local LLM when READER_LLM_URL/_GGUF is set; "extractive"

The app writes the file when the learner changes one of these (atomically: a temporary
file renamed into place). A damaged file is a warning, never a reason not to start.
"""

from __future__ import annotations

import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from reader import paths
from reader.core.atomic import replace_file
from reader.core.model import LEVELS

SUMMARY_CHOICES = ("auto", "extractive")


@dataclass(frozen=True)
class UserSettings:
    level: str | None = None  # None: not chosen yet (the program's default applies)
    panel: bool = True
    summaries: str = "auto"

    def with_(self, **changes: object) -> UserSettings:
        return replace(self, **changes)  # type: ignore[arg-type]


def load(path: Path | None = None) -> tuple[UserSettings, list[str]]:
    """(settings, warnings); a missing file gives the defaults."""
    path = path or paths.settings_file()
    if not path.is_file():
        return UserSettings(), []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return UserSettings(), [f"{path}: ignored ({exc})"]
    warnings: list[str] = []
    settings = UserSettings()
    level = data.get("level")
    if level is not None:
        if isinstance(level, str) and level.upper() in LEVELS:
            settings = settings.with_(level=level.upper())
        else:
            warnings.append(f"{path}: level must be one of {', '.join(LEVELS)}")
    panel = data.get("panel")
    if panel is not None:
        if isinstance(panel, bool):
            settings = settings.with_(panel=panel)
        else:
            warnings.append(f"{path}: panel must be true or false")
    summaries = data.get("summaries")
    if summaries is not None:
        if summaries in SUMMARY_CHOICES:
            settings = settings.with_(summaries=summaries)
        else:
            warnings.append(f"{path}: summaries must be one of {', '.join(SUMMARY_CHOICES)}")
    for key in sorted(set(data) - {"level", "panel", "summaries"}):
        warnings.append(f"{path}: unknown setting {key!r} ignored")
    return settings, warnings


def dumps(settings: UserSettings) -> str:
    lines = ["# reader settings: written by the app when you change them (see the README)"]
    if settings.level:
        lines.append(f'level = "{settings.level}"')
    lines.append(f"panel = {'true' if settings.panel else 'false'}")
    lines.append(f'summaries = "{settings.summaries}"')
    return "\n".join(lines) + "\n"


def save(settings: UserSettings, path: Path | None = None) -> None:
    """Write the settings atomically (raises OSError; the caller tells the learner)."""
    replace_file(path or paths.settings_file(), dumps(settings).encode("utf-8"), sync=True)


class SettingsWriter:
    """Saves off the app's thread, the newest settings last, and can be waited for.

    One thread per change, as before, would race: two quick changes (``+`` then ``b``)
    could land in the wrong order and keep the older file. Here each change replaces one
    pending slot and every writer takes the slot under one lock, so whichever writes last
    writes the newest settings; quitting waits for the writers a moment.
    """

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._slot: UserSettings | None = None
        self._slot_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def submit(self, settings: UserSettings, on_error: Callable[[OSError], None]) -> None:
        with self._slot_lock:
            self._slot = settings
        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(
            target=self._write, args=(on_error,), daemon=True, name="reader-settings"
        )
        self._threads.append(thread)
        thread.start()

    def _write(self, on_error: Callable[[OSError], None]) -> None:
        with self._write_lock:
            with self._slot_lock:
                settings, self._slot = self._slot, None
            if settings is None:
                return  # a later writer already took it
            try:
                save(settings, self._path)
            except OSError as exc:
                on_error(exc)

    @property
    def pending(self) -> bool:
        """A change is still being written."""
        return any(t.is_alive() for t in self._threads)

    def wait(self, timeout: float) -> bool:
        """Block until every change is written (True), or ``timeout`` seconds passed."""
        deadline = time.monotonic() + timeout
        for thread in list(self._threads):
            thread.join(max(0.0, deadline - time.monotonic()))
        return not self.pending
