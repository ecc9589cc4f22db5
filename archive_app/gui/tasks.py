"""The one way to run core work off the GUI thread (Anki's ``CollectionOp``/``QueryOp`` model).

:meth:`TaskRunner.run` calls a plain function (a core call that never touches widgets) on a
thread of the runner's pool and hands its result, or the exception it raised, to callbacks that
run on the GUI thread. A job that takes a ``progress(done, total)`` argument
(``with_progress=True``) reports progress to ``on_progress``, also on the GUI thread.
:class:`LatestOnly` wraps a runner for as-you-type work: each new request makes every older one
stale; a stale request that has not started is skipped, and a stale result is dropped.

Errors: ``on_error`` gets the exception object; :func:`error_message` turns it into the words a
user sees (an :class:`~archive_app.core.errors.ArchiveAppError` or an ``OSError`` as it is; anything
else is a bug, printed with its traceback and named as one).

Garbage collection: an earlier helper paused Python's cyclic collector while a thread ran, for
fear that a collection on the worker thread would destroy widgets there and crash Qt. A test
(``tests/gui/test_tasks.py``) collects reference cycles holding shown widgets on a worker
thread and shows that PySide6 survives it, so no such precaution is taken here. Each relay
object is a Qt child of the runner (Qt, not Python, keeps it alive until its result has been
delivered); the set of relays only counts the work in flight for ``busy``.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from archive_app.core.errors import ArchiveAppError
from archive_app.gui.i18n import _

__all__ = ["LatestOnly", "Progress", "TaskRunner", "error_message"]

Progress = Callable[[int, int], None]
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


def error_message(exc: BaseException) -> str:
    """What the user is told about a failed job."""
    if isinstance(exc, ArchiveAppError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    traceback.print_exception(exc)
    return _("Unexpected error (a bug in the app): {error}").format(error=repr(exc))


class _Relay(QObject):
    """Lives on the GUI thread; its signals, emitted from the worker, arrive there queued.

    The slots are methods of this object (not bare functions), so Qt sees a receiver that lives
    on the GUI thread and queues the call there.
    """

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)

    def __init__(self, on_finished: Done, on_failed: Failed, on_progress: Progress | None,
                 parent: QObject):  # fmt: skip
        # A child of the runner (and so of its window): if the window goes, a result still on
        # its way is dropped by Qt instead of reaching a deleted widget.
        super().__init__(parent)
        self._on_finished = on_finished
        self._on_failed = on_failed
        self._on_progress = on_progress
        self.finished.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)
        self.progressed.connect(self._deliver_progress)

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        self._on_finished(result)

    @Slot(object)
    def _deliver_error(self, exc: BaseException) -> None:
        self._on_failed(exc)

    @Slot(int, int)
    def _deliver_progress(self, done: int, total: int) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total)


class _Skipped(Exception):
    """A stale request that was never run."""


class _Task(QRunnable):
    def __init__(self, func: Callable[..., Any], relay: _Relay, wanted: Callable[[], bool],
                 with_progress: bool):  # fmt: skip
        super().__init__()
        self.func = func
        self.relay = relay
        self.wanted = wanted
        self.with_progress = with_progress
        self.setAutoDelete(True)

    def run(self) -> None:
        if not self.wanted():
            self.relay.failed.emit(_Skipped())
            return
        try:
            if self.with_progress:
                result = self.func(lambda done, total: self.relay.progressed.emit(done, total))
            else:
                result = self.func()
        except BaseException as exc:  # delivered to the GUI thread, which decides what it means
            self.relay.failed.emit(exc)
        else:
            self.relay.finished.emit(result)


class TaskRunner(QObject):
    """A small pool of threads owned by a session or a dialog; ``busy`` tells whether work runs."""

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
        func: Callable[..., Any],
        on_done: Done,
        on_error: Failed | None = None,
        *,
        on_progress: Progress | None = None,
        with_progress: bool = False,
        wanted: Callable[[], bool] = lambda: True,
    ) -> None:
        """Call ``func()`` (or ``func(progress)`` with ``with_progress``) on a worker thread;
        then ``on_done(result)`` or ``on_error(exc)`` on the GUI thread. Without ``on_error``
        a failure is a bug and is raised on the GUI thread."""
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

        relay = _Relay(done, failed, on_progress, self)
        self._relays.add(relay)
        if not was_busy:
            self.busy_changed.emit(True)
        self.pool.start(_Task(func, relay, wanted, with_progress))

    def wait(self, msecs: int = -1) -> bool:
        """Block until every task has run (when a window or dialog closes)."""
        return bool(self.pool.waitForDone(msecs))


class LatestOnly:
    """Requests where only the newest one matters (search as you type)."""

    def __init__(self, runner: TaskRunner):
        self.runner = runner
        self.generation = 0

    def invalidate(self) -> None:
        """Make every request made so far stale."""
        self.generation += 1

    def run(self, func: Callable[[], Any], on_done: Done, on_error: Failed | None = None) -> int:
        self.generation += 1
        mine = self.generation

        def wanted() -> bool:
            return mine == self.generation

        self.runner.run(func, on_done, on_error, wanted=wanted)
        return mine
