"""The optional local LLM backend: a real HTTP server on 127.0.0.1 that fails or answers."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.core.analyze import analyse
from reader.core.document import load
from reader.core.llm import (
    LLMSettings,
    answer_sentences,
    is_local,
    summarise_article_with_backend,
    summarise_with_backend,
)
from reader.core.summary import EXTRACTIVE, summarise_article, summarise_section
from tests.conftest import SEED

ANSWER = "Frankreich und Russland sprechen wieder miteinander. Beide Minister reden über Terror."


@pytest.fixture(scope="module")
def section():
    return analyse(load(SEED)).sections[1]


@contextmanager
def server(behaviour: str) -> Iterator[tuple[str, list[dict]]]:
    """An Ollama-like server on a free loopback port; records the requests it got."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep pytest output clean
            pass

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length", 0))
            received.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
            if behaviour == "500":
                self.send_error(500, "model crashed")
                return
            if behaviour == "redirect":
                self.send_response(307)
                self.send_header("Location", "http://example.com/api/generate")
                self.end_headers()
                return
            body = {
                "garbage": b"<html>not json at all",
                "nojson": json.dumps({"done": True}).encode(),
                "empty": json.dumps({"response": "   ", "done": True}).encode(),
                "answer": json.dumps(
                    {
                        "model": "tiny",
                        "response": f"<think>hm</think>Zusammenfassung: {ANSWER}",
                        "done": True,
                    }
                ).encode(),
            }[behaviour]
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", received
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_off_by_default(section, monkeypatch):
    for var in ("READER_LLM_URL", "READER_LLM_GGUF", "READER_LLM_MODEL"):
        monkeypatch.delenv(var, raising=False)
    settings = LLMSettings.from_env()
    assert not settings.enabled
    assert summarise_with_backend(section, settings) == summarise_section(section)
    assert summarise_with_backend(section).backend == EXTRACTIVE


@pytest.mark.parametrize("behaviour", ["500", "garbage", "nojson", "empty", "redirect"])
def test_failing_server_falls_back(section, behaviour):
    with server(behaviour) as (url, received):
        summary = summarise_with_backend(section, LLMSettings(url=url, timeout=10))
    assert received, "the server was asked"
    assert summary == summarise_section(section)
    assert summary.backend == EXTRACTIVE


def test_answering_server(section):
    with server("answer") as (url, received):
        settings = LLMSettings(url=url + "/", model="tiny", timeout=10)
        summary = summarise_with_backend(section, settings)
    assert summary.backend == "ollama:tiny"
    assert summary.sentences == (
        "Frankreich und Russland sprechen wieder miteinander.",
        "Beide Minister reden über Terror.",
    )
    assert summary.key_terms == summarise_section(section).key_terms
    (request,) = received
    assert request["path"] == "/api/generate"
    assert request["body"]["model"] == "tiny"
    assert request["body"]["stream"] is False
    assert section.paragraphs[0].text in request["body"]["prompt"]
    assert section.heading in request["body"]["prompt"]


def test_article_with_answering_server():
    article = analyse(load(SEED))
    with server("answer") as (url, _):
        summary = summarise_article_with_backend(article, LLMSettings(url=url, model="tiny"))
    assert summary.backend == "ollama:tiny"
    with server("500") as (url, _):
        summary = summarise_article_with_backend(article, LLMSettings(url=url, model="tiny"))
    assert summary == summarise_article(article)


def test_nothing_listening_falls_back(section):
    with server("answer") as (url, _):
        pass  # the port is free again once the server is closed
    summary = summarise_with_backend(section, LLMSettings(url=url, timeout=5))
    assert summary.backend == EXTRACTIVE


def test_remote_address_refused_without_contact(section):
    # Not contacted at all: the check happens before any connection (a TEST-NET address).
    summary = summarise_with_backend(section, LLMSettings(url="http://192.0.2.1:11434"))
    assert summary.backend == EXTRACTIVE


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://localhost:11434", True),
        ("http://127.0.0.1:1", True),
        ("http://[::1]:80", True),
        ("http://127.8.9.10", True),
        ("https://example.com", False),
        ("http://10.0.0.2", False),
        ("ftp://127.0.0.1", False),
        ("http://localhost.example.com", False),
        ("", False),
    ],
)
def test_is_local(url, local):
    assert is_local(url) is local


def test_missing_gguf_or_llama_cpp_falls_back(section, tmp_path):
    missing = LLMSettings(gguf=str(tmp_path / "nope.gguf"))
    assert missing.backend_name == "llama-cpp:nope.gguf"
    assert summarise_with_backend(section, missing).backend == EXTRACTIVE
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"GGUF not really")  # llama-cpp absent, or refuses this file: fall back
    assert summarise_with_backend(section, LLMSettings(gguf=str(fake))).backend == EXTRACTIVE


def test_from_env():
    settings = LLMSettings.from_env(
        {
            "READER_LLM_URL": "http://127.0.0.1:11434",
            "READER_LLM_MODEL": "qwen2.5:3b",
            "READER_LLM_TIMEOUT": "nonsense",
        }
    )
    assert settings.enabled and settings.backend_name == "ollama:qwen2.5:3b"
    assert settings.timeout == 60.0 and not settings.allow_remote


def test_answer_sentences():
    assert answer_sentences("  ", 3) == ()
    assert answer_sentences("Zusammenfassung: Eins. Zwei! Drei? Vier.", 3) == (
        "Eins.",
        "Zwei!",
        "Drei?",
    )
