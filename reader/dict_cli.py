"""``reader dict add PATH`` / ``reader dict list`` / ``reader dict lookup WORD``.

Imports show a rich progress bar; the Debian ``trans-de-en`` file and the packaged German
Wiktionary definitions are imported automatically on first need (``reader dict list``
imports them too, so a learner can see what is there).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reader.core.text import safe_for_terminal
from reader.errors import UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _parser() -> _Parser:
    p = _Parser(prog="reader dict")
    sub = p.add_subparsers(dest="action", required=True, parser_class=_Parser)
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
        self.progress = Progress(TextColumn("{task.description}", markup=False), BarColumn(),
                                 DownloadColumn(), TimeRemainingColumn(), transient=False)
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
        sys.stdout.write("usage: reader dict add PATH [--name N] [--format F] | reader dict list"
                         " | reader dict lookup WORD\n")
        return 0
    args = _parser().parse_args(list(argv))
    from reader.core import dictionary as dic

    if args.action == "add":
        label = safe_for_terminal(args.name or args.path)
        with _Bar() as bar:
            path, stats = dic.import_dictionary(
                args.path, name=args.name, fmt=args.fmt, lang=args.lang,
                progress=lambda done, total: bar(label, done, total))
        dic.reset_default()
        sys.stdout.write(f"imported {stats.entries} entries ({stats.malformed} malformed lines "
                         f"skipped) in {stats.seconds:.1f} s into {safe_for_terminal(path)}\n")
        for err in stats.first_errors:
            sys.stdout.write(f"  skipped {safe_for_terminal(err)}\n")
        return 0
    if dic.needs_import():
        with _Bar() as bar:
            dic.ensure_auto(bar)
    if args.action == "list":
        rows = dic.registered()
        if not rows:
            sys.stdout.write("no dictionaries (apt-get install trans-de-en, "
                             "or reader dict add PATH)\n")
        for meta in rows:
            cells = [meta.get(k) for k in ("name", "format", "lang")]
            cells += [f"{meta.get('entries')} entries", f"{meta.get('malformed')} malformed",
                      meta.get("source")]
            sys.stdout.write("\t".join(safe_for_terminal(c) for c in cells) + "\n")
        return 0
    dicts = dic.default_dictionaries()
    for hit in dicts.translations(args.word) + dicts.definitions(args.word):
        # Dictionary text is untrusted: one sanitised cell per column, never raw.
        cells = (hit.dictionary, hit.headword, hit.pos, "; ".join(hit.glosses))
        sys.stdout.write("\t".join(safe_for_terminal(c) for c in cells) + "\n")
    return 0
