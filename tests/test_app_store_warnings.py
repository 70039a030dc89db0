"""A saved entry the store cannot read is skipped, and the learner is told (issue 15, 7)."""

from __future__ import annotations

import sqlite3

from test_app import make, settle, sync

from reader.core.store import Store


@sync
async def test_an_unreadable_saved_entry_is_reported_in_the_app(tmp_path):
    store = Store(tmp_path / "reader.db")
    con = sqlite3.connect(tmp_path / "reader.db")
    with con:
        con.execute(
            "INSERT INTO saved (lemma, source, entry, created) VALUES (?, ?, ?, 0)",
            ("Eiszeit", "test.txt", "{not json"),
        )
    con.close()
    app = make(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("could not be read" in m for m in messages), messages
    store.close()
