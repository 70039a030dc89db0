"""Pilot tests for an hour of reading (issue 14) and a UI that never freezes (issue 15).

Each test names the item it covers and failed before the change it checks. Fakes as in
``test_app.py`` (a regex "analysis", an in-memory store), the real pipeline where the
item is about real German (separable verbs, genitive names).
"""

from __future__ import annotations

import threading
from pathlib import Path

from rich.text import Text
from test_app import TEXT, FakeStore, fake_analyse, header, make, plain, settle, sync

from reader.core.document import split
from reader.core.entry import GlossaryEntry
from reader.ui import highlight, keys, panel
from reader.ui import settings as user_settings
from reader.ui.app import ReaderApp
from reader.ui.saved import SavedWordsScreen
from reader.ui.screens import EntryScreen, ExportScreen, entry_text, export_path
from reader.ui.services import Services, Settings, embedded_analyser, summariser


def long_text(paragraphs: int = 12, sentences: int = 4) -> str:
    body = " ".join(
        ["Die Regierung beriet lange über die Verhandlungsführer in Moskau."] * sentences
    )
    return "Titel\n\n" + "\n\n".join(f"{n}. {body}" for n in range(paragraphs)) + "\n"


def under_cursor(app: ReaderApp) -> str | None:
    word = app.state.cursor_word()
    return word.text if word else None


# -- 1: a page around the focus, at a comfortable measure --------------------------------


@sync
async def test_1_the_page_fills_the_screen_at_a_comfortable_measure():
    app = make(text=long_text())
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        current = app.screen.query_one("#current")
        assert current.region.width <= 82  # about 76 characters of text, at 200 columns
        after = plain(app, "#next")
        assert after.count("\n") >= 20  # the text goes on below the focus
        assert max(len(line) for line in after.split("\n")) <= 80
        assert "0. Die Regierung" in plain(app, "#previous") or "1. Die" in plain(app, "#previous")
        reading = app.screen.query_one("#reading")
        assert reading.max_scroll_y == 0  # filled, not overfilled


# -- 2: every word can be looked up, separable verbs included ----------------------------


@sync
async def test_2_every_word_is_selectable_and_separable_verbs_go_together():
    from reader.core.document import split as split_text

    document = split_text(
        "Titel\n\nDie Ministerinnen nahmen am Montag Kontakt mit den Nachbarn "
        "auf. Die Bereitschaft wuchs.\n",
        source="verbs.txt",
    )
    app = ReaderApp(document, Services(analyse=embedded_analyser()), Settings(level="B1"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Bereitschaft" not in [m.text for m in app.marks()]  # not highlighted at B1
        for _ in range(12):
            await pilot.press("l")
            if under_cursor(app) == "Bereitschaft":
                break
        assert under_cursor(app) == "Bereitschaft"
        await pilot.press("enter")
        assert isinstance(app.screen, EntryScreen)
        assert "Bereitschaft" in app.screen.body.plain
        await pilot.press("escape")
        for _ in range(12):
            if under_cursor(app) == "nahmen":
                break
            await pilot.press("h")
        word = app.state.cursor_word()
        assert word is not None and word.lemma == "aufnehmen" and word.partner is not None
        body = plain_spans(app)
        text = body.plain
        reversed_words = {text[s.start : s.end] for s in body.spans if "reverse" in str(s.style)}
        assert reversed_words == {"nahmen", "auf"}  # both halves under the cursor
        await pilot.press("enter")
        assert "aufnehmen" in app.screen.body.plain


def plain_spans(app: ReaderApp) -> Text:
    from reader.ui.app import page_body

    return page_body(app.state, app.state.words())


# -- 3: names and rare words apart, with NO_COLOR too ------------------------------------


@sync
async def test_3_no_color_keeps_highlights_as_attributes_in_the_text_colour(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not app.state.colour
        body = plain_spans(app)
        styles = [s.style for s in body.spans if not isinstance(s.style, str) and s.style.color]
        assert styles == []  # no colour of ours: the theme's readable text colour shows
        names = [s for s in body.spans if body.plain[s.start : s.end] == "Moskau"]
        assert any(getattr(s.style, "bold", False) for s in names)


# -- 4: undo, a second s, saved and known shown, the lexeme, the saved list -------------


@sync
async def test_4_save_twice_says_so_and_u_undoes_and_saved_shows():
    store = FakeStore()
    app = make(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab", "s")
        await settle(pilot)
        assert [e.lemma for e, _ in store.saved] == ["Moskau"]
        assert "Moskau✓" in plain(app, "#current")
        assert "✓ saved" in panel.entries(app.state).plain
        await pilot.press("s")
        await settle(pilot)
        assert any("already saved" in n.message for n in app._notifications)
        assert len(store.saved) == 1
        await pilot.press("u")
        await settle(pilot)
        assert store.saved == [] and "✓" not in plain(app, "#current")


@sync
async def test_4_mark_known_undo_and_known_shown_in_the_panel():
    store = FakeStore()
    app = make(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "m")
        await settle(pilot)
        assert store.statuses == {"Außenministerin": "known"}
        assert "Außenministerin" not in [m.text for m in app.marks()]
        await pilot.press("j", "k", "l", "l")  # the cursor can still reach the known word
        assert under_cursor(app) == "Außenministerin"
        assert "known" in panel.entries(app.state).plain
        await pilot.press("u")
        await settle(pilot)
        assert store.statuses == {"Außenministerin": "unknown"}
        assert "Außenministerin" in [m.text for m in app.marks()]


@sync
async def test_4_mark_known_acts_on_the_lexeme_of_a_name():
    from reader.core.document import load

    seed = Path(__file__).resolve().parent.parent / "seeds" / "000.txt"
    store = FakeStore()
    app = ReaderApp(
        load(seed), Services(analyse=embedded_analyser(), store=store), Settings(level="B1")
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        words = app.state.words()
        n = next(i for i, w in enumerate(words) if w.text == "Frankreichs")
        app.select_word(n)
        await pilot.press("m")
        await settle(pilot)
        assert store.statuses == {"Frankreich": "known"}
        shown = {
            m.text
            for p in range(len(app.paras))
            for m in highlight.marks(app.paras[p], "B1", app.known)
        }
        assert "Frankreich" not in shown and "Frankreichs" not in shown


@sync
async def test_4_w_lists_the_saved_words():
    store = FakeStore()
    app = make(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "s", "tab", "s", "w")
        await settle(pilot)
        assert isinstance(app.screen, SavedWordsScreen)
        body = str(app.screen.query_one("#saved-body").render())
        assert "Außenministerin" in body and "Moskau" in body and "gloss of Moskau" in body


# -- 5: settings kept -------------------------------------------------------------------


@sync
async def test_5_level_and_panel_are_kept_in_the_settings_file(reader_home):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("plus", "b")
        await pilot.pause(0.3)
    assert app.settings_writer.wait(30)
    path = reader_home / "config" / "settings.toml"
    saved, warnings = user_settings.load()
    assert warnings == [] and saved.level == "B2" and saved.panel is False
    assert user_settings.load(path)[0] == saved


def test_5_two_quick_changes_keep_the_newest_settings(tmp_path, monkeypatch):
    """A slow first write must not land after the second one and keep the older file."""
    import time

    real_save = user_settings.save

    def slow_first(settings, path=None):
        if settings.level == "B2":
            time.sleep(0.3)
        real_save(settings, path)

    monkeypatch.setattr(user_settings, "save", slow_first)
    path = tmp_path / "settings.toml"
    writer = user_settings.SettingsWriter(path)
    errors: list = []
    writer.submit(user_settings.UserSettings(level="B2"), errors.append)
    time.sleep(0.05)  # the first writer has taken B2 and is writing it
    writer.submit(user_settings.UserSettings(level="C1", panel=False), errors.append)
    assert writer.wait(30) and errors == []
    assert user_settings.load(path)[0] == user_settings.UserSettings(level="C1", panel=False)


def test_5_a_damaged_settings_file_is_a_warning(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('level = "Z9"\npanel = "yes"\ncolour = 1\n')
    settings, warnings = user_settings.load(path)
    assert settings == user_settings.UserSettings()
    assert len(warnings) == 3


# -- 6: the LLM summary used and named --------------------------------------------------


def test_6_llm_settings_choose_the_llm_summariser(monkeypatch):
    from reader.core.llm import summarise_with_backend
    from reader.core.summary import summarise_section

    monkeypatch.setenv("READER_LLM_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("READER_LLM_MODEL", "tiny")
    assert summariser("auto", []) is summarise_with_backend
    assert summariser("extractive", []) is summarise_section
    monkeypatch.delenv("READER_LLM_URL")
    assert summariser("auto", []) is summarise_section


@sync
async def test_6_the_panel_says_which_kind_of_summary_it_shows():
    class Summary:
        sentences = ("Ein Satz.",)
        key_terms = ()
        backend = "ollama:tiny"

    app = make(summarise=lambda section: Summary())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "written by a local language model (tiny)" in panel.summary(app.state).plain
    Summary.backend = "extractive"
    assert "(extractive)" in panel.summary_kind(Summary())


# -- 7: the export dialog --------------------------------------------------------------


def test_7_export_path_keeps_the_format_and_the_folder(tmp_path):
    assert export_path("md", "csv", tmp_path) == tmp_path / "md.csv"
    assert export_path("b.json", "csv", tmp_path) == tmp_path / "b.csv"
    assert export_path("words", "md", tmp_path) == tmp_path / "words.md"
    assert export_path(str(tmp_path / "x.apkg"), "anki", tmp_path) == tmp_path / "x.apkg"
    assert export_path("  ", "csv", tmp_path) is None


@sync
async def test_7_export_dialog_selects_nothing_and_the_format_is_chosen(tmp_path):
    store = FakeStore()
    calls = []

    def export(entries, fmt, path, force=False, **kw):
        calls.append((fmt, Path(path)))
        Path(path).write_text("x")

    app = make(store=store, export=export)
    app.settings.export_dir = tmp_path
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "s", "e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        field = app.screen.query_one("#export-path")
        assert field.selection.is_empty and field.cursor_position == len(field.value)
        await pilot.press("backspace")  # one Backspace takes one character, not the path
        assert field.value == str(tmp_path / "test-glossary.cs")
        await pilot.press("v")
        app.screen.query_one("#export-format").query("RadioButton")[2].value = True  # Markdown
        await pilot.pause()
        assert field.value.endswith(".md")
        await pilot.press("enter")
        await settle(pilot)
    assert calls == [("md", tmp_path / "test-glossary.md")]


# -- 8: the panel re-wraps after b, j, b --------------------------------------------------


@sync
async def test_8_panel_rewraps_when_shown_again():
    app = make(text=TEXT.replace("Gesprächspartner", "Gesprächspartner " + "lang " * 30))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b", "j", "k", "b")
        await settle(pilot)
        await pilot.pause(0.2)
        shown = app._shown[("#entries", id(app.screen))].plain
        assert max(len(line) for line in shown.split("\n")) > 20


# -- 9: Tab goes on to the next paragraph -------------------------------------------------


@sync
async def test_9_tab_goes_on_into_the_next_paragraph():
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab", "tab")
        assert under_cursor(app) == "Gesprächspartner"
        await pilot.press("tab")
        assert "¶2/3" in header(app) and under_cursor(app) == "Verhandlungsführern"
        await pilot.press("shift+tab")
        assert "¶1/3" in header(app) and under_cursor(app) == "Gesprächspartner"


# -- 10: the analysis starts where the reader is ------------------------------------------


@sync
async def test_10_a_jump_to_the_end_is_analysed_next():
    gate = threading.Event()
    batches: list[list[int]] = []
    texts = {}

    def slow(paragraphs, level):
        gate.wait(10)
        batches.append([texts[p.text] for p in paragraphs])
        return list(fake_analyse(paragraphs, level))

    app = make(text=long_text(200, 1), analyse=slow)
    for i, p in enumerate(app.state.document.paragraphs):
        texts[p.text] = i
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("G")
        gate.set()
        for _ in range(200):
            if app.analysed[199]:
                break
            await pilot.pause(0.02)
        assert app.analysed[199]
        assert [199] in batches[:3]  # the first or second batch after the jump
        await pilot.press("q")


def test_10_the_schedule_of_a_million_paragraphs_is_cheap():
    from reader.ui.analysis import Schedule

    schedule = Schedule(1_000_000)
    assert schedule.next(0) == [0]
    assert schedule.next(0) == [1, 2, 3, 4]
    assert schedule.next(999_999) == [999_999]
    assert schedule.next(999_999) == [5, 6, 7, 8]  # the end reached: on from the start
    seen = 10
    while batch := schedule.next(999_999):
        seen += len(batch)
    assert seen == 1_000_000 and schedule.left == 0


# -- 11: the first start says what it is doing ------------------------------------------


@sync
async def test_11_first_start_says_the_word_tables_are_built():
    gate = threading.Event()

    def slow(paragraphs, level):
        gate.wait(10)
        return fake_analyse(paragraphs, level)

    document = split(TEXT, source="test.txt")
    note = "first start: building the word tables once (about 10 s)…"
    app = ReaderApp(document, Services(analyse=slow), Settings(preparing=note))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert note in header(app) and "analysing 0/" not in header(app)
        gate.set()
        await settle(pilot)
        assert "building" not in header(app)


# -- 12: the header keeps place and level at 60 columns ----------------------------------


def test_12_header_puts_place_and_level_before_the_title():
    from reader.ui.state import ReadingState

    document = split("Ein sehr langer Titel " * 8 + "\n\nText.\n", source="t.txt")
    title = "Ein sehr langer Titel " * 8
    text = panel.header(ReadingState(document, level="B2", title=title)).plain
    assert text.index("§1/1 ¶1/2") < text.index("level B2") < text.index("Ein sehr langer")


# -- 13: help lists ids and the config folder; keys.toml conflicts reported ---------------


@sync
async def test_13_help_lists_binding_ids_and_the_config_folder(reader_home):
    app = make()
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        body = app.screen.body.plain
        for binding in keys.READING_BINDINGS:
            assert binding.id in body
        assert str(reader_home / "config") in body and "settings.toml" in body


def test_13_two_actions_on_one_key_are_reported(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text('[keys]\nmark-known = "s"\nnext-paragraph = "n,j"\n')
    keymap, warnings = keys.load_keymap(path)
    assert "mark-known" not in keymap  # s stays the save key
    assert keymap["next-paragraph"] == "n,j"
    assert any("'s'" in w and "save-word" in w for w in warnings)
    path.write_text('[keys]\nsave-word = "x"\nmark-known = "s"\n')
    keymap, warnings = keys.load_keymap(path)
    assert keymap == {"save-word": "x", "mark-known": "s"} and warnings == []


# -- 15: no jargon on screen -----------------------------------------------------------------


def test_15_entries_and_panel_speak_plainly():
    entry = GlossaryEntry(word="Amtskollegen", lemma="Amtskollege", pos="NOUN", band="C2", zipf=0.0)
    text = entry_text(entry).plain
    assert "zipf" not in text and "band" not in text and "very rare (C2)" in text
    name = GlossaryEntry(word="Moskau", lemma="Moskau", pos="PROPN", entity="LOC")
    assert "place" in entry_text(name).plain and "LOC" not in entry_text(name).plain
    legend = "\n".join(sample.plain + " " + meaning for sample, meaning in highlight.legend("B1"))
    for jargon in ("PER", "LOC", "ORG", "MISC", "zipf", "band "):
        assert jargon not in legend


# -- issue 15, 4: the store off the app's thread ---------------------------------------------


class BlockingStore(FakeStore):
    """A store whose writes wait, as when another process holds the write lock."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def set_status(self, lemma: str, status: str) -> None:
        self.gate.wait(10)
        super().set_status(lemma, status)


@sync
async def test_issue15_4_a_locked_store_never_freezes_the_keys():
    store = BlockingStore()
    app = make(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "m", "j")
        assert "¶2/3" in header(app) and "saving…" in header(app)
        store.gate.set()
        await settle(pilot)
        assert "saving…" not in header(app)
        assert store.statuses == {"Außenministerin": "known"}


@sync
async def test_issue15_4_s_during_the_dictionary_import_does_not_freeze():
    importing = threading.Event()

    def slow_entry(token, paragraph, article):
        importing.wait(10)  # the glossary waits for the first import
        return GlossaryEntry(
            word=token.text, lemma=token.lemma, pos=token.pos, translations=("late",)
        )

    store = FakeStore()
    app = make(store=store, build_entry=slow_entry)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("tab", "s", "j")
        assert "¶2/3" in header(app)
        importing.set()
        await settle(pilot)
        assert [e.translations for e, _ in store.saved] == [("late",)]
