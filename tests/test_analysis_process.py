"""The app's analysis process: same answers as in-process, failures reported, never waited on."""

from __future__ import annotations

import pytest

from reader.core.analysis_process import AnalysisProcessError, ProcessAnalyser
from reader.core.analyze import analyse_paragraphs
from reader.core.document import load
from reader.core.nlp.pipeline import build
from tests.conftest import SEED


@pytest.fixture(scope="module")
def analyser():
    child = ProcessAnalyser()
    yield child
    child.close()


def test_the_child_answers_exactly_as_the_pipeline_does(analyser):
    paragraphs = load(SEED).paragraphs
    here = list(analyse_paragraphs(paragraphs, build(None), "B1"))
    assert analyser(paragraphs[:1], "B1") == here[:1]  # the one in view, first
    assert analyser(paragraphs[1:], "B1") == here[1:]
    assert analyser(paragraphs[:2], "C1")[0].tokens != here[0].tokens  # level is passed on
    assert analyser.save_memo() in (True, False)
    assert analyser.peak_memory_mb() > 10


def test_a_pipeline_that_cannot_be_built_is_one_message():
    child = ProcessAnalyser("no_such_spacy_pipeline_xyz")
    try:
        with pytest.raises(AnalysisProcessError, match="no_such_spacy_pipeline_xyz"):
            child(load(SEED).paragraphs[:1], "B1")
    finally:
        child.close()


def test_a_child_that_died_is_reported_not_waited_for():
    child = ProcessAnalyser()
    child._proc.kill()
    try:
        with pytest.raises(AnalysisProcessError, match="stopped|gone"):
            child(load(SEED).paragraphs[:1], "B1")
    finally:
        child.close()
    assert child._proc.poll() is not None


def test_the_glossary_asks_the_child_instead_of_loading_hanta(analyser):
    from reader.core.dictionary import wordforms

    words = ["Terrorismusbekämpfung", "Konzertstätte", "Amtskollege", "Haus"]
    here = [wordforms.split_compound(w) for w in words], wordforms.readings("gefallen")
    wordforms.use_tagger(analyser.tagger)
    try:
        there = [wordforms.split_compound(w) for w in words], wordforms.readings("gefallen")
    finally:
        wordforms.use_tagger(None)
    assert there == here
    assert len(here[1]) == 2  # gefallen: fallen and gefallen


def test_a_lazy_child_starts_on_its_first_request():
    child = ProcessAnalyser(lazy=True)
    try:
        assert child._proc is None
        child.close()  # closing one that never started is fine
        assert len(child(load(SEED).paragraphs[:1], "B1")[0].tokens) > 5
        assert child._proc is not None and child._proc.poll() is None
    finally:
        child.close()


def test_a_cached_text_does_not_start_the_child_at_launch():
    from reader.app_main import start_analysis
    from reader.core.batch import analyse_cached

    document = load(SEED)
    fresh = start_analysis(None, document)
    try:
        assert fresh._proc is not None  # nothing cached yet: it loads while Textual starts
    finally:
        fresh.close()
    analyse_cached(document)
    cached = start_analysis(None, document)
    assert cached._proc is None
    cached.close()


def test_the_names_pass_asking_the_child_decides_as_this_process_does(analyser):
    from reader.core.nlp import doc_names, tagger_access

    nlp = build(None)
    # one paragraph at a time, as the app's batches can be: the short forms only meet
    # their full names in the pass over the whole text
    batches = [next(iter(analyse_paragraphs([p], nlp, "B1"))) for p in load(SEED).paragraphs]
    here = doc_names.changed(batches)
    assert here, "the seed's later short forms (Lecornu, Shoigu) are marked by the pass"
    doc_names.lower_known.cache_clear()
    tagger_access.use(analyser.tagger)
    try:
        assert doc_names.changed(batches) == here
    finally:
        tagger_access.use(None)


_APP_AFTER_ANALYSIS = r"""
import asyncio, sys, traceback

class Witness:  # who imported them, for the failure message
    seen = {}
    def find_spec(self, name, path=None, target=None):
        if name in ("spacy", "HanTa", "numpy") and name not in self.seen:
            self.seen[name] = "".join(traceback.format_stack(limit=25))
        return None

sys.meta_path.insert(0, Witness())
from reader.app_main import start_analysis
from reader.core.document import load
from reader.ui.app import ReaderApp
from reader.ui.services import Settings, real_services

document = load(sys.argv[1])
analyser = start_analysis(None, document)
app = ReaderApp(document, real_services(analyser=analyser), Settings())

async def main():
    async with app.run_test(size=(100, 30)) as pilot:
        while not app.analysis_complete or any(
            w.group == "analysis" and w.is_running for w in app.workers
        ):
            await pilot.pause(0.1)
        await pilot.press("tab")  # a glossary entry too
        await pilot.pause(0.5)

asyncio.run(main())
analyser.close()
for name, stack in Witness.seen.items():
    print(f"{name} imported from:\n{stack}", file=sys.stderr)
print(sorted(m for m in ("spacy", "HanTa", "thinc", "numpy") if m in sys.modules))
"""


def test_the_app_process_never_loads_spacy_hanta_or_numpy(tmp_path):
    """They are the analysis process's (about 120 MB): the whole-text names pass once
    loaded them into the app as well, and HanTa's answers brought numpy along."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = dict(os.environ, READER_HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", _APP_AFTER_ANALYSIS, str(SEED)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr[-4000:]
