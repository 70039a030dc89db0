"""What the reading keys do: move, move the word cursor, save, mark known, undo, level,
panel, help, the saved words and the export. Every change goes to the reading state at
once (the screen answers the key) and to the store through its queue (never waited for).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding

from reader import paths
from reader.core.entry import GlossaryEntry
from reader.core.model import LEVELS
from reader.ui.highlight import Word
from reader.ui.messages import ExportFinished
from reader.ui.saved import SavedWordsScreen
from reader.ui.screens import EXPORT_FORMATS, EntryScreen, ExportScreen, HelpScreen, help_text
from reader.ui.workers import Cancelled, call_cancellable

if TYPE_CHECKING:
    from reader.ui.services import Services, Settings
    from reader.ui.state import ReadingState


class ActionsMixin:
    """The ``action_*`` methods of ``ReaderApp``."""

    state: ReadingState
    services: Services
    settings: Settings
    undo_stack: list[tuple[str, str, Any]]

    # -- moving --------------------------------------------------------------------

    def action_next_paragraph(self) -> None:
        self.go(self.state.current + 1)  # type: ignore[attr-defined]

    def action_previous_paragraph(self) -> None:
        self.go(self.state.current - 1)  # type: ignore[attr-defined]

    def action_next_section(self) -> None:
        state = self.state
        if state.section + 1 < len(state.section_start):
            self.go(state.section_start[state.section + 1])  # type: ignore[attr-defined]
        else:
            self.go(len(state.paras) - 1)  # type: ignore[attr-defined]

    def action_previous_section(self) -> None:
        state = self.state
        first = state.section_start[state.section]
        if state.current > first:
            self.go(first)  # type: ignore[attr-defined]
        elif state.section > 0:
            self.go(state.section_start[state.section - 1])  # type: ignore[attr-defined]

    def action_first_paragraph(self) -> None:
        self.go(0)  # type: ignore[attr-defined]

    def action_last_paragraph(self) -> None:
        self.go(len(self.state.paras) - 1)  # type: ignore[attr-defined]

    # -- the word cursor -------------------------------------------------------------

    def _cursor_to(self, index: int, which: str) -> None:
        """Go to paragraph ``index`` with the cursor on its first/last (highlighted) word."""
        state = self.state
        if not 0 <= index < len(state.paras):
            self.notify("no more words in this text", timeout=2)  # type: ignore[attr-defined]
            return
        self.go(index)  # type: ignore[attr-defined]
        found = state.words()
        if which.endswith("marked"):
            chosen = [n for n, w in enumerate(found) if w.highlighted]
        else:
            chosen = list(range(len(found)))
        if chosen:
            state.cursor = chosen[0] if which.startswith("first") else chosen[-1]
            self.refresh_view()  # type: ignore[attr-defined]

    def _step(self, step: int, highlighted: bool) -> None:
        state = self.state
        if not state.analysed[state.current]:
            failed = state.analysis_error is not None
            self.notify(
                "no words to select: the analysis failed"
                if failed  # type: ignore[attr-defined]
                else "analysing this paragraph…",
                timeout=2,
            )
            return
        found = state.words()
        candidates = [n for n, w in enumerate(found) if w.highlighted or not highlighted]
        if state.cursor is None:
            here = -1 if step > 0 else len(found)
        else:
            here = state.cursor
        ahead = [n for n in candidates if (n > here if step > 0 else n < here)]
        if ahead:
            state.cursor = ahead[0] if step > 0 else ahead[-1]
            self.refresh_view()  # type: ignore[attr-defined]
            return
        # On past the paragraph's end (or back past its start): reading goes on.
        kind = "marked" if highlighted else "word"
        if step > 0:
            self._cursor_to(state.current + 1, f"first {kind}")
        else:
            self._cursor_to(state.current - 1, f"last {kind}")

    def action_next_word(self) -> None:
        self._step(1, highlighted=True)

    def action_previous_word(self) -> None:
        self._step(-1, highlighted=True)

    def action_word_right(self) -> None:
        self._step(1, highlighted=False)

    def action_word_left(self) -> None:
        self._step(-1, highlighted=False)

    def select_word(self, n: int) -> None:
        """A click on a word: the word cursor goes there."""
        if 0 <= n < len(self.state.words()):
            self.state.cursor = n
            self.refresh_view()  # type: ignore[attr-defined]

    def _cursor_word(self) -> Word | None:
        """The word under the cursor; without one, the first highlighted word."""
        state = self.state
        word = state.cursor_word()
        if word is not None:
            return word
        found = state.words()
        first = next((n for n, w in enumerate(found) if w.highlighted), None)
        if first is None:
            message = (
                "analysing…"
                if not state.analysed[state.current]
                else ("no highlighted word here: l and h move the cursor over every word")
            )
            self.notify(message, timeout=2)  # type: ignore[attr-defined]
            return None
        state.cursor = first
        self.refresh_view()  # type: ignore[attr-defined]
        return found[first]

    # -- words ----------------------------------------------------------------------

    def action_open_entry(self) -> None:
        word = self._cursor_word()
        if word is None:
            return
        key = (self.state.current, word.start)
        self.push_screen(EntryScreen(key, self.entry_body(*key)))  # type: ignore[attr-defined]
        if key not in self.state.entries:
            self.schedule_entries()  # type: ignore[attr-defined]

    def action_save_word(self) -> None:
        word = self._cursor_word()
        if word is None:
            return
        state = self.state
        if self.services.store is None:
            self.notify("saving is not available (no word list)", severity="warning")  # type: ignore[attr-defined]
            return
        if word.lemma in state.saved:
            self.notify(
                f"already saved: {word.lemma} (u undoes, w lists them)",
                markup=False,  # type: ignore[attr-defined]
                timeout=3,
            )
            return
        state.saved.add(word.lemma)
        lemmas = {word.lemma}  # and the entry's own headword lemma, once it is known
        self.undo_stack.append(("save", word.lemma, lemmas))
        self.refresh_view()  # type: ignore[attr-defined]
        self.update_entry_screen(state.current)  # type: ignore[attr-defined]
        self.save_in_background(state.current, word, state.article(), lemmas)

    @work(thread=True, exclusive=False, group="save", description="save")
    def save_in_background(self, index: int, word: Word, article: Any, lemmas: set[str]) -> None:
        """Build the full entry (it may wait for the first dictionary import) and queue the
        save: the screen shows "saving…" meanwhile, never freezes."""
        entry, complete = self.state.entry_for(index, word)
        if not complete and self.services.build_entry is not None:
            try:
                entry = call_cancellable(self.build_entry, index, word, article)  # type: ignore[attr-defined]
            except Cancelled:
                return
            except Exception as exc:  # noqa: BLE001 - save what the analysis knows
                self.log.warning("glossary", exc)  # type: ignore[attr-defined]
        self.call_from_thread(self._save_entry, entry, lemmas)  # type: ignore[attr-defined]

    def _save_entry(self, entry: GlossaryEntry, lemmas: set[str]) -> None:
        lemmas.add(entry.lemma)
        self.state.saved.add(entry.lemma)

        def saved(_: Any) -> None:
            self.notify(f"saved: {entry.headword} (u undoes)", markup=False, timeout=2)  # type: ignore[attr-defined]

        self.store_call("save_entry", entry, self.source, then=saved)  # type: ignore[attr-defined]

    def action_mark_known(self) -> None:
        word = self._cursor_word()
        if word is None:
            return
        state = self.state
        known = word.lemma not in state.known
        state.mark_known(word.lemma, known)
        self.undo_stack.append(("known" if known else "unknown", word.lemma, None))
        self.store_call("set_status", word.lemma, "known" if known else "unknown")  # type: ignore[attr-defined]
        if known:
            note = f"known: {word.lemma} (no longer highlighted; u undoes)"
        else:
            note = f"no longer known: {word.lemma}"
        self.notify(note, markup=False, timeout=2)  # type: ignore[attr-defined]
        self.refresh_view()  # type: ignore[attr-defined]

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("nothing to undo", timeout=2)  # type: ignore[attr-defined]
            return
        kind, lemma, extra = self.undo_stack.pop()
        state = self.state
        if kind == "save":
            for each in sorted(extra or {lemma}):
                state.saved.discard(each)
                self.store_call("remove_entry", each, self.source)  # type: ignore[attr-defined]
            note = f"undone: {lemma} is no longer saved"
        else:
            known = kind == "unknown"  # undoing an "unknown" makes it known again
            state.mark_known(lemma, known)
            self.store_call("set_status", lemma, "known" if known else "unknown")  # type: ignore[attr-defined]
            note = f"undone: {lemma} is {'known' if known else 'highlighted'} again"
        self.notify(note, markup=False, timeout=2)  # type: ignore[attr-defined]
        self.refresh_view()  # type: ignore[attr-defined]
        self.update_entry_screen(state.current)  # type: ignore[attr-defined]

    def action_saved_words(self) -> None:
        if self.services.store is None:
            self.notify("no word list in this installation", severity="warning")  # type: ignore[attr-defined]
            return

        def show(entries: Any) -> None:
            self.report_store_warnings()  # type: ignore[attr-defined]
            self.push_screen(SavedWordsScreen(list(entries or ())))  # type: ignore[attr-defined]

        self.store_call("saved_entries", self.source, then=show, write=False)  # type: ignore[attr-defined]

    # -- level, panel, help ------------------------------------------------------------

    def _set_level(self, step: int) -> None:
        state = self.state
        i = LEVELS.index(state.level) + step
        if not 0 <= i < len(LEVELS):
            self.notify(f"the level is already {state.level}", timeout=2)  # type: ignore[attr-defined]
            return
        state.level = LEVELS[i]
        state.cursor = None
        self.remember(level=state.level)  # type: ignore[attr-defined]
        self.refresh_view()  # type: ignore[attr-defined]

    def action_level_up(self) -> None:
        self._set_level(1)

    def action_level_down(self) -> None:
        self._set_level(-1)

    def action_toggle_panel(self) -> None:
        screen = self.reading_screen()  # type: ignore[attr-defined]
        if screen is None:
            return
        if screen.has_class("-narrow") and screen.has_class("-short"):
            screen.toggle_class("-show-panel")
        else:
            screen.toggle_class("-no-panel")
            self.remember(panel=not screen.has_class("-no-panel"))  # type: ignore[attr-defined]

    def action_help(self) -> None:
        body = help_text(
            dict(self._keymap),  # type: ignore[attr-defined]
            self.state.level,
            lambda key: self.get_key_display(Binding(key, "")),  # type: ignore[attr-defined]
            self.settings.config_dir or paths.config_dir(),
            self.state.colour,
            self.settings.warnings,
        )
        self.push_screen(HelpScreen(body))  # type: ignore[attr-defined]

    # -- export ----------------------------------------------------------------------

    def default_export_path(self, fmt: str = "csv") -> Path:
        folder = self.settings.export_dir or paths.data_dir() / "exports"
        stem = Path(self.state.document.source).stem or "reader"
        suffix = EXPORT_FORMATS[fmt][0]
        path = folder / f"{stem}-glossary{suffix}"
        n = 2
        while path.exists():
            path = folder / f"{stem}-glossary-{n}{suffix}"
            n += 1
        return path

    def action_export(self) -> None:
        if self.services.export is None or self.services.store is None:
            self.notify("export is not available in this installation", severity="warning")  # type: ignore[attr-defined]
            return

        def ask(saved: Any) -> None:
            saved = list(saved or ())
            if not saved:
                self.notify("no saved words yet: press s on a word to save it")  # type: ignore[attr-defined]
                return

            def chosen(choice: tuple[Path, str] | None) -> None:
                if choice is not None:
                    self.export_words(saved, *choice)

            screen = ExportScreen(self.default_export_path(), len(saved))
            self.push_screen(screen, chosen)  # type: ignore[attr-defined]

        self.store_call("saved_entries", self.source, then=ask, write=False)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="export", description="export")
    def export_words(self, saved: list[Any], path: Path, fmt: str) -> None:
        try:
            assert self.services.export is not None
            path.parent.mkdir(parents=True, exist_ok=True)
            title = self.state.title
            self.services.export(saved, fmt, path, force=False, title=title)
        except Exception as exc:  # noqa: BLE001 - reported to the learner
            self.post_message(ExportFinished(path, 0, str(exc)))  # type: ignore[attr-defined]
            return
        self.post_message(ExportFinished(path, len(saved)))  # type: ignore[attr-defined]

    def on_export_finished(self, message: ExportFinished) -> None:
        if message.error:
            self.notify(f"export failed: {message.error}", severity="error", markup=False)  # type: ignore[attr-defined]
        else:
            self.notify(  # type: ignore[attr-defined]
                f"exported {message.count} word(s) to {message.path}", markup=False, timeout=8
            )
