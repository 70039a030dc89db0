"""The errors a user can cause, each turned into one clear line by the CLI.

Anything that is *not* a ReaderError is a bug and may show a traceback; everything the
user can provoke with bad input (a missing file, an unknown level) is one of these.
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
