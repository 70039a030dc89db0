"""The home screen: every text read so far, and a key to go on reading one.

``reader`` with no file runs ``LibraryApp``; Enter exits it with the chosen path, and
``reader.app_main.run_library`` opens that text exactly as ``reader FILE`` does, then comes
back here. The figures come from ``reader.core.library`` (the same rows ``reader library``
prints), so the screen does no NLP; adding a file loads it in a worker thread (and takes
its figures from the analysis cache if this exact text was analysed before). Titles and
paths are data: every cell is a ``rich.text.Text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Static

from reader.core import library
from reader.core.model import DEFAULT_LEVEL

LIBRARY_BINDINGS: list[Binding] = [
    Binding("enter", "open_text", "Open", id="library-open", priority=True),
    Binding("a", "add_text", "Add file", id="library-add"),
    Binding("d,delete", "remove_text", "Remove", id="library-remove"),
    Binding("s", "sort", "Sort", id="library-sort"),
    Binding("q", "app.quit", "Quit", id="library-quit"),
]
SORT_NAMES = {
    "opened": "last opened",
    "title": "title",
    "progress": "progress",
    "known": "known share",
    "level": "level (easiest first)",
}
RIGHT = {"Progress", "Known", "Level"}


@dataclass
class TextAdded(Message):
    """A file given by path was loaded and put in the library (or could not be)."""

    source: str | None
    error: str | None = None


class AddScreen(ModalScreen[str | None]):
    """Ask for the path of a file to add."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="library-add-cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="add-box"):
            yield Static(Text("Add a file to the library (Enter adds, Escape cancels):"))
            yield Input(placeholder="path/to/text.txt", id="add-path")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """y removes, anything else keeps."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="library-confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="library-confirm-no"),
    ]

    def __init__(self, question: Text) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class LibraryScreen(Screen[None]):
    """The table of texts. Rows are keyed by the text's resolved path."""

    BINDINGS = LIBRARY_BINDINGS
    DEFAULT_CSS = """
    LibraryScreen #library-header { dock: top; height: 1; background: $panel; padding: 0 1; }
    LibraryScreen #library-empty { padding: 1 2; color: $text-muted; }
    LibraryScreen #library-empty.-hidden { display: none; }
    LibraryScreen DataTable { height: 1fr; }
    """

    def __init__(self, store: Any, level: str = DEFAULT_LEVEL, select: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.level = level
        self.sort = "opened"
        self.select = select
        self.rows: list[library.LibraryEntry] = []

    def compose(self) -> ComposeResult:
        yield Static(id="library-header")
        yield Static(
            Text("No texts yet: press a to add a file, or open one with `reader FILE`."),
            id="library-empty",
        )
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True, id="texts")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name in library.COLUMNS:
            table.add_column(Text(name, justify="right" if name in RIGHT else "left"), key=name)
        self.reload()
        table.focus()

    # -- the table -------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read the library again and redraw, keeping (or moving) the cursor."""
        try:
            self.rows = library.entries(self.store, self.level, self.sort)
        except Exception as exc:  # noqa: BLE001 - the store is another module's
            self.rows = []
            self.notify(f"library: {exc}", severity="error", markup=False)
        self.redraw(select)

    def redraw(self, select: str | None = None) -> None:
        table = self.query_one(DataTable)
        keep = select or self.select or self.current_source()
        self.select = None
        table.clear()
        for e in self.rows:
            row = [
                Text(
                    cell,
                    justify="right" if name in RIGHT else "left",
                    no_wrap=True,
                    overflow="ellipsis",
                )
                for name, cell in zip(library.COLUMNS, library.cells(e), strict=True)
            ]
            table.add_row(*row, key=e.source)
        sources = [e.source for e in self.rows]
        if keep in sources:
            table.move_cursor(row=sources.index(keep), animate=False)
        self.query_one("#library-empty").set_class(bool(self.rows), "-hidden")
        header = Text(f"Library: {len(self.rows)} text{'s' if len(self.rows) != 1 else ''}")
        header.append(
            f" · your level {self.level} · sorted by {SORT_NAMES[self.sort]}", style="dim"
        )
        self.query_one("#library-header", Static).update(header)

    def current_source(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].source

    def current(self) -> library.LibraryEntry | None:
        source = self.current_source()
        return next((e for e in self.rows if e.source == source), None)

    # -- actions ---------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_text()

    def action_open_text(self) -> None:
        entry = self.current()
        if entry is not None:
            self.app.exit(entry.source)

    def action_sort(self) -> None:
        self.sort = library.SORTS[(library.SORTS.index(self.sort) + 1) % len(library.SORTS)]
        self.rows = library.sort_entries(self.rows, self.sort)
        self.redraw()

    def action_remove_text(self) -> None:
        entry = self.current()
        if entry is None:
            return
        question = Text("Remove ")
        question.append(entry.title, style="bold")
        question.append(" from the library? (The file stays.)  y/n")

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                library.remove(self.store, entry.source)
            except Exception as exc:  # noqa: BLE001
                self.notify(f"library: {exc}", severity="error", markup=False)
                return
            index = self.rows.index(entry)
            after = self.rows[index + 1] if index + 1 < len(self.rows) else None
            before = self.rows[index - 1] if index > 0 else None
            neighbour = after or before
            self.reload(neighbour.source if neighbour else None)
            self.notify(f"removed from the library: {entry.title}", markup=False, timeout=3)

        self.app.push_screen(ConfirmScreen(question), answered)

    def action_add_text(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.add_file(path)

        self.app.push_screen(AddScreen(), chosen)

    @work(thread=True, exclusive=True, group="add", description="add a file")
    def add_file(self, path: str) -> None:
        """Load the file (checks as ``reader FILE`` does) and put it in the library."""
        from reader.core.document import load
        from reader.errors import ReaderError

        try:
            document = load(path)
            source = library.record_open(self.store, document, opened=False)
            if not library.has_figures(self.store, document):
                library.record_from_cache(self.store, document)
        except ReaderError as exc:
            self.post_message(TextAdded(None, str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - shown, never a crash
            self.post_message(TextAdded(None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(TextAdded(source))

    @on(TextAdded)
    def _added(self, message: TextAdded) -> None:
        if message.error:
            self.notify(message.error, severity="error", markup=False)
            return
        self.reload(message.source)
        self.notify("added to the library; Enter opens it", timeout=3)


class LibraryApp(App[str]):
    """Runs the home screen; exits with the path of the text to open (or None on quit)."""

    ENABLE_COMMAND_PALETTE = False
    TITLE = "reader"
    BINDINGS = [Binding("ctrl+c", "quit", "Quit", show=False, id="library-interrupt")]
    DEFAULT_CSS = """
    AddScreen, ConfirmScreen { align: center middle; }
    #add-box, #confirm-box {
        width: 70; height: auto; padding: 1 2; border: round $accent; background: $surface;
    }
    """

    def __init__(
        self,
        store: Any | None = None,
        level: str = DEFAULT_LEVEL,
        notes: tuple[str, ...] = (),
        select: str | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.level = level
        self.notes = notes
        self.select = select
        self._own_store = store is None

    def on_mount(self) -> None:
        if self.store is None:
            from reader.core.store import Store

            self.store = Store()
            self.notes = (*self.notes, *self.store.warnings)
        self.push_screen(LibraryScreen(self.store, self.level, self.select))
        for note in self.notes:
            self.notify(note, severity="warning", markup=False)

    def on_unmount(self) -> None:
        if self._own_store and self.store is not None:
            self.store.close()
