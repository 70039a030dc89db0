"""``reader -``: a text from standard input (pasted, or piped from another program).

Standard input is read once, whole, and kept: ``reader analyze -`` loads its files twice
(a check before spaCy is imported, then the analysis), and a pipe can be read only once.
The app then needs the terminal for its keys, but Textual reads keys from file descriptor 0
(``sys.__stdin__``), which is now the exhausted pipe: ``attach_terminal`` puts the
controlling terminal (``/dev/tty``) in its place, or says in one line why it cannot.
"""

from __future__ import annotations

import os
import sys

from reader.errors import InputError

NAME = "-"
SOURCE = "stdin"  # the document's name: titles, saved words and export file names use it
_read: bytes | None = None


def read_stdin(limit: int) -> bytes:
    """All of standard input (once per process); InputError past ``limit`` bytes."""
    global _read
    if _read is None:
        stream = sys.stdin
        if stream is None:
            raise InputError("-: there is no standard input to read a text from")
        if stream.isatty():
            sys.stderr.write("reader: paste the text, then press Ctrl-D on a line of its own\n")
        try:
            data = stream.buffer.read(limit + 1)
        except OSError as exc:
            raise InputError(f"-: standard input cannot be read ({exc.strerror or exc})") from exc
        if len(data) > limit:
            raise InputError(f"-: more than {limit // 2**20} MiB on standard input")
        _read = data
    return _read


def attach_terminal() -> None:
    """Give the app the terminal for its keys once standard input has been read."""
    if os.isatty(0):
        return
    try:
        tty = os.open("/dev/tty", os.O_RDWR | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(
            "-: the app needs a terminal for its keys, and there is none to open "
            "(use `reader analyze -` for a text on standard input without a terminal)"
        ) from exc
    os.dup2(tty, 0)
    os.close(tty)
