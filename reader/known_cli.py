"""``reader known import FILE [--column N|NAME] [--format KIND]`` and ``reader known export``.

The import report goes to stdout: how many words were newly marked known, how many were
known already, and every skipped line grouped by its reason (with line numbers), so a
learner can see what did not come across and why. See ``reader.core.known_words`` for the
formats and how entries become lexemes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from reader.cli import Parser

KIND_NAMES = {
    "words": "a word list",
    "csv": "a CSV table",
    "tsv": "a TSV table",
    "anki": "an Anki text export",
    "lute": "a Lute term export",
}
SHOW_LINES = 8  # line numbers shown per skip reason


def _parser() -> Parser:
    from reader.core.known_words import KINDS

    p = Parser(prog="reader known", description="Import or export the words you know.")
    sub = p.add_subparsers(dest="action", required=True, parser_class=Parser)
    imp = sub.add_parser("import", help="mark the words of FILE known")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--format",
        dest="kind",
        default="auto",
        choices=KINDS,
        help="words, csv, tsv, anki or lute (default: detected)",
    )
    imp.add_argument(
        "--column",
        default=None,
        metavar="N|NAME",
        help="the column holding the word: 1-based number or header name",
    )
    imp.add_argument(
        "--header", action="store_true", help="the first row is a header (implied by a column NAME)"
    )
    imp.add_argument("--dry-run", action="store_true", help="report, but change nothing")
    imp.add_argument("--model", default=None, help="the spaCy pipeline you read with")
    exp = sub.add_parser("export", help="every known word, one per line")
    exp.add_argument(
        "-o", "--output", default=None, metavar="FILE", help="write to FILE (default: stdout)"
    )
    exp.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    return p


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:SHOW_LINES])
    more = f", … ({len(numbers) - SHOW_LINES} more)" if len(numbers) > SHOW_LINES else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


def cmd_known(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    from reader.core import known_words
    from reader.core.store import Store

    with Store() as store:
        for warning in store.warnings:
            sys.stderr.write(f"reader: warning: {warning}\n")
        if args.action == "export":
            words = known_words.known_list(store)
            if args.output:
                known_words.write_list(words, Path(args.output), force=args.force)
                sys.stderr.write(f"reader: wrote {len(words)} known words to {args.output}\n")
            else:
                sys.stdout.writelines(f"{w}\n" for w in words)
            return 0
        report = known_words.import_known(
            store, args.file, args.kind, args.column, args.header, args.model, args.dry_run
        )
    verb = "would mark" if args.dry_run else "marked"
    out = [
        f"{args.file} ({KIND_NAMES.get(report.kind, report.kind)}):",
        f"  {verb} known: {len(report.imported)}",
        f"  already known: {len(report.already)}",
        f"  skipped lines: {len(report.skipped)}",
    ]
    out += [f"    {len(lines)} × {reason} ({_lines(lines)})" for reason, lines in report.reasons()]
    sys.stdout.write("\n".join(out) + "\n")
    return 0
