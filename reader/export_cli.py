"""``reader export FILE --format csv|tsv|anki|md|json -o PATH [--all] [--force] [--level B1]``.

Exports the words the learner saved while reading FILE; with ``--all``, every rare word
of FILE at the given level as well (minus words marked known or ignored). Without
``--all`` no NLP runs: the saved entries already hold everything a card needs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from reader.cli import Parser
from reader.core.entry import GlossaryEntry
from reader.core.export import FORMATS, SUFFIXES, check_target, export_entries
from reader.core.model import Article, Document
from reader.core.text import safe_for_terminal
from reader.errors import UsageError

# What a suffix says about the content; ".txt" is generic, so it never contradicts --format.
_FORMAT_OF_SUFFIX = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".apkg": "anki",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
}


def _parser() -> Parser:
    p = Parser(
        prog="reader export",
        description="Export the glossary of FILE (the saved words, or --all rare words).",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        metavar="FORMAT",
        help="csv, tsv (Anki text import), anki (.apkg), md (study sheet), json; "
        "default: from the suffix of -o PATH",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="where to write (default: FILE's name with the format's suffix, here)",
    )
    p.add_argument(
        "--all", action="store_true", help="every rare word of FILE, not only the saved ones"
    )
    p.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    p.add_argument("--level", default=None, help="learner level A1..C2 for --all (default B1)")
    p.add_argument("--model", default=None, help="an installed trained spaCy German pipeline")
    p.add_argument(
        "--no-summary",
        action="store_true",
        help="md: leave out the section summaries (skips the analysis)",
    )
    return p


def choose_format(fmt: str | None, output: str | None) -> str:
    """The export format: ``--format``, else the one the suffix of ``-o`` names.

    A suffix that names another format is refused rather than obeyed, so CSV never lands
    in a file called ``.json`` (an Anki import or a JSON reader would fail on it later).
    """
    suffix = Path(output).suffix.lower() if output else ""
    implied = _FORMAT_OF_SUFFIX.get(suffix)
    if fmt is None:
        if implied is None:
            raise UsageError(
                f"export: give --format ({', '.join(FORMATS)}), or -o PATH ending in "
                f"{', '.join(sorted(_FORMAT_OF_SUFFIX))}"
            )
        return implied
    if implied is not None and implied != fmt:
        raise UsageError(
            f"export: -o {output} names {implied} but --format is {fmt}; use --format {implied} "
            f"or a name ending in {SUFFIXES[fmt]}"
        )
    return fmt


def _warn(message: str) -> None:
    sys.stderr.write(f"reader: warning: {safe_for_terminal(message)}\n")


def section_map(document: Document, entries: Sequence[GlossaryEntry]) -> dict[str, str | None]:
    """lemma -> heading of the first section whose text holds the entry's example sentence."""
    out: dict[str, str | None] = {}
    for e in entries:
        needle = e.example.strip() or e.word
        if not needle:
            continue
        for section in document.sections:
            if any(needle in p.text for p in section.paragraphs):
                out[e.lemma] = section.heading
                break
    return out


def summaries_of(article: Article) -> list[tuple[str | None, str]] | None:
    """(heading, summary) per section for the study sheet; None if summaries are unavailable."""
    try:
        from reader.core.summary import section_summaries
    except ImportError:
        return None
    out = []
    for section, summary in zip(article.sections, section_summaries(article), strict=False):
        if summary.text:
            out.append((section.heading, summary.text))
    return out


def _merge(
    saved: list[GlossaryEntry], rare: list[GlossaryEntry], statuses: dict[str, str]
) -> list[GlossaryEntry]:
    """Rare words in document order, the learner's saved version where there is one."""
    by_lemma = {e.lemma: e for e in saved}
    out: list[GlossaryEntry] = []
    seen: set[str] = set()
    for e in rare:
        if e.lemma in seen:
            continue
        if e.lemma not in by_lemma and statuses.get(e.lemma) in {"known", "ignored"}:
            continue
        seen.add(e.lemma)
        out.append(by_lemma.get(e.lemma, e))
    out += [e for e in saved if e.lemma not in seen]
    return out


def cmd_export(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    args.format = choose_format(args.format, args.output)
    from reader.core.document import load
    from reader.core.store import Store, document_key, source_id
    from reader.core.vocabulary import DEFAULT_LEVEL, check_level
    from reader.errors import ExportError

    try:
        level = check_level(args.level or DEFAULT_LEVEL)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    document = load(args.file)
    output = (
        Path(args.output) if args.output else Path(Path(args.file).stem + SUFFIXES[args.format])
    )

    store = Store()
    try:
        saved: list[GlossaryEntry] = []
        seen: set[str] = set()
        for key in (source_id(args.file), document_key(args.file, document.text)):
            for e in store.saved_entries(key):
                if e.lemma not in seen:
                    seen.add(e.lemma)
                    saved.append(e)
        statuses = store.statuses() if args.all else {}
        # after reading: entries that could not be read are reported too, not only damage
        for message in store.take_warnings():
            _warn(message)
    finally:
        store.close()

    if not args.all and not saved:
        raise ExportError(
            f"{args.file}: no saved words yet (save words in the app, or use --all "
            "for every rare word)"
        )
    check_target(output, args.force)  # fail before a long analysis, not after it

    # document.source, not args.file: it is printable even when the name is not UTF-8
    title = document.title or Path(document.source).stem
    entries = saved
    article: Article | None = None
    if args.all or (args.format == "md" and not args.no_summary):
        from reader.core.analyze import analyse

        article = analyse(document, level=level, model=args.model)
    if args.all:
        try:
            from reader.core.glossary import entries_for_article
        except ImportError as exc:
            raise ExportError(
                f"--all needs the glossary builder, which failed to load: {exc}"
            ) from exc
        entries = _merge(saved, list(entries_for_article(article)), statuses)
        if not entries:
            raise ExportError(f"{args.file}: no rare words at level {level}; nothing to export")

    wants_summaries = args.format == "md" and not args.no_summary
    summaries = summaries_of(article) if article is not None and wants_summaries else None
    path = export_entries(
        entries,
        args.format,
        output,
        force=args.force,
        title=title,
        summaries=summaries,
        section_of=section_map(document, entries),
    )
    sys.stderr.write(f"reader: wrote {len(entries)} words to {safe_for_terminal(path)}\n")
    return 0
