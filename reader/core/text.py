"""The one sanitiser for untrusted text: keep every readable character, drop terminal control.

Articles come from the web, dictionaries from anywhere, file names from the learner's disk
and summaries from a language model: any of them may carry ANSI/OSC escape sequences (which
could retitle the terminal, write its clipboard, blink, or plant hyperlinks), stray control
characters, bidi overrides and CRs. Every such string passes ``sanitize`` where it enters
(document load, dictionary import, cache read, LLM answer) and ``safe_for_terminal`` (or
``terminal_text``) again where it leaves for a terminal, so one place decides what is safe.

A sequence that is never terminated must not swallow the text after it: a string payload
(OSC, DCS, SOS, PM, APC) is removed only when its terminator follows within a bounded
distance on the same line; otherwise only the introducer is dropped and the rest is kept as
plain (now inert) text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported lazily: most callers never need a Text
    from rich.text import Text

_PAYLOAD_MAX = 4096  # characters of an OSC/DCS payload (OSC 52 clipboards are base64)
# A payload is printable: it ends at the first control character, so each introducer scans
# at most up to the next one and the whole pass stays linear, whatever the input.
_PAYLOAD = rf"[^\x00-\x1f\x7f-\x9f]{{0,{_PAYLOAD_MAX}}}+"
# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC
# (ESC P/X/^/_ ... ST), and two-byte escapes. Also their 8-bit C1 forms (CSI = U+009B, ...).
# Quantifiers are bounded and possessive, and payloads stop at the next control character,
# so no input makes the scan quadratic.
_ESCAPES = re.compile(
    rf"""
    (?:\x1b\[|\x9b)[0-?]{{0,64}}+[ -/]{{0,16}}+[@-~]?                # CSI
  | (?:\x1b\]|\x9d)(?:{_PAYLOAD}(?:\x07|\x1b\\|\x9c))?                    # OSC
  | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f])(?:{_PAYLOAD}(?:\x1b\\|\x9c))?         # DCS ...
  | \x1b[ -/]{{0,16}}+[0-~]?                                         # any other escape
    """,
    re.VERBOSE,
)
# C0 controls except TAB and LF, DEL, C1 controls, bidi embeddings/overrides/isolates,
# stray BOMs, and lone surrogates (from JSON escapes; no terminal can encode them).
# Zero-width joiners stay: emoji sequences need them.
_CONTROLS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)
# For one line of terminal output: also newlines, tabs and the Unicode line separators.
_LINE_BREAKS = re.compile(r"[\t\n\u2028\u2029\x85]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def has_controls(text: str) -> bool:
    """True if ``text`` holds anything ``sanitize`` would remove (besides CR and TAB)."""
    return _CONTROLS.search(text) is not None


def sanitize(text: str) -> str:
    """Return ``text`` with newlines normalised and all terminal control removed.

    Tabs become spaces (their width is the terminal's choice, not ours).
    """
    text = normalise_newlines(text)
    # Every escape sequence starts with a control character, so a text without any (most
    # texts) skips the slow alternation: one scan instead of two over a whole novel.
    if _CONTROLS.search(text):
        text = _ESCAPES.sub("", text)
        text = _CONTROLS.sub("", text)
    return text.replace("\t", " ")


def strip_escapes(line: str) -> str:
    """Terminal control removed whole, tabs and newlines kept: for a line of a file whose
    columns are tab-separated (a dictionary), cleaned before it is parsed."""
    if not _CONTROLS.search(line):
        return line
    return _CONTROLS.sub("", _ESCAPES.sub("", line))


def clean_field(text: str) -> str:
    """``sanitize`` for a short stored field (gloss, headword, name): no newline survives."""
    return _LINE_BREAKS.sub(" ", sanitize(text))


# What json.dumps(ensure_ascii=False) leaves raw but a terminal (or a JS parser) acts on.
_JSON_RAW = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def json_inert(dumped: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with DEL, C1 controls, line
    separators and bidi overrides written as ``\\uXXXX`` escapes: the same data, inert when
    the file is printed. (json already escapes C0 controls; these can only occur inside
    strings, where an escape means the same character.)"""
    if not _JSON_RAW.search(dumped):
        return dumped
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


# A control character escaped in JSON text: \\u00XX (C0, C1), \\u007f, bidi overrides, BOM,
# surrogates (json.dumps(ensure_ascii=False) writes every other character as it is).
_JSON_ESCAPED_CONTROL = re.compile(
    r"\\u(?:00[0189][0-9a-fA-F]|007[fF]|202[a-eA-E]|206[6-9]|[fF][eE][fF][fF]"
    r"|[dD][89a-fA-F][0-9a-fA-F]{2})"
)


def json_has_controls(text: str) -> bool:
    """True if JSON text we wrote from sanitised strings holds a control character after
    all: the file was forged or damaged, and must not be trusted. (A tab or newline inside
    a string is written as ``\\t``/``\\n`` and does not count.)"""
    if _CONTROLS.search(text):  # raw (json.dumps writes C1 and DEL raw)
        return True
    # json.dumps(ensure_ascii=False) writes \\u only for controls: one quick test first
    return "\\u" in text and _JSON_ESCAPED_CONTROL.search(text) is not None


def _printable_surrogates(text: str) -> str:
    """File names that are not UTF-8 arrive with lone surrogates (``surrogateescape``);
    a terminal cannot encode them, so they are shown as ``\\xff``."""
    if not _SURROGATE.search(text):
        return text
    return (
        text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        if _is_escaped(text)
        else _SURROGATE.sub("\ufffd", text)
    )


def _is_escaped(text: str) -> bool:
    try:
        text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return False
    return True


def safe_for_terminal(text: object, one_line: bool = True) -> str:
    """Any untrusted value (gloss, file name, path, model answer) made safe to print.

    Escape sequences and controls are removed, undecodable file-name bytes shown as
    ``\\xNN``; with ``one_line`` (the default) newlines and tabs become spaces, so a value
    cannot forge extra lines or columns in tab-separated output.
    """
    text = _printable_surrogates(str(text))
    text = sanitize(text)
    return _LINE_BREAKS.sub(" ", text) if one_line else text


def terminal_text(text: object, style: str = "", one_line: bool = False) -> Text:
    """A ``rich.text.Text`` holding ``text`` as data: sanitised, never parsed as markup."""
    from rich.text import Text

    return Text(safe_for_terminal(text, one_line=one_line), style=style)
