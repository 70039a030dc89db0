"""ReaderApp: one reading session. It owns the reading state and paints it.

The pieces, each with one job: ``state`` (what is shown), ``page``/``panel`` (state to
Text), ``widgets``/``screens``/``saved`` (display only), ``actions`` (the keys),
``analysis`` and ``glossing`` (thread workers reporting by message), ``storage`` (the word
list, off the app's thread), ``settings`` (kept between runs). Only this class touches
widgets, on the app's own thread, so a keypress never waits for NLP or for the disk.
"""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.css.scalar import Scalar
from textual.screen import Screen
from textual.widgets import Static

from reader.ui import page, panel
from reader.ui import settings as user_settings
from reader.ui.actions import ActionsMixin
from reader.ui.analysis import AnalysisMixin
from reader.ui.glossing import GlossingMixin
from reader.ui.highlight import Word
from reader.ui.messages import PanelResized, ScreenReady, WordClicked
from reader.ui.screens import EntryScreen, entry_text
from reader.ui.services import Services, Settings
from reader.ui.state import ReadingState
from reader.ui.storage import StoreMixin
from reader.ui.widgets import ReadingScreen, SidePane

SIGNALS = (signal.SIGTERM, signal.SIGHUP)
QUIT_WAIT = 2.0  # seconds quitting waits for queued saves (the reading place) at most


class ReaderApp(ActionsMixin, AnalysisMixin, GlossingMixin, StoreMixin, App[None]):
    """Read a Document paragraph by paragraph with highlights, glossary and summary."""

    CSS_PATH = Path(__file__).with_name("reader.tcss")  # absolute: subclasses live anywhere
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+c", "quit", "Quit", show=False, id="interrupt")]

    def __init__(self, document: Any, services: Services, settings: Settings | None = None) -> None:
        super().__init__()
        self.services = services
        self.settings = settings or Settings()
        self.settings_writer = user_settings.SettingsWriter()
        self.state = ReadingState(
            document,
            level=self.settings.level,
            summaries_available=services.summarise is not None
            or services.section_level is not None,
            preparing=self.settings.preparing,
        )
        self.state.colour = not self.no_color
        self.title = self.state.title
        self.undo_stack: list[tuple[str, str, Any]] = []
        self.doc_key: str | None = None
        self._position_timer: Any = None
        self._entries_timer: Any = None
        self._shown: dict[tuple[str, int], Text] = {}
        self._page_cache: dict[tuple, Any] = {}  # wrapped text and heights, by what they depend on
        self._moved = False

    # -- set-up ----------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        screen = ReadingScreen()
        if not self.settings.user.panel:
            screen.add_class("-no-panel")
        return screen

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self._open_store()
        for note in (*self.settings.warnings, *self.services.notes):
            self.notify(note, severity="warning", markup=False)
        self._handle_signals()
        self.refresh_view()
        self.analyse_document()
        if self.services.prepare_dictionaries is not None:
            self.prepare_dictionaries()

    def _handle_signals(self) -> None:
        """SIGTERM and SIGHUP end the app as ``q`` does: the terminal is given back (normal
        screen, mouse reporting off) instead of being left in the app's modes."""
        try:
            loop = asyncio.get_running_loop()
            for sig in SIGNALS:
                loop.add_signal_handler(sig, lambda: self.call_later(self.action_quit))
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            return  # not the main thread, or a platform without them
        self._signals_loop = loop

    def on_unmount(self) -> None:
        """The handlers end with the app: a second signal then ends the process as usual."""
        loop = getattr(self, "_signals_loop", None)
        if loop is not None:
            for sig in SIGNALS:
                loop.remove_signal_handler(sig)

    def report_store_warnings(self) -> None:
        """Saved entries skipped as unreadable are never dropped silently: say so."""
        take = getattr(self.services.store, "take_warnings", None)
        for warning in take() if take else ():
            self.notify(warning, severity="warning", markup=False)

    def _open_store(self) -> None:
        """Known words, saved words and the reading place: reads, which never wait for a
        writer (the store runs in WAL mode); writes go through the store queue."""
        store = self.services.store
        if store is None:
            return
        try:
            self.state.known = set(store.known_lemmas())
        except Exception as exc:  # noqa: BLE001 - keep reading without the list
            self.notify(f"word list: {exc}", severity="error", markup=False)
            return
        try:
            self.state.saved = {e.lemma for e in store.saved_entries(self.source)}
        except Exception:  # noqa: BLE001 - a list that cannot be read shows nothing saved
            pass
        self.report_store_warnings()
        if self.services.document_key is not None:
            try:
                self.doc_key = self.services.document_key(
                    self.state.document.source, self.state.document.text
                )
                place = store.position(self.doc_key)
            except Exception:  # noqa: BLE001
                place = None
            if place:
                self.state.current = self.state.flat(*place)

    def remember(self, **changes: Any) -> None:
        """Keep a changed setting for the next run (written off the app's thread)."""
        self.settings.user = self.settings.user.with_(**changes)

        def failed(exc: OSError) -> None:
            self.call_from_thread(
                self.notify, f"settings not saved: {exc}", severity="warning", markup=False
            )

        self.settings_writer.submit(self.settings.user, failed)

    @property
    def source(self) -> str:
        """The key this document's saved words are filed under in the store."""
        if self.services.source_id is not None:
            try:
                return self.services.source_id(self.state.document.source)
            except Exception:  # noqa: BLE001
                pass
        return self.state.document.source

    # -- what tests, benchmarks and scripts read ----------------------------------------

    @property
    def current(self) -> int:
        return self.state.current

    @property
    def cursor(self) -> int | None:
        return self.state.cursor

    @property
    def level(self) -> str:
        return self.state.level

    @property
    def paras(self) -> list[Any]:
        return self.state.paras

    @property
    def analysed(self) -> list[bool]:
        return self.state.analysed

    @property
    def done(self) -> int:
        return self.state.done

    @property
    def analysis_error(self) -> str | None:
        return self.state.analysis_error

    @property
    def known(self) -> set[str]:
        return self.state.known

    @property
    def entries(self) -> dict[tuple[int, int], Any]:
        return self.state.entries

    @property
    def dictionary_progress(self) -> str | None:
        return self.state.dictionary_progress

    @property
    def section_glyphs(self) -> str:
        return self.state.section_glyphs

    def marks(self) -> list[Word]:
        return self.state.marks()

    @property
    def busy(self) -> bool:
        """Work is under way or scheduled (tests and screenshots wait for this to end)."""
        return (
            self._entries_timer is not None
            or self._position_timer is not None
            or self.store_pending
            or any(w.is_running or w.state.name == "PENDING" for w in self.workers)
        )

    # -- position --------------------------------------------------------------------

    def go(self, index: int) -> None:
        state = self.state
        index = max(0, min(index, len(state.paras) - 1))
        if index == state.current:
            return
        state.current = index
        state.cursor = None
        self._moved = True
        self.refresh_view()
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(0.5, self.save_position)

    def save_position(self) -> None:
        self._position_timer = None
        if self.doc_key is not None:
            self.store_call("set_position", self.doc_key, *self.state.position)

    # -- painting ----------------------------------------------------------------------

    def reading_screen(self) -> ReadingScreen | None:
        """The reading screen, or None: also while quitting, when the stack is already empty
        and a late message (a batch analysed, a save done) still asks for a repaint."""
        return next((s for s in self.screen_stack if isinstance(s, ReadingScreen)), None)

    def refresh_view(self) -> None:
        """Repaint what depends on the position: cheap, only the text in view is wrapped."""
        screen = self.reading_screen()
        if screen is None or not screen.ready:
            return
        state = self.state
        found = state.words()
        if state.cursor is not None and state.cursor >= len(found):
            state.cursor = None
        self._show(screen, "#header", panel.header(state))
        reading = screen.query_one("#reading")
        column = screen.query_one("#page").size.width or page.MEASURE
        width = max(8, column - 2)  # the neighbours' left margin
        height = max(4, reading.size.height)
        before = self._page_part(page.before, width, max(page.NEIGHBOUR_LINES, height // 4))
        self._show(screen, "#previous", before, bool(before.plain))
        body = page_body(state, found)
        self._show(screen, "#current", body)
        # The text after the focus fills the rest of the screen and no more (no scrollbar
        # unless the paragraph in focus is itself taller than the screen).
        used = (before.plain.count("\n") + 2 if before.plain else 0) + 1
        used += self._height(body, max(8, column - 3))
        after = self._page_part(page.after, width, max(0, height - used - 1))
        self._show(screen, "#next", after, bool(after.plain))
        side = screen.query_one(SidePane)
        if side.display and side.size.width:
            # the words get the room the summary leaves them, and only as many as fit; in
            # a short panel they take all of it (the summary is then below, scrolled to)
            summary = panel.summary(state)
            room = side.content_region.height or side.size.height
            lines = room - self._height(summary, side.text_width) - 1
            if lines < room // 2:
                lines = room
            words = screen.query_one("#entries")
            if words.styles.height != Scalar.from_number(lines):
                # a fixed height: the summary stays where it is while the words change, and
                # the panel is not laid out again (and its summary redrawn) on every key
                words.styles.height = lines
            self._show(screen, "#entries", panel.entries(state, side.text_width, lines))
            self._show(screen, "#summary", summary)
        reading.scroll_home(animate=False)
        if found:
            self.schedule_entries()
        self.request_summary()

    def _page_part(self, part: Any, width: int, lines: int) -> Text:
        """The text before or after the focus: the same while only the word cursor moves."""
        key = (part.__name__, self.state.current, width, lines)
        cached = self._page_cache.get(key)
        if cached is None:
            if len(self._page_cache) > 64:
                self._page_cache.clear()
            cached = self._page_cache[key] = part(self.state, width, lines)
        return cached

    def _height(self, text: Text, width: int) -> int:
        """Lines of the paragraph in focus or the summary: the same while only the cursor
        moves, so wrapped once, not on every key."""
        key = ("height", width, text.plain)
        if key not in self._page_cache:
            self._page_cache[key] = page.height(text, width)  # type: ignore[assignment]
        return self._page_cache[key]  # type: ignore[return-value]

    def refresh_header(self) -> None:
        """Update the progress in the header without touching the rest."""
        screen = self.reading_screen()
        if screen is not None and screen.ready:
            self._show(screen, "#header", panel.header(self.state))

    def _show(self, screen: Screen[Any], selector: str, text: Text, shown: bool = True) -> None:
        """Update a widget only if its text changed: unchanged widgets cost no repaint."""
        key = (selector, id(screen))
        widget = screen.query_one(selector, Static)
        if self._shown.get(key) != text:
            self._shown[key] = text
            widget.update(text)
        widget.set_class(not shown, "-empty")

    def entry_body(self, index: int, start: int) -> Text:
        """The full entry of the word at ``start`` in paragraph ``index``."""
        word = next((w for w in self.state.words(index) if w.start == start), None)
        if word is None:
            return Text("")
        entry, complete = self.state.entry_for(index, word)
        complete = complete or self.services.build_entry is None
        return entry_text(
            entry, complete, word.lemma in self.state.saved, word.lemma in self.state.known
        )

    def update_entry_screen(self, index: int) -> None:
        stack = self.screen_stack
        screen = stack[-1] if stack else None
        if isinstance(screen, EntryScreen) and screen.key[0] == index:
            screen.show(self.entry_body(*screen.key))

    # -- messages from the widgets -------------------------------------------------------

    def on_word_clicked(self, message: WordClicked) -> None:
        self.select_word(message.word)

    def on_panel_resized(self, message: PanelResized) -> None:
        self.call_after_refresh(self.refresh_view)

    def on_screen_ready(self, message: ScreenReady) -> None:
        self.refresh_view()

    # -- quitting ------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Keep the reading place (waiting a moment for the store, never for ever), stop."""
        if self._position_timer is not None:
            self._position_timer.stop()
        self.save_position()
        queue = self._store_queue
        writer = self.settings_writer
        if (queue is not None and queue.pending) or writer.pending:
            # A plain thread, not the executor: its threads may all be busy workers.
            loop = asyncio.get_running_loop()
            idle = loop.create_future()

            def wait() -> None:
                started = time.monotonic()
                if queue is not None:
                    queue.wait_idle(QUIT_WAIT)
                writer.wait(max(0.0, QUIT_WAIT - (time.monotonic() - started)))
                loop.call_soon_threadsafe(lambda: idle.done() or idle.set_result(None))

            threading.Thread(target=wait, daemon=True, name="reader-quit").start()
            await idle
        for worker in list(self.workers):
            worker.cancel()
        self.exit()


def page_body(state: ReadingState, found: list[Word]) -> Text:
    from reader.ui import highlight

    return highlight.paragraph_text(
        state.paras[state.current],
        found,
        state.cursor,
        clickable=True,
        saved=state.saved,
        colour=state.colour,
    )
