"""Running service calls off the app's thread, so that quitting never waits for them.

Textual's thread workers cannot be stopped from outside; a worker that waits in
``call_cancellable`` returns as soon as it is cancelled, and the service call itself
goes on in a daemon thread that dies with the process.
"""

from __future__ import annotations

import threading
from typing import Any

from textual.worker import get_current_worker


class Cancelled(Exception):
    """The worker was cancelled while a service call was still running."""


def call_cancellable(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a service call in a daemon thread, from a thread worker, polling for cancellation.

    Services may block for long (the glossary imports its dictionaries on first use, for
    half a minute; the store may wait for another process's write lock). Quitting cancels
    the workers; a worker waiting here returns at once, so ``q`` never waits for a service.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed back to the worker
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=target, daemon=True, name="reader-service").start()
    worker = get_current_worker()
    while not done.wait(0.05):
        if worker.is_cancelled:
            raise Cancelled
    if "error" in box:
        raise box["error"]
    return box["value"]
