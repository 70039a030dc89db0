"""What the tagger keeps on disk: HanTa's model copy, the shipped lexicon, the memo file.

Three stores make HanTa fast from the first paint, each trusted only when it verifies:
a ``marshal`` copy of HanTa's model (named after the model's SHA-256, with a checksum), the
lexicon of frequent forms shipped in ``reader/data`` (built from that very model), and the
persistent memo of forms analysed in earlier runs (its payload's SHA-256 and random spot
checks against HanTa). Anything that does not verify is ignored or rebuilt: it only costs
time, never a wrong tag.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import threading
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from reader.core.atomic import replace_file
from reader.core.text import json_has_controls

LEXICON_FORMAT = "1"
_SEP, _REC = "\x1f", "\x1e"
_PERSIST_FORMAT = 1
_PERSIST_LIMIT = 30_000  # forms kept in the persistent memo (~8 MB, loads in ~0.2 s)


def lexicon_path() -> Path:
    return Path(__file__).resolve().parents[2] / "data" / "hanta_lexicon.sqlite"


@lru_cache(maxsize=1)
def model_digest() -> str:
    """SHA-256 of HanTa's German model file: precomputed analyses are valid only for it."""
    import HanTa

    return hashlib.sha256(
        Path(HanTa.__file__).with_name("morphmodel_ger.pgz").read_bytes()
    ).hexdigest()


def _parse_fwd(text: str) -> list[tuple[int, float]]:
    out = []
    for rec in text.split(_REC):
        t, p = rec.split(_SEP)
        out.append((int(t), float(p)))
    return out


def _parse_lem(text: str) -> dict[int, tuple[str, str]]:
    out = {}
    if text:
        for rec in text.split(_REC):
            t, lemma, tag = rec.split(_SEP)
            out[int(t)] = (lemma, tag)
    return out


class Lexicon:
    """The shipped table of HanTa's per-form analyses (``reader/data/hanta_lexicon.sqlite``).

    Opened lazily on the first word the in-memory memo does not know, and used only when it
    was built from the very model file HanTa loads (format, HanTa version and the model's
    SHA-256 are checked); otherwise every lookup misses and HanTa computes as before.
    """

    def __init__(self, path: Path | None = None):
        self.path = path or lexicon_path()
        self._db: sqlite3.Connection | None = None
        self._ok: bool | None = None
        self._lock = threading.Lock()

    def _open(self) -> bool:
        if self._ok is None:
            self._ok = False
            try:
                db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
                meta = dict(db.execute("SELECT key, value FROM meta"))
                if (
                    meta.get("format") == LEXICON_FORMAT
                    and meta.get("hanta") == metadata.version("HanTa")
                    and meta.get("model_sha256") == model_digest()
                    and meta.get("fwd") == "cutoff5"
                    and meta.get("cache_lemmas") == "1"
                ):
                    self._db, self._ok = db, True
                else:
                    db.close()
            except (sqlite3.Error, OSError, metadata.PackageNotFoundError):
                pass
        return self._ok

    def get(self, form: str) -> tuple[list, dict] | None:
        """(analyze_forward result, {tag: (lemma, tag string)}) for a lower-cased form.

        The forward result is None for the forms HanTa's own model cache answers (only
        their lemmas are stored)."""
        with self._lock:
            if not self._open():
                return None
            try:
                row = self._db.execute(
                    "SELECT fwd, lem FROM forms WHERE form = ?", (form,)
                ).fetchone()
            except sqlite3.Error:
                return None
        if row is None:
            return None
        try:
            return (_parse_fwd(row[0]) if row[0] else None), _parse_lem(row[1])
        except ValueError:
            return None


def persistent_memo_path() -> Path:
    from reader.paths import cache_dir

    return cache_dir() / f"hanta-memo-v{_PERSIST_FORMAT}.json"


def _memo_identity() -> dict:
    return {"format": _PERSIST_FORMAT, "hanta": metadata.version("HanTa"), "model": model_digest()}


def read_persistent_memo(path: Path, tagger=None, spot_checks: int = 2) -> tuple[dict, dict]:
    """The verified persistent memo: ({form: forward}, {(form, tag): (lemma, tag)}).

    The file carries the HanTa version, the model's digest and a SHA-256 of its payload; a
    file that fails any check, or whose randomly chosen entries HanTa does not reproduce
    (``tagger`` given), is ignored — an empty memo only costs time.
    """
    try:
        raw = path.read_bytes()
        header, _, payload = raw.partition(b"\n")
        head = json.loads(header)
        if head.get("identity") != _memo_identity():
            return {}, {}
        if hashlib.sha256(payload).hexdigest() != head.get("sha256"):
            return {}, {}
        text = payload.decode("utf-8")
        if json_has_controls(text):  # lemmas are shown: a forged one must not reach the UI
            return {}, {}
        data = json.loads(text)
        fwd = {f: [(int(t), float(p)) for t, p in v] for f, v in data["fwd"].items()}
        lem = {(f, int(t)): (str(a), str(b)) for f, t, a, b in data["lem"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # UnicodeDecodeError too
        return {}, {}
    if tagger is not None and spot_checks:
        rng = random.Random()
        for form in rng.sample(sorted(fwd), min(spot_checks, len(fwd))):
            if tagger._original_forward(form) != fwd[form]:
                return {}, {}
        for key in rng.sample(sorted(lem), min(spot_checks, len(lem))):
            if tagger._original_analyze(key[0], key[1]) != lem[key]:
                return {}, {}
    return fwd, lem


def write_persistent_memo(path: Path, fwd: dict, lem: dict) -> bool:
    payload = json.dumps(
        {
            "fwd": {f: [[t, p] for t, p in v] for f, v in fwd.items()},
            "lem": [[f, t, a, b] for (f, t), (a, b) in lem.items()],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    header = json.dumps(
        {"identity": _memo_identity(), "sha256": hashlib.sha256(payload).hexdigest()}
    )
    return _write_atomically(path, header.encode("ascii") + b"\n" + payload)


def _write_atomically(path: Path, data: bytes) -> bool:
    """Write a cache file whole or not at all (False: a cache that cannot be written only
    costs time)."""
    try:
        replace_file(path, data)
        return True
    except OSError:
        return False


def merge_persistent_memo(fwd: dict, lem: dict, path: Path | None = None) -> bool:
    """Add newly computed analyses to the persistent memo file (newest kept)."""
    if os.environ.get("READER_HANTA_MEMO") == "0" or not (fwd or lem):
        return False
    path = path or persistent_memo_path()
    old_fwd, old_lem = read_persistent_memo(path, None)
    old_fwd.update(fwd)
    old_lem.update(lem)
    if len(old_fwd) > _PERSIST_LIMIT:
        old_fwd = dict(list(old_fwd.items())[-_PERSIST_LIMIT:])
        old_lem = {k: v for k, v in old_lem.items() if k[0] in old_fwd}
    return write_persistent_memo(path, old_fwd, old_lem)


def plain(value):
    """``value`` with numpy floats as Python floats: the same IEEE doubles, so every sum and
    comparison is unchanged, and marshal-able (HanTa's model has a few hundred in its word
    cache), or readable without numpy (HanTa's answers sent to the app)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    if type(value) is not float and isinstance(value, float):
        return float(value)
    return value


def load_model() -> tuple[tuple, dict]:
    """HanTa's German model and its class reachability table, from a verified ``marshal``
    copy in the cache directory.

    HanTa's own file is a gzipped pickle that takes ~0.25 s to load, and HanTa then spends
    ~0.1 s deriving which morpheme classes reach which; both are on the way to the first
    paint. marshal reads the same plain data in ~0.07 s and, unlike pickle, cannot run
    code. The copy is named after the model's SHA-256 and carries a checksum; anything that
    does not verify is rebuilt from the original.
    """
    import gzip
    import marshal
    import pickle

    import HanTa

    from reader.paths import cache_dir

    path = cache_dir() / f"hanta-model-{model_digest()[:16]}.marshal"
    try:
        raw = path.read_bytes()
        if hashlib.sha256(raw[64:]).hexdigest().encode("ascii") == raw[:64]:
            return marshal.loads(raw[64:])
    except (OSError, ValueError, EOFError, TypeError):
        pass
    from HanTa.HanoverTagger import HanoverTagger

    with gzip.open(Path(HanTa.__file__).with_name("morphmodel_ger.pgz"), "rb") as fh:
        model = plain(pickle.load(fh))
    body = marshal.dumps((model, {}))  # HanTa's constructor adds to the model's tag tables
    reachability = HanoverTagger(None, model=marshal.loads(body)[0]).reachability
    body = marshal.dumps((model, reachability))
    # an unwritable cache only costs time
    _write_atomically(path, hashlib.sha256(body).hexdigest().encode("ascii") + body)
    return model, reachability
