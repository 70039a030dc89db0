"""The embedded pipeline's name and version, without importing spaCy.

Cache keys need the pipeline description before anything heavy is loaded: the app looks
up a cached analysis first and imports spaCy only when there is none.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata

EMBEDDED = "reader-de"
# Bump when the analysis output changes (tags, lemmas, entities, rarity): old cache
# entries then stop matching and are rebuilt.
PIPELINE_VERSION = "4"


@lru_cache(maxsize=1)
def embedded_description() -> str:
    spacy_version = metadata.version("spacy")
    hanta_version = metadata.version("HanTa")
    return f"{EMBEDDED}-{PIPELINE_VERSION} (spaCy {spacy_version}, HanTa {hanta_version})"
