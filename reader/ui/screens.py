"""Modal screens: a word's full entry, the help, and the export prompt.

Everything that comes from an article or a dictionary is rendered as ``rich.text.Text``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.core.entry import GlossaryEntry, gloss_text
from reader.ui import highlight
from reader.ui.keys import HELP, READING_BINDINGS, keys_for

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


def entry_text(entry: GlossaryEntry, complete: bool = True) -> Text:
    """The full entry as Text: headword, grammar, meanings, the sentence it came from."""
    out = Text()
    out.append(entry.headword, style="bold")
    if entry.pos:
        out.append(f"  {entry.pos}", style="dim")
    if entry.entity:
        out.append(f"  {highlight.ENTITY_NAMES.get(entry.entity, 'name')}", style="italic")
    if entry.band:
        out.append(f"  band {entry.band}", style=highlight.BAND_STYLES.get(entry.band, ""))
    if entry.zipf is not None:
        out.append(f" (zipf {entry.zipf:.1f})", style="dim")
    out.append("\n")
    if entry.word and entry.word != entry.lemma:
        out.append("in the text: ", style="dim").append(entry.word).append("\n")
    grammar = [
        ("genitive", entry.genitive),
        ("plural", entry.plural),
        ("participle", entry.participle),
        ("separable prefix", entry.separable_prefix),
    ]
    for label, value in grammar:
        if value:
            out.append(f"{label}: ", style="dim").append(value).append("\n")
    if entry.compound:
        out.append("compound: ", style="dim")
        for i, part in enumerate(entry.compound):
            if i:
                out.append(" + ")
            out.append(part.text, style="bold")
            if part.linking:
                out.append(f" (-{part.linking}-)", style="dim")
            if part.gloss:
                out.append(f" ‘{part.gloss}’")
        out.append("\n")
    if entry.translations:
        out.append("\n").append(gloss_text(entry, 6)).append("\n")
    if entry.definition:
        out.append("\n").append(entry.definition)
        if entry.definition_source:
            out.append(f"  ({entry.definition_source})", style="dim")
        out.append("\n")
    if not entry.translations and not entry.definition:
        note = "no dictionary meaning known for this word" if complete else "looking it up…"
        out.append("\n").append(note, style="dim italic").append("\n")
    for reading in entry.readings:
        out.append("or: ", style="dim").append(f"{reading.lemma} ({reading.pos})")
        if reading.gloss:
            out.append(f" ‘{reading.gloss}’")
        out.append("\n")
    if entry.example:
        sentence = Text(entry.example)
        if 0 <= entry.example_start < entry.example_end <= len(entry.example):
            sentence.stylize("bold reverse", entry.example_start, entry.example_end)
        out.append("\n").append_text(sentence).append("\n")
    if entry.count > 1:
        out.append(f"{entry.count}× in this text", style="dim").append("\n")
    return out


class EntryScreen(ModalScreen[None]):
    """The full entry of one word; ``s`` saves it and ``m`` marks it known from here too."""

    BINDINGS = [
        Binding("escape,q,enter", "close", "Close", id="close-entry"),
        Binding("s", "save", "Save", id="entry-save"),
        Binding("m", "known", "Known", id="entry-known"),
    ]

    def __init__(self, key: tuple[int, int], entry: GlossaryEntry, complete: bool) -> None:
        super().__init__()
        self.key = key
        self.entry = entry
        self.complete = complete

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="entry-box") as box:
            box.border_title = "Entry"
            box.can_focus = False
            yield Static(entry_text(self.entry, self.complete), id="entry-body", markup=False)
        yield Static(
            Text("Esc close · s save · m known", style="dim"), id="entry-keys", markup=False
        )

    def show(self, entry: GlossaryEntry, complete: bool = True) -> None:
        self.entry, self.complete = entry, complete
        self.query_one("#entry-body", Static).update(entry_text(entry, complete))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        app: ReaderApp = self.app  # type: ignore[assignment]
        app.action_save_word()

    def action_known(self) -> None:
        app: ReaderApp = self.app  # type: ignore[assignment]
        self.dismiss(None)
        app.action_mark_known()


def help_text(keymap: dict[str, str], level: str, key_display) -> Text:
    out = Text()
    out.append("Keys\n", style="bold")
    for binding in READING_BINDINGS:
        keys = " ".join(key_display(k) for k in keys_for(binding, keymap))
        out.append(f"  {keys:<14}", style="bold")
        out.append(HELP.get(binding.id or "", "")).append("\n")
    out.append("  click a word   select it\n")
    out.append("\nHighlights", style="bold")
    out.append(f"  (your level: {level})\n")
    for sample, meaning in highlight.legend(level):
        out.append("  ").append_text(sample).append(" " * max(1, 14 - len(sample.plain)))
        out.append(meaning).append("\n")
    out.append(
        "\nEach style differs in bold/italic/underline as well as colour, so it\n"
        "reads the same with NO_COLOR. Remap keys in keys.toml in your config folder\n"
        "(see the README); names are the ids of the bindings listed above.",
        style="dim",
    )
    return out


class HelpScreen(ModalScreen[None]):
    """Every key (after remapping) and what each highlight style means."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="close-help")]

    def __init__(self, body: Text) -> None:
        super().__init__()
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Help · Esc closes"
            yield Static(self.body, id="help-body", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class ExportScreen(ModalScreen[Path | None]):
    """Ask where to export, with a default in the data folder; the suffix picks the format."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-export")]

    def __init__(self, default: Path, count: int) -> None:
        super().__init__()
        self.default = default
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = "Export saved words"
            yield Static(
                Text(
                    f"{self.count} saved word(s). Format from the suffix: .csv .tsv "
                    ".md .json .apkg (Anki). Enter exports, Esc cancels."
                ),
                markup=False,
            )
            yield Input(str(self.default), id="export-path")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(Path(value).expanduser() if value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
