"""The app's workers for what is shown beside the text: glossary entries, summaries,
section difficulty, and the first-run import of the dictionaries.

Each runs in a thread, waits for services through ``call_cancellable`` (so quitting never
waits) and reports by message; the handlers update the reading state on the app's thread.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from textual import work
from textual.worker import get_current_worker

from reader.core.entry import GlossaryEntry
from reader.core.model import Article, Section
from reader.ui.highlight import Word
from reader.ui.messages import DictionaryProgress, EntriesReady, SectionScores, SummaryReady
from reader.ui.state import SummaryState
from reader.ui.workers import Cancelled, call_cancellable

if TYPE_CHECKING:
    from reader.ui.services import Services
    from reader.ui.state import ReadingState

ENTRY_DELAY = 0.12  # seconds on a paragraph before its glossary entries are looked up
_ENTRY_LOCK = threading.Lock()  # one entry built at a time: the glossary imports on first use


class GlossingMixin:
    """Entries, summaries, scores and dictionaries, for ``ReaderApp``."""

    state: ReadingState
    services: Services
    _entries_timer: Any = None

    # -- dictionaries --------------------------------------------------------------

    @work(thread=True, exclusive=True, group="dictionaries", description="dictionaries")
    def prepare_dictionaries(self) -> None:
        """Import the dictionaries found on this machine once, showing progress."""
        last = [-1]

        def progress(label: str, done: int, total: int) -> None:
            percent = 100 * done // total if total else 0
            if percent != last[0]:
                last[0] = percent
                self.post_message(DictionaryProgress(label, done, total))  # type: ignore[attr-defined]

        try:
            call_cancellable(self.services.prepare_dictionaries, progress)
        except Cancelled:
            return
        except Exception as exc:  # noqa: BLE001 - entries then show what the analysis knows
            self.post_message(DictionaryProgress(f"dictionaries unavailable: {exc}", 0, 0))  # type: ignore[attr-defined]
            return
        self.post_message(DictionaryProgress("", 1, 1))  # type: ignore[attr-defined]

    def on_dictionary_progress(self, message: DictionaryProgress) -> None:
        state = self.state
        if message.total and message.done >= message.total:
            finished = state.dictionary_progress is not None
            state.dictionary_progress = None
            if finished:
                state.entries.clear()  # entries built meanwhile lack translations
                self.refresh_view()  # type: ignore[attr-defined]
                return
        elif message.total:
            percent = 100 * message.done // message.total
            state.dictionary_progress = f"importing {message.label} {percent}%"
        else:
            state.dictionary_progress = None
            self.notify(message.label, severity="warning", markup=False)  # type: ignore[attr-defined]
        self.refresh_header()  # type: ignore[attr-defined]

    # -- entries -------------------------------------------------------------------

    def build_entry(self, index: int, word: Word, article: Article | None = None) -> GlossaryEntry:
        """The glossary's entry for a word (worker thread; may wait for an import)."""
        para = self.state.paras[index]
        assert self.services.build_entry is not None
        article = article or self.state.article()
        with _ENTRY_LOCK:
            return self.services.build_entry(para.tokens[word.token], para, article)

    def schedule_entries(self) -> None:
        """Debounced: paging quickly through paragraphs starts no glossary work, so the next
        repaint never competes with it; glosses follow a moment after a stop."""
        if self._entries_timer is not None:
            self._entries_timer.stop()
        self._entries_timer = self.set_timer(ENTRY_DELAY, self._request_entries)  # type: ignore[attr-defined]

    def _request_entries(self) -> None:
        self._entries_timer = None
        if self.services.build_entry is None:
            return
        state = self.state
        found = state.words()
        wanted = [w for n, w in enumerate(found) if w.highlighted or n == state.cursor]
        missing = [w for w in wanted if (state.current, w.start) not in state.entries]
        if missing:
            # The article snapshot is taken here, on the app thread, not in the worker.
            self.load_entries(state.current, missing, state.article())

    @work(thread=True, exclusive=True, group="entries", description="entries")
    def load_entries(self, index: int, found: list[Word], article: Article) -> None:
        worker = get_current_worker()
        built: dict[int, GlossaryEntry] = {}
        error = None
        for word in found:
            if worker.is_cancelled:
                return
            try:
                built[word.start] = call_cancellable(self.build_entry, index, word, article)
            except Cancelled:
                return
            except Exception as exc:  # noqa: BLE001 - keep the fallback entry
                error = f"{type(exc).__name__}: {exc}"
                built[word.start] = self.state.fallback_entry(index, word)
        self.post_message(EntriesReady(index, built, error))  # type: ignore[attr-defined]

    def on_entries_ready(self, message: EntriesReady) -> None:
        for start, entry in message.entries.items():
            self.state.entries[(message.paragraph, start)] = entry
        if message.error:
            self.log.warning("glossary", message.error)  # type: ignore[attr-defined]
        if message.paragraph == self.state.current:
            self.refresh_view()  # type: ignore[attr-defined]
            self.update_entry_screen(message.paragraph)  # type: ignore[attr-defined]

    # -- section difficulty and summaries ------------------------------------------

    def request_scores(self) -> None:
        if self.services.section_score is not None and self.services.sparkline is not None:
            self.score_sections(self.state.sections())

    @work(thread=True, exclusive=True, group="scores", description="scores")
    def score_sections(self, sections: tuple[Section, ...]) -> None:
        """Difficulty of every section, for the little chart in the side panel."""
        try:
            scores = tuple(
                call_cancellable(self.services.section_score, section) for section in sections
            )
            glyphs = call_cancellable(self.services.sparkline, scores)
        except Cancelled:
            return
        except Exception:  # noqa: BLE001 - the picture is a nicety; the levels still show
            return
        self.post_message(SectionScores(scores, glyphs))  # type: ignore[attr-defined]

    def on_section_scores(self, message: SectionScores) -> None:
        if len(message.glyphs) == len(self.state.document.sections):
            self.state.section_glyphs = message.glyphs
            self.refresh_view()  # type: ignore[attr-defined]

    def request_summary(self) -> None:
        state = self.state
        if state.section in state.summaries or not state.section_complete():
            return
        if self.services.summarise is None and self.services.section_level is None:
            return
        section = state.sections()[state.section]
        state.summaries[state.section] = SummaryState(pending=True)
        self.load_summary(state.section, section)

    @work(thread=True, exclusive=False, group="summary", description="summary")
    def load_summary(self, index: int, section: Section) -> None:
        summary = level = error = None
        try:
            if self.services.summarise is not None:
                summary = call_cancellable(self.services.summarise, section)
            if self.services.section_level is not None:
                level = call_cancellable(self.services.section_level, section)
        except Cancelled:
            return
        except Exception as exc:  # noqa: BLE001
            error = f"{type(exc).__name__}: {exc}"
        self.post_message(SummaryReady(index, summary, level, error))  # type: ignore[attr-defined]

    def on_summary_ready(self, message: SummaryReady) -> None:
        self.state.summaries[message.section] = SummaryState(
            message.summary, message.level, message.error
        )
        if message.section == self.state.section:
            self.refresh_view()  # type: ignore[attr-defined]
