"""Glossary entries out to where learners study: CSV, Anki TSV, an Anki deck, Markdown, JSON.

The one entry point, ``export_entries``, and the text formats. Every format is rendered
completely in memory (the Anki deck, ``export_anki.py``, in a private temporary folder)
and then written *atomically* by ``atomic.py``: a crash, a ``kill -9`` or a full disk
leaves either the old file or the new one, never half of one; an existing file is
replaced only with ``force=True``. What a field says about a word is ``export_fields.py``.
The names of those modules that callers use are importable from here too.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from reader.core.atomic import TMP_MARK, atomic_write, check_target
from reader.core.entry import GlossaryEntry, gloss_source, gloss_text
from reader.core.export_anki import (
    ANKI_CSS,
    ANKI_FIELDS,
    BACK,
    FRONT,
    MODEL_NAME,
    anki_fields,
    render_anki,
    stable_id,
)
from reader.core.export_fields import (
    ALL_GLOSSES,
    band_text,
    clean,
    example_marked,
    example_span,
    grammar_text,
    html_line,
    one_line,
    word_html,
)
from reader.core.store import entry_to_dict
from reader.core.text import json_inert
from reader.errors import ExportError

__all__ = [
    "ALL_GLOSSES",
    "ANKI_CSS",
    "ANKI_FIELDS",
    "BACK",
    "CSV_COLUMNS",
    "FORMATS",
    "FRONT",
    "MODEL_NAME",
    "SUFFIXES",
    "TMP_MARK",
    "Summaries",
    "anki_fields",
    "atomic_write",
    "back_html",
    "band_text",
    "check_target",
    "clean",
    "example_marked",
    "example_span",
    "export_entries",
    "grammar_text",
    "md_escape",
    "render_anki",
    "render_csv",
    "render_json",
    "render_md",
    "render_tsv",
    "stable_id",
    "word_html",
]

FORMATS = ("csv", "tsv", "anki", "md", "json")
SUFFIXES = {"csv": ".csv", "tsv": ".txt", "anki": ".apkg", "md": ".md", "json": ".json"}

Summaries = Sequence[tuple[str | None, str]]


def _sort_key(entry: GlossaryEntry) -> tuple[str, str]:
    """Alphabetical the way a German dictionary sorts: umlauts with their base letter."""
    base = unicodedata.normalize("NFKD", entry.lemma.replace("ß", "ss"))
    return "".join(c for c in base if not unicodedata.combining(c)).casefold(), entry.lemma


# -- CSV, TSV, JSON ---------------------------------------------------------------------

# "translations" is the English as a learner sees it, labelled when it is borrowed
# ("≈ Konzert + Stätte (concert + place)"); "translation_source" says where it is from.
CSV_COLUMNS = (
    "word",
    "lemma",
    "pos",
    "article",
    "genitive",
    "plural",
    "participle",
    "separable_prefix",
    "compound",
    "translations",
    "definition",
    "grammar",
    "band",
    "zipf",
    "example",
    "count",
    "source",
    "translation_source",
)


def render_csv(entries: Sequence[GlossaryEntry]) -> bytes:
    buf = io.StringIO(newline="")
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(CSV_COLUMNS)
    for e in entries:
        out.writerow(
            [
                clean(str(v))
                for v in (
                    e.headword,
                    e.lemma,
                    e.pos,
                    e.article or "",
                    e.genitive or "",
                    e.plural or "",
                    e.participle or "",
                    e.separable_prefix or "",
                    " + ".join(p.text for p in e.compound),
                    gloss_text(e, ALL_GLOSSES),
                    e.definition or "",
                    grammar_text(e),
                    e.band or "",
                    "" if e.zipf is None else f"{e.zipf:.2f}",
                    e.example,
                    e.count,
                    e.source,
                    gloss_source(e) or "",
                )
            ]
        )
    # A BOM so that spreadsheet programs read the umlauts as UTF-8.
    return buf.getvalue().encode("utf-8-sig")


def back_html(entry: GlossaryEntry) -> str:
    """Everything but the headword, as one HTML field (for TSV import)."""
    rows = []
    if entry.translations:
        rows.append(f'<div class="translation">{html_line(gloss_text(entry, ALL_GLOSSES))}</div>')
    if entry.definition:
        rows.append(f'<div class="definition">{html_line(entry.definition)}</div>')
    grammar = grammar_text(entry)
    if grammar:
        rows.append(f'<div class="grammar">{html_line(grammar)}</div>')
    if entry.example:
        marked = example_marked(entry, "<b>", "</b>", html_line)
        rows.append(f'<div class="example">{marked}</div>')
    meta = " · ".join(x for x in (band_text(entry), entry.source) if x)
    if meta:
        rows.append(f'<div class="source">{html_line(meta)}</div>')
    return "".join(rows)


def render_tsv(entries: Sequence[GlossaryEntry]) -> bytes:
    """Anki's text import: header lines, then ``front<TAB>back`` with HTML."""
    buf = io.StringIO(newline="")
    buf.write("#separator:tab\n#html:true\n#columns:Front\tBack\n#tags:reader german\n")
    out = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for e in entries:
        out.writerow([word_html(e), back_html(e)])
    return buf.getvalue().encode("utf-8")


def render_json(
    entries: Sequence[GlossaryEntry], title: str | None, summaries: Summaries | None
) -> bytes:
    payload: dict[str, object] = {"title": title, "count": len(entries)}
    if summaries:
        payload["summaries"] = [{"section": h, "summary": s} for h, s in summaries]
    # every field, plus "gloss": the English with its label, as the other formats show it
    payload["entries"] = [dict(entry_to_dict(e), gloss=gloss_text(e, ALL_GLOSSES)) for e in entries]
    return (json_inert(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n").encode("utf-8")


# -- Markdown study sheet ---------------------------------------------------------------

_MD_SPECIAL = "\\`*_[]<>|~&$"
_MD_BLOCK_START = re.compile(r"^(\s*)([-+#=])")
_MD_NUMBERED = re.compile(r"^(\s*\d+)([.)])")


def md_escape(text: str) -> str:
    """Literal text in Markdown: characters that mark up inline text are escaped, and so
    is anything that would start a list or heading at the start of a line."""
    text = "".join("\\" + c if c in _MD_SPECIAL else c for c in one_line(text))
    text = _MD_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _MD_NUMBERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _md_entry(e: GlossaryEntry) -> list[str]:
    head = f"- **{md_escape(e.headword)}**"
    forms = [x for x in (e.genitive, e.plural) if x]
    if forms:
        head += ", " + md_escape(", ".join(forms))
    if e.pos:
        head += f" *{md_escape(e.pos)}*"
    band = band_text(e)
    if band:
        head += f" ({md_escape(band)})"
    if e.translations:
        head += " — " + md_escape(gloss_text(e, ALL_GLOSSES))
    lines = [head]
    if e.definition:
        lines.append(f"  {md_escape(e.definition)}")
    rest = grammar_text(e, forms=False)
    if rest:
        lines.append(f"  *{md_escape(rest)}*")
    if e.example:
        lines.append("  > " + example_marked(e, "**", "**", md_escape))
    return lines


def render_md(
    entries: Sequence[GlossaryEntry],
    title: str | None,
    summaries: Summaries | None,
    section_of: Mapping[str, str | None] | None = None,
) -> bytes:
    """A printable sheet: by section (with its summary) when sections are known, else A–Z."""
    out = [f"# {md_escape(title or 'Glossary')}", ""]
    sections = dict(section_of or {})
    for e in entries:
        if "section" in e.extra and e.lemma not in sections:
            sections[e.lemma] = e.extra["section"] or None
    by_section = bool(sections)
    summary_of = {h: s for h, s in (summaries or ())}
    if by_section:
        order: list[str | None] = [h for h, _ in (summaries or ())]
        groups: dict[str | None, list[GlossaryEntry]] = {}
        for e in entries:
            heading = sections.get(e.lemma)
            groups.setdefault(heading, []).append(e)
            if heading not in order:
                order.append(heading)
        for n, heading in enumerate(order, 1):
            if heading not in groups and heading not in summary_of:
                continue
            out += [f"## {md_escape(heading) if heading else f'Abschnitt {n}'}", ""]
            if summary_of.get(heading):
                out += ["*Zusammenfassung:* " + md_escape(summary_of[heading]), ""]
            for e in sorted(groups.get(heading, ()), key=_sort_key):
                out += _md_entry(e)
            out.append("")
    else:
        if summaries:
            out += ["## Zusammenfassung", ""]
            for heading, text in summaries:
                if heading:
                    out += [f"**{md_escape(heading)}**", ""]
                out += [md_escape(text), ""]
        out += [f"## Wörter ({len(entries)})"]
        letter = None
        for e in sorted(entries, key=_sort_key):
            first = (_sort_key(e)[0][:1] or "#").upper()
            if first != letter:
                letter = first
                out.append("")
                out += [f"### {md_escape(letter)}", ""]
            out += _md_entry(e)
        out.append("")
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


# -- the one entry point ----------------------------------------------------------------


def export_entries(
    entries: Iterable[GlossaryEntry],
    fmt: str,
    path: str | os.PathLike[str],
    force: bool = False,
    title: str | None = None,
    summaries: Summaries | None = None,
    section_of: Mapping[str, str | None] | None = None,
) -> Path:
    """Write ``entries`` as ``fmt`` (csv, tsv, anki, md, json) to ``path``; return the path.

    ``summaries`` — (section heading, summary) pairs — go into the Markdown sheet and the
    JSON; ``section_of`` (lemma -> section heading, or ``extra["section"]`` on an entry)
    groups the Markdown sheet by section instead of alphabetically.
    """
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    items = list(entries)
    target = Path(path).expanduser()
    if fmt == "anki":
        return atomic_write(target, lambda tmp: render_anki(items, title, tmp), force)
    if fmt == "csv":
        data = render_csv(items)
    elif fmt == "tsv":
        data = render_tsv(items)
    elif fmt == "md":
        data = render_md(items, title, summaries, section_of)
    else:
        data = render_json(items, title, summaries)
    return atomic_write(target, lambda tmp: tmp.write_bytes(data), force)
