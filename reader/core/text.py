"""Make untrusted text safe to show in a terminal, keeping every readable character.

Articles come from the web: they may carry ANSI/OSC escape sequences (which could retitle
or restyle the learner's terminal), stray control characters, bidi overrides and CRs.
We remove sequences and controls here, once, at load time, so every later stage (spaCy
offsets, the UI, exports) sees the same clean string.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC
# (ESC P/X/^/_ ... ST), and two-byte escapes. Also their 8-bit C1 forms (CSI = U+009B, ...).
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]            # CSI
  | \x9b[0-?]*[ -/]*[@-~]              # 8-bit CSI
  | (?:\x1b\]|\x9d).*?(?:\x07|\x1b\\|\x9c|$)   # OSC, to BEL or ST
  | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f]).*?(?:\x1b\\|\x9c|$)  # DCS, SOS, PM, APC
  | \x1b[ -/]*[0-~]?                   # any other escape
    """,
    re.VERBOSE | re.DOTALL,
)
# C0 controls except TAB and LF, DEL, C1 controls, bidi embeddings/overrides/isolates,
# and stray BOMs. Zero-width joiners stay: emoji sequences need them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
