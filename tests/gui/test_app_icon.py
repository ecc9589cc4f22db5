"""The app icon: our own SVG rendered to PNG sizes, set on the application; the .desktop file
and the AppStream metainfo are valid and agree with it."""

from __future__ import annotations

import shutil
import subprocess
from xml.etree import ElementTree

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from archive_app.gui.app_icon import DESKTOP_ID, ICON_SIZES, app_icon, install_app_icon
from tests.conftest import REPO

DESKTOP = REPO / "packaging" / "desktop"


def test_every_size_is_there_and_the_application_carries_it(qapp: QApplication) -> None:
    icon = app_icon()
    sizes = {size.width() for size in icon.availableSizes()}
    assert sizes == set(ICON_SIZES)
    install_app_icon(qapp)
    assert not qapp.windowIcon().isNull()
    assert qapp.desktopFileName() == DESKTOP_ID
    image = icon.pixmap(64, 64).toImage()
    assert image.width() == 64 and image.pixelColor(32, 4).alpha() > 0  # not an empty square


def test_the_icon_waits_for_the_first_frame(qapp: QApplication, qtbot: QtBot) -> None:
    """At start the icon (eight PNG sizes) is read after the window's first paint, from the
    event loop; the desktop ID is set at once (Wayland reads it when a window is made)."""
    from PySide6.QtGui import QIcon

    from archive_app.gui.reader import ReadingPane

    qapp.setWindowIcon(QIcon())
    qapp.setDesktopFileName("")
    pane = ReadingPane()
    qtbot.addWidget(pane)
    install_app_icon(qapp, after=pane.first_paint_callbacks)
    assert qapp.desktopFileName() == DESKTOP_ID and qapp.windowIcon().isNull()
    pane.show()
    qtbot.waitUntil(lambda: not qapp.windowIcon().isNull())


def test_desktop_file_and_metainfo_name_the_same_app() -> None:
    desktop = (DESKTOP / f"{DESKTOP_ID}.desktop").read_text("utf-8")
    assert f"Icon={DESKTOP_ID}\n" in desktop and "Exec=june-fourth-archive" in desktop
    assert "Name[zh_TW]=六四文獻庫" in desktop and "Name[zh_CN]=六四文献库" in desktop
    root = ElementTree.parse(DESKTOP / f"{DESKTOP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == DESKTOP_ID
    assert root.findtext("launchable") == f"{DESKTOP_ID}.desktop"
    assert root.findtext("project_license") == "GPL-3.0-or-later"


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="apt install appstream")
def test_appstreamcli_accepts_the_metainfo() -> None:
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(DESKTOP / f"{DESKTOP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_file_validate_accepts_the_desktop_file() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(DESKTOP / f"{DESKTOP_ID}.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr
