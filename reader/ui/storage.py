"""The learner's word list, called off the app's thread: one queue, one daemon thread.

The store may wait (another process holds its write lock for seconds; a full disk), and a
keypress must not. Calls are queued in order to a single daemon thread; while a write is
under way the header says "saving…"; the answer comes back by message and its callback
runs on the app's thread. Quitting waits a moment for queued writes (the reading place),
never for ever.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from reader.ui.messages import StoreDone

Callback = Callable[[Any], None] | None


class StoreQueue:
    """Store calls in order, in one daemon thread; results posted back by ``post``."""

    def __init__(self, store: Any, post: Callable[[Any], Any]) -> None:
        self.store = store
        self._post = post
        self._queue: queue.Queue[tuple[str, tuple[Any, ...], Any] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.pending = 0  # calls submitted and not yet answered (app thread only)
        self._idle = threading.Event()
        self._idle.set()
        self._count = 0
        self._lock = threading.Lock()

    def submit(self, method: str, args: tuple[Any, ...], payload: Any) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, daemon=True, name="reader-store")
            self._thread.start()
        self.pending += 1
        with self._lock:
            self._count += 1
            self._idle.clear()
        self._queue.put((method, args, payload))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            method, args, payload = item
            result = error = None
            try:
                result = getattr(self.store, method)(*args)
            except Exception as exc:  # noqa: BLE001 - reported to the learner, never a crash
                error = str(exc) or type(exc).__name__
            with self._lock:
                self._count -= 1
                if self._count == 0:
                    self._idle.set()
            self._post(StoreDone(method, result, error, payload))

    def wait_idle(self, timeout: float) -> bool:
        """Block until every queued call has run (another thread), at most ``timeout``."""
        return self._idle.wait(timeout)


class StoreMixin:
    """``store_call`` for ``ReaderApp``: queued, answered by message."""

    _store_queue: StoreQueue | None = None

    def store_call(
        self, method: str, *args: Any, then: Callback = None, write: bool = True
    ) -> bool:
        """Queue a store call; False (and nothing queued) when there is no store."""
        store = self.services.store  # type: ignore[attr-defined]
        if store is None:
            return False
        if self._store_queue is None:
            self._store_queue = StoreQueue(store, self.post_message)  # type: ignore[attr-defined]
        if write:
            self.state.saving += 1  # type: ignore[attr-defined]
            self.refresh_header()  # type: ignore[attr-defined]
        self._store_queue.submit(method, args, (then, write))
        return True

    def on_store_done(self, message: StoreDone) -> None:
        then, write = message.payload
        if self._store_queue is not None:
            self._store_queue.pending -= 1
        if write:
            self.state.saving = max(0, self.state.saving - 1)  # type: ignore[attr-defined]
            self.refresh_header()  # type: ignore[attr-defined]
        if message.error is not None:
            self.notify(f"word list: {message.error}", severity="error", markup=False)  # type: ignore[attr-defined]
        elif then is not None:
            then(message.result)

    @property
    def store_pending(self) -> bool:
        return self._store_queue is not None and self._store_queue.pending > 0
