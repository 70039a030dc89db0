"""Names in the app are decided over the whole text, as ``reader analyze`` decides them.

The app analyses where the reader is, batch by batch; a person named in full in one batch
(*Wladimir Putin*, §1) and named short in another (*mit Putin*, *Lecornu*, *Shoigu*, §4)
must still be the same person on screen (issue 12).
"""

from __future__ import annotations

from pathlib import Path

from test_app import settle, sync

from reader.core.document import load
from reader.ui.app import ReaderApp
from reader.ui.services import Services, Settings, embedded_analyser

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000.txt"
SURNAMES = ("Putin", "Lecornu", "Shoigu", "Macron")


def _person_mentions(paragraphs) -> tuple[int, int]:
    """(mentions of the seed's persons, of them inside a PER entity)."""
    total = marked = 0
    for para in paragraphs:
        spans = [(e.start, e.end) for e in para.entities if e.label == "PER"]
        for token in para.tokens:
            if token.text.rstrip("s") in SURNAMES:
                total += 1
                marked += any(s <= token.start and token.end <= e for s, e in spans)
    return total, marked


@sync
async def test_short_names_in_later_batches_are_persons_in_the_app():
    document = load(SEED)
    app = ReaderApp(document, Services(analyse=embedded_analyser()), Settings(level="B1"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for _ in range(200):
            if app.state.complete:
                break
            await pilot.pause(0.1)
        await settle(pilot)
        assert app.state.complete
        total, marked = _person_mentions(app.state.paras)
    assert total >= 8
    assert marked == total, f"{marked} of {total} mentions of the seed's persons are persons"
