"""The reading screen: header line, reading pane, side panel, footer.

The widgets only display what the app hands them (``rich.text.Text``, never markup); the
state and the workers live in ``reader.ui.app.ReaderApp``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.ui.keys import READING_BINDINGS

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


def text_static(id: str, classes: str = "") -> Static:
    """A Static for article text: markup off, so the text can never be parsed as markup."""
    return Static("", id=id, classes=classes, markup=False)


class ParagraphView(Static):
    """The paragraph in focus; a click on a highlighted word moves the word cursor to it."""

    def on_click(self, event: events.Click) -> None:
        mark = event.style.meta.get("mark") if event.style else None
        if isinstance(mark, int):
            app: ReaderApp = self.app  # type: ignore[assignment]
            app.select_mark(mark)


class Pane(VerticalScroll, can_focus=False):
    """A scrolling column that never takes focus, so j/k and the arrows stay the app's."""


class SidePane(Pane):
    """The side panel. It wraps its glosses itself, so a new width means a new rendering.

    Its outer width does not depend on its own scrollbar, so re-rendering on a change of
    it cannot feed back into another resize.
    """

    last_width = 0

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.last_width:
            self.last_width = event.size.width
            app: ReaderApp = self.app  # type: ignore[assignment]
            self.call_after_refresh(app.refresh_view)

    @property
    def text_width(self) -> int:
        """Columns for text: less padding, border and room for a scrollbar, always."""
        return max(12, self.size.width - 5)


class ReadingScreen(Screen[None]):
    """The one main screen; its bindings are the reading keys (remappable by id)."""

    BINDINGS = READING_BINDINGS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]

    def compose(self) -> ComposeResult:
        yield text_static("header")
        with Horizontal(id="body"):
            with Pane(id="reading"):
                yield text_static("heading")
                yield text_static("previous", "neighbour")
                yield ParagraphView("", id="current", markup=False)
                yield text_static("next", "neighbour")
            with SidePane(id="side"):
                yield text_static("entries")
                yield text_static("summary")
        yield Footer()

    ready = False  # set once the widgets exist; the app's messages may come sooner

    def on_mount(self) -> None:
        self.ready = True
        app: ReaderApp = self.app  # type: ignore[assignment]
        app.refresh_view()
