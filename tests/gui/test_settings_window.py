"""What the window remembers, and what it says when its settings cannot be read or saved."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from archive_app.core.paths import AppPaths
from archive_app.core.record import Archive
from archive_app.core.settings import SettingsFile
from archive_app.gui import app as gui_app
from tests.conftest import REPO
from tests.gui.conftest import MakeWindow, synthetic_archive


def store_at(path: Path) -> SettingsFile:
    store = SettingsFile(path)
    store.load()
    return store


def test_settings_are_remembered_between_runs(
    make_window: MakeWindow, shipped: Archive, tmp_path: Path, qtbot: QtBot
) -> None:
    path = tmp_path / "config" / "settings.ini"
    archive = synthetic_archive(shipped)
    window = make_window(archive, settings_file=store_at(path), show=True)
    window.resize(900, 640)
    window.select(year=2021, view="zh", script="traditional-hk")
    window.theme_actions["sepia"].trigger()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    zoom = window.zoom
    window.close()
    text = path.read_text(encoding="utf-8")
    assert "view = zh" in text and "script = traditional-hk" in text and "theme = sepia" in text
    again = make_window(archive, settings_file=store_at(path))
    assert again.current_statement().year == 2021  # type: ignore[union-attr]
    assert (again.view_mode, again.script_mode, again.theme_key) == (
        "zh",
        "traditional-hk",
        "sepia",
    )
    assert again.zoom == zoom > 100
    assert again.view_actions["zh"].isChecked() and again.script.currentData() == "traditional-hk"
    # Geometry comes back (the offscreen screen may clamp the width to its own).
    assert again.settings.window_geometry == window.settings.window_geometry != ""
    assert again.size().height() == 640
    assert again.banner.isHidden()


def test_damaged_settings_fall_back_with_a_notice(make_window: MakeWindow, tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    path.write_text("[settings]\nview = sideways\nzoom = 120\n", encoding="utf-8")
    window = make_window(settings_file=store_at(path), show=True)
    assert window.view_mode == "side-by-side" and window.zoom == 120
    assert window.banner.isVisible()
    notice = window.banner.text()
    assert "damaged" in notice and "view" in notice and "settings.ini.damaged-" in notice
    kept = list(tmp_path.glob("settings.ini.damaged-*"))
    assert len(kept) == 1 and "sideways" in kept[0].read_text(encoding="utf-8")
    window.close()
    assert "sideways" in kept[0].read_text(encoding="utf-8")  # never overwritten
    assert "view = side-by-side" in path.read_text(encoding="utf-8")


def test_read_only_settings_are_kept_in_memory_with_a_banner(
    make_window: MakeWindow, tmp_path: Path
) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file, not a folder: nothing can be written under it")
    store = store_at(blocker / "settings.ini")
    window = make_window(settings_file=store, show=True)
    assert not window.settings_file.persistent
    assert window.banner.isVisible()
    assert "Changes will not be saved (read-only)" in window.banner.text()
    window.set_view("en")
    assert window.settings.view == "en"  # still remembered for this session
    window.close()
    assert blocker.is_file()


def test_run_gui_uses_the_portable_paths_and_first_paint_exit(tmp_path: Path) -> None:
    """The real entry point: settings under the portable folder; the benchmark hook quits
    after the first paint of the reading pane and prints when that was.

    It runs in its own process: once ``QApplication.exec()`` has returned through ``quit()``,
    Qt no longer delivers signals from worker threads in that process, which would break the
    tests that come after it.
    """
    portable = tmp_path / "stick"
    env = {**os.environ, gui_app.ENV_FIRST_PAINT_EXIT: "1", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("ARCHIVE_APP_HOME", None)
    env["HOME"] = str(tmp_path / "home")
    result = subprocess.run(
        [
            *(sys.executable, "-m", "archive_app", "--portable", str(portable), "gui"),
            *("--view", "en", "--theme", "dark", "--ui-lang", "en"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    line = [x for x in result.stdout.splitlines() if x.startswith("first-paint ")]
    assert line and int(line[0].split()[1]) > 0
    settings = AppPaths.for_portable(portable).settings_file
    assert settings.is_file()
    text = settings.read_text(encoding="utf-8")
    assert "view = en" in text and "theme = dark" in text
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").rglob("*.ini"))
