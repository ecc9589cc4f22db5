"""Run one core call off the GUI thread and hand its progress and result back.

The core function gets a ``progress(done, total)`` callable; signals carry the progress, the
result, or the message of an :class:`~archive_app.core.errors.ArchiveAppError` (or an
``OSError``: a stick pulled out) back to the GUI thread, where the dialogs show them. A bug in
the core is not swallowed: it is reported as a failure and printed with its traceback.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from archive_app.core.errors import ArchiveAppError
from archive_app.gui.i18n import _

__all__ = ["BackgroundTask", "Job"]

Progress = Callable[[int, int], None]
Job = Callable[[Progress], Any]


class _Runner(QThread):
    progressed = Signal(object, object)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Job, parent: QObject | None = None):
        super().__init__(parent)
        self._job = job

    def run(self) -> None:
        try:
            result = self._job(lambda done, total: self.progressed.emit(done, total))
        except ArchiveAppError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            self.failed.emit(f"{where}{exc.strerror or exc}")
        except Exception as exc:  # a bug: say so, keep the traceback for the report
            traceback.print_exc()
            self.failed.emit(
                _("Unexpected error (a bug in the app): {error}").format(error=repr(exc))
            )
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject):
    """One job on a worker thread. Connect to the signals, then call :meth:`start`."""

    progressed = Signal(object, object)
    """(done, total) as the job reports it."""
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()
    """After ``succeeded`` or ``failed``, once the thread has ended."""

    def __init__(self, job: Job, parent: QObject | None = None):
        super().__init__(parent)
        self._runner = _Runner(job, self)
        self._runner.progressed.connect(self.progressed)
        self._runner.succeeded.connect(self.succeeded)
        self._runner.failed.connect(self.failed)
        self._runner.finished.connect(self.finished)

    def start(self) -> None:
        self._runner.start()

    def is_running(self) -> bool:
        return self._runner.isRunning()

    def wait(self) -> None:
        """Block until the job ends (used when the dialog closes while the job runs)."""
        self._runner.wait()
