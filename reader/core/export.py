"""Glossary entries out to where learners study: CSV, Anki TSV, an Anki deck, Markdown, JSON.

Every format is rendered completely in memory (or in a private temporary folder) and
then written *atomically*: a temporary file beside the target, flushed and fsynced, then
moved into place. A crash, a ``kill -9`` or a full disk leaves either the old file or the
new one, never half of one; an existing file is replaced only with ``force=True``.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import itertools
import json
import os
import re
import sqlite3
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from reader.core import leftovers
from reader.core.entry import GlossaryEntry, gloss_source, gloss_text
from reader.core.store import entry_to_dict
from reader.core.text import json_inert
from reader.errors import ExportError

FORMATS = ("csv", "tsv", "anki", "md", "json")
SUFFIXES = {"csv": ".csv", "tsv": ".txt", "anki": ".apkg", "md": ".md", "json": ".json"}
TMP_MARK = ".reader-tmp"

Summaries = Sequence[tuple[str | None, str]]
_WS = re.compile(r"\s+")
# C0 and C1 control characters other than tab and newline: an ESC in an export would act on
# the terminal of whoever runs ``cat`` on it.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# -- what every format says about a word -------------------------------------------------


def grammar_text(entry: GlossaryEntry, forms: bool = True) -> str:
    """The grammar line a learner drills: forms, separable prefix, compound parts, readings.

    ``forms=False`` leaves out the noun forms, for layouts that show them with the headword.
    """
    parts: list[str] = []
    if not forms:
        pass
    elif entry.article:
        forms = [entry.headword]
        if entry.genitive:
            forms.append(entry.genitive)
        if entry.plural:
            forms.append(entry.plural)
        parts.append(", ".join(forms))
    elif entry.plural or entry.genitive:
        parts.append(", ".join(x for x in (entry.genitive, entry.plural) if x))
    if entry.separable_prefix:
        parts.append(f"trennbar: {entry.separable_prefix}-")
    if entry.participle:
        parts.append(f"Partizip II: {entry.participle}")
    if entry.compound:
        pieces = []
        for p in entry.compound:
            piece = f"{p.text} ({p.gloss})" if p.gloss else p.text
            if p.linking:
                piece += f" + -{p.linking}-"
            pieces.append(piece)
        parts.append("Kompositum: " + " + ".join(pieces))
    for r in entry.readings:
        parts.append(f"auch: {r.lemma} ({r.pos})" + (f" – {r.gloss}" if r.gloss else ""))
    return "; ".join(parts)


def band_text(entry: GlossaryEntry) -> str:
    bits = [entry.band or ""]
    if entry.zipf is not None:
        bits.append(f"Zipf {entry.zipf:.1f}")
    return " · ".join(b for b in bits if b)


def example_span(entry: GlossaryEntry) -> tuple[int, int] | None:
    """The word's span in the example: the recorded one if it fits, else found by search."""
    ex = entry.example
    s, e = entry.example_start, entry.example_end
    if ex and 0 <= s < e <= len(ex):
        return s, e
    if ex and entry.word:
        i = ex.find(entry.word)
        if i >= 0:
            return i, i + len(entry.word)
    return None


def example_marked(
    entry: GlossaryEntry, before: str, after: str, escape: Callable[[str], str]
) -> str:
    """The example with the word wrapped in ``before``/``after``, the rest escaped."""
    span = example_span(entry)
    if span is None:
        return escape(entry.example)
    s, e = span
    ex = entry.example
    return escape(ex[:s]) + before + escape(ex[s:e]) + after + escape(ex[e:])


def _sort_key(entry: GlossaryEntry) -> tuple[str, str]:
    """Alphabetical the way a German dictionary sorts: umlauts with their base letter."""
    base = unicodedata.normalize("NFKD", entry.lemma.replace("ß", "ss"))
    return "".join(c for c in base if not unicodedata.combining(c)).casefold(), entry.lemma


def clean(text: str) -> str:
    """Text without control characters (tab and newline stay)."""
    return _CONTROL.sub("", text)


def _one_line(text: str) -> str:
    """Whitespace runs (newlines, tabs) as one space; edges kept, so pieces still join."""
    return _WS.sub(" ", clean(text))


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
ALL_GLOSSES = 6  # exports show every translation the glossary kept


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


def _h(text: str) -> str:
    return html.escape(_one_line(text), quote=False)


def word_html(entry: GlossaryEntry) -> str:
    """The headword, with the article in a class per gender (for colour-coded cards)."""
    gender = {"der": "masc", "die": "fem", "das": "neut"}.get(entry.article or "", "")
    if entry.article:
        return f'<span class="article {gender}">{_h(entry.article)}</span> {_h(entry.lemma)}'
    return _h(entry.lemma)


def back_html(entry: GlossaryEntry) -> str:
    """Everything but the headword, as one HTML field (for TSV import)."""
    rows = []
    if entry.translations:
        rows.append(f'<div class="translation">{_h(gloss_text(entry, ALL_GLOSSES))}</div>')
    if entry.definition:
        rows.append(f'<div class="definition">{_h(entry.definition)}</div>')
    grammar = grammar_text(entry)
    if grammar:
        rows.append(f'<div class="grammar">{_h(grammar)}</div>')
    if entry.example:
        rows.append('<div class="example">' + example_marked(entry, "<b>", "</b>", _h) + "</div>")
    meta = " · ".join(x for x in (band_text(entry), entry.source) if x)
    if meta:
        rows.append(f'<div class="source">{_h(meta)}</div>')
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
    text = "".join("\\" + c if c in _MD_SPECIAL else c for c in _one_line(text))
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


# -- Anki package -----------------------------------------------------------------------

MODEL_NAME = "reader: German word"
ANKI_FIELDS = ("Word", "Translation", "Definition", "Grammar", "Example", "Source", "Band")
ANKI_CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: center; color: #222;
        background: #fff; }
.word { font-size: 32px; font-weight: bold; }
.article.masc { color: #1f5fbf; } .article.fem { color: #c0392b; }
.article.neut { color: #2e8b57; }
.translation { font-size: 24px; margin-top: 0.5em; }
.definition { margin-top: 0.5em; }
.grammar { margin-top: 0.5em; font-style: italic; color: #555; }
.example { margin-top: 0.8em; }
.source, .band { margin-top: 0.8em; font-size: 14px; color: #888; }
.nightMode .card, .night_mode .card { color: #eee; background: #222; }
"""
FRONT = '<div class="word">{{Word}}</div>'
BACK = """\
{{FrontSide}}
<hr id="answer">
{{#Translation}}<div class="translation">{{Translation}}</div>{{/Translation}}
{{#Definition}}<div class="definition">{{Definition}}</div>{{/Definition}}
{{#Grammar}}<div class="grammar">{{Grammar}}</div>{{/Grammar}}
{{#Example}}<div class="example">{{Example}}</div>{{/Example}}
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}
{{#Band}}<div class="band">{{Band}}</div>{{/Band}}
"""


def stable_id(name: str) -> int:
    """A 31-bit id derived from a name, so re-exports update the same deck and note type."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def anki_fields(e: GlossaryEntry) -> list[str]:
    return [
        word_html(e),
        _h(gloss_text(e, ALL_GLOSSES)),
        _h(e.definition or ""),
        _h(grammar_text(e)),
        example_marked(e, "<b>", "</b>", _h) if e.example else "",
        _h(e.source),
        _h(band_text(e)),
    ]


def render_anki(entries: Sequence[GlossaryEntry], title: str | None, target: Path) -> None:
    """Write an .apkg to ``target`` (a temporary path; the caller moves it into place)."""
    import genanki

    model = genanki.Model(
        stable_id(MODEL_NAME),
        MODEL_NAME,
        fields=[{"name": f} for f in ANKI_FIELDS],
        templates=[{"name": "Wort → Bedeutung", "qfmt": FRONT, "afmt": BACK}],
        css=ANKI_CSS,
    )
    deck_name = f"reader::{title}" if title else "reader"
    deck = genanki.Deck(stable_id(deck_name), deck_name)
    seen: set[str] = set()
    for e in entries:
        # One card per headword: the same word met in two articles is the same card, and
        # importing a later export updates it instead of duplicating it.
        if e.headword in seen:
            continue
        seen.add(e.headword)
        tags = ["reader"] + ([e.band] if e.band else []) + ([e.pos.lower()] if e.pos else [])
        deck.add_note(
            genanki.Note(
                model=model,
                fields=anki_fields(e),
                guid=genanki.guid_for("reader", e.headword),
                tags=tags,
            )
        )
    package = genanki.Package(deck)
    # genanki's own write_to_file leaves its scratch database in /tmp; build it here. The
    # folder names this process, so the next export sweeps it if this one is killed.
    leftovers.sweep(Path(tempfile.gettempdir()), "reader-apkg-*", unmarked_after=3600.0)
    with tempfile.TemporaryDirectory(prefix=f"reader-apkg{leftovers.tag()}") as scratch:
        col = Path(scratch) / "collection.anki2"
        conn = sqlite3.connect(col)
        try:
            now = time.time()
            package.write_to_db(conn.cursor(), now, itertools.count(int(now * 1000)))
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.write(col, "collection.anki2")
            z.writestr("media", "{}")


# -- atomic writing ---------------------------------------------------------------------


def check_target(path: Path, force: bool) -> None:
    """Raise ExportError if ``path`` cannot be an export target (checked again on write)."""
    if path.is_dir():
        raise ExportError(f"{path}: is a directory; give a file name")
    if not path.parent.is_dir():
        raise ExportError(f"{path}: the folder {path.parent} does not exist")
    if path.exists() and not force:
        raise ExportError(f"{path}: already exists (use --force to overwrite it)")


def _sweep_stale(path: Path) -> None:
    """Remove our own temporary files left behind by exports that were killed (to any
    name in this folder): marked ones once their process is gone, unmarked after an hour."""
    leftovers.sweep(path.parent, f".*{TMP_MARK}", unmarked_after=3600.0)


def atomic_write(path: Path, fill: Callable[[Path], None], force: bool = False) -> Path:
    """Call ``fill(tmp)`` to write a temporary file beside ``path``, then move it in place.

    Without ``force`` the final step is a hard link, which fails if ``path`` appeared in
    the meantime, so even a race never overwrites someone's file.
    """
    path = Path(path)
    check_target(path, force)
    _sweep_stale(path)
    try:
        fd, tmp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}{leftovers.tag()}", suffix=TMP_MARK
        )
    except OSError as exc:
        raise ExportError(f"{path}: cannot write in {path.parent} ({exc.strerror or exc})") from exc
    tmp = Path(tmp_name)
    try:
        os.close(fd)
        fill(tmp)
        with open(tmp, "rb+") as fh:
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError as exc:
                raise ExportError(f"{path}: already exists (use --force to overwrite it)") from exc
            except OSError:  # a file system without hard links
                if path.exists():
                    raise ExportError(
                        f"{path}: already exists (use --force to overwrite it)"
                    ) from None
                os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        raise ExportError(f"{path}: cannot be written ({exc.strerror or exc})") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
