"""Modal screens: a word's full entry, the help, and the export prompt.

Everything that comes from an article or a dictionary is rendered as ``rich.text.Text``.
The screens are handed what they show; their keys name app actions (``app.save_word``),
so none of them needs the app itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from reader.core.entry import GlossaryEntry, gloss_text
from reader.ui import highlight
from reader.ui.keys import HELP, READING_BINDINGS, keys_for

# Word classes in words, not tags (UPOS).
POS_WORDS = {
    "NOUN": "noun",
    "VERB": "verb",
    "AUX": "verb",
    "ADJ": "adjective",
    "ADV": "adverb",
    "PROPN": "name",
    "ADP": "preposition",
    "DET": "article",
    "PRON": "pronoun",
    "NUM": "number",
    "CCONJ": "conjunction",
    "SCONJ": "conjunction",
    "PART": "particle",
    "INTJ": "interjection",
    "X": "word",
}


def entry_text(
    entry: GlossaryEntry, complete: bool = True, saved: bool = False, known: bool = False
) -> Text:
    """The full entry as Text: headword, grammar, meanings, the sentence it came from."""
    out = Text()
    out.append(entry.headword, style="bold")
    if entry.pos and not entry.entity:
        out.append(f"  {POS_WORDS.get(entry.pos, entry.pos.lower())}", style="dim")
    if entry.entity:
        out.append(f"  {highlight.ENTITY_NAMES.get(entry.entity, 'name')}", style="italic")
    elif entry.band:
        out.append(f"  {highlight.band_label(entry.band)}", style="italic")
    if saved:
        out.append(f"  {highlight.SAVED_MARK} saved", style="bold")
    if known:
        out.append("  known", style="bold")
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
        Binding("s", "app.save_word", "Save", id="entry-save"),
        Binding("m", "known", "Known", id="entry-known"),
        Binding("u", "app.undo", "Undo", id="entry-undo"),
    ]

    def __init__(self, key: tuple[int, int], body: Text) -> None:
        super().__init__()
        self.key = key
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="entry-box") as box:
            box.border_title = "Entry"
            box.can_focus = False
            yield Static(self.body, id="entry-body", markup=False)
        yield Static(
            Text("Esc close · s save · m known · u undo", style="dim"),
            id="entry-keys",
            markup=False,
        )

    def show(self, body: Text) -> None:
        self.body = body
        self.query_one("#entry-body", Static).update(body)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_known(self) -> None:
        self.dismiss(None)
        self.app.run_action("app.mark_known")


def help_text(
    keymap: dict[str, str],
    level: str,
    key_display: Callable[[str], str],
    config_dir: Path,
    colour: bool = True,
    warnings: tuple[str, ...] = (),
) -> Text:
    """Every key after remapping, with the id that remaps it; the highlight styles; where
    the settings live."""
    out = Text()
    out.append("Keys", style="bold").append(
        "  (the id in the middle remaps it in keys.toml)\n", style="dim"
    )
    for binding in READING_BINDINGS:
        keys = " ".join(key_display(k) for k in keys_for(binding, keymap))
        out.append(f"  {keys:<11} ", style="bold")
        out.append(f"{binding.id or '':<19} ", style="dim")
        out.append(HELP.get(binding.id or "", "")).append("\n")
    out.append("  click a word" + " " * 20 + "put the word cursor on it\n")
    out.append("\nHighlights", style="bold")
    out.append(f"  (your level: {level})\n")
    for sample, meaning in highlight.legend(level, colour):
        out.append("  ").append_text(sample).append(" " * max(1, 16 - len(sample.plain)))
        out.append(meaning).append("\n")
    out.append(
        "\nNames are bold, words to learn underlined: the styles differ in more than colour,\n"
        "so they read the same with NO_COLOR and on 16 colours.\n",
        style="dim",
    )
    out.append("\nSettings", style="bold").append("\n")
    out.append("  config folder   ", style="dim").append(str(config_dir)).append("\n")
    out.append("  keys.toml       ", style="dim")
    out.append('remap a key by its id, e.g. [keys] next-paragraph = "j,down,space"\n')
    out.append("  settings.toml   ", style="dim")
    out.append('level, panel (true/false), summaries ("auto" or "extractive")\n')
    for warning in warnings:
        out.append("  ! ", style="bold").append(warning).append("\n")
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


EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    # format -> (suffix, what the learner reads)
    "csv": (".csv", "CSV (spreadsheet)"),
    "tsv": (".tsv", "TSV (tab-separated)"),
    "md": (".md", "Markdown (to print)"),
    "json": (".json", "JSON"),
    "anki": (".apkg", "Anki deck (.apkg)"),
}


def export_path(value: str, fmt: str, folder: Path) -> Path | None:
    """The file an export goes to: relative names land in ``folder``, and the suffix is
    always the format's (typing ``md`` never writes a CSV file named ``md``)."""
    value = value.strip()
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = folder / path
    suffix = EXPORT_FORMATS[fmt][0]
    if path.suffix.lower() != suffix:
        known = {s for s, _ in EXPORT_FORMATS.values()}
        path = path.with_suffix(suffix) if path.suffix.lower() in known else Path(f"{path}{suffix}")
    return path


class ExportScreen(ModalScreen[tuple[Path, str] | None]):
    """Ask for the format (chosen, not guessed) and the file, with a default in the data
    folder; the cursor waits at the end of the name, nothing selected."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-export")]

    def __init__(self, default: Path, count: int, fmt: str = "csv") -> None:
        super().__init__()
        self.default = default
        self.count = count
        self.fmt = fmt

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = "Export saved words"
            yield Static(
                Text(
                    f"{self.count} saved word(s). Choose a format (arrows, space), then "
                    "the file; Enter exports, Esc cancels."
                ),
                markup=False,
            )
            with RadioSet(id="export-format"):
                for fmt, (_, label) in EXPORT_FORMATS.items():
                    yield RadioButton(label, value=fmt == self.fmt, name=fmt)
            yield Input(str(self.default), id="export-path", select_on_focus=False)

    def on_mount(self) -> None:
        path = self.query_one("#export-path", Input)
        path.focus()
        path.cursor_position = len(path.value)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.fmt = event.pressed.name or "csv"
        field = self.query_one("#export-path", Input)
        changed = export_path(field.value, self.fmt, self.default.parent)
        if changed is not None:
            field.value = str(changed)
            field.cursor_position = len(field.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        path = export_path(event.value, self.fmt, self.default.parent)
        self.dismiss((path, self.fmt) if path is not None else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
