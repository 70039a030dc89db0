"""Come with what you know: mark words known from a word list, a table, an Anki deck or Lute.

Why: a learner who switches to ``reader`` already knows thousands of words; without an
import every one of them is highlighted again until marked with ``m`` one by one.

Known words are stored by *lexeme*, exactly as ``m`` stores them (``reader.ui.highlight
.lexeme``: the joined separable verb, else the lemma of the embedded pipeline). So every
entry is first cleaned (HTML, articles, *sich*, plural and grammar notes after a comma or
in brackets, translations after ``=`` or a tab) and then run through the same pipeline as
a text: *Häuser* is stored as *Haus*, *nimmt … auf* as *aufnehmen*. An entry of several
words that are not one lexeme (*zum Beispiel*) is skipped, with its reason.

Sources (``Kind``):

- ``words``: one word per line; ``#`` starts a comment line.
- ``csv`` / ``tsv``: a table; ``column`` is 1-based or a header name (a name means the
  first row is the header; ``header=True`` says so for a number). The delimiter is a tab
  for ``.tsv``, else guessed from the first line (comma, semicolon or tab).
- ``anki``: Anki's "Notes in Plain Text" export: ``#separator:``, ``#html:``,
  ``#columns:`` and ``#... column:N`` header lines, then one note per row. The word is
  the first field that is not the guid, note type, deck or tags column (or ``column``);
  HTML, sound tags and cloze markers are stripped.
- ``lute``: Lute's term export (CSV with a header naming ``term``, ``language`` and
  ``status``). Only German terms (language ``German``/``Deutsch``/``de``) with status
  ``5`` (learned) or ``W``/``99`` (well known) are imported; learning statuses 1-4,
  ignored terms (``I``/``98``) and other languages are skipped with their reason.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.atomic import atomic_write
from reader.core.library import is_running_word, lexeme
from reader.errors import InputError, UsageError

KINDS = ("auto", "words", "csv", "tsv", "anki", "lute")
LUTE_KNOWN = frozenset({"5", "W", "WKN", "99"})
LUTE_IGNORED = frozenset({"I", "IGN", "98"})
GERMAN = frozenset({"german", "deutsch", "de", "ger", "deu"})
MAX_ENTRY = 60  # characters: longer is a sentence, not a word

_ARTICLE = re.compile(
    r"^(?:(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines)"
    r"(?:\s*/\s*(?:der|die|das))*\s+|sich\s+)+",
    re.IGNORECASE,
)
_CUT = re.compile(r"\t|=|;|,|\s[-–—:]\s|\s\|\s")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<\s*(?:br|/div|/p|/li|hr)\b[^>]*>", re.IGNORECASE)
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}")


@dataclass(frozen=True, slots=True)
class Skip:
    line: int
    reason: str


@dataclass
class ImportReport:
    """What ``import_known`` did (nothing is written when it raises)."""

    kind: str
    imported: list[str] = field(default_factory=list)  # lexemes newly marked known
    already: list[str] = field(default_factory=list)  # lexemes that were known before
    skipped: list[Skip] = field(default_factory=list)

    def reasons(self) -> list[tuple[str, list[int]]]:
        """Skip reasons, most frequent first, each with its line numbers."""
        lines: dict[str, list[int]] = {}
        for s in self.skipped:
            lines.setdefault(s.reason, []).append(s.line)
        counts = Counter({r: len(v) for r, v in lines.items()})
        return [(r, lines[r]) for r, _ in counts.most_common()]


# -- reading the sources -----------------------------------------------------------------

Entries = list[tuple[int, str]]  # (line number, raw entry)


def detect(path: Path, text: str, column: str | None) -> str:
    """The kind of a file: by its header lines first, then by its suffix."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    first = lines[0].lstrip("\ufeff") if lines else ""
    if first.startswith(("#separator:", "#html:", "#notetype", "#deck", "#columns:", "#tags")):
        return "anki"
    head = {c.strip().lower() for c in re.split(r"[,;\t]", first)}
    if {"term", "language", "status"} <= head:
        return "lute"
    suffix = path.suffix.lower()
    if suffix == ".tsv":
        return "tsv"
    if suffix == ".csv" or column is not None:
        return "csv"
    return "words"


def _words(text: str) -> tuple[Entries, list[Skip]]:
    entries, skipped = [], []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            skipped.append(Skip(n, "empty or comment line"))
        else:
            entries.append((n, line))
    return entries, skipped


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """CSV rows with the line each starts on (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    out, line = [], 1
    for row in reader:
        out.append((line, row))
        line = reader.line_num + 1
    return out


def _column(spec: str | None, names: list[str]) -> int | None:
    """0-based index of ``spec`` (1-based number or a header name), None for the default."""
    if spec is None:
        return None
    if spec.isdigit():
        if int(spec) < 1:
            raise UsageError("--column counts from 1")
        return int(spec) - 1
    folded = [n.strip().casefold() for n in names]
    if spec.strip().casefold() not in folded:
        listed = ", ".join(n.strip() for n in names if n.strip()) or "none"
        raise UsageError(f"no column named {spec!r} (the header has: {listed})")
    return folded.index(spec.strip().casefold())


def _table(
    text: str,
    delimiter: str,
    column: str | None,
    header: bool,
    first: int = 0,
    names: list[str] | None = None,
    fallback: int = 0,
) -> tuple[Entries, list[Skip]]:
    rows = _rows(text, delimiter)
    skipped: list[Skip] = []
    if column is not None and not column.isdigit() and names is None:
        header = True
    if header and rows:
        names = rows[0][1]
        skipped.append(Skip(rows[0][0] + first, "header row"))
        rows = rows[1:]
    index = _column(column, names or [])
    index = fallback if index is None else index
    entries: Entries = []
    for n, row in rows:
        n += first
        if not row or not any(c.strip() for c in row):
            skipped.append(Skip(n, "empty or comment line"))
        elif index >= len(row):
            skipped.append(Skip(n, f"no column {index + 1} in this row"))
        else:
            entries.append((n, row[index]))
    return entries, skipped


def _delimiter(kind: str, text: str) -> str:
    if kind == "tsv":
        return "\t"
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return max("\t,;", key=first.count) if any(c in first for c in "\t,;") else ","


_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}


def strip_html(value: str) -> str:
    """The first line of an Anki field as plain text."""
    value = _SOUND.sub("", _CLOZE.sub(r"\1", value))
    value = _TAG.sub("", _BREAK.sub("\n", value))
    value = html.unescape(value).replace("\xa0", " ")
    return next((ln.strip() for ln in value.splitlines() if ln.strip()), "")


def _anki(text: str, column: str | None) -> tuple[Entries, list[Skip]]:
    lines = text.splitlines(keepends=True)
    settings: dict[str, str] = {}
    n = 0
    while n < len(lines) and lines[n].lstrip("\ufeff").startswith("#"):
        key, _, value = lines[n].lstrip("\ufeff#").rstrip("\r\n").partition(":")
        settings[key.strip().lower()] = value
        n += 1
    sep = settings.get("separator", "tab").strip()
    delimiter = _SEPARATORS.get(sep.lower(), sep[:1] or "\t")
    names = settings["columns"].split(delimiter) if "columns" in settings else None
    meta = {
        int(v) - 1 for k, v in settings.items() if k.endswith(" column") and v.strip().isdigit()
    }
    fallback = next(i for i in range(len(meta) + 1) if i not in meta)
    entries, skipped = _table(
        "".join(lines[n:]), delimiter, column, False, first=n, names=names, fallback=fallback
    )
    skipped = [Skip(i + 1, "Anki header line") for i in range(n)] + skipped
    if settings.get("html", "false").strip().lower() == "true":
        entries = [(line, strip_html(value)) for line, value in entries]
    return entries, skipped


def _lute(text: str) -> tuple[Entries, list[Skip]]:
    rows = _rows(text, _delimiter("csv", text))
    if not rows:
        return [], []
    head = [c.strip().lstrip("\ufeff").lower() for c in rows[0][1]]
    at = {name: head.index(name) for name in ("term", "language", "status")}
    entries: Entries = []
    skipped = [Skip(rows[0][0], "header row")]
    for n, row in rows[1:]:
        cell = {k: (row[i].strip() if i < len(row) else "") for k, i in at.items()}
        status = cell["status"].upper()
        if not any(c.strip() for c in row):
            skipped.append(Skip(n, "empty or comment line"))
        elif cell["language"].casefold() not in GERMAN:
            skipped.append(Skip(n, f"not German in Lute ({cell['language'] or 'no language'})"))
        elif status in LUTE_IGNORED:
            skipped.append(Skip(n, "ignored in Lute"))
        elif status not in LUTE_KNOWN:
            skipped.append(Skip(n, f"still learning in Lute (status {status or 'none'})"))
        else:
            entries.append((n, cell["term"].replace("\u200b", "")))
    return entries, skipped


def read_entries(
    path: Path, kind: str = "auto", column: str | None = None, header: bool = False
) -> tuple[str, Entries, list[Skip]]:
    """(kind, entries, skipped lines) of a file; nothing is lemmatised yet."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a word list") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (save the list as UTF-8)") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if "\0" in text:
        raise InputError(f"{path}: a binary file, not a word list")
    if kind == "auto":
        kind = detect(path, text, column)
    if kind == "words":
        return kind, *_words(text)
    if kind == "anki":
        return kind, *_anki(text, column)
    if kind == "lute":
        try:
            return kind, *_lute(text)
        except ValueError:
            raise InputError(
                f"{path}: not a Lute term export (no term, language and status columns)"
            ) from None
    return kind, *_table(text, _delimiter(kind, text), column, header)


# -- entries to lexemes ------------------------------------------------------------------


def clean(entry: str) -> str:
    """The word of a list entry: no translation, grammar note, article or *sich*."""
    entry = _BRACKETS.sub(" ", entry.replace("\u200b", ""))
    entry = _CUT.split(entry, maxsplit=1)[0]
    entry = _ARTICLE.sub("", " ".join(entry.split()))
    return entry.strip(" \t.!?\"'„“”‚‘’«»*-–—")


def lexemes(entries: list[str], model: str | None = None) -> list[tuple[str | None, str]]:
    """(lexeme, '') or (None, reason) for each cleaned entry, through the app's pipeline."""
    from reader.core.analyze import analyse_paragraphs
    from reader.core.model import DEFAULT_LEVEL, Paragraph
    from reader.core.nlp.pipeline import build
    from reader.core.nlp.spacy_import import import_spacy

    out: list[tuple[str | None, str]] = [(None, "")] * len(entries)
    todo: list[int] = []
    for i, entry in enumerate(entries):
        if not entry:
            out[i] = (None, "nothing left of the entry once cleaned")
        elif not any(ch.isalpha() for ch in entry):
            out[i] = (None, "not a word (no letters)")
        elif len(entry) > MAX_ENTRY:
            out[i] = (None, f"longer than {MAX_ENTRY} characters (a sentence, not a word)")
        else:
            todo.append(i)
    if not todo:
        return out
    import_spacy()
    paragraphs = [Paragraph(entries[i], 0) for i in todo]
    for i, p in zip(todo, analyse_paragraphs(paragraphs, build(model), DEFAULT_LEVEL), strict=True):
        found = list(
            dict.fromkeys(
                lexeme(t) for t in p.tokens if is_running_word(t) or (t.ent and t.pos != "PUNCT")
            )
        )
        if len(found) == 1:
            out[i] = (found[0], "")
        else:
            out[i] = (None, "several words, not one lexeme (a phrase)")
    return out


# -- the store ---------------------------------------------------------------------------


def import_known(
    store: Any,
    path: str | os.PathLike[str],
    kind: str = "auto",
    column: str | None = None,
    header: bool = False,
    model: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Mark every word of the file known, in one transaction (all or nothing)."""
    if kind not in KINDS:
        raise UsageError(f"unknown list format {kind!r} (one of {', '.join(KINDS)})")
    found_kind, entries, skipped = read_entries(Path(path), kind, column, header)
    report = ImportReport(found_kind, skipped=list(skipped))
    cleaned = [clean(raw) for _, raw in entries]
    first_line: dict[str, int] = {}
    ordered: list[str] = []
    for (line, _), (lex, reason) in zip(entries, lexemes(cleaned, model), strict=True):
        if lex is None:
            report.skipped.append(Skip(line, reason))
        elif lex in first_line:
            report.skipped.append(Skip(line, "the same word as an earlier line"))
        else:
            first_line[lex] = line
            ordered.append(lex)
    report.skipped.sort(key=lambda s: s.line)
    now = time.time()
    with store.transaction() as db:
        for lex in ordered:
            row = db.execute("SELECT status FROM words WHERE lemma = ?", (lex,)).fetchone()
            if row is not None and row[0] == "known":
                report.already.append(lex)
                continue
            report.imported.append(lex)
            if not dry_run:
                db.execute(
                    "INSERT INTO words (lemma, status, updated) VALUES (?, 'known', ?)"
                    " ON CONFLICT (lemma) DO UPDATE SET status = 'known',"
                    " updated = excluded.updated",
                    (lex, now),
                )
    return report


def known_list(store: Any) -> list[str]:
    """Every known lexeme, in dictionary order."""
    return sorted(store.known_lemmas(), key=lambda w: (w.casefold(), w))


def write_list(words: list[str], path: Path, force: bool = False) -> None:
    """One word per line, written as every export is (``atomic.atomic_write``): whole or
    not at all, with the learner's usual file mode, and never over a file without ``force``."""

    def fill(tmp: Path) -> None:
        tmp.write_text("".join(f"{w}\n" for w in words), encoding="utf-8", newline="\n")

    atomic_write(path, fill, force)
