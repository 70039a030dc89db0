"""Speed of the extractive summary (target: a section of the seed in <= 20 ms).

The analysis is done once, outside the timing. Each figure is the median over repeats,
printed with baselines measured in the same run (these machines are shared and noisy):

* ``iterate``: walking the section's tokens once (the least any summariser must do);
* ``split``: cutting the section into its sentence strings.

    python -m benchmarks.summary_bench [--repeat N]

It also prints the seed's summaries, key terms and estimated levels.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from reader.core import difficulty
from reader.core.analyze import analyse
from reader.core.document import load
from reader.core.model import Section
from reader.core.summary import summarise_article, summarise_section

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000.txt"


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm caches (lru caches of wordfreq etc. are not involved, but be fair)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def _iterate(section: Section) -> int:
    return sum(len(t.lemma) for p in section.paragraphs for t in p.tokens)


def _split(section: Section) -> list[str]:
    return [p.text[a:b].strip() for p in section.paragraphs for a, b in p.sentences]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    article = analyse(load(SEED))
    longest = max(article.sections, key=lambda s: sum(len(p.sentences) for p in s.paragraphs))
    n_sent = sum(len(p.sentences) for p in longest.paragraphs)
    n_tok = sum(len(p.tokens) for p in longest.paragraphs)

    summary_ms = _median_ms(lambda: summarise_section(longest), args.repeat)
    iterate_ms = _median_ms(lambda: _iterate(longest), args.repeat)
    split_ms = _median_ms(lambda: _split(longest), args.repeat)
    every_ms = _median_ms(lambda: [summarise_section(s) for s in article.sections], args.repeat)
    article_ms = _median_ms(lambda: summarise_article(article), args.repeat)
    level_ms = _median_ms(lambda: difficulty.article_level(article), args.repeat)

    print(
        f"seed: {len(article.sections)} sections; longest has {n_sent} sentences, "
        f"{n_tok} tokens; median of {args.repeat} runs, analysis excluded"
    )
    print(
        f"  section summary (longest)   {summary_ms:8.3f} ms   target <= 20 ms: "
        f"{'ok' if summary_ms <= 20 else 'MISSED'}"
    )
    for name, ms in (("iterate tokens ", iterate_ms), ("split sentences", split_ms)):
        print(f"  baseline: {name}   {ms:8.3f} ms   ratio {summary_ms / ms:6.1f}x")
    print(f"  all {len(article.sections)} section summaries     {every_ms:8.3f} ms")
    print(f"  article summary             {article_ms:8.3f} ms")
    print(f"  article difficulty          {level_ms:8.3f} ms")
    print()
    est = difficulty.article_difficulty(article)
    print(
        f"article: {est.level} (score {est.score}, {est.mean_sentence_length} words/sentence)"
        f"  sections {difficulty.sparkline(difficulty.section_scores(article))}"
    )
    for s in article.sections:
        summary = summarise_section(s)
        print(
            f"\n## {s.heading or '(untitled)'}  [{difficulty.section_level(s)}, "
            f"{difficulty.section_score(s)}]  key terms: {', '.join(summary.key_terms)}"
        )
        for sentence in summary.sentences:
            print(f"  > {sentence}")
    summary = summarise_article(article)
    print(f"\n## whole article  key terms: {', '.join(summary.key_terms)}")
    for sentence in summary.sentences:
        print(f"  > {sentence}")


if __name__ == "__main__":
    main()
