"""The reading screen: header line, the page (a column of text), side panel, footer.

The widgets only display what they are handed (``rich.text.Text``, never markup) and report
what happens to them by message (``reader.ui.messages``): they never reach into the app.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.ui.keys import READING_BINDINGS
from reader.ui.messages import PanelResized, ScreenReady, WordClicked


def text_static(id: str, classes: str = "") -> Static:
    """A Static for article text: markup off, so the text can never be parsed as markup."""
    return Static("", id=id, classes=classes, markup=False)


class ParagraphView(Static):
    """The paragraph in focus; a click on a word moves the word cursor to it."""

    def on_click(self, event: events.Click) -> None:
        word = event.style.meta.get("word") if event.style else None
        if isinstance(word, int):
            self.post_message(WordClicked(word))


class Pane(VerticalScroll, can_focus=False):
    """A scrolling column that never takes focus, so j/k and the arrows stay the app's."""


class SidePane(Pane):
    """The side panel. It wraps its glosses itself, so a new width means a new rendering.

    Its outer width does not depend on its own scrollbar, so re-rendering on a change of
    it cannot feed back into another resize.
    """

    last_width = 0

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.last_width and event.size.width > 0:
            self.last_width = event.size.width
            self.post_message(PanelResized(event.size.width))

    def on_show(self) -> None:
        # Shown again after ``b``: the width may be the old one, but what was rendered
        # while hidden was wrapped for no width at all.
        self.post_message(PanelResized(self.size.width))

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
            with Pane(id="reading"), Vertical(id="page"):
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
        self.post_message(ScreenReady())
