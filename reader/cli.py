"""Command line: ``reader FILE`` opens the app; subcommands work headless.

Every error a user can cause ends as one line on stderr and exit status 2; the heavy
imports (spaCy, Textual) happen only inside the command that needs them, so ``reader``
alone and ``reader --help`` answer at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from reader.errors import ReaderError, UsageError

SUBCOMMANDS = ("analyze", "tag", "export", "dict")
USAGE = """\
usage: reader FILE [--level B1] [--model NAME]      read FILE in the app
       reader analyze FILE [--json] [--level B1] [--model NAME] [--jobs N]
       reader tag [FILE] [--model NAME]                  tag pre-tokenised text (one token per line)
       reader export FILE --format csv|tsv|anki|md|json -o PATH [--all] [--force]
       reader dict add PATH | reader dict list

Keys in the app: j/k paragraphs, ]/[ sections, Tab words, Enter entry, s save, ? help, q quit.
"""


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad option is one line on stderr (not usage plus error)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _level(value: str) -> str:
    from reader.core.vocabulary import check_level

    try:
        return check_level(value)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--level", default=None, help="learner level A1..C2 (default B1)")
    p.add_argument("--model", default=None, help="an installed trained spaCy German pipeline")


def _parser_app() -> _Parser:
    p = _Parser(prog="reader", add_help=True, usage=USAGE)
    p.add_argument("file")
    _add_common(p)
    return p


def _parser_analyze() -> _Parser:
    p = _Parser(prog="reader analyze")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="JSON on stdout")
    p.add_argument("--jobs", type=int, default=1, help="worker processes for big or many files")
    _add_common(p)
    return p


def _parser_tag() -> _Parser:
    p = _Parser(prog="reader tag")
    p.add_argument("file", nargs="?")
    p.add_argument("--model", default=None)
    return p


def cmd_analyze(argv: Sequence[str]) -> int:
    args = _parser_analyze().parse_args(argv)
    level = _level(args.level or "B1")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    from reader.core.document import load

    # bad input fails at once, before spaCy is even imported; each file is read once
    documents = [load(path) for path in args.files]
    from reader.core.nlp.spacy_import import import_spacy

    import_spacy()  # without spaCy's command line: 0.4 s less at every start
    from reader.core.batch import analyse_files

    articles = analyse_files(documents, level=level, model=args.model, jobs=args.jobs)
    from reader.core.text import json_inert, safe_for_terminal

    for article in articles:
        for warning in article.warnings:
            shown = safe_for_terminal(f"{article.source}: {warning}")
            sys.stderr.write(f"reader: warning: {shown}\n")
    if args.json:
        from reader.core.llm import LLMSettings
        from reader.core.serialize import article_dict

        llm = LLMSettings.from_env()  # off unless READER_LLM_URL / READER_LLM_GGUF is set
        payload = [article_dict(a, llm) for a in articles]
        out = payload[0] if len(payload) == 1 else payload
        sys.stdout.write(json_inert(json.dumps(out, ensure_ascii=False)) + "\n")
    else:
        from reader.overview import print_overview

        for article in articles:
            print_overview(article)
    return 0


def cmd_tag(argv: Sequence[str]) -> int:
    args = _parser_tag().parse_args(argv)
    from reader.core.nlp.spacy_import import import_spacy

    import_spacy()
    from reader.core.tagging import tag_stream

    if args.file:
        from reader.core.document import load  # reuse its checks for missing files etc.

        try:
            with open(args.file, encoding="utf-8", errors="replace") as fh:
                tag_stream(fh, sys.stdout, model=args.model)
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            load(args.file)  # raises the right InputError
            raise
    else:
        tag_stream(sys.stdin, sys.stdout, model=args.model)
    return 0


def cmd_app(argv: Sequence[str]) -> int:
    args = _parser_app().parse_args(argv)
    from reader.app_main import run_app

    return run_app(args.file, level=_level(args.level) if args.level else None, model=args.model)


def dispatch(argv: Sequence[str]) -> int:
    if not argv:
        sys.stdout.write(USAGE)
        return 0
    if argv[0] in {"-h", "--help"}:
        sys.stdout.write(USAGE)
        return 0
    if argv[0] in {"-V", "--version"}:
        from reader import __version__

        sys.stdout.write(f"reader {__version__}\n")
        return 0
    command, rest = argv[0], list(argv[1:])
    if command == "analyze":
        return cmd_analyze(rest)
    if command == "tag":
        return cmd_tag(rest)
    if command == "export":
        from reader.export_cli import cmd_export

        return cmd_export(rest)
    if command == "dict":
        from reader.dict_cli import cmd_dict

        return cmd_dict(rest)
    return cmd_app(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return dispatch(list(sys.argv[1:] if argv is None else argv))
    except ReaderError as exc:
        from reader.core.text import safe_for_terminal

        # messages quote file names and dictionary text: never raw to the terminal
        sys.stderr.write(f"reader: {safe_for_terminal(exc)}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("reader: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
