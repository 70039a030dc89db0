"""The app's analysis worker: the paragraph the reader is at first, wherever that is.

The worker asks the reading state where the reader is before each batch, so a jump to
the end of a long novel (``G``) is analysed next, not after everything before it. Batches
start small (the paragraph in view alone, then 4, 16) so the first highlights come fast.
A finished analysis is written to the cache; a cached one is streamed in, the block in
view first.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.worker import get_current_worker

from reader.core.model import Article, Paragraph
from reader.ui.messages import AnalysisFailed, ParagraphsAnalysed
from reader.ui.workers import Cancelled, call_cancellable

if TYPE_CHECKING:
    from reader.ui.services import Services
    from reader.ui.state import ReadingState

FIRST_CHUNKS = (1, 4, 16)  # paragraphs per batch after a (new) start; then CHUNK
CHUNK = 24  # small enough that an entry asked for meanwhile does not wait long


class Schedule:
    """Which paragraphs to analyse next: from the reader's place onwards, then the rest.

    Cheap on a text of a million paragraphs: two pointers move forward, and a jump of
    the reader only restarts the search at the new place.
    """

    def __init__(self, total: int) -> None:
        self.todo = [True] * total
        self.left = total
        self.low = 0  # no paragraph before this one is left
        self.focus = -1
        self.at = 0
        self.sizes: list[int] = []

    def next(self, focus: int) -> list[int]:
        if self.left == 0:
            return []
        if focus != self.focus:
            self.focus = focus
            if self.todo[focus]:  # a jump into text not analysed yet: start small there
                self.at = focus
                self.sizes = list(FIRST_CHUNKS)
            elif focus > self.at:
                self.at = focus
        size = self.sizes.pop(0) if self.sizes else CHUNK
        total = len(self.todo)
        i = self.at
        while i < total and not self.todo[i]:
            i += 1
        if i >= total:  # everything after the reader is done: the rest, from the start
            while not self.todo[self.low]:
                self.low += 1
            i = self.low
        batch = []
        while i < total and self.todo[i] and len(batch) < size:
            batch.append(i)
            self.todo[i] = False
            i += 1
        self.left -= len(batch)
        self.at = i
        return batch


class AnalysisMixin:
    """Analysis worker and its messages, for ``ReaderApp``."""

    state: ReadingState
    services: Services

    @work(thread=True, exclusive=True, group="analysis", description="analysis")
    def analyse_document(self) -> None:
        """Analyse every paragraph, the reader's first; report each batch by message."""
        worker = get_current_worker()
        source = self.state.document.paragraphs
        total = len(source)
        try:
            if self._from_cache(total, self.state.current):
                return
            analysed: dict[int, Paragraph] = {}
            schedule = Schedule(total)
            while not worker.is_cancelled:
                batch = schedule.next(self.state.current)  # read across threads: an int
                if not batch:
                    break
                paragraphs = [source[i] for i in batch]
                result = list(call_cancellable(self.services.analyse, paragraphs, self.state.level))
                analysed.update(zip(batch, result, strict=True))
                items = tuple(zip(batch, result, strict=True))
                self.post_message(ParagraphsAnalysed(items, len(analysed), total))  # type: ignore[attr-defined]
            if not worker.is_cancelled and len(analysed) == total:
                self._names_of_the_whole_text(analysed)
                self._to_cache(analysed)
        except Cancelled:
            return
        except Exception as exc:  # noqa: BLE001 - shown to the learner; the text stays readable
            self.post_message(AnalysisFailed(f"{type(exc).__name__}: {exc}"))  # type: ignore[attr-defined]

    def _names_of_the_whole_text(self, analysed: dict[int, Paragraph]) -> None:
        """Decide names over the whole text once every paragraph is analysed (worker thread).

        Batches are analysed where the reader is, so a name met in full in one batch
        (*Wladimir Putin*) and its short form in another (*mit Putin*, §4) only meet here;
        ``reader analyze`` decides over the whole document the same way (a third of a
        second for a novel; its questions to HanTa go to the analysis process). Only
        paragraphs whose names changed are posted again."""
        paragraphs = [analysed[i] for i in range(len(analysed))]
        changed = tuple(call_cancellable(self.services.resolve_names, paragraphs))
        if not changed:
            return
        analysed.update(changed)
        self.post_message(ParagraphsAnalysed(changed, len(analysed), len(analysed)))  # type: ignore[attr-defined]

    def _from_cache(self, total: int, start: int) -> bool:
        """Post a cached analysis of this exact text block by block, the paragraph in view
        first, if there is one (worker thread). A block found damaged half-way means the
        whole text is analysed after all."""
        if self.services.cached is None:
            return False
        worker = get_current_worker()
        done = 0
        try:
            batches = self.services.cached(self.state.document, self.state.level, start)
            if batches is None:
                return False
            for items in batches:
                if worker.is_cancelled:
                    return True
                done += len(items)
                if done > total:
                    return False
                self.post_message(ParagraphsAnalysed(items, done, total))  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - a broken cache only costs time
            return False
        return done == total

    def _to_cache(self, analysed: dict[int, Paragraph]) -> None:
        """Keep the finished analysis for the next time this text is opened."""
        document = self.state.document
        if self.services.store_cached is None or len(analysed) != len(self.state.paras):
            return
        paragraphs = iter(analysed[i] for i in range(len(self.state.paras)))
        sections = tuple(
            replace(s, paragraphs=tuple(next(paragraphs) for _ in s.paragraphs))
            for s in document.sections
        )
        from reader.core.nlp.version import embedded_description

        article = Article(
            source=document.source,
            pipeline=embedded_description(),
            level=self.state.level,
            sections=sections,
            title=document.title,
            encoding=document.encoding,
            warnings=document.warnings,
        )
        try:
            self.services.store_cached(document, article)
        except Exception:  # noqa: BLE001 - a cache that cannot be written only costs time
            pass

    def on_paragraphs_analysed(self, message: ParagraphsAnalysed) -> None:
        state = self.state
        state.preparing = None
        state.set_paragraphs(message.items, message.done)
        if message.done == message.total:
            # Entries built so far counted occurrences in a partial article: rebuild lazily.
            state.entries.clear()
            self.request_scores()  # type: ignore[attr-defined]
        # Repaint only for news about this section (its paragraph in view, or the batch that
        # completes it, which lets its summary start); other batches update the header.
        here = state.section_range()
        visible = any(i == state.current for i, _ in message.items)
        near = any(i in here for i, _ in message.items)
        if visible or message.done == message.total or (near and state.section_complete()):
            self.refresh_view()  # type: ignore[attr-defined]
        else:
            self.refresh_header()  # type: ignore[attr-defined]

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        self.state.analysis_error = message.error
        self.notify(f"analysis failed: {message.error}", severity="error", markup=False)  # type: ignore[attr-defined]
        self.refresh_view()  # type: ignore[attr-defined]

    @property
    def analysis_complete(self) -> bool:
        return self.state.complete
