"""Build ``reader/data/hanta_lexicon.sqlite``: HanTa's per-form analyses, precomputed.

HanTa spends almost all its time on two per-word computations: ``analyze_forward`` (the
tag distribution of a lower-cased form, ~1.3 ms) and ``_analyze`` (the lemma of a form
under a tag, ~0.8 ms). Both are pure functions of their arguments and HanTa's model, so
for the most frequent German forms we compute them once, here, and ship the results. The
tagger looks a form up in this table before computing; the results are exactly HanTa's
(floats stored with ``repr``, which round-trips), so tags and lemmas do not change.

Forms: ``wordfreq.top_n_list('de', N)`` (wordfreq case-folds ß to ss, so each form with
"ss" is also tried with ß), plus the lemma, plural and genitive forms with ß from the
``german-nouns`` lexicon. Lemmas are stored for every tag HanTa's sentence search can
choose for the form (its candidate tags under any capitalisation).

    python scripts/build_hanta_lexicon.py [--top 100000] [--jobs 2]

Takes a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sqlite3
import sys
import time
from importlib import metadata
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "reader" / "data" / "hanta_lexicon.sqlite"
FORMAT = "1"
SEP = "\x1f"  # between fields of one entry
REC = "\x1e"  # between entries

_TAGGER = None


def _tagger():
    global _TAGGER
    if _TAGGER is None:
        from HanTa.HanoverTagger import HanoverTagger

        _TAGGER = HanoverTagger("morphmodel_ger.pgz")
    return _TAGGER


def model_digest() -> str:
    import HanTa

    path = Path(HanTa.__file__).with_name("morphmodel_ger.pgz")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def candidate_tags(tagger, form: str, forward: list[tuple[int, float]]) -> set[int]:
    """The tags ``_tag_word(.., cutoff=5, conditional=True)`` keeps for any casing."""
    out: set[int] = set()
    for cs, upcase in ((True, True), (True, False), (False, False)):
        scored = []
        for tag, p in forward:
            if tag != 3:  # UNKNOWN
                if cs:
                    p += tagger.LP_case_t[tag][upcase]
                p -= tagger.LP_wtag[tag]
            scored.append((tag, p))
        if not scored:
            continue
        best = max(p for _, p in scored)
        out.update(t for t, p in scored if p >= best - 5 and t != 3)
    return out


def analyse_form(form: str) -> tuple[str, str, str] | None:
    tagger = _tagger()
    if form in tagger.cache:  # HanTa's own model cache answers these already
        return None
    forward = tagger.analyze_forward(form)
    fwd = REC.join(f"{t}{SEP}{p!r}" for t, p in forward)
    lems = []
    for tag in sorted(candidate_tags(tagger, form, forward)):
        lemma, str_tag = tagger._analyze(form, tag, 1)
        lems.append(f"{tag}{SEP}{lemma}{SEP}{str_tag}")
    return form, fwd, REC.join(lems)


def forms(top: int) -> list[str]:
    from wordfreq import top_n_list

    seen: dict[str, None] = {}
    for w in top_n_list("de", top):
        if not w or any(ch.isspace() for ch in w) or len(w) > 40:
            continue
        w = w.lower()
        seen[w] = None
        if "ss" in w:
            parts = w.split("ss")
            for combo in itertools.product(("ss", "ß"), repeat=len(parts) - 1):
                if len(parts) > 4:
                    break
                v = parts[0] + "".join(s + p for s, p in zip(combo, parts[1:], strict=True))
                seen[v] = None
    try:
        from reader.core import nouns

        for lemma, (_, plurals, genitives) in nouns._table().items():
            for f in (lemma, *plurals, *genitives):
                if "ß" in f:
                    seen[f.lower()] = None
    except Exception as exc:  # the nouns lexicon is a bonus
        print(f"german-nouns forms skipped: {exc}", file=sys.stderr)
    return list(seen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    todo = forms(args.top)
    print(f"{len(todo)} forms, {args.jobs} processes", file=sys.stderr)
    start = time.perf_counter()
    tmp = args.out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
    db.execute("CREATE TABLE forms (form TEXT PRIMARY KEY, fwd TEXT, lem TEXT) WITHOUT ROWID")
    rows = 0
    with Pool(args.jobs) as pool:
        for n, row in enumerate(pool.imap(analyse_form, todo, chunksize=256), 1):
            if row is not None:
                db.execute("INSERT OR REPLACE INTO forms VALUES (?, ?, ?)", row)
                rows += 1
            if n % 10_000 == 0:
                rate = n / (time.perf_counter() - start)
                print(f"  {n}/{len(todo)} ({rate:.0f} forms/s)", file=sys.stderr)
    meta = {
        "format": FORMAT,
        "hanta": metadata.version("HanTa"),
        "model_sha256": model_digest(),
        "forms": str(rows),
        "top": str(args.top),
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(args.out)
    took = time.perf_counter() - start
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({rows} forms, {size:.1f} MB) in {took:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
