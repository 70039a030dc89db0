"""``reader library [--json] [--level B1] [--sort KEY]``, ``reader library add|remove FILE...``.

The same rows as the home screen (``reader.ui.library``), from ``reader.core.library``:
a table on stdout, or with ``--json`` a list of objects with the raw figures. ``add`` puts a
file on the list without opening it (its figures come from the analysis cache if this
exact text was analysed before, else at its first reading); ``remove`` takes it off the
list and never touches the file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from reader.cli import Parser
from reader.errors import UsageError


def _parser() -> Parser:
    from reader.core.library import SORTS

    p = Parser(prog="reader library", description="Every text read so far.")
    p.add_argument("--json", action="store_true", help="JSON on stdout")
    p.add_argument("--level", default=None, help="your level A1..C2 for the known share (B1)")
    p.add_argument("--sort", default="opened", choices=SORTS, help="row order (opened)")
    return p


def _files_parser(action: str) -> Parser:
    p = Parser(prog=f"reader library {action}")
    p.add_argument("files", nargs="+", metavar="FILE")
    return p


def table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    """Plain aligned columns (titles are data: no markup anywhere)."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    right = {2, 3, 4}
    lines = []
    for r in [header, *rows]:
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def cmd_library(argv: Sequence[str]) -> int:
    argv = list(argv)
    if argv and argv[0] in {"add", "remove"}:
        return _files(argv[0], _files_parser(argv[0]).parse_args(argv[1:]).files)
    args = _parser().parse_args(argv)
    from reader.core import library
    from reader.core.model import DEFAULT_LEVEL
    from reader.core.store import Store
    from reader.core.vocabulary import check_level

    try:
        level = check_level(args.level or DEFAULT_LEVEL)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    with Store() as store:
        for warning in store.warnings:
            sys.stderr.write(f"reader: warning: {warning}\n")
        rows = library.entries(store, level, args.sort)
    if args.json:
        payload = [library.entry_dict(e, level) for e in rows]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    elif rows:
        sys.stdout.write(table([library.cells(e) for e in rows], library.COLUMNS))
    else:
        sys.stderr.write("reader: the library is empty (open a text with `reader FILE`)\n")
    return 0


def _files(action: str, files: list[str]) -> int:
    from reader.core import library
    from reader.core.document import load
    from reader.core.store import Store, source_id

    with Store() as store:
        if action == "remove":
            missing = [f for f in files if not library.remove(store, source_id(f))]
            if missing:
                raise UsageError(f"not in the library: {', '.join(missing)}")
            return 0
        documents = [load(f) for f in files]  # bad input fails before anything is written
        for document in documents:
            library.record_open(store, document, opened=False)
            if not library.has_figures(store, document):
                library.record_from_cache(store, document)
    return 0
