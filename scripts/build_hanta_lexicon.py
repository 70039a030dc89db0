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
import shutil
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


def kept_tags(tagger, forward: list[tuple[int, float]], conditionals=(True, False)) -> set[int]:
    """The tags ``_tag_word(.., cutoff=5)`` can return for any casing (and conditioning).

    The other entries of ``analyze_forward``'s list never reach a result of ``_tag_word``
    with a cutoff between 0 and 5 (the only ones HanTa and we use), so they are not stored.
    """
    out: set[int] = set()
    for conditional in conditionals:
        for cs, upcase in ((True, True), (True, False), (False, False)):
            scored = []
            for tag, p in forward:
                if tag != 3:  # UNKNOWN
                    if cs:
                        p += tagger.LP_case_t[tag][upcase]
                    if conditional:
                        p -= tagger.LP_wtag[tag]
                scored.append((tag, p))
            if not scored:
                continue
            best = max(p for _, p in scored)
            out.update(t for t, p in scored if p >= best - 5)
    return out


def candidate_tags(tagger, form: str, forward: list[tuple[int, float]]) -> set[int]:
    """The tags HanTa's sentence search can choose for the form (any casing)."""
    return {t for t in kept_tags(tagger, forward, (True,)) if t != 3}


def compact_forward(tagger, forward: list[tuple[int, float]]) -> str:
    keep = kept_tags(tagger, forward)
    # HanTa mixes float and numpy.float64 (a float subclass); store plain float reprs
    return REC.join(f"{t}{SEP}{float(p)!r}" for t, p in forward if t in keep)


def recompact(path: Path) -> None:
    """Drop the never-used entries of an existing table (no HanTa analyses needed)."""
    tagger = _tagger()
    db = sqlite3.connect(path)
    rows = db.execute("SELECT form, fwd FROM forms").fetchall()
    for form, fwd in rows:
        if not fwd:  # a HanTa-cached form: lemmas only
            continue
        forward = [
            (int(t), float(p.removeprefix("np.float64(").removesuffix(")")))
            for t, p in (r.split(SEP) for r in fwd.split(REC))
        ]
        db.execute(
            "UPDATE forms SET fwd = ? WHERE form = ?", (compact_forward(tagger, forward), form)
        )
    db.execute("INSERT OR REPLACE INTO meta VALUES ('fwd', 'cutoff5')")
    db.commit()
    db.execute("VACUUM")
    db.close()


def analyse_form(form: str) -> tuple[str, str, str] | None:
    tagger = _tagger()
    if form in tagger.cache:
        # HanTa's own model cache gives the tags of its 23,000 most frequent forms (no
        # cutoff is applied to them); their lemmas still cost, so store those, no forward.
        tags = sorted({t for t, _ in tagger.cache[form] if t != 3})
        lems = [f"{t}{SEP}{SEP.join(tagger._analyze(form, t, 1))}" for t in tags]
        return form, "", REC.join(lems)
    forward = tagger.analyze_forward(form)
    fwd = compact_forward(tagger, forward)
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

        for info in nouns.entries():
            for f in (info.lemma, *info.plurals, *info.genitives):
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
    parser.add_argument("--recompact", type=Path, help="only compact an existing table")
    parser.add_argument(
        "--add-cache-forms", action="store_true", help="only add HanTa's cached forms' lemmas"
    )
    args = parser.parse_args()
    if args.recompact:
        recompact(args.recompact)
        return 0
    sys.path.insert(0, str(ROOT))
    start = time.perf_counter()
    tmp = args.out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    if args.add_cache_forms:
        shutil.copyfile(args.out, tmp)
        db = sqlite3.connect(tmp)
        meta = dict(db.execute("SELECT key, value FROM meta"))
        db.execute("DELETE FROM meta")
        todo = sorted(_tagger().cache)
    else:
        todo = list(dict.fromkeys(forms(args.top) + sorted(_tagger().cache)))
        db = sqlite3.connect(tmp)
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
        db.execute("CREATE TABLE forms (form TEXT PRIMARY KEY, fwd TEXT, lem TEXT) WITHOUT ROWID")
        meta = {}
    print(f"{len(todo)} forms, {args.jobs} processes", file=sys.stderr)
    rows = 0
    with Pool(args.jobs) as pool:
        for n, row in enumerate(pool.imap(analyse_form, todo, chunksize=256), 1):
            if row is not None and row[1] is not None:
                db.execute("INSERT OR REPLACE INTO forms VALUES (?, ?, ?)", row)
                rows += 1
            if n % 10_000 == 0:
                rate = n / (time.perf_counter() - start)
                print(f"  {n}/{len(todo)} ({rate:.0f} forms/s)", file=sys.stderr)
    rows = db.execute("SELECT count(*) FROM forms").fetchone()[0]
    meta = {
        **meta,
        "format": FORMAT,
        "hanta": metadata.version("HanTa"),
        "model_sha256": model_digest(),
        "forms": str(rows),
        "top": meta.get("top", str(args.top)),
        "fwd": "cutoff5",
        "cache_lemmas": "1",
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
