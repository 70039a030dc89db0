"""ReaderApp: the state of one reading session, its actions and its background workers.

Layout and widgets are in ``reader.ui.widgets``, modal screens in ``reader.ui.screens``,
the highlight rule in ``reader.ui.highlight``. Workers (analysis, glossary entries,
summaries, export) run in threads, check for cancellation and report by message
(``reader.ui.messages``); only this class touches widgets, on the app's own thread, so a
keypress never waits for NLP.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from reader import paths
from reader.core.entry import GlossaryEntry
from reader.core.model import LEVELS, Article, Document, Paragraph, Section
from reader.ui import highlight, panel
from reader.ui.messages import (
    AnalysisFailed,
    DictionaryProgress,
    EntriesReady,
    ExportFinished,
    ParagraphsAnalysed,
    SectionScores,
    SummaryReady,
)
from reader.ui.screens import EntryScreen, ExportScreen, HelpScreen, help_text
from reader.ui.services import Services, Settings
from reader.ui.widgets import ReadingScreen, SidePane

FIRST_CHUNKS = (1, 4, 16)  # paragraphs per analysis batch at the start; then CHUNK
CHUNK = 24  # small enough that an entry asked for meanwhile does not wait long
ENTRY_DELAY = 0.12  # seconds on a paragraph before its glossary entries are looked up
FAILED = object()  # what _store_call returns when the store raised
EXPORT_FORMATS = {".csv": "csv", ".tsv": "tsv", ".md": "md", ".json": "json", ".apkg": "anki"}


class _Cancelled(Exception):
    """The worker was cancelled while a service call was still running."""


def call_cancellable(fn: Any, *args: Any) -> Any:
    """Run a service call in a daemon thread, from a thread worker, polling for cancellation.

    Services may block for long (the glossary imports its dictionaries on first use, for
    half a minute). Quitting cancels the workers; a worker waiting here returns at once and
    the daemon thread is dropped with the process, so ``q`` never waits for a service.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed back to the worker
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=target, daemon=True, name="reader-service").start()
    worker = get_current_worker()
    while not done.wait(0.05):
        if worker.is_cancelled:
            raise _Cancelled
    if "error" in box:
        raise box["error"]
    return box["value"]


def _plan(total: int, start: int) -> list[list[int]]:
    """Analysis batches: the paragraph in view first, alone, then onwards, then before it."""
    order = list(range(start, total)) + list(range(0, start))
    batches: list[list[int]] = []
    sizes = list(FIRST_CHUNKS)
    while order:
        size = sizes.pop(0) if sizes else CHUNK
        batches.append(order[:size])
        order = order[size:]
    return batches


# Every worker is given a description: without one Textual builds it from ``repr`` of the
# arguments, which for an article of 300,000 tokens costs a tenth of a second per call.


class ReaderApp(App[None]):
    """Read a Document paragraph by paragraph with highlights, glossary and summary."""

    CSS_PATH = Path(__file__).with_name("reader.tcss")  # absolute: subclasses live anywhere
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+c", "quit", "Quit", show=False, id="interrupt")]

    def __init__(
        self, document: Document, services: Services, settings: Settings | None = None
    ) -> None:
        super().__init__()
        self.document = document
        self.services = services
        self.settings = settings or Settings()
        self.level = self.settings.level
        self.title = document.title or Path(document.source).name
        self.paras: list[Paragraph] = list(document.paragraphs)
        self.section_of: list[int] = []
        self.section_start: list[int] = []
        for s, section in enumerate(document.sections):
            self.section_start.append(len(self.section_of))
            self.section_of.extend([s] * len(section.paragraphs))
        self.analysed = [False] * len(self.paras)
        self.done = 0
        self.analysis_error: str | None = None
        self.current = 0
        self.cursor: int | None = None
        self.known: set[str] = set()
        self.entries: dict[tuple[int, int], GlossaryEntry] = {}
        self.summaries: dict[int, SummaryReady] = {}
        self.doc_key: str | None = None
        self._article: Article | None = None
        self._position_timer: Any = None
        self._entries_timer: Any = None
        self._shown: dict[tuple[str, int], Text] = {}
        # One entry built at a time: the glossary imports its dictionaries on first use.
        self._entry_lock = threading.Lock()
        self.dictionary_progress: str | None = None  # shown in the header during an import
        self.section_glyphs: str = ""  # difficulty sparkline, one glyph per section

    # -- set-up ----------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return ReadingScreen()

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self._open_store()
        for note in (*self.settings.warnings, *self.services.notes):
            self.notify(note, severity="warning", markup=False)
        self.refresh_view()
        self.analyse_document(self.current)
        if self.services.prepare_dictionaries is not None:
            self.prepare_dictionaries()

    def _store_call(self, method: str, *args: Any) -> Any:
        """Call a store method; failures become a notification, never a crash."""
        store = self.services.store
        if store is None:
            return FAILED
        try:
            return getattr(store, method)(*args)
        except Exception as exc:  # noqa: BLE001 - the store is another module's; keep reading
            self.notify(f"word list: {exc}", severity="error", markup=False)
            return FAILED

    def _open_store(self) -> None:
        known = self._store_call("known_lemmas")
        self.known = set(known) if known not in (None, FAILED) else set()
        if self.services.document_key is not None and self.services.store is not None:
            try:
                self.doc_key = self.services.document_key(self.document.source, self.document.text)
            except Exception:  # noqa: BLE001
                self.doc_key = None
        if self.doc_key is not None:
            place = self._store_call("position", self.doc_key)
            if place and place is not FAILED:
                self.current = self._flat(*place)

    @property
    def source(self) -> str:
        """The key this document's saved words are filed under in the store."""
        if self.services.source_id is not None:
            try:
                return self.services.source_id(self.document.source)
            except Exception:  # noqa: BLE001
                pass
        return self.document.source

    def _flat(self, section: int, paragraph: int) -> int:
        """Flat paragraph index of (section, paragraph), clamped into the document."""
        section = max(0, min(int(section), len(self.section_start) - 1))
        count = len(self.document.sections[section].paragraphs)
        return self.section_start[section] + max(0, min(int(paragraph), count - 1))

    # -- position --------------------------------------------------------------------

    @property
    def section(self) -> int:
        return self.section_of[self.current]

    @property
    def position(self) -> tuple[int, int]:
        """(section, paragraph within the section), both from 0."""
        return self.section, self.current - self.section_start[self.section]

    def go(self, index: int) -> None:
        index = max(0, min(index, len(self.paras) - 1))
        if index == self.current:
            return
        self.current = index
        self.cursor = None
        self.refresh_view()
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(0.5, self.save_position)

    def save_position(self) -> None:
        if self.doc_key is not None:
            self._store_call("set_position", self.doc_key, *self.position)

    # -- rendering -------------------------------------------------------------------

    def marks(self) -> list[highlight.Mark]:
        if not self.analysed[self.current]:
            return []
        return highlight.marks(self.paras[self.current], self.level, frozenset(self.known))

    def refresh_view(self) -> None:
        """Repaint what depends on the position: cheap, only the paragraphs in view."""
        screen = self.screen
        if not isinstance(screen, ReadingScreen):
            screen = next((s for s in self.screen_stack if isinstance(s, ReadingScreen)), None)
            if screen is None:
                return
        if not screen.ready:
            return
        found = self.marks()
        if self.cursor is not None and self.cursor >= len(found):
            self.cursor = len(found) - 1 if found else None
        self._show(screen, "#header", panel.header(self))
        section = self.document.sections[self.section]
        self._show(screen, "#heading", Text(section.heading or ""), bool(section.heading))
        first = self.section_start[self.section]
        last = first + len(section.paragraphs) - 1
        reading = screen.query_one("#reading").size.width - 4  # padding and scrollbar
        prev_text = (
            panel.glimpse(self.paras[self.current - 1].text, reading, tail=True)
            if self.current > first
            else Text()
        )
        next_text = (
            panel.glimpse(self.paras[self.current + 1].text, reading)
            if self.current < last
            else Text()
        )
        self._show(screen, "#previous", prev_text, self.current > first)
        self._show(screen, "#next", next_text, self.current < last)
        para = self.paras[self.current]
        body = highlight.paragraph_text(para, found, self.cursor, clickable=True)
        self._show(screen, "#current", body)
        width = screen.query_one(SidePane).text_width
        self._show(screen, "#entries", panel.entries(self, found, width))
        self._show(screen, "#summary", panel.summary(self))
        reading = screen.query_one("#reading")
        reading.scroll_home(animate=False)
        if found:
            # Debounced: paging quickly through paragraphs starts no glossary work, so the
            # next repaint never competes with it; glosses follow a moment after a stop.
            if self._entries_timer is not None:
                self._entries_timer.stop()
            self._entries_timer = self.set_timer(ENTRY_DELAY, self._request_entries)
        self._request_summary()

    def _show(self, screen: Screen[Any], selector: str, text: Text, shown: bool = True) -> None:
        """Update a widget only if its text changed: unchanged widgets cost no repaint."""
        key = (selector, id(screen))
        if self._shown.get(key) != text:
            self._shown[key] = text
            screen.query_one(selector, Static).update(text)
        screen.query_one(selector, Static).set_class(not shown, "-empty")

    # -- dictionaries ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="dictionaries", description="dictionaries")
    def prepare_dictionaries(self) -> None:
        """Import the dictionaries found on this machine once, showing progress.

        The first run imports the Debian German-English dictionary (half a minute); until
        then entries show what the analysis knows. Later runs only open the indexes.
        """
        last = [-1]

        def progress(label: str, done: int, total: int) -> None:
            percent = 100 * done // total if total else 0
            if percent != last[0]:
                last[0] = percent
                self.post_message(DictionaryProgress(label, done, total))

        try:
            call_cancellable(self.services.prepare_dictionaries, progress)
        except _Cancelled:
            return
        except Exception as exc:  # noqa: BLE001 - entries then show what the analysis knows
            self.post_message(DictionaryProgress(f"dictionaries unavailable: {exc}", 0, 0))
            return
        self.post_message(DictionaryProgress("", 1, 1))

    @on(DictionaryProgress)
    def _dictionary_progress(self, message: DictionaryProgress) -> None:
        if message.total and message.done >= message.total:
            finished = self.dictionary_progress is not None
            self.dictionary_progress = None
            if finished:
                self.entries.clear()  # entries built meanwhile lack translations
                self.refresh_view()
                return
        elif message.total:
            self.dictionary_progress = (
                f"importing {message.label} {100 * message.done // message.total}%"
            )
        else:
            self.dictionary_progress = None
            self.notify(message.label, severity="warning", markup=False)
        self.screen_header_only()

    # -- analysis --------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="analysis", description="analysis")
    def analyse_document(self, start: int) -> None:
        """Analyse every paragraph, the one in view first; report each batch by message."""
        worker = get_current_worker()
        source = self.document.paragraphs
        done = 0
        try:
            if self._from_cache(len(source), start):
                return
            analysed: dict[int, Paragraph] = {}
            for batch in _plan(len(source), start):
                if worker.is_cancelled:
                    return
                result = list(self.services.analyse([source[i] for i in batch], self.level))
                done += len(batch)
                analysed.update(zip(batch, result, strict=True))
                self.post_message(
                    ParagraphsAnalysed(tuple(zip(batch, result, strict=True)), done, len(source))
                )
            self._to_cache(analysed)
        except Exception as exc:  # noqa: BLE001 - shown to the learner; the text stays readable
            self.post_message(AnalysisFailed(f"{type(exc).__name__}: {exc}"))

    def _from_cache(self, total: int, start: int) -> bool:
        """Post a cached analysis of this exact text block by block, the paragraph in view
        first, if there is one (worker thread). A block found damaged half-way means the
        whole text is analysed after all."""
        if self.services.cached is None:
            return False
        worker = get_current_worker()
        done = 0
        try:
            batches = self.services.cached(self.document, self.level, start)
            if batches is None:
                return False
            for items in batches:
                if worker.is_cancelled:
                    return True
                done += len(items)
                if done > total:
                    return False
                self.post_message(ParagraphsAnalysed(items, done, total))
        except Exception:  # noqa: BLE001 - a broken cache only costs time
            return False
        return done == total

    def _to_cache(self, analysed: dict[int, Paragraph]) -> None:
        """Keep the finished analysis for the next time this text is opened."""
        if self.services.store_cached is None or len(analysed) != len(self.paras):
            return
        paragraphs = iter(analysed[i] for i in range(len(self.paras)))
        sections = tuple(
            replace(s, paragraphs=tuple(next(paragraphs) for _ in s.paragraphs))
            for s in self.document.sections
        )
        from reader.core.nlp.version import embedded_description

        article = Article(
            source=self.document.source,
            pipeline=embedded_description(),
            level=self.level,
            sections=sections,
            title=self.document.title,
            encoding=self.document.encoding,
            warnings=self.document.warnings,
        )
        try:
            self.services.store_cached(self.document, article)
        except Exception:  # noqa: BLE001 - a cache that cannot be written only costs time
            pass

    @on(ParagraphsAnalysed)
    def _analysed(self, message: ParagraphsAnalysed) -> None:
        for index, paragraph in message.items:
            self.paras[index] = paragraph
            self.analysed[index] = True
        self.done = message.done
        self._article = None
        if message.done == message.total:
            # Entries built so far counted occurrences in a partial article: rebuild lazily.
            self.entries.clear()
            if self.services.section_score is not None and self.services.sparkline is not None:
                self.score_sections(self._sections())
        # Repaint only for news about this section (its paragraph in view, or the batch that
        # completes it, which lets its summary start); other batches update the header.
        first = self.section_start[self.section]
        last = first + len(self.document.sections[self.section].paragraphs)
        visible = any(i == self.current for i, _ in message.items)
        here = any(first <= i < last for i, _ in message.items)
        if visible or message.done == message.total or (here and self._section_complete()):
            self.refresh_view()
        else:
            self.screen_header_only()

    def screen_header_only(self) -> None:
        """Update the progress in the header without touching the rest."""
        for screen in self.screen_stack:
            if isinstance(screen, ReadingScreen) and screen.ready:
                screen.query_one("#header", Static).update(panel.header(self))

    @on(AnalysisFailed)
    def _failed(self, message: AnalysisFailed) -> None:
        self.analysis_error = message.error
        self.notify(f"analysis failed: {message.error}", severity="error", markup=False)
        self.refresh_view()

    @property
    def busy(self) -> bool:
        """Work is under way or scheduled (tests and screenshots wait for this to end)."""
        return self._entries_timer is not None or any(
            w.is_running or w.state.name == "PENDING" for w in self.workers
        )

    @property
    def analysis_complete(self) -> bool:
        return self.done >= len(self.paras)

    def article(self) -> Article:
        """The article as analysed so far (what the glossary service looks words up in)."""
        if self._article is None:
            sections, pos = [], 0
            for section in self.document.sections:
                n = len(section.paragraphs)
                sections.append(replace(section, paragraphs=tuple(self.paras[pos : pos + n])))
                pos += n
            self._article = Article(
                source=self.document.source,
                pipeline="",
                level=self.level,
                sections=tuple(sections),
                title=self.document.title,
                encoding=self.document.encoding,
                warnings=self.document.warnings,
            )
        return self._article

    # -- glossary entries ------------------------------------------------------------

    def fallback_entry(self, index: int, mark: highlight.Mark) -> GlossaryEntry:
        """What is known without the glossary service: the analysis itself."""
        para = self.paras[index]
        token = para.tokens[mark.token] if mark.token < len(para.tokens) else None
        if mark.entity or token is None:
            return GlossaryEntry(
                word=mark.text,
                lemma=mark.text,
                pos="PROPN",
                entity=mark.entity or None,
                source=self.document.source,
            )
        return GlossaryEntry(
            word=token.text,
            lemma=highlight.lexeme(token),
            pos=token.pos,
            band=token.band,
            zipf=token.zipf,
            source=self.document.source,
        )

    def entry_for(self, index: int, mark: highlight.Mark) -> tuple[GlossaryEntry, bool]:
        """(entry, complete): the glossary's entry if built, else the fallback."""
        cached = self.entries.get((index, mark.start))
        if cached is not None:
            return cached, True
        return self.fallback_entry(index, mark), self.services.build_entry is None

    def _build_entry(
        self, index: int, mark: highlight.Mark, article: Article | None = None
    ) -> GlossaryEntry:
        para = self.paras[index]
        article = article or self.article()
        assert self.services.build_entry is not None
        with self._entry_lock:
            return self.services.build_entry(para.tokens[mark.token], para, article)

    def _request_entries(self) -> None:
        self._entries_timer = None
        if self.services.build_entry is None:
            return
        found = self.marks()
        missing = [m for m in found if (self.current, m.start) not in self.entries]
        if missing:
            # The article snapshot is taken here, on the app thread, not in the worker.
            self.load_entries(self.current, missing, self.article())

    @work(thread=True, exclusive=True, group="entries", description="entries")
    def load_entries(self, index: int, found: list[highlight.Mark], article: Article) -> None:
        worker = get_current_worker()
        built: dict[int, GlossaryEntry] = {}
        error = None
        for mark in found:
            if worker.is_cancelled:
                return
            try:
                built[mark.start] = call_cancellable(self._build_entry, index, mark, article)
            except _Cancelled:
                return
            except Exception as exc:  # noqa: BLE001 - keep the fallback entry
                error = f"{type(exc).__name__}: {exc}"
                built[mark.start] = self.fallback_entry(index, mark)
        self.post_message(EntriesReady(index, built, error))

    @on(EntriesReady)
    def _entries_ready(self, message: EntriesReady) -> None:
        for start, entry in message.entries.items():
            self.entries[(message.paragraph, start)] = entry
        if message.error:
            self.log.warning("glossary", message.error)
        if message.paragraph == self.current:
            self.refresh_view()
            if isinstance(self.screen, EntryScreen) and self.screen.key[0] == message.paragraph:
                entry = self.entries.get(self.screen.key)
                if entry is not None:
                    self.screen.show(entry, True)

    # -- summaries -------------------------------------------------------------------

    def _section_complete(self, section: int | None = None) -> bool:
        section = self.section if section is None else section
        first = self.section_start[section]
        n = len(self.document.sections[section].paragraphs)
        return all(self.analysed[first : first + n])

    def _sections(self) -> tuple[Section, ...]:
        """The document's sections with the analysed paragraphs in them."""
        out = []
        for s, section in enumerate(self.document.sections):
            first = self.section_start[s]
            n = len(section.paragraphs)
            out.append(replace(section, paragraphs=tuple(self.paras[first : first + n])))
        return tuple(out)

    @work(thread=True, exclusive=True, group="scores", description="scores")
    def score_sections(self, sections: tuple[Section, ...]) -> None:
        """Difficulty of every section, for the sparkline in the side panel."""
        try:
            scores = tuple(
                call_cancellable(self.services.section_score, section) for section in sections
            )
            glyphs = call_cancellable(self.services.sparkline, scores)
        except _Cancelled:
            return
        except Exception:  # noqa: BLE001 - the picture is a nicety; the levels still show
            return
        self.post_message(SectionScores(scores, glyphs))

    @on(SectionScores)
    def _section_scores(self, message: SectionScores) -> None:
        if len(message.glyphs) == len(self.document.sections):
            self.section_glyphs = message.glyphs
            self.refresh_view()

    def _request_summary(self) -> None:
        if self.section in self.summaries or not self._section_complete():
            return
        if self.services.summarise is None and self.services.section_level is None:
            return
        first = self.section_start[self.section]
        n = len(self.document.sections[self.section].paragraphs)
        section = replace(
            self.document.sections[self.section], paragraphs=tuple(self.paras[first : first + n])
        )
        self.summaries[self.section] = SummaryReady(self.section, None)  # pending
        self.load_summary(self.section, section)

    @work(thread=True, exclusive=False, group="summary", description="summary")
    def load_summary(self, index: int, section: Section) -> None:
        summary = level = error = None
        try:
            if self.services.summarise is not None:
                summary = call_cancellable(self.services.summarise, section)
            if self.services.section_level is not None:
                level = call_cancellable(self.services.section_level, section)
        except _Cancelled:
            return
        except Exception as exc:  # noqa: BLE001
            error = f"{type(exc).__name__}: {exc}"
        self.post_message(SummaryReady(index, summary, level, error))

    @on(SummaryReady)
    def _summary_ready(self, message: SummaryReady) -> None:
        self.summaries[message.section] = message
        if message.section == self.section:
            self.refresh_view()

    # -- actions: moving -------------------------------------------------------------

    def action_next_paragraph(self) -> None:
        self.go(self.current + 1)

    def action_previous_paragraph(self) -> None:
        self.go(self.current - 1)

    def action_next_section(self) -> None:
        if self.section + 1 < len(self.section_start):
            self.go(self.section_start[self.section + 1])
        else:
            self.go(len(self.paras) - 1)

    def action_previous_section(self) -> None:
        first = self.section_start[self.section]
        if self.current > first:
            self.go(first)
        elif self.section > 0:
            self.go(self.section_start[self.section - 1])

    def action_first_paragraph(self) -> None:
        self.go(0)

    def action_last_paragraph(self) -> None:
        self.go(len(self.paras) - 1)

    def _move_cursor(self, step: int) -> None:
        found = self.marks()
        if not found:
            self.cursor = None
            self.notify("no highlighted word in this paragraph", timeout=2)
            return
        if self.cursor is None:
            self.cursor = 0 if step > 0 else len(found) - 1
        else:
            self.cursor = (self.cursor + step) % len(found)
        self.refresh_view()

    def action_next_word(self) -> None:
        self._move_cursor(1)

    def action_previous_word(self) -> None:
        self._move_cursor(-1)

    def select_mark(self, n: int) -> None:
        """A click on a highlighted word: move the word cursor there."""
        if 0 <= n < len(self.marks()):
            self.cursor = n
            self.refresh_view()

    def _cursor_mark(self) -> highlight.Mark | None:
        found = self.marks()
        if not found:
            self.notify("no highlighted word in this paragraph", timeout=2)
            return None
        if self.cursor is None:
            self.cursor = 0
            self.refresh_view()
        return found[self.cursor or 0]

    # -- actions: words --------------------------------------------------------------

    def action_open_entry(self) -> None:
        mark = self._cursor_mark()
        if mark is None:
            return
        entry, complete = self.entry_for(self.current, mark)
        self.push_screen(EntryScreen((self.current, mark.start), entry, complete))

    def action_save_word(self) -> None:
        mark = self._cursor_mark()
        if mark is None:
            return
        if self.services.store is None:
            self.notify("saving is not available (no word list)", severity="warning")
            return
        entry, complete = self.entry_for(self.current, mark)
        if not complete:
            try:
                entry = self._build_entry(self.current, mark)
                self.entries[(self.current, mark.start)] = entry
            except Exception as exc:  # noqa: BLE001 - save what the analysis knows
                self.log.warning("glossary", exc)
        if self._store_call("save_entry", entry, self.source) is not FAILED:
            self.notify(f"saved: {entry.headword}", markup=False, timeout=2)

    def action_mark_known(self) -> None:
        mark = self._cursor_mark()
        if mark is None:
            return
        self.known.add(mark.lemma)
        if self.services.store is not None:
            self._store_call("set_status", mark.lemma, "known")
        self.notify(f"known: {mark.lemma} (no longer highlighted)", markup=False, timeout=2)
        self.refresh_view()

    def _set_level(self, step: int) -> None:
        i = LEVELS.index(self.level) + step
        if not 0 <= i < len(LEVELS):
            self.notify(f"the level is already {self.level}", timeout=2)
            return
        self.level = LEVELS[i]
        self.cursor = None
        self.refresh_view()

    def action_level_up(self) -> None:
        self._set_level(1)

    def action_level_down(self) -> None:
        self._set_level(-1)

    # -- actions: the rest -----------------------------------------------------------

    def action_toggle_panel(self) -> None:
        screen = next((s for s in self.screen_stack if isinstance(s, ReadingScreen)), None)
        if screen is None:
            return
        if screen.has_class("-narrow") and screen.has_class("-short"):
            screen.toggle_class("-show-panel")
        else:
            screen.toggle_class("-no-panel")

    def action_help(self) -> None:
        body = help_text(
            dict(self._keymap), self.level, lambda key: self.get_key_display(Binding(key, ""))
        )
        self.push_screen(HelpScreen(body))

    def default_export_path(self) -> Path:
        folder = self.settings.export_dir or paths.data_dir() / "exports"
        stem = Path(self.document.source).stem or "reader"
        path = folder / f"{stem}-glossary.csv"
        n = 2
        while path.exists():
            path = folder / f"{stem}-glossary-{n}.csv"
            n += 1
        return path

    def action_export(self) -> None:
        if self.services.export is None or self.services.store is None:
            self.notify("export is not available in this installation", severity="warning")
            return
        saved = self._store_call("saved_entries", self.source)
        if saved is FAILED:
            return
        saved = list(saved or ())
        if not saved:
            self.notify("no saved words yet: press s on a highlighted word to save it")
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.export_words(saved, path)

        self.push_screen(ExportScreen(self.default_export_path(), len(saved)), chosen)

    @work(thread=True, exclusive=True, group="export", description="export")
    def export_words(self, saved: list[Any], path: Path) -> None:
        fmt = EXPORT_FORMATS.get(path.suffix.lower(), "csv")
        try:
            assert self.services.export is not None
            path.parent.mkdir(parents=True, exist_ok=True)
            self.services.export(saved, fmt, path, force=False, title=self.title)
        except Exception as exc:  # noqa: BLE001 - reported to the learner
            self.post_message(ExportFinished(path, 0, str(exc)))
            return
        self.post_message(ExportFinished(path, len(saved)))

    @on(ExportFinished)
    def _exported(self, message: ExportFinished) -> None:
        if message.error:
            self.notify(f"export failed: {message.error}", severity="error", markup=False)
        else:
            self.notify(
                f"exported {message.count} word(s) to {message.path}", markup=False, timeout=8
            )

    async def action_quit(self) -> None:
        self.save_position()
        self.exit()
