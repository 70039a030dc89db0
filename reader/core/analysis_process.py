"""The analysis in a child process, for the reading app.

HanTa and our components are pure Python: analysing a novel in a thread of the app holds
the GIL for most of a minute, and every keypress waits its turn for it. A child process
runs on the other core instead, and starting it at launch lets it import spaCy and load
the models while the app draws its first frame.

The child is a fresh interpreter (``python -m reader.core.analysis_process``; never a
``fork`` of the app, which has threads, and never a re-import of the app's main module as
``multiprocessing``'s spawn does). Requests and answers are pickled over its stdin and
stdout (its own prints go to stderr). The app kills it on quit, so quitting never waits,
and it stops by itself when the app goes away (end of file on its stdin). One request
at a time: ``analyse`` sends paragraphs and gets them back analysed; an exception in the
child comes back as its message, and a child that died is reported instead of waited for.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from multiprocessing.connection import Connection
from typing import Any

from reader.core.model import Paragraph


def peak_rss_mb() -> float:
    """This process's own peak resident set (VmHWM), in MB; 0 where /proc is missing.

    Not ``ru_maxrss``: on Linux a child started from a big parent inherits its figure.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class AnalysisProcessError(RuntimeError):
    """The child failed a request, or is gone."""


def _serve(requests: Connection, conn: Connection, model: str | None) -> None:
    """The child's loop: build the pipeline once, then answer requests until EOF."""
    from reader.core.analyze import analyse_paragraphs
    from reader.core.nlp.pipeline import build
    from reader.core.nlp.tagger import save_memo

    try:
        nlp = build(model)
        if model is None:
            from reader.core.nlp.tagger import hanta

            hanta()
        conn.send(("ready", None))
    except Exception as exc:  # noqa: BLE001 - reported to the app as one line
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            request = requests.recv()
        except (EOFError, OSError):
            break
        kind, args = request
        try:
            if kind == "analyse":
                paragraphs, level = args
                result: Any = list(analyse_paragraphs(paragraphs, nlp, level))
            elif kind == "save":
                result = save_memo() if model is None else False
            elif kind == "memory":
                result = peak_rss_mb()
            elif kind == "hanta":
                result = _ask_hanta(*args)
            else:
                raise ValueError(f"unknown request {kind!r}")
            conn.send(("ok", result))
        except Exception as exc:  # noqa: BLE001 - reported to the app as one line
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
    if model is None:
        save_memo()


_HANTA_QUESTIONS = {"analyze", "tag_word"}  # what the glossary and the names pass ask


def _ask_hanta(method: str, args: tuple, kwargs: dict) -> Any:
    from reader.core.nlp.hanta_store import plain
    from reader.core.nlp.tagger import _LOCK, hanta

    if method not in _HANTA_QUESTIONS:
        raise ValueError(f"not a HanTa question: {method!r}")
    with _LOCK:
        answer = getattr(hanta(), method)(*args, **kwargs)
    # HanTa's scores are numpy floats: sent as they are, the app would import numpy
    # (about 20 MB) only to read them
    return plain(answer)


class RemoteHanta:
    """HanTa's ``analyze`` and ``tag_word``, answered by the analysis process."""

    def __init__(self, analyser: ProcessAnalyser) -> None:
        self._analyser = analyser

    def analyze(self, *args: Any, **kwargs: Any) -> Any:
        return self._analyser._request("hanta", ("analyze", args, kwargs))

    def tag_word(self, *args: Any, **kwargs: Any) -> Any:
        return self._analyser._request("hanta", ("tag_word", args, kwargs))


class ProcessAnalyser:
    """``analyse(paragraphs, level)`` answered by a child process started at once."""

    def __init__(self, model: str | None = None, lazy: bool = False) -> None:
        """Start the child now, or with ``lazy`` on the first request (a text whose
        analysis is cached may never need it)."""
        self._model = model
        self._lock = threading.Lock()
        self._ready = False
        self._proc: subprocess.Popen | None = None
        if not lazy:
            self._start()

    def _start(self) -> None:
        args = [sys.executable, "-m", __name__] + ([self._model] if self._model else [])
        # stderr to nowhere: the app owns the terminal, and failures come back as answers
        proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert proc.stdin is not None and proc.stdout is not None
        self._send = Connection(os.dup(proc.stdin.fileno()), readable=False)
        self._conn = Connection(os.dup(proc.stdout.fileno()), writable=False)
        proc.stdin.close()
        proc.stdout.close()
        self._proc = proc

    def __call__(self, paragraphs: Sequence[Paragraph], level: str) -> list[Paragraph]:
        return self._request("analyse", (list(paragraphs), level))

    def tagger(self) -> tuple[AbstractContextManager, RemoteHanta]:
        """For ``tagger_access.use``: requests are already one at a time, no lock."""
        return nullcontext(), RemoteHanta(self)

    def save_memo(self) -> bool:
        """Ask the child to keep the word analyses it learnt for the next run."""
        return bool(self._request("save", None))

    def peak_memory_mb(self) -> float:
        """The child's own peak resident memory (for the benchmarks)."""
        return float(self._request("memory", None))

    def close(self) -> None:
        """Stop the child now (it is only ever doing work we no longer want)."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait(timeout=5)
        self._send.close()
        self._conn.close()

    def _request(self, kind: str, args: Any) -> Any:
        with self._lock:
            if self._proc is None:
                self._start()
            if not self._ready:
                self._answer()  # the pipeline is built (or failed to build) first
                self._ready = True
            try:
                self._send.send((kind, args))
            except (OSError, ValueError) as exc:
                raise AnalysisProcessError(f"the analysis process is gone ({exc})") from exc
            return self._answer()

    def _answer(self) -> Any:
        assert self._proc is not None
        while not self._conn.poll(0.2):
            if self._proc.poll() is not None:
                raise AnalysisProcessError(
                    f"the analysis process stopped (exit code {self._proc.returncode})"
                )
        try:
            status, payload = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise AnalysisProcessError("the analysis process stopped") from exc
        if status == "error":
            raise AnalysisProcessError(payload)
        return payload


def main() -> None:
    """Entry of the child: stdin and stdout carry the requests, prints go to stderr."""
    from reader.core.nlp.spacy_import import import_spacy

    import_spacy()  # before anything else imports it: 0.4 s sooner to the first paint
    requests = Connection(os.dup(0), writable=False)
    answers = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # anything printed by a library lands on stderr, never in the answers
    sys.stdout = sys.stderr
    _serve(requests, answers, sys.argv[1] if len(sys.argv) > 1 else None)


if __name__ == "__main__":
    main()
