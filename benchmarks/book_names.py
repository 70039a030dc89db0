"""Draw highlighted person names from a book at random, to be judged by hand.

Usage::

    .venv/bin/python benchmarks/book_names.py BOOK.txt [--n 200] [--seed 12]
        [--tsv OUT.tsv]          # write the sample as rows to judge (judgment column empty)
    .venv/bin/python benchmarks/book_names.py --score benchmarks/book_names_judged/*.tsv

The book goes through ``reader analyze``'s code (``document.load`` + ``analyse``), every
PER entity of the article is a candidate, and ``--n`` of them are drawn with a fixed seed
(so the same code draws the same sample). Each is printed with 60 characters of context.
A judged file has the columns ``index, name, judgment, context``, judgment ``1`` when the
highlighted words are a person's name in that context (a character, a real or mythical
person; a surname or given name alone counts, *Humboldt* in *Wilhelm von Humboldt*) and
``0`` otherwise (a common noun or title, an interjection, a place, a work's title, a span
that takes in a common noun, a word of a longer name that is not a name by itself);
``--score`` prints the precision per file and the wrong ones.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.core.analyze import analyse  # noqa: E402
from reader.core.document import load  # noqa: E402

Mention = tuple[str, str]  # name, context


def persons(path: Path) -> list[Mention]:
    article = analyse(load(path))
    out: list[Mention] = []
    for section in article.sections:
        for para in section.paragraphs:
            for ent in para.entities:
                if ent.label != "PER":
                    continue
                left = para.text[max(0, ent.start - 60) : ent.start]
                right = para.text[ent.end : ent.end + 60]
                ctx = f"{left}[[{ent.text}]]{right}".replace("\n", " ").replace("\t", " ")
                out.append((ent.text, ctx))
    return out


def sample(mentions: list[Mention], n: int, seed: int) -> list[tuple[int, Mention]]:
    rng = random.Random(seed)
    picks = sorted(rng.sample(range(len(mentions)), min(n, len(mentions))))
    return [(i, mentions[i]) for i in picks]


def score(files: list[Path]) -> None:
    for path in files:
        rows = [
            line.split("\t")
            for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        ]
        good = sum(r[2] == "1" for r in rows)
        print(f"{path.stem}: precision {good / len(rows):.3f} ({good}/{len(rows)})")
        for r in rows:
            if r[2] != "1":
                print(f"   wrong: {r[1]!r}  … {r[3].strip()[:110]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("book", nargs="?", type=Path)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--tsv", type=Path, default=None)
    ap.add_argument("--score", nargs="+", type=Path, default=None)
    args = ap.parse_args()
    if args.score:
        score(args.score)
        return
    if args.book is None:
        ap.error("give a book, or --score FILES")
    mentions = persons(args.book)
    picked = sample(mentions, args.n, args.seed)
    print(
        f"# {args.book.name}: {len(mentions)} PER mentions, {len(picked)} drawn (seed {args.seed})"
    )
    lines = [f"{i}\t{name}\t\t{ctx}" for i, (name, ctx) in picked]
    for line in lines:
        print(line)
    if args.tsv:
        args.tsv.parent.mkdir(parents=True, exist_ok=True)
        args.tsv.write_text(
            f"# {args.book.name} seed={args.seed} n={len(picked)} of {len(mentions)}\n"
            + "\n".join(lines)
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
