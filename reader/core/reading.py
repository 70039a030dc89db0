"""Bytes in, text out: bounded reads of any file, and decoding that says what it guessed.

``st_size`` says nothing about ``/dev/zero``, a FIFO or ``<(cat f)``: the size limit holds
on the bytes actually read, a FIFO nobody writes to does not block, and every input is
read exactly once (a pipe cannot be read twice). Decoding keeps UTF-8 wherever it is valid
and reads only the runs that are not as cp1252, with a note for the learner.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import threading
from pathlib import Path

from reader.core.text import safe_for_terminal
from reader.errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # larger files are refused: a book is 1-2 MB
_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


def decode(data: bytes, source: str = "the file") -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM optional), UTF-16/32 with BOM, else cp1252/Latin-1.

    Raises InputError for data that is clearly binary.
    """
    text, encoding, _ = decode_with_notes(data, source)
    return text, encoding


def decode_with_notes(data: bytes, source: str = "the file") -> tuple[str, str, tuple[str, ...]]:
    """``decode``, plus a note for the learner when some bytes had to be guessed.

    UTF-8 is kept wherever it is valid: one stray byte (or a pasted Latin-1 paragraph) in a
    UTF-8 file is read as cp1252 *for that run of bytes only*, instead of turning the whole
    file into mojibake; the note says how many bytes and on which line the first was.
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            if codec == "utf-8-sig":
                return _decode_runs(data[len(bom) :], source, "utf-8-sig")
            try:
                return data.decode(codec), codec, ()
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{source}: the file starts like {codec.upper()} but is not valid {codec}"
                ) from exc
    if _looks_binary(data):
        raise InputError(f"{source}: this looks like a binary file, not a text")
    return _decode_runs(data, source, "utf-8")


# A byte that starts a multi-byte UTF-8 character, followed by a continuation byte.
_UTF8_MULTI = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def _decode_runs(data: bytes, source: str, utf8_name: str) -> tuple[str, str, tuple[str, ...]]:
    try:
        return data.decode("utf-8"), utf8_name, ()
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if not _UTF8_MULTI.search(data):
        # No UTF-8 anywhere: a cp1252/Latin-1 file (cp1252 is Latin-1 plus typographic
        # quotes; five byte values are undefined in it).
        text = data.decode("cp1252", errors="replace")
        _check_replacements(text, source)
        return text.replace("\ufffd", ""), "cp1252", ()
    _GUESSED.count = 0
    text = data.decode("utf-8", errors=_FALLBACK)
    _check_replacements(text, source)
    line = data.count(b"\n", 0, first_bad) + 1
    count = _GUESSED.count
    note = (
        f"{count} byte{'s' if count != 1 else ''} {'were' if count != 1 else 'was'} not UTF-8 "
        f"and {'were' if count != 1 else 'was'} read as Latin-1/cp1252 (the first on line {line})"
    )
    return text.replace("\ufffd", ""), utf8_name, (note,)


_GUESSED = threading.local()  # bytes the handler below decoded, per thread
_FALLBACK = "reader-cp1252-fallback"


def _fallback(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a run of bytes that is not UTF-8 is read as cp1252."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start : err.end]
    _GUESSED.count = getattr(_GUESSED, "count", 0) + len(bad)
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error(_FALLBACK, _fallback)


def _check_replacements(text: str, source: str) -> None:
    if text.count("\ufffd") > max(8, len(text) // 100):
        raise InputError(f"{source}: the file is neither UTF-8, UTF-16 nor Latin-1/cp1252 text")


_CONTAINERS = (b"%PDF", b"PK\x03\x04")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith((b"\x7fELF", b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff")):
        return True
    # A stray NUL or control byte in copied text is removed later; many of them mean binary.
    if sample.count(b"\x00") > max(2, len(sample) // 100):
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)
    return controls > max(4, len(sample) // 20)


def _too_large(name: str, size: int | None = None) -> InputError:
    limit = MAX_BYTES // 2**20
    if size is None:
        return InputError(f"{name}: more than {limit} MiB is too large (the limit is {limit} MiB)")
    return InputError(f"{name}: {size / 1e6:.0f} MB is too large (the limit is {limit} MiB)")


def read_bounded(fd: int, name: str, limit: int = MAX_BYTES) -> bytes:
    """Read at most ``limit`` bytes from ``fd``, counting what is actually read.

    ``st_size`` says nothing about ``/dev/zero``, a pipe or ``<(cat f)``: the bound holds
    on the bytes themselves, and each input is read exactly once.
    """
    chunks: list[bytes] = []
    total = 0
    checked = False
    while True:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_large(name)
        if not checked and total >= 8192:
            # a device or pipe of noise is refused on its first bytes, not after 20 MiB
            # (the test decode applies to the whole file, done early)
            checked = True
            head = b"".join(chunks)[:8192]
            # a PDF or a ZIP (EPUB) is judged whole by reader.core.formats, later
            if not head.startswith(_BOMS + _CONTAINERS) and _looks_binary(head):
                raise InputError(f"{name}: this looks like a binary file, not a text")


def read_file(path: str | Path) -> bytes:
    """The bytes of a text file, regular or not, read once and bounded; InputError else."""
    p = Path(path)
    name = display_name(path)
    try:
        # O_NONBLOCK: opening a FIFO nobody writes to would otherwise wait for ever.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a directory, not a text file") from exc
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name}: is a directory, not a text file")
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
            raise _too_large(name, info.st_size)
        if not (
            stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)
        ):
            raise InputError(f"{name}: is not a file that can be read as text")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a FIFO with a writer: wait for its data
        data = read_bounded(fd, name)
        if not data and stat.S_ISFIFO(info.st_mode):
            raise InputError(f"{name}: nothing was written to this pipe")
        return data
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a directory, not a text file") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)


def display_name(path: str | Path) -> str:
    """A path as it may be shown: no escape sequences, undecodable bytes as ``\\xNN``."""
    return safe_for_terminal(os.fspath(path))
