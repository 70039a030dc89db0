"""Pilot tests of the reading app: every key, the workers, and failing services.

Most tests inject small fakes (a regex "analysis", an in-memory store) so they are fast
and independent of the NLP; one test runs the real embedded pipeline on the seed.
"""

from __future__ import annotations

import asyncio
import functools
import re
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.style import Style

from reader.core.document import split
from reader.core.entry import GlossaryEntry
from reader.core.model import Entity, Paragraph, Token
from reader.ui import highlight, scenarios
from reader.ui.app import ReaderApp
from reader.ui.keys import load_keymap
from reader.ui.screens import EntryScreen, ExportScreen, HelpScreen
from reader.ui.services import Services, Settings, embedded_analyser

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000.txt"

TEXT = """\
Erster Abschnitt

Die Außenministerin reiste nach Moskau und traf dort Gesprächspartner.

Der zweite Absatz erzählt von Verhandlungsführern und Friedensgesprächen.

Ein dritter Absatz schließt den Abschnitt.

Zweiter Abschnitt

Hier beginnt ein neuer Abschnitt mit Wettbewerbsfähigkeit.

Und hier endet er.
"""
NAMES = {"Moskau": "LOC", "Paris": "LOC"}


def sync(test):
    """Run an async test with asyncio.run: no pytest plugin needed for Pilot tests."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


def fake_analyse(paragraphs, level):
    """Words of 12+ letters are C2, of 9-11 B2, the rest A1; Moskau is a place."""
    for p in paragraphs:
        tokens, ents = [], []
        for m in re.finditer(r"\w+", p.text):
            word = m.group()
            ent = NAMES.get(word, "")
            band = None if ent else "C2" if len(word) >= 12 else "B2" if len(word) >= 9 else "A1"
            if ent:
                ents.append(Entity(word, ent, m.start(), m.end()))
            tokens.append(
                Token(
                    word,
                    word,
                    "PROPN" if ent else "NOUN",
                    "NN",
                    m.start(),
                    m.end(),
                    band=band,
                    ent=ent,
                )
            )
        yield replace(p, tokens=tuple(tokens), entities=tuple(ents), sentences=((0, len(p.text)),))


class FakeStore:
    def __init__(self, position: tuple[int, int] | None = None, fail: bool = False) -> None:
        self.statuses: dict[str, str] = {}
        self.saved: list[tuple[GlossaryEntry, str]] = []
        self.positions: dict[str, tuple[int, int]] = {}
        self.start = position
        self.fail = fail

    def known_lemmas(self) -> frozenset[str]:
        return frozenset(k for k, v in self.statuses.items() if v == "known")

    def set_status(self, lemma: str, status: str) -> None:
        if self.fail:
            raise OSError("disk full")
        self.statuses[lemma] = status

    def save_entry(self, entry: GlossaryEntry, source: str) -> None:
        if self.fail:
            raise OSError("disk full")
        self.saved.append((entry, source))

    def saved_entries(self, source: str | None = None) -> list[GlossaryEntry]:
        return [e for e, s in self.saved if source is None or s == source]

    def position(self, key: str) -> tuple[int, int] | None:
        return self.positions.get(key, self.start)

    def set_position(self, key: str, section: int, paragraph: int) -> None:
        self.positions[key] = (section, paragraph)

    def remove_entry(self, lemma: str, source: str) -> bool:
        before = len(self.saved)
        self.saved = [(e, s) for e, s in self.saved if not (e.lemma == lemma and s == source)]
        return len(self.saved) < before


def fake_entry(token: Token, paragraph: Paragraph, article: Any) -> GlossaryEntry:
    return GlossaryEntry(
        word=token.text,
        lemma=token.lemma,
        pos=token.pos,
        band=token.band,
        translations=(f"gloss of {token.lemma}",),
    )


def make(
    text: str = TEXT, store: Any = None, level: str = "B1", keymap=None, **services: Any
) -> ReaderApp:
    document = split(text, source="test.txt")
    base: dict[str, Any] = dict(
        analyse=fake_analyse,
        store=store,
        build_entry=fake_entry,
        document_key=lambda path, text: f"key:{path}",
    )
    base.update(services)
    return ReaderApp(document, Services(**base), Settings(level=level, keymap=keymap or {}))


async def settle(pilot) -> None:
    await scenarios.settle(pilot)


def plain(app: ReaderApp, selector: str) -> str:
    widget = app.screen.query_one(selector)
    return str(widget.render())


def header(app: ReaderApp) -> str:
    return plain(app, "#header")


# -- moving --------------------------------------------------------------------------


@sync
async def test_paragraph_and_section_keys():
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "§1/2 ¶1/3" in header(app)
        for key, expected in [
            ("j", "§1/2 ¶2/3"),
            ("down", "§1/2 ¶3/3"),
            ("k", "§1/2 ¶2/3"),
            ("up", "§1/2 ¶1/3"),
            ("right_square_bracket", "§2/2 ¶1/2"),
            ("left_square_bracket", "§1/2 ¶1/3"),
            ("G", "§2/2 ¶2/2"),
            ("g", "§1/2 ¶1/3"),
            ("k", "§1/2 ¶1/3"),
        ]:
            await pilot.press(key)
            assert expected in header(app), key
        await pilot.press("G", "left_square_bracket")
        assert "§2/2 ¶1/2" in header(app)  # [ inside a section goes to its start first


@sync
async def test_neighbours_and_heading_shown():
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        assert "Erster Abschnitt" in plain(app, "#previous")
        assert "Außenministerin" in plain(app, "#previous")
        assert "dritter" in plain(app, "#next")
        assert "Zweiter Abschnitt" in plain(app, "#next")  # the article goes on
        assert "Verhandlungsführern" in plain(app, "#current")


# -- the word cursor and words ---------------------------------------------------------


def under_cursor(app: ReaderApp) -> str | None:
    word = app.state.cursor_word()
    return word.text if word else None


@sync
async def test_tab_jumps_between_highlighted_words():
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        words = [m.text for m in app.marks()]
        assert words == ["Außenministerin", "Moskau", "Gesprächspartner"]
        await pilot.press("tab")
        assert under_cursor(app) == "Außenministerin"
        await pilot.press("tab")
        assert under_cursor(app) == "Moskau"
        await pilot.press("shift+tab")
        assert under_cursor(app) == "Außenministerin"
        await pilot.press("j")
        assert app.cursor is None  # a new paragraph starts without a cursor


@sync
async def test_enter_opens_entry_and_escape_closes():
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # no cursor yet: the first word
        assert isinstance(app.screen, EntryScreen)
        body = str(app.screen.query_one("#entry-body").render())
        assert "Außenministerin" in body and "gloss of Außenministerin" in body
        await pilot.press("escape")
        assert not isinstance(app.screen, EntryScreen)


@sync
async def test_side_panel_lists_entries():
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.entries  # built by the worker
        text = app.screen.query_one("#entries").render()
        rendered = app.console.export_text() if False else str(text)
        assert rendered  # a renderable; check the content via the cache instead
        assert {e.lemma for e in app.entries.values()} == {
            "Außenministerin",
            "Moskau",
            "Gesprächspartner",
        }


@sync
async def test_s_saves_the_word():
    store = FakeStore()
    app = make(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab", "s")
        assert [(e.lemma, s) for e, s in store.saved] == [("Moskau", "test.txt")]
        assert store.saved[0][0].translations == ("gloss of Moskau",)


@sync
async def test_m_marks_known_and_it_is_remembered():
    store = FakeStore()
    app = make(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "m")
        assert store.statuses == {"Außenministerin": "known"}
        assert [m.text for m in app.marks()] == ["Moskau", "Gesprächspartner"]
    again = make(store=store)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert [m.text for m in again.marks()] == ["Moskau", "Gesprächspartner"]


@sync
async def test_plus_minus_change_the_level():
    app = make(level="B1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(app.marks()) == 3
        await pilot.press("plus")
        assert app.level == "B2" and "level B2" in header(app)
        assert [m.text for m in app.marks()] == [
            "Außenministerin",
            "Moskau",
            "Gesprächspartner",
        ]  # all C2 or names
        await pilot.press("plus", "plus", "plus")
        assert app.level == "C2"
        assert [m.text for m in app.marks()] == ["Moskau"]  # names stay
        await pilot.press("minus")
        assert app.level == "C1"


@sync
async def test_click_on_a_word_selects_it():
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        current = app.screen.query_one("#current")
        # find the screen cell of "Moskau" by its click meta
        target = None
        for y in range(current.region.height):
            for x in range(current.region.width):
                style = app.screen.get_style_at(current.region.x + x, current.region.y + y)
                if style.meta.get("word") == 4:  # Die Außenministerin reiste nach Moskau
                    target = (x, y)
                    break
            if target:
                break
        assert target is not None
        await pilot.click("#current", offset=target)
        assert under_cursor(app) == "Moskau"


# -- panel, help, export, quit ---------------------------------------------------------


@sync
async def test_b_toggles_the_side_panel():
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        side = app.screen.query_one("#side")
        assert side.display
        await pilot.press("b")
        assert not side.display
        await pilot.press("b")
        assert side.display


@sync
async def test_help_lists_keys_and_styles():
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.body.plain
        for words in (
            "next paragraph",
            "mark it known",
            "export",
            "person",
            "very rare (C2)",
            "NO_COLOR",
        ):
            assert words in body
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@sync
async def test_e_exports_saved_words_and_says_where(tmp_path):
    store = FakeStore()
    calls = []

    def export(entries, fmt, path, force=False, **kw):
        calls.append((list(entries), fmt, Path(path)))
        Path(path).write_text("x")
        return Path(path)

    app = make(store=store, export=export)
    app.settings.export_dir = tmp_path
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")  # nothing saved yet
        assert not isinstance(app.screen, ExportScreen)
        await pilot.press("tab", "s", "e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert calls and calls[0][1] == "csv"
        assert calls[0][2] == tmp_path / "test-glossary.csv"
        assert [e.lemma for e in calls[0][0]] == ["Außenministerin"]
        messages = [n.message for n in app._notifications]
        assert any(str(tmp_path / "test-glossary.csv") in m for m in messages)


@sync
async def test_e_export_can_be_cancelled(tmp_path):
    store = FakeStore()
    calls = []
    app = make(store=store, export=lambda *a, **k: calls.append(a))
    app.settings.export_dir = tmp_path
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "s", "e", "escape")
        await settle(pilot)
        assert not calls and not isinstance(app.screen, ExportScreen)


@sync
async def test_q_quits_and_remembers_the_place():
    store = FakeStore()
    app = make(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket", "j", "q")
        await pilot.pause()
        assert not app.is_running
    assert store.positions == {"key:test.txt": (1, 1)}
    again = make(store=store)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "§2/2 ¶2/2" in header(again)


# -- remapping ------------------------------------------------------------------------


@sync
async def test_keys_toml_remaps_a_binding(reader_home):
    config = reader_home / "config"
    config.mkdir(parents=True)
    (config / "keys.toml").write_text('[keys]\nnext-paragraph = "n"\nnonsense = "x"\n')
    keymap, warnings = load_keymap()
    assert keymap == {"next-paragraph": "n"}
    assert any("nonsense" in w for w in warnings)
    app = make(keymap=keymap)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        assert "¶1/3" in header(app)
        await pilot.press("n")
        assert "¶2/3" in header(app)
        await pilot.press("question_mark")
        assert re.search(r"^  n +next-paragraph +next paragraph$", app.screen.body.plain, re.M)


def test_broken_keys_toml_is_a_warning(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text("[keys\n")
    keymap, warnings = load_keymap(path)
    assert keymap == {} and warnings and "ignored" in warnings[0]


# -- workers: first paint, progress, failures -------------------------------------------


@sync
async def test_keys_work_while_the_analysis_waits():
    gate = threading.Event()

    def slow(paragraphs, level):
        gate.wait(10)
        return fake_analyse(paragraphs, level)

    app = make(analyse=slow)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Außenministerin" in plain(app, "#current")  # painted before any analysis
        assert "analysing 0/5" in header(app)
        await pilot.press("j", "j", "right_square_bracket", "tab", "enter", "m")
        assert "§2/2" in header(app) and app.marks() == []
        gate.set()
        await settle(pilot)
        assert "analysing" not in header(app)
        assert [m.text for m in app.marks()] == ["Abschnitt", "Wettbewerbsfähigkeit"]


@sync
async def test_analysis_failure_keeps_the_text_readable():
    def broken(paragraphs, level):
        raise RuntimeError("no model")

    app = make(analyse=broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "analysis failed" in header(app)
        assert "Außenministerin" in plain(app, "#current")
        await pilot.press("j", "tab")
        assert "¶2/3" in header(app)


@sync
async def test_failing_services_do_not_crash():
    def bad_entry(*args):
        raise KeyError("dictionary gone")

    def bad_summary(section):
        raise ValueError("nope")

    store = FakeStore(fail=True)
    app = make(
        store=store, build_entry=bad_entry, summarise=bad_summary, section_level=lambda s: "B2"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "s", "enter")
        assert isinstance(app.screen, EntryScreen)  # the analysis's own entry
        body = str(app.screen.query_one("#entry-body").render())
        assert "Außenministerin" in body and "no dictionary meaning" in body
        await pilot.press("escape", "m")
        assert app.is_running and "Außenministerin" in app.known
        assert "nope" in str(app.screen.query_one("#summary").render())


@sync
async def test_missing_services_leave_reading_intact():
    app = make(build_entry=None, document_key=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "s", "e", "m", "enter")
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("escape", "j")
        assert "¶2/3" in header(app)


@sync
async def test_summary_is_shown_for_the_section():
    class Summary:
        sentences = ("Ein Satz [bold]über[/] den Abschnitt.",)
        key_terms = ("Moskau",)

    app = make(summarise=lambda section: Summary(), section_level=lambda s: "B2")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one("#summary").render())
        assert "Ein Satz [bold]über[/] den Abschnitt." in text  # literal, not markup
        assert "B2" in text and "Moskau" in text


# -- terminal safety and sizes -------------------------------------------------------------


@sync
async def test_markup_in_the_article_is_shown_literally():
    app = make(text="Titel\n\nDer Text [bold red]x[/] und [@click=app.quit]hier[/] bleibt.\n")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = plain(app, "#current")
        assert "[bold red]x[/]" in shown and "[@click=app.quit]hier[/]" in shown
        await pilot.click("#current", offset=(20, 0))
        assert app.is_running


@sync
async def test_resize_to_tiny_and_back():
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for size in [(40, 10), (20, 5), (50, 30), (40, 10), (120, 40), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.press("j", "tab", "b", "b")
        assert app.is_running


@sync
async def test_narrow_terminal_moves_the_panel_below():
    app = make()
    async with app.run_test(size=(50, 30)) as pilot:
        await settle(pilot)
        side, reading = app.screen.query_one("#side"), app.screen.query_one("#reading")
        assert side.display and side.region.y > reading.region.y
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        assert not side.display  # too small: hidden, b shows it
        await pilot.press("b")
        assert side.display


def test_ui_imports_without_wordfreq_or_spacy():
    import subprocess
    import sys

    code = (
        "import sys, reader.ui.app, reader.ui.services; "
        "print(sorted(m for m in ('wordfreq', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_names_and_rare_words_share_no_colour_and_no_attribute():
    """Item 3: names are bold, words to learn underlined, in colours of their own (16-colour
    palette), so the two read apart with colour, with 16 colours and with NO_COLOR."""
    names = [Style.parse(s) for s in highlight.ENTITY_STYLES.values()]
    rare = [Style.parse(s) for s in highlight.BAND_STYLES.values()]
    for style in names + rare:
        assert style.color is not None and style.color.number is not None
        assert style.color.number < 16
    assert all(s.bold and not s.underline for s in names)
    assert all(s.underline and not s.bold for s in rare)
    assert not {s.color.name for s in names} & {s.color.name for s in rare}
    for style in highlight.ENTITY_STYLES.values():
        plain_style = Style.parse(highlight.without_colour(style))
        assert plain_style.color is None and plain_style.bold


# -- the real pipeline -----------------------------------------------------------------


@sync
async def test_seed_with_the_embedded_pipeline():
    from reader.core.document import load

    app = ReaderApp(load(SEED), Services(analyse=embedded_analyser()), Settings(level="B1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.analysis_complete
        words = [m.text for m in app.marks()]
        assert "Eiszeit" in words and "Frankreichs" in words
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, EntryScreen)


@sync
async def test_no_repaint_loop_when_idle():
    """A layout that feeds back into itself (wrap width <-> scrollbar) would never idle."""
    for size in [(80, 24), (100, 30), (61, 20), (50, 30)]:
        app = make()
        calls = []
        original = app.refresh_view

        def counting(original=original, calls=calls):
            calls.append(1)
            original()

        app.refresh_view = counting  # type: ignore[method-assign]
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            before = len(calls)
            await asyncio.sleep(0.5)
            await pilot.pause()
            assert len(calls) == before, size


@sync
async def test_a_reopened_text_paints_from_the_analysis_cache():
    """The first run stores the finished analysis; the second needs no analyser at all."""
    from reader.ui.services import embedded_cache

    cached, store_cached = embedded_cache()
    first = make(cached=cached, store_cached=store_cached)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert first.analysis_complete

    def must_not_run(paragraphs, level):
        raise AssertionError("the cache should have answered")

    second = make(analyse=must_not_run, cached=cached, store_cached=store_cached, level="C2")
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert second.analysis_error is None
        assert second.analysis_complete
        assert second.paras[0].tokens and second.paras[0].entities  # Moskau
        # Judged again for the new level from each word's band: C2 learners see nothing rare.
        assert not any(t.rare for p in second.paras for t in p.tokens)


@sync
async def test_a_damaged_cache_block_means_the_text_is_analysed_after_all(monkeypatch):
    """Blocks before the damage may already be shown; the rest is analysed, not trusted."""
    import os

    from reader.core import cache
    from reader.ui.services import embedded_cache

    monkeypatch.setattr(cache, "_BLOCK_TOKENS", 20)  # a block per paragraph or two
    cached, store_cached = embedded_cache()
    first = make(cached=cached, store_cached=store_cached)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        expected = list(first.paras)
    entries = list((Path(os.environ["READER_HOME"]) / "cache" / "articles").iterdir())
    assert len(entries) == 1
    raw = entries[0].read_bytes()
    entries[0].write_bytes(raw[:-5] + bytes([raw[-5] ^ 0x01]) + raw[-4:])  # the last block
    calls: list[int] = []

    def counting(paragraphs, level):
        calls.append(len(paragraphs))
        return fake_analyse(paragraphs, level)

    second = make(analyse=counting, cached=cached, store_cached=store_cached)
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert second.analysis_complete and second.analysis_error is None
        assert calls, "the damaged entry must not be trusted"
        assert list(second.paras) == expected


@sync
async def test_first_run_dictionary_import_shows_progress_in_the_header():
    from reader.ui import panel

    gate = threading.Event()

    def prepare(progress):
        progress("Debian trans-de-en", 50, 100)
        gate.wait(10)
        progress("Debian trans-de-en", 100, 100)

    app = make(prepare_dictionaries=prepare)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(250):  # not settle(): it would wait for the import to finish
            if app.dictionary_progress:
                break
            await pilot.pause(0.02)
        assert "importing Debian trans-de-en 50%" in panel.header(app.state).plain
        gate.set()
        for _ in range(100):
            if app.dictionary_progress is None:
                break
            await pilot.pause(0.02)
        assert "importing" not in panel.header(app.state).plain


@sync
async def test_failing_dictionary_import_is_a_note_not_a_crash():
    def prepare(progress):
        raise OSError("disk full")

    app = make(prepare_dictionaries=prepare)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.dictionary_progress is None
        assert app.is_running


def test_neighbour_glimpse_is_cut_with_an_ellipsis():
    from reader.ui import page

    long = " ".join(["Wort"] * 80)
    head = page.glimpse(long, 30).plain.split("\n")
    assert len(head) == page.NEIGHBOUR_LINES and head[-1].endswith(" …")
    tail = page.glimpse(long, 30, tail=True).plain.split("\n")
    assert len(tail) == page.NEIGHBOUR_LINES and tail[0].startswith("… ")
    assert page.glimpse("Kurz.", 30).plain == "Kurz."


@sync
async def test_section_difficulty_sparkline_marks_the_current_section():
    from reader.ui import panel

    def score(section):
        return float(len(section.paragraphs))

    app = make(
        section_level=lambda s: "B2",
        section_score=score,
        sparkline=lambda scores: "".join("▁▂▃▄▅▆▇█"[int(x)] for x in scores),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for _ in range(100):
            if app.section_glyphs:
                break
            await pilot.pause(0.02)
        assert app.section_glyphs == "▄▃"  # three paragraphs, then two
        text = panel.summary(app.state)
        assert "difficulty of each section ▄▃  (this one reversed)" in text.plain
        marked = [span for span in text.spans if "reverse" in str(span.style)]
        assert [text.plain[s.start : s.end] for s in marked] == ["▄"]
        await pilot.press("]")
        await settle(pilot)
        text = panel.summary(app.state)
        marked = [span for span in text.spans if "reverse" in str(span.style)]
        assert [text.plain[s.start : s.end] for s in marked] == ["▃"]


@sync
async def test_news_arriving_after_the_app_has_closed_its_screens_is_ignored():
    """A batch analysed or a save answered just as the app quits asks for a repaint when
    no screen is left: that was a ScreenStackError traceback on the way out."""
    app = ReaderApp(split(TEXT, source="t.md"), Services(analyse=fake_analyse), Settings())
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
    assert app.screen_stack == []
    app.refresh_header()
    app.refresh_view()
    app.update_entry_screen(0)


@sync
async def test_the_panel_shows_the_words_that_fit_around_the_cursor():
    """A paragraph of a novel highlights dozens of words: the panel shows those that fit
    beside the summary, around the word under the cursor, and says how many more."""
    long_words = [f"Donaudampfschifffahrt{n:02d}gesellschaft" for n in range(40)]
    app = make("Überschrift\n\n" + " und ".join(long_words) + ".\n")
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        side = app.screen.query_one("#side")

        def shown() -> list[str]:
            lines = plain(app, "#entries").splitlines()
            assert len(lines) < side.size.height, "the words alone overflow the panel"
            return lines

        first = shown()
        assert long_words[0] in "\n".join(first) and long_words[39] not in "\n".join(first)
        assert "more below" in first[-1] and "more above" not in "\n".join(first)
        for _ in range(30):
            await pilot.press("tab")
        later = "\n".join(shown())
        assert f"▸ {long_words[29]}" in later
        assert "more above" in later and long_words[0] not in later
