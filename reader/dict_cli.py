"""``reader dict add PATH`` / ``reader dict list`` / ``reader dict lookup WORD``.

``lookup`` finds a form through its base form (*nahmen* -> *nehmen*) and exits 1 with
one line on stderr when nothing is found. Imports show a rich progress bar; the Debian
``trans-de-en`` file and the packaged German Wiktionary definitions are imported
automatically on first need (``reader dict list`` imports them too, so a learner can see
what is there).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from reader.cli import Parser
from reader.core.text import safe_for_terminal


def _parser() -> Parser:
    p = Parser(prog="reader dict")
    sub = p.add_subparsers(dest="action", required=True, parser_class=Parser)
    add = sub.add_parser("add", help="import a Ding, kaikki JSONL or tab dictionary file")
    add.add_argument("path")
    add.add_argument("--name", default=None)
    add.add_argument("--format", dest="fmt", choices=("ding", "kaikki", "tab"), default=None)
    add.add_argument("--lang", default="en", help="language of the glosses (en, or de)")
    sub.add_parser("list", help="the imported dictionaries")
    look = sub.add_parser("lookup", help="look a word up in every dictionary")
    look.add_argument("word")
    return p


class _Bar:
    """A rich progress bar fed by (label, done, total) callbacks."""

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        # markup=False: the label is a file or --name the user typed, data, never markup
        self.progress = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            transient=False,
        )
        self.tasks: dict[str, int] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        if label not in self.tasks:
            description = f"importing {safe_for_terminal(label)}"
            self.tasks[label] = self.progress.add_task(description, total=total)
        self.progress.update(self.tasks[label], completed=done, total=total)

    def __enter__(self) -> _Bar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def cmd_dict(argv: Sequence[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        sys.stdout.write(
            "usage: reader dict add PATH [--name N] [--format F] | reader dict list"
            " | reader dict lookup WORD\n"
        )
        return 0
    args = _parser().parse_args(list(argv))
    from reader.core import dictionary as dic

    if args.action == "add":
        label = safe_for_terminal(args.name or args.path)
        with _Bar() as bar:
            path, stats = dic.import_dictionary(
                args.path,
                name=args.name,
                fmt=args.fmt,
                lang=args.lang,
                progress=lambda done, total: bar(label, done, total),
            )
        dic.reset_default()
        sys.stdout.write(
            f"imported {stats.entries} entries ({stats.malformed} malformed lines "
            f"skipped) in {stats.seconds:.1f} s into {safe_for_terminal(path)}\n"
        )
        for err in stats.first_errors:
            sys.stdout.write(f"  skipped {safe_for_terminal(err)}\n")
        return 0
    if dic.needs_import():
        with _Bar() as bar:
            dic.ensure_auto(bar)
    if args.action == "list":
        rows = dic.registered()
        if not rows:
            sys.stdout.write(
                "no dictionaries (apt-get install trans-de-en, or reader dict add PATH)\n"
            )
        for meta in rows:
            cells = [meta.get(k) for k in ("name", "format", "lang")]
            cells += [
                f"{meta.get('entries')} entries",
                f"{meta.get('malformed')} malformed",
                meta.get("source"),
            ]
            sys.stdout.write("\t".join(safe_for_terminal(c) for c in cells) + "\n")
        return 0
    lines = lookup_lines(dic.default_dictionaries(), args.word.strip())
    if not lines:
        shown = safe_for_terminal(args.word)
        sys.stderr.write(f"reader dict: no entry for {shown!r} or its base form\n")
        return 1
    sys.stdout.write("".join(line + "\n" for line in lines))
    return 0


def _hits(dicts: Any, word: str, cased: bool) -> list[Any]:
    hits = dicts.translations(word) + dicts.definitions(word)
    from reader.core.senses import core

    if cased:  # the index ignores case; *nahmen* is not the name *Nahmen*
        hits = [h for h in hits if word in core(h.headword).split() or h.headword == word]
    return hits


def lookup_lines(dicts: Any, word: str) -> list[str]:
    """What ``reader dict lookup`` prints: the word's own entries (same spelling and case),
    then those of its base forms (*nahmen* -> *nehmen*, *Häuser* -> *Haus*); entries that
    differ only in case (*haus* -> *Haus*) only when neither found anything."""
    from reader.core.dictionary.wordforms import readings

    def rows(hits: list[Any]) -> list[str]:
        out = []
        for h in hits:  # the German side's labels and note say which sense it is
            head = h.headword + "".join(f" [{x}]" for x in h.labels.split())
            head += f" ({h.note})" if h.note else ""
            cells = (h.dictionary, head, h.pos, "; ".join(h.glosses))
            # dictionary text is untrusted: each cell sanitised, on one line, never raw
            out.append("\t".join(safe_for_terminal(c) for c in cells))
        return out

    out = rows(_hits(dicts, word, cased=True))
    for lemma, pos in readings(word) if word.replace("-", "").isalpha() else ():
        if lemma == word:
            continue
        found = rows(_hits(dicts, lemma, cased=True))
        if found:
            out += [safe_for_terminal(f"{word} → {lemma} ({pos})"), *found]
    if not out:
        out = rows(_hits(dicts, word, cased=False))
    return out
