"""Optional abstractive summaries from a language model running on this machine.

Off by default. Two backends, used only when the learner configures one:

* an Ollama-compatible HTTP server (``POST {url}/api/generate``, ``"stream": false``) at a
  *local* address: ``localhost`` or a loopback IP unless ``allow_remote`` is set
  explicitly; proxies from the environment and HTTP redirects are ignored, so the text goes
  to that address and nowhere else;
* llama-cpp-python with a GGUF file the learner names (imported lazily: the package is not
  a dependency of reader, and a missing package just means falling back).

Configuration comes from :class:`LLMSettings`, usually ``LLMSettings.from_env()``:

==========================  ===============================================================
``READER_LLM_URL``          e.g. ``http://127.0.0.1:11434`` (Ollama's default port)
``READER_LLM_MODEL``        the model name the server knows, e.g. ``llama3.2``
``READER_LLM_GGUF``         path to a ``.gguf`` file for llama-cpp-python
``READER_LLM_TIMEOUT``      seconds to wait for an answer (default 60)
``READER_LLM_ALLOW_REMOTE`` ``1`` to allow a non-loopback URL (e.g. a box on the LAN)
==========================  ===============================================================

If both a URL and a GGUF file are set, the HTTP server is used. ``summarise_with_backend``
never raises: on any failure (not configured, not local, timeout, HTTP error, bad JSON,
empty answer, llama-cpp missing) it returns the extractive summary, whose ``backend`` field
says ``"extractive"``, so the app can always tell the learner which one produced the text.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import re
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader.core.model import Article, Section
from reader.core.summary import Summary, summarise_article, summarise_section
from reader.core.text import sanitize
from reader.errors import ReaderError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "llama3.2"
DEFAULT_TIMEOUT = 60.0
MAX_INPUT_CHARS = 6000  # a section longer than this is cut: small local models lose the thread
MAX_ANSWER_BYTES = 1 << 20

PROMPT = (
    "Fasse den folgenden Abschnitt eines deutschen Textes in höchstens {n} kurzen, einfachen "
    "deutschen Sätzen für Deutschlernende (Niveau B1) zusammen. Antworte nur mit der "
    "Zusammenfassung, ohne Einleitung.\n\n{heading}Text:\n{text}\n\nZusammenfassung:"
)


class LLMError(ReaderError):
    """The configured language model could not produce a summary."""


@dataclass(frozen=True, slots=True)
class LLMSettings:
    """Where the optional local model lives. Empty (the default) means: extractive only."""

    url: str | None = None
    model: str = DEFAULT_MODEL
    gguf: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    allow_remote: bool = False
    max_sentences: int = 3

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LLMSettings:
        env = os.environ if env is None else env
        try:
            timeout = float(env.get("READER_LLM_TIMEOUT", "") or DEFAULT_TIMEOUT)
        except ValueError:
            timeout = DEFAULT_TIMEOUT
        return cls(
            url=env.get("READER_LLM_URL") or None,
            model=env.get("READER_LLM_MODEL") or DEFAULT_MODEL,
            gguf=env.get("READER_LLM_GGUF") or None,
            timeout=timeout,
            allow_remote=env.get("READER_LLM_ALLOW_REMOTE", "").strip().lower()
            in {"1", "true", "yes"},
        )

    @property
    def enabled(self) -> bool:
        return bool(self.url or self.gguf)

    @property
    def backend_name(self) -> str:
        if self.url:
            return f"ollama:{self.model}"
        if self.gguf:
            return f"llama-cpp:{Path(self.gguf).name}"
        return "extractive"


def is_local(url: str) -> bool:
    """True for http(s) URLs whose host is ``localhost`` or a loopback address."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return False
    host = parts.hostname
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect could point anywhere: treat it as an error instead of following it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, f"redirect refused: {msg}", headers, fp)


# No ProxyHandler settings from the environment: the request goes to the configured host.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def _ollama(prompt: str, settings: LLMSettings) -> str:
    url = settings.url or ""
    if not settings.allow_remote and not is_local(url):
        raise LLMError(f"refusing to send text to {url!r}: only localhost is allowed")
    body = json.dumps(
        {
            "model": settings.model,
            "prompt": prompt,
            "stream": False,
            "options": {"temperature": 0, "num_predict": 60 * settings.max_sentences},
        }
    ).encode("utf-8")
    request = urllib.request.Request(
        url.rstrip("/") + "/api/generate",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with _OPENER.open(request, timeout=settings.timeout) as response:
            raw = response.read(MAX_ANSWER_BYTES + 1)
    except (OSError, urllib.error.URLError) as exc:  # HTTPError, timeouts, refused ...
        raise LLMError(f"{settings.backend_name} failed: {exc}") from exc
    if len(raw) > MAX_ANSWER_BYTES:
        raise LLMError(f"{settings.backend_name} answered with more than 1 MB")
    try:
        data: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LLMError(f"{settings.backend_name} did not answer with JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("response"), str):
        raise LLMError(f"{settings.backend_name} answered without a 'response' text")
    return data["response"]


@lru_cache(maxsize=2)
def _llama(path: str) -> Any:
    from llama_cpp import Llama  # optional; ImportError -> fallback

    return Llama(model_path=path, n_ctx=4096, verbose=False)


def _llama_cpp(prompt: str, settings: LLMSettings) -> str:
    path = str(Path(settings.gguf or "").expanduser())
    if not Path(path).is_file():
        raise LLMError(f"GGUF file not found: {path}")
    try:
        llm = _llama(path)
        out = llm.create_completion(prompt, max_tokens=60 * settings.max_sentences, temperature=0.0)
        return str(out["choices"][0]["text"])
    except ImportError as exc:
        raise LLMError("llama-cpp-python is not installed (pip install llama-cpp-python)") from exc
    except Exception as exc:  # the library raises assorted errors for bad files
        raise LLMError(f"{settings.backend_name} failed: {exc}") from exc


def generate(prompt: str, settings: LLMSettings) -> str:
    """The raw answer of the configured backend; raises LLMError on any failure."""
    if settings.url:
        return _ollama(prompt, settings)
    if settings.gguf:
        return _llama_cpp(prompt, settings)
    raise LLMError("no language model configured")


_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)
_PREFIX = re.compile(r"^\s*(zusammenfassung|summary)\s*:\s*", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"“”»]?\s+(?=[\"„»(]?[A-ZÄÖÜ0-9])")


def answer_sentences(answer: str, limit: int) -> tuple[str, ...]:
    """Clean a model's answer (reasoning blocks, 'Zusammenfassung:') and split it.

    The answer is untrusted text (a model repeats what the article says, escapes included):
    it passes the one sanitiser before anything else looks at it.
    """
    text = _PREFIX.sub("", _THINK.sub("", sanitize(answer))).strip().strip('"„“').strip()
    text = re.sub(r"\s+", " ", text)
    if not text:
        return ()
    return tuple(s.strip() for s in _SENTENCE_END.split(text) if s.strip())[:limit]


def _prompt(text: str, heading: str | None, n: int) -> str:
    head = f"Überschrift: {heading}\n\n" if heading else ""
    return PROMPT.format(n=n, heading=head, text=text[:MAX_INPUT_CHARS])


def _abstractive(
    text: str, heading: str | None, fallback: Summary, settings: LLMSettings
) -> Summary:
    if not settings.enabled or not text.strip():
        return fallback
    try:
        answer = generate(_prompt(text, heading, settings.max_sentences), settings)
        sentences = answer_sentences(answer, settings.max_sentences)
        if not sentences:
            raise LLMError(f"{settings.backend_name} gave an empty answer")
    except Exception as exc:  # any failure means: the extractive summary, never a crash
        log.warning("summary falls back to extractive: %s", exc)
        return fallback
    return replace(fallback, sentences=sentences, backend=settings.backend_name)


def summarise_with_backend(section: Section, settings: LLMSettings | None = None) -> Summary:
    """The configured model's summary of a section, or the extractive one on any failure.

    Key terms always come from the extractive analysis (they are lemmas of the text).
    """
    settings = LLMSettings.from_env() if settings is None else settings
    text = "\n\n".join(p.text for p in section.paragraphs)
    return _abstractive(text, section.heading, summarise_section(section), settings)


def summarise_article_with_backend(
    article: Article, settings: LLMSettings | None = None
) -> Summary:
    """As ``summarise_with_backend``, for the whole article."""
    settings = LLMSettings.from_env() if settings is None else settings
    text = "\n\n".join(p.text for p in article.paragraphs)
    return _abstractive(text, article.title, summarise_article(article), settings)
