"""Command line: ``reader FILE`` opens the app; subcommands work headless.

Every error ends as one line on stderr: exit status 2 when the input or the command line is
at fault (a missing file, a bad option, a closed stdin, no terminal for the app), exit
status 1 when writing failed (a full disk, a closed output) or something unexpected broke.
The heavy imports (spaCy, Textual) happen only inside the command that needs them, so
``reader`` alone and ``reader --help`` answer at once.

Subcommands live in one table, ``COMMANDS``: adding one is one ``Command(...)`` entry (its
usage lines feed ``reader --help``; its function is imported only when it runs).
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reader.errors import OutputError, ReaderError, UsageError


@dataclass(frozen=True, slots=True)
class Command:
    """One subcommand: its name, where its ``cmd(argv) -> int`` lives, what help says."""

    name: str
    target: str  # "module:function", imported only when the command runs
    usage: tuple[str, ...]  # lines shown after "reader " in ``reader --help``
    summary: str
    writes_stdout: bool = True  # False if its results go to a file (stdout may be closed)

    def run(self, argv: Sequence[str]) -> int:
        module, _, function = self.target.partition(":")
        cmd: Callable[[Sequence[str]], int] = getattr(importlib.import_module(module), function)
        return cmd(argv)


COMMANDS: tuple[Command, ...] = (
    Command(
        "analyze",
        "reader.cli:cmd_analyze",
        ("analyze FILE... [--json] [--level B1] [--model NAME] [--jobs N]",),
        "the same analysis, headless: an overview, or JSON for scripts",
    ),
    Command(
        "tag",
        "reader.tag_cli:cmd_tag",
        ("tag [FILE] [--model NAME]",),
        "one token per line in; token, lemma, UPOS, STTS, BIO out",
    ),
    Command(
        "export",
        "reader.export_cli:cmd_export",
        ("export FILE [--format csv|tsv|anki|md|json] [-o PATH] [--all] [--force]",),
        "your saved words (--all: every rare word) for Anki, a spreadsheet or a study sheet",
        writes_stdout=False,
    ),
    Command(
        "dict",
        "reader.dict_cli:cmd_dict",
        ("dict add PATH [--name NAME] [--format ding|kaikki|tab]", "dict list", "dict lookup WORD"),
        "add a dictionary file, list the dictionaries, look a word up",
    ),
    Command(
        "library",
        "reader.library_cli:cmd_library",
        (
            "library [--json] [--level B1] [--sort opened|title|progress|known|level]",
            "library add|remove FILE...",
        ),
        "every text read so far: progress, known share, level (plain `reader` shows it)",
    ),
    Command(
        "known",
        "reader.known_cli:cmd_known",
        ("known import FILE [--column N|NAME] [--format ...]", "known export [-o FILE]"),
        "mark words known from a word list, CSV/TSV, Anki or Lute export; write them out",
    ),
)


def find_command(name: str) -> Command | None:
    return next((c for c in COMMANDS if c.name == name), None)


def usage() -> str:
    """``reader --help``: every command's usage lines, built from ``COMMANDS``."""
    lines = ["usage: reader FILE [--level B1] [--model NAME]"]
    lines += [f"       reader {line}" for c in COMMANDS for line in c.usage]
    width = max(len(c.name) for c in COMMANDS) + 2
    lines += ["", "commands:", f"  {'FILE':<{width}}read FILE in the app (needs a terminal)"]
    lines += [f"  {c.name:<{width}}{c.summary}" for c in COMMANDS]
    lines += [
        "",
        "options: --level A1..C2 is your level (default B1); --model NAME uses an installed",
        "trained spaCy German pipeline. reader COMMAND --help shows a command's options.",
        "",
        "Keys in the app: j/k paragraphs, ]/[ sections, Tab words, Enter entry, s save, ? help, "
        "q quit.",
    ]
    return "\n".join(lines) + "\n"


class Parser(argparse.ArgumentParser):
    """argparse, but an error is one line on stderr (not usage plus error) naming the culprit.

    Subcommand modules use it too, so every command words its errors the same way.
    """

    def error(self, message: str) -> None:  # type: ignore[override]
        if message.startswith("unrecognized arguments: "):
            extra = message.partition(": ")[2]
            message = f"unknown option or extra argument: {extra} (see {self.prog} --help)"
        prefix = self.prog.removeprefix("reader").strip()
        raise UsageError(f"{prefix}: {message}" if prefix else message)


def _level(value: str) -> str:
    from reader.core.vocabulary import check_level

    try:
        return check_level(value)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--level", default=None, help="learner level A1..C2 (default B1)")
    p.add_argument("--model", default=None, help="an installed trained spaCy German pipeline")


def _parser_app() -> Parser:
    p = Parser(prog="reader", add_help=True, usage=usage())
    p.add_argument("file", nargs="?")  # optional here, so a bad option is named first
    _add_common(p)
    return p


def _parser_analyze() -> Parser:
    p = Parser(prog="reader analyze")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="JSON on stdout")
    p.add_argument("--jobs", type=int, default=1, help="worker processes for big or many files")
    _add_common(p)
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


def _is_terminal(stream: object) -> bool:
    try:
        return stream is not None and stream.isatty()  # type: ignore[attr-defined]
    except (OSError, ValueError):
        return False


def cmd_app(argv: Sequence[str]) -> int:
    args = _parser_app().parse_args(argv)
    if args.file is None:
        raise UsageError("missing FILE (reader FILE reads it; reader --help lists the commands)")
    piped = args.file == "-"  # `reader -`: the text on stdin, the keys from the terminal
    if not piped and (not os.path.exists(args.file) or os.path.isdir(args.file)):
        from reader.core.document import load  # named before the terminal check

        load(args.file)  # raises the InputError (no such file, a directory); reads nothing
    if not os.environ.get("TEXTUAL_DRIVER"):  # ``textual serve`` drives the app without one
        missing = [
            name
            for name, stream in (("standard input", sys.stdin), ("standard output", sys.stdout))
            if not _is_terminal(stream) and not (piped and name == "standard input")
        ]
        if missing:
            raise UsageError(
                f"the app needs a terminal, and {' and '.join(missing)} "
                f"{'are' if len(missing) > 1 else 'is'} not one; for text output use: "
                "reader analyze FILE"
            )
    from reader.app_main import run_app

    return run_app(args.file, level=_level(args.level) if args.level else None, model=args.model)


def _unknown_command(word: str) -> None:
    """``reader anlyze x``: name the likely command instead of "no such file"."""
    if os.path.exists(word):
        return
    close = difflib.get_close_matches(word, [c.name for c in COMMANDS], n=1, cutoff=0.75)
    if close:
        raise UsageError(f"unknown command {word!r} (did you mean {close[0]}?)")


def _write_stdout(text: str) -> None:
    if sys.stdout is not None:
        sys.stdout.write(text)


def dispatch(argv: Sequence[str]) -> int:
    if not argv:
        if _is_terminal(sys.stdin) and _is_terminal(sys.stdout):  # a terminal: the library
            from reader.app_main import run_library

            return run_library()
        _write_stdout(usage())
        return 0
    if argv[0] in {"-h", "--help"}:
        _write_stdout(usage())
        return 0
    if argv[0] in {"-V", "--version"}:
        from reader import __version__

        _write_stdout(f"reader {__version__}\n")
        return 0
    command = find_command(argv[0])
    if command is None:
        if not argv[0].startswith("-"):
            _unknown_command(argv[0])
        return cmd_app(list(argv))
    if command.writes_stdout and sys.stdout is None:
        raise UsageError(
            f"{command.name}: standard output is closed; redirect it to a file instead (> out.txt)"
        )
    return command.run(list(argv[1:]))


def _occupy_closed_std_fds() -> None:
    """Put /dev/null on a closed fd 0, 1 or 2.

    Otherwise the next file opened (the SQLite store) would get that number, and anything
    written to "stdout" would land in the database. Python has already set the matching
    ``sys.std*`` to None, which is how the commands see that a stream was closed.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                new = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if new != fd:
                os.dup2(new, fd)
                os.close(new)


def _say(line: str) -> None:
    """One line on stderr, if there is a stderr at all.

    Messages quote file names and dictionary text: never raw to the terminal.
    """
    if sys.stderr is None:
        return
    from reader.core.text import safe_for_terminal

    try:
        sys.stderr.write(safe_for_terminal(line).rstrip() + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _stdout_failed() -> bool:
    """True if stdout cannot be written; it is then pointed at /dev/null so that the
    interpreter's last flush does not print a second error."""
    if sys.stdout is None:
        return False
    try:
        sys.stdout.flush()
        return False
    except (OSError, ValueError):
        pass
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return True


def _describe_os_error(exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None:
        return f"{os.fsdecode(exc.filename)}: {reason}"
    _stdout_failed()  # if it was stdout, the interpreter's last flush must not fail again
    return f"cannot write: {reason}"


def main(argv: Sequence[str] | None = None) -> int:
    _occupy_closed_std_fds()
    try:
        status = dispatch(list(sys.argv[1:] if argv is None else argv))
        if sys.stdout is not None:
            sys.stdout.flush()  # a full disk shows here, inside the guard, not at exit
        return status
    except ReaderError as exc:
        _say(f"reader: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        _say("reader: interrupted")
        return 130
    except BrokenPipeError:  # ``reader analyze f | head``: the reader has seen enough
        _stdout_failed()
        return 0
    except OSError as exc:
        _say(f"reader: {_describe_os_error(exc)}")
        return OutputError.exit_code
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, never a traceback
        if os.environ.get("READER_DEBUG"):
            raise
        if type(exc).__module__ == "sqlite3":
            _say(f"reader: the database failed: {exc} (is the disk full?)")
            return OutputError.exit_code
        if isinstance(exc, UnicodeEncodeError):
            _say(f"reader: cannot write this text: {exc}")
            return OutputError.exit_code
        _say(
            f"reader: unexpected error: {type(exc).__name__}: {exc} "
            "(a bug; READER_DEBUG=1 shows the traceback)"
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
