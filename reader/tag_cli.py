"""``reader tag``: pre-tokenised text in (one token per line), five columns out.

Kept apart from ``reader.cli`` (the dispatcher): the token stream is read in bounded,
separately decoded lines, and a FIFO nobody writes to is an error rather than a hang.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from reader.cli import Parser
from reader.errors import UsageError


def _parser_tag() -> Parser:
    p = Parser(prog="reader tag")
    p.add_argument("file", nargs="?")
    p.add_argument("--model", default=None)
    return p


def decoded_lines(stream: BinaryIO, max_chars: int) -> Iterator[str]:
    """Lines of a token file, each decoded on its own: UTF-8 where it is UTF-8, else cp1252.

    Decoding per line keeps a file that mixes UTF-8 and Latin-1 readable (no mojibake, no
    surrogates that would break the output). Reads are bounded in bytes so that memory stays
    bounded; a piece cut off at the bound is longer than ``max_chars`` characters however it
    decodes, and ``tagging.bounded_lines`` refuses it with the one message for over-long
    lines (``/dev/zero``, a file that is not one token per line).
    """
    for raw in iter(lambda: stream.readline(4 * max_chars + 1), b""):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield raw.decode("cp1252", errors="replace")


def _open_tokens(path: str) -> BinaryIO:
    """A token file opened for streaming. A FIFO is opened without waiting for a writer
    (``open`` would block for ever when there is none) and is one clear error if nothing
    was written to it, as ``reader analyze`` does."""
    import io
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        os.set_blocking(fd, True)
        fh = io.BufferedReader(io.FileIO(fd, "rb"))
    except BaseException:
        os.close(fd)
        raise
    if stat.S_ISFIFO(info.st_mode) and not fh.peek(1):
        fh.close()
        from reader.core.text import safe_for_terminal

        raise UsageError(f"tag: {safe_for_terminal(path)}: nothing was written to this pipe")
    return fh


def cmd_tag(argv: Sequence[str]) -> int:
    args = _parser_tag().parse_args(argv)
    if not args.file and sys.stdin is None:
        raise UsageError("tag: standard input is closed; give a FILE or pipe tokens in")
    from reader.core.nlp.spacy_import import import_spacy

    import_spacy()
    from reader.core.tagging import MAX_LINE, tag_stream

    if args.file:
        from reader.core.document import load  # reuse its checks for missing files etc.

        try:
            fh = _open_tokens(args.file)
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            load(args.file)  # raises the right InputError
            raise
        with fh:
            tag_stream(decoded_lines(fh, MAX_LINE), sys.stdout, model=args.model)
    else:
        tag_stream(decoded_lines(sys.stdin.buffer, MAX_LINE), sys.stdout, model=args.model)
    return 0
