"""Import spaCy without its command-line package, where start-up time is what matters.

``import spacy`` takes about 1.1 s here, and 0.4 s of it is ``spacy/__init__.py`` reaching
for ``spacy.cli.info.info``: importing ``spacy.cli`` pulls in the whole command line
(weasel, typer, requests, httpx, the project templates). The analysis never uses it. So
before the first import we put two placeholder modules where Python looks first, with an
``info`` that imports the real one if it is ever called, and take them away again once
spaCy is in: a later ``import spacy.cli`` finds the real package.

spaCy 3.8 reaches for nothing else in ``spacy.cli`` while importing (``tests`` check it).
Should a later version want more, the placeholder import fails, everything spaCy imported
is dropped and spaCy is imported the ordinary way: slower, never wrong.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any


def _info(*args: Any, **kwargs: Any) -> Any:
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> ModuleType:
    """``import spacy``, 0.4 s faster when it is the first import of it in this process."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    cli = ModuleType("spacy.cli")
    info = ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    stubs = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stubs)
    try:
        import spacy
    except Exception:  # noqa: BLE001 - spaCy wanted more of its CLI: the ordinary import
        for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")]:
            if sys.modules.get(name) not in stubs.values():
                del sys.modules[name]
        for name in stubs:
            sys.modules.pop(name, None)
        import spacy
    finally:
        for name, stub in stubs.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]
    return spacy
