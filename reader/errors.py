"""The errors a user can cause, each turned into one clear line by the CLI.

Everything the user can provoke with bad input (a missing file, an unknown level) is one of
these, with exit status 2; a failed write (full disk, closed output) exits with 1. Anything
else is a bug: ``reader.cli.main`` still shows it as one line (``READER_DEBUG=1`` shows the
traceback).
"""

from __future__ import annotations


class ReaderError(Exception):
    """Base class: the message is shown to the user as it is, after ``reader: ``."""

    exit_code = 2


class InputError(ReaderError):
    """The file given cannot be read as a German text (missing, binary, empty, ...)."""


class UsageError(ReaderError):
    """A bad option value, such as an unknown learner level."""


class ModelError(ReaderError):
    """A requested spaCy pipeline is not installed or not usable."""


class StoreError(ReaderError):
    """The learner's data cannot be opened or written."""


class ExportError(ReaderError):
    """An export target cannot be written (exists without --force, unwritable, ...)."""


class DictionaryError(ReaderError):
    """A dictionary file cannot be imported."""


class OutputError(ReaderError):
    """Results cannot be written: a full disk, an I/O error, an output closed mid-way."""

    exit_code = 1


class WorkerError(ReaderError):
    """A worker process of ``--jobs`` ended abruptly (killed, out of memory): not a bug in
    what the user gave, and nothing half-done was kept."""

    exit_code = 1
