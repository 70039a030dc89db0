"""Key bindings, posting-style: every binding has an id, and ``keys.toml`` can remap it.

``keys.toml`` lives in the config folder (``reader.paths.config_dir()``)::

    [keys]
    next-paragraph = "j,down,space"
    quit = "q,ctrl+q"

Unknown ids and malformed files are reported as warnings, never fatal: a typo in a
config file must not stop a learner from reading.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.binding import Binding

from reader import paths

KEYS_FILE = "keys.toml"

# Quit and Help come first: a narrow footer cuts from the right, and they must stay.
READING_BINDINGS: list[Binding] = [
    Binding("q", "app.quit", "Quit", id="quit"),
    Binding("question_mark", "app.help", "Help", id="help"),
    Binding("j,down", "app.next_paragraph", "Next ¶", id="next-paragraph"),
    Binding("k,up", "app.previous_paragraph", "Prev ¶", id="previous-paragraph"),
    Binding("right_square_bracket", "app.next_section", "Next §", id="next-section", show=False),
    Binding(
        "left_square_bracket", "app.previous_section", "Prev §", id="previous-section", show=False
    ),
    Binding("g", "app.first_paragraph", "First ¶", id="first-paragraph", show=False),
    Binding("G", "app.last_paragraph", "Last ¶", id="last-paragraph", show=False),
    Binding("tab", "app.next_word", "Next marked", id="next-word", priority=True),
    Binding(
        "shift+tab",
        "app.previous_word",
        "Prev marked",
        id="previous-word",
        priority=True,
        show=False,
    ),
    Binding("l,right", "app.word_right", "Word →", id="word-right", show=False),
    Binding("h,left", "app.word_left", "Word ←", id="word-left", show=False),
    Binding("enter", "app.open_entry", "Entry", id="open-entry"),
    Binding("s", "app.save_word", "Save", id="save-word"),
    Binding("m", "app.mark_known", "Known", id="mark-known"),
    Binding("u", "app.undo", "Undo", id="undo", show=False),
    Binding("w", "app.saved_words", "Saved", id="saved-words"),
    Binding("plus,equals_sign", "app.level_up", "Level+", id="level-up", show=False),
    Binding("minus", "app.level_down", "Level-", id="level-down", show=False),
    Binding("e", "app.export", "Export", id="export", show=False),
    Binding("b", "app.toggle_panel", "Panel", id="toggle-panel", show=False),
]

# What the help screen says about each binding (longer than the footer label).
HELP: dict[str, str] = {
    "quit": "quit (your place is remembered)",
    "help": "this help",
    "next-paragraph": "next paragraph",
    "previous-paragraph": "previous paragraph",
    "next-section": "next section",
    "previous-section": "previous section",
    "first-paragraph": "first paragraph",
    "last-paragraph": "last paragraph",
    "next-word": "next highlighted word (on into the next paragraph)",
    "previous-word": "previous highlighted word",
    "word-right": "word cursor to the next word (any word)",
    "word-left": "word cursor to the previous word",
    "open-entry": "open the full entry of the word under the cursor",
    "save-word": "save the word (✓ in the text); again: says it is saved",
    "mark-known": "mark it known: no longer highlighted (again: unmark)",
    "undo": "undo the last save or known mark",
    "saved-words": "the words you saved from this text",
    "level-up": "raise your level: fewer words highlighted",
    "level-down": "lower your level: more words highlighted",
    "export": "export saved words (CSV, TSV, Markdown, JSON, Anki)",
    "toggle-panel": "show or hide the side panel",
}

BINDING_IDS = frozenset(b.id for b in READING_BINDINGS if b.id)


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """Read ``keys.toml``: (binding id -> "key,key", warnings). A missing file is fine."""
    path = path or paths.config_dir() / KEYS_FILE
    if not path.is_file():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path}: ignored ({exc})"]
    table = data.get("keys", data)
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for name, value in table.items():
        if name not in BINDING_IDS:
            warnings.append(f"{path}: unknown key binding {name!r} ignored")
            continue
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        if not isinstance(value, str) or not value.strip():
            warnings.append(f'{path}: {name} needs a key such as "j" or "j,down"')
            continue
        keymap[name] = ",".join(k.strip() for k in value.split(",") if k.strip())
    return resolve_conflicts(keymap, path, warnings), warnings


def resolve_conflicts(keymap: dict[str, str], path: Path, warnings: list[str]) -> dict[str, str]:
    """Drop a remapped key that another binding also answers to, and say so.

    Two actions on one key would leave one of them unreachable without a word (the save
    key once disappeared that way); the binding the file did not ask for keeps its key.
    """
    out: dict[str, str] = {}
    for binding in READING_BINDINGS:
        name = binding.id or ""
        if name not in keymap:
            continue
        kept = []
        for key in keymap[name].split(","):
            other = next(
                (
                    b.id
                    for b in READING_BINDINGS
                    if b.id != name and key in keys_for(b, {**keymap, name: ""})
                ),
                None,
            )
            if other is None:
                kept.append(key)
            else:
                warnings.append(f"{path}: key {key!r} for {name} ignored: {other} uses it")
        if kept:
            out[name] = ",".join(kept)
        else:
            warnings.append(f"{path}: {name} keeps its usual keys ({binding.key})")
    return out


def keys_for(binding: Binding, keymap: dict[str, str]) -> list[str]:
    """The keys a binding answers to after the keymap is applied."""
    value = keymap.get(binding.id or "", binding.key)
    return [k.strip() for k in value.split(",") if k.strip()]
