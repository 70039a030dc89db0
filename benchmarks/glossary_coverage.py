"""Glossary coverage on an article: grammar cards, definitions, English translations.

    python -m benchmarks.glossary_coverage [FILE] [--level B1]

Prints two figures for the rare words of FILE (default seeds/000.txt) at the level:
1. registry packages only (German Wiktionary definitions, noun lexicon, conjugator):
   share with a grammar card and a definition or translation;
2. with Debian's trans-de-en (if installed): share with an English translation, how much
   of it is the word's own entry and how much is labelled as taken from its parts, and
   the trust check (own English listed under the word, the rest labelled, no markup);
and the time per dictionary lookup and per entry. Imports the dictionaries first if
needed (timed, with entries and malformed counts).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Ding markup that must not reach a learner: braces, variants, abbreviations, separators
_MARKUP = re.compile(r"[{}<>]|(?:^|\s)/[^/\s]+/|::|\s\|\s")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("file", nargs="?", default=str(ROOT / "seeds" / "000.txt"))
    p.add_argument("--level", default="B1")
    args = p.parse_args(argv)

    from reader.core import dictionary as dic
    from reader.core.analyze import analyse
    from reader.core.document import load
    from reader.core.entry import BORROWED_MARK, OWN, gloss_source, gloss_text
    from reader.core.glossary import entries_for_article, has_grammar_card

    pending = dic.needs_import()
    started = time.perf_counter()
    paths = dic.ensure_auto()
    if pending:
        print(f"imported {', '.join(pending)} in {time.perf_counter() - started:.1f} s")
    all_dicts = dic.open_indexes(paths)
    for index in all_dicts.bilingual + all_dicts.monolingual:
        print(
            f"  {index.name}: {index.meta['entries']} entries, "
            f"{index.meta['malformed']} malformed lines, import {index.meta['seconds']} s"
        )
    registry_only = dic.Dictionaries([], all_dicts.monolingual)

    article = analyse(load(args.file), level=args.level)
    t0 = time.perf_counter()
    plain = entries_for_article(article, rare_only=True, dictionaries=registry_only)
    t_plain = (time.perf_counter() - t0) / max(1, len(plain))
    n = len(plain)
    ok = [e for e in plain if has_grammar_card(e) and (e.definition or e.translations)]
    print(f"\n{args.file} at {args.level}: {n} rare lemmas")
    print(
        f"registry only: grammar card + definition/translation: {len(ok)}/{n} "
        f"= {100 * len(ok) / max(1, n):.1f}%"
    )
    for e in plain:
        if e not in ok:
            print(
                f"  missing: {e.lemma} ({e.pos}) card={has_grammar_card(e)} "
                f"def={bool(e.definition)}"
            )
    generated = sum(
        1 for e in plain if e.definition_source and e.definition_source.startswith("reader")
    )
    print(f"  definitions generated from word parts (not a dictionary): {generated}")

    if all_dicts.bilingual:
        t0 = time.perf_counter()
        full = entries_for_article(article, rare_only=True, dictionaries=all_dicts)
        t_full = (time.perf_counter() - t0) / max(1, len(full))
        tr = [e for e in full if e.translations]
        direct = [e for e in tr if gloss_source(e) == OWN]
        print(
            f"with {', '.join(i.name for i in all_dicts.bilingual)}: English translation "
            f"{len(tr)}/{len(full)} = {100 * len(tr) / max(1, len(full)):.1f}% "
            f"({len(direct)} the word's own entry, {len(tr) - len(direct)} labelled as "
            f"taken from its parts or verb)"
        )
        # the trust check of issue 12: own English is listed under the word itself,
        # anything else carries its label, and no dictionary markup leaks through
        unlisted = [
            e.lemma
            for e in direct
            if not set(e.translations)
            <= {g for w in (e.lemma, e.word) for h in all_dicts.translations(w) for g in h.glosses}
        ]
        unlabelled = [
            e.lemma for e in tr if e not in direct and not gloss_text(e).startswith(BORROWED_MARK)
        ]
        leaks = [gloss_text(e, 6) for e in tr if _MARKUP.search(gloss_text(e, 6))]
        print(
            f"  own English not listed under the word: {len(unlisted)} {unlisted[:5]}; "
            f"borrowed without label: {len(unlabelled)}; markup leaks: {len(leaks)} "
            f"{leaks[:3]}"
        )
        for e in full:
            if e.translations and e not in direct:
                print(f"  labelled: {e.lemma}: {gloss_text(e)}")
            elif not e.translations:
                print(f"  no translation: {e.lemma}")
        words = [e.lemma for e in full] + ["Haus", "gehen", "schnell", "Xyzzy", "aufnehmen"]
        queries = [random.Random(1).choice(words) for _ in range(20000)]
        t0 = time.perf_counter()
        for w in queries:
            all_dicts.translations(w)
        per = (time.perf_counter() - t0) / len(queries)
        print(
            f"lookup: {per * 1e6:.1f} µs per query over {len(all_dicts.bilingual)} "
            f"bilingual index(es) ({len(queries)} queries)"
        )
        print(
            f"entry build: {t_plain * 1e3:.1f} ms (registry only), "
            f"{t_full * 1e3:.1f} ms (with dictionaries) per entry"
        )
    else:
        print("no bilingual dictionary (apt-get install trans-de-en): translation figure skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
