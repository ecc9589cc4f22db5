"""Long work off the GUI thread: run a core function on a worker, get the result on the GUI thread.

One helper for every feature (as Anki does): :meth:`Worker.run` calls a plain function (a core
call, which never touches widgets) on a thread of the worker's own pool and hands its result, or
the exception it raised, to callbacks that run on the GUI thread through a queued signal.

:class:`LatestOnly` wraps a worker for as-you-type work: each new request makes every older one
stale; a stale request that has not started is skipped, and a stale result is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

__all__ = ["LatestOnly", "Worker"]

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the GUI thread; its signals, emitted from the worker, arrive there queued.

    The slots are methods of this object (not bare functions), so Qt sees a receiver that
    lives on the GUI thread and queues the call there.
    """

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, on_finished: Done, on_failed: Failed, parent: QObject):
        # A child of the worker (and so of its window): if the window goes, a result still on
        # its way is dropped by Qt instead of reaching a deleted widget.
        super().__init__(parent)
        self._on_finished = on_finished
        self._on_failed = on_failed
        self.finished.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        self._on_finished(result)

    @Slot(object)
    def _deliver_error(self, exc: BaseException) -> None:
        self._on_failed(exc)


class _Task(QRunnable):
    def __init__(self, func: Callable[[], Any], relay: _Relay, wanted: Callable[[], bool]):
        super().__init__()
        self.func = func
        self.relay = relay
        self.wanted = wanted
        self.setAutoDelete(True)

    def run(self) -> None:
        if not self.wanted():
            self.relay.failed.emit(_Skipped())
            return
        try:
            result = self.func()
        except BaseException as exc:  # delivered to the GUI thread, which decides what it means
            self.relay.failed.emit(exc)
        else:
            self.relay.finished.emit(result)


class _Skipped(Exception):
    """A stale request that was never run."""


class Worker(QObject):
    """A small pool of threads owned by one window; ``busy`` tells whether work is running."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, threads: int = 1):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def run(
        self,
        func: Callable[[], Any],
        on_done: Done,
        on_error: Failed | None = None,
        *,
        wanted: Callable[[], bool] = lambda: True,
    ) -> None:
        """Call ``func()`` on a worker thread; then ``on_done(result)`` or ``on_error(exc)``."""
        was_busy = self.busy

        def finish() -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            if not self.busy:
                self.busy_changed.emit(False)

        def done(result: Any) -> None:
            finish()
            if wanted():
                on_done(result)

        def failed(exc: BaseException) -> None:
            finish()
            if isinstance(exc, _Skipped) or not wanted():
                return
            if on_error is None:
                raise exc
            on_error(exc)

        relay = _Relay(done, failed, self)
        self._relays.add(relay)
        if not was_busy:
            self.busy_changed.emit(True)
        self.pool.start(_Task(func, relay, wanted))

    def wait(self, msecs: int = -1) -> bool:
        """Block until every task has run (used when the window closes)."""
        return bool(self.pool.waitForDone(msecs))


class LatestOnly:
    """Requests where only the newest one matters (search as you type)."""

    def __init__(self, worker: Worker):
        self.worker = worker
        self.generation = 0

    def invalidate(self) -> None:
        """Make every request made so far stale."""
        self.generation += 1

    def run(self, func: Callable[[], Any], on_done: Done, on_error: Failed | None = None) -> int:
        self.generation += 1
        mine = self.generation

        def wanted() -> bool:
            return mine == self.generation

        self.worker.run(func, on_done, on_error, wanted=wanted)
        return mine
