"""Write a name list of ``reader/data`` as the NER lexicon reads it (``build_ner_*.py``).

Both build scripts end the same way: sorted ``name<TAB>label`` lines under a header that
says which script made the file and from what, gzip-compressed, and one line saying how
many entries went where. Kept here once so the two files stay in the same format.
"""

from __future__ import annotations

import gzip
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "reader" / "data"


def write_entries(out: Path, entries: dict[str, str], made_by: str) -> None:
    """Write ``entries`` (name -> label) to ``out``; ``made_by``: the script and its sources."""
    out.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{name}\t{label}\n" for name, label in sorted(entries.items()))
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(f"# name\tlabel — built by {made_by}\n")
        fh.write(body)
    print(f"{len(entries)} entries -> {out} ({out.stat().st_size // 1024} KiB)")
