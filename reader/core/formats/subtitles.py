"""Subtitles (SRT, WebVTT) as something to read: cues merged into paragraphs.

A cue is a screenful, cut for timing, not for sense: a sentence often runs over two or three
cues. Cues are joined until a sentence ends and the speaker changes or the pause is long,
so a paragraph is one speaker's turn. Timing, cue numbers, styling (``<i>``, ``{\\an8}``,
WebVTT classes and timestamps) and sound descriptions (``[Musik]``, ``♪``) are dropped.
Speaker changes are kept: a WebVTT voice (``<v Anna>``) or a ``NAME:`` label starts a new
paragraph that begins with the name; a dialogue dash (``- Kommst du? - Ja.``) splits a cue
into turns, each its own paragraph, as a German novel sets dialogue. A long silence after
enough paragraphs starts a new section (without a heading), so a film can be read and
summarised scene by scene.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from reader.core.formats.assemble import Draft, build
from reader.core.model import Document
from reader.core.text import sanitize
from reader.errors import InputError

_TIMING = re.compile(
    r"^\s*((?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3})"
)
SRT_START = re.compile(r"^\s*\d+\s*\n\s*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}\s*-->")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>")  # markup and WebVTT timestamps
_ASS = re.compile(r"\{\\[^}]*\}")  # {\an8}, {\i1}: SSA overrides carried into SRT
_SOUND = re.compile(r"\[[^\]]*\]|♪[^♪]*♪?|#[^#\n]*#")  # [Musik], ♪ lyrics ♪
_LABEL = re.compile(r"^([A-ZÄÖÜ][A-ZÄÖÜß .'-]{1,30}|[A-ZÄÖÜ][\wäöüß.-]{1,20}):\s+(?=\S)")
_DASH = re.compile(r"^[-–—](?![-–—])\s*")  # "--" is a dash in the sentence, not a turn
_SENTENCE_END = (".", "!", "?", "…", '"', "“", "»", "«", "'")
_PAUSE = 2.5  # seconds of silence that end a paragraph once a sentence has ended
_LONG = 600  # characters: a paragraph this long ends at the next sentence end
_SCENE = 8.0  # seconds of silence that start a new section ...
_SCENE_PARAGRAPHS = 12  # ... once the current one has this many paragraphs


@dataclass(frozen=True, slots=True)
class Turn:
    """Part of a cue said by one speaker; ``new`` if it starts a new turn (dash, label)."""

    text: str
    start: float
    end: float
    speaker: str | None = None
    new: bool = False  # a dialogue dash: another speaker, name unknown


def is_vtt(head: str) -> bool:
    return head.lstrip("\ufeff").startswith("WEBVTT")


def load_subtitles(text: str, source: str, encoding: str) -> Document:
    text = sanitize(text)  # before tags are stripped, so no half of an escape is left
    vtt = is_vtt(text)
    turns = [turn for cue in _cues(text, vtt) for turn in _turns(*cue)]
    if not turns:
        kind = "WebVTT" if vtt else "SRT"
        raise InputError(f"{source}: no subtitle text found (damaged {kind} file?)")
    draft = Draft()
    in_section = 0
    for paragraph, gap in _paragraphs(turns):
        if gap >= _SCENE and in_section >= _SCENE_PARAGRAPHS:
            draft.section_break()  # a long silence: a new scene, a new section to move by
            in_section = 0
        draft.paragraph(paragraph)
        in_section += 1
    return build(draft, source, encoding, "subtitle file")


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def _cues(text: str, vtt: bool) -> list[tuple[float, float, list[str]]]:
    """(start, end, text lines) of every cue; NOTE, STYLE and REGION blocks are skipped."""
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line for line in block.split("\n") if line.strip()]
        for i, line in enumerate(lines[:3]):
            match = _TIMING.match(line)
            if match:
                start, end = _seconds(match.group(1)), _seconds(match.group(2))
                cues.append((start, end, lines[i + 1 :]))
                break
    return cues


def _turns(start: float, end: float, lines: list[str]) -> list[Turn]:
    turns: list[Turn] = []
    speaker: str | None = None
    for raw in lines:
        voice = _VOICE.search(raw)
        if voice:
            speaker = voice.group(1).strip()
        line = html.unescape(_TAG.sub("", _ASS.sub("", raw)))
        line = _SOUND.sub("", line).strip()
        new = False
        if _DASH.match(line):
            line, new = _DASH.sub("", line), True
        label = _LABEL.match(line)
        if label:
            name = label.group(1).strip()
            speaker = name.title() if name.isupper() else name
            line = line[label.end() :]
        line = line.strip()
        if not line:
            continue
        turns.append(Turn(line, start, end, speaker, new))
    return turns


def _paragraphs(turns: list[Turn]) -> list[tuple[str, float]]:
    """Paragraphs, each with the silence before it (seconds)."""
    paragraphs: list[tuple[str, float]] = []
    current: list[str] = []
    speaker: str | None = None
    dash = False
    last_end = 0.0
    gap = 0.0

    def flush() -> None:
        if current:
            text = _join(current)
            lead = f"{speaker}: " if speaker else "– " if dash else ""
            paragraphs.append((lead + text, gap))
            current.clear()

    for turn in turns:
        text_so_far = " ".join(current)
        ended = text_so_far.rstrip().endswith(_SENTENCE_END)
        changed = turn.new or (turn.speaker is not None and turn.speaker != speaker)
        pause = turn.start - last_end >= _PAUSE or len(text_so_far) >= _LONG
        if current and (changed or ended and pause):
            flush()
        if not current:
            speaker, dash, gap = turn.speaker, turn.new, turn.start - last_end
        current.append(turn.text)
        last_end = turn.end
    flush()
    return paragraphs


def _join(pieces: list[str]) -> str:
    """Join cue lines: a sentence continued with "..." loses the dots at the seam."""
    out = pieces[0]
    for piece in pieces[1:]:
        if out.endswith(("...", "…")) and piece.startswith(("...", "…")):
            out = out.rstrip(".…").rstrip()
            piece = piece.lstrip(".…").lstrip()
        elif piece.startswith(("...", "…")) and not out.endswith(_SENTENCE_END):
            piece = piece.lstrip(".…").lstrip()
        out = f"{out} {piece}"
    return out
