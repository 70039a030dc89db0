"""The readable (non-JSON) output of ``reader analyze``: a rich overview of an Article.

Article text is always wrapped in ``rich.text.Text``, never interpreted as markup.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from reader.core.model import Article
from reader.core.text import terminal_text

# The app's highlight styles, so a word looks the same in the overview and in the app.
from reader.ui.highlight import BAND_STYLES, ENTITY_STYLES


def highlighted(text: str, tokens, entities) -> Text:
    out = Text(text)
    for e in entities:
        out.stylize(ENTITY_STYLES.get(e.label, ENTITY_STYLES["MISC"]), e.start, e.end)
    for t in tokens:
        if t.rare:
            out.stylize(BAND_STYLES.get(t.band or "C2", "underline"), t.start, t.end)
    return out


def print_overview(article: Article, console: Console | None = None) -> None:
    console = console or Console()
    title = article.title or article.source
    paragraphs = article.paragraphs
    n_tokens = sum(len(p.tokens) for p in paragraphs)
    console.print(terminal_text(title, style="bold", one_line=True))  # a file name is data
    console.print(
        Text(
            f"{len(article.sections)} sections, {len(paragraphs)} paragraphs, {n_tokens} tokens · "
            f"level {article.level} · {article.pipeline}",
            style="dim",
        )
    )
    for warning in article.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))
    for i, section in enumerate(article.sections, 1):
        console.print()
        console.print(Text(f"§{i} {section.heading or '(untitled)'}", style="bold underline"))
        for para in section.paragraphs:
            console.print(highlighted(para.text, para.tokens, para.entities))
    rare: dict[str, tuple[str, float | None, str | None, int]] = {}
    ents: dict[tuple[str, str], int] = {}
    for p in paragraphs:
        for t in p.tokens:
            if t.rare:
                key = t.verb_lemma or t.lemma
                _, z, b, n = rare.get(key, (t.text, t.zipf, t.band, 0))
                rare[key] = (t.text, z, b, n + 1)
        for e in p.entities:
            ents[(e.text, e.label)] = ents.get((e.text, e.label), 0) + 1
    table = Table(title="Rare words", show_lines=False)
    for col in ("lemma", "as in text", "band", "zipf", "count"):
        table.add_column(col)
    for lemma, (text, z, b, n) in sorted(rare.items(), key=lambda kv: kv[1][1] or 0):
        table.add_row(Text(lemma), Text(text), b or "", f"{z:.2f}" if z is not None else "", str(n))
    console.print()
    console.print(table)
    etable = Table(title="Names")
    for col in ("name", "type", "count"):
        etable.add_column(col)
    for (text, label), n in sorted(ents.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        etable.add_row(Text(text), label, str(n))
    console.print(etable)
