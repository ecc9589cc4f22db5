"""The one task runner: work off the GUI thread, results and progress on it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

from pytestqt.qtbot import QtBot

from archive_app.gui.tasks import LatestOnly, TaskRunner

WAIT = 10_000


def test_task_runner_runs_off_the_gui_thread_and_delivers_on_it(qtbot: QtBot) -> None:
    worker = TaskRunner()
    main = threading.get_ident()
    seen: dict[str, int] = {}

    def job() -> int:
        seen["job"] = threading.get_ident()
        return 42

    results: list[int] = []

    def done(value: int) -> None:
        seen["done"] = threading.get_ident()
        results.append(value)

    with qtbot.waitSignal(worker.busy_changed, timeout=WAIT, check_params_cb=lambda b: not b):
        worker.run(job, done)
    assert results == [42]
    assert seen["job"] != main and seen["done"] == main
    errors: list[BaseException] = []
    with qtbot.waitSignal(worker.busy_changed, timeout=WAIT, check_params_cb=lambda b: not b):
        worker.run(lambda: 1 / 0, results.append, errors.append)
    assert isinstance(errors[0], ZeroDivisionError)
    latest = LatestOnly(worker)
    latest.run(lambda: "old", results.append)
    latest.run(lambda: "new", results.append)
    worker.wait()
    qtbot.waitUntil(lambda: results[-1] == "new", timeout=WAIT)
    qtbot.wait(20)
    assert "old" not in results


def test_progress_arrives_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    main = threading.get_ident()
    seen: list[tuple[int, int, int]] = []

    def job(progress):  # type: ignore[no-untyped-def]
        for step in range(1, 4):
            progress(step, 3)
        return "done"

    results: list[str] = []
    with qtbot.waitSignal(runner.busy_changed, timeout=WAIT, check_params_cb=lambda b: not b):
        runner.run(
            job,
            results.append,
            on_progress=lambda d, t: seen.append((d, t, threading.get_ident())),
            with_progress=True,
        )
    assert results == ["done"]
    assert [(d, t) for d, t, _ in seen] == [(1, 3), (2, 3), (3, 3)]
    assert {ident for _, _, ident in seen} == {main}


def test_collecting_widget_cycles_on_a_worker_thread_does_not_crash() -> None:
    """Why the runner takes no garbage-collection precaution: a reference cycle holding shown
    widgets, collected on a worker thread (where Python's collector may run), leaves Qt intact.
    Run in a fresh interpreter so a crash would show as its exit status, not kill the suite."""
    script = textwrap.dedent(
        """
        import gc, os, threading
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication, QLabel, QWidget
        app = QApplication([])
        for _ in range(200):
            w = QWidget(); QLabel("x", w); w.me = w; w.show()
        def work():
            junk = [[i] for i in range(200000)]  # allocations trigger collection here too
            gc.collect()
        t = threading.Thread(target=work); t.start(); t.join()
        app.processEvents()
        print("survived")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "survived"
