"""The words the learner saved from this text, in the app (``w``).

Handed the entries to show; ``u`` in the reading screen undoes the last save, and ``e``
exports them.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.core.entry import GlossaryEntry


def saved_text(entries: Sequence[GlossaryEntry]) -> Text:
    """One line per saved word: headword, then its short gloss."""
    out = Text()
    if not entries:
        return out.append("No saved words yet: press s on a word to save it.", style="dim")
    out.append(f"{len(entries)} saved word(s) from this text\n", style="dim")
    for entry in entries:
        out.append("\n").append(entry.headword, style="bold")
        gloss = entry.short_gloss
        if gloss:
            out.append(" — ", style="dim").append(gloss, style="italic")
    out.append("\n\n").append("e exports them · Esc closes", style="dim")
    return out


class SavedWordsScreen(ModalScreen[None]):
    """The saved words of this text, in the order they were saved."""

    BINDINGS = [
        Binding("escape,q,w", "close", "Close", id="close-saved"),
        Binding("e", "export", "Export", id="saved-export"),
    ]

    def __init__(self, entries: Sequence[GlossaryEntry]) -> None:
        super().__init__()
        self.entries = list(entries)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="saved-box") as box:
            box.border_title = "Saved words"
            box.can_focus = False
            yield Static(saved_text(self.entries), id="saved-body", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        self.dismiss(None)
        self.app.run_action("app.export")
