"""File → Export edition…: the dialog writes the HTML or the ZIM where the user chooses."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from archive_app.core.editions import EditionResult
from archive_app.gui import tool_support
from archive_app.gui.edition_dialog import EditionDialog
from tests.editions_helpers import HOSTILE_TITLE, tricky_library
from tests.gui.conftest import MakeWindow


def test_the_file_menu_has_the_action(make_window: MakeWindow) -> None:
    window = make_window()
    menu = tool_support.find_menu(window, "menu_file")
    assert menu is not None
    names = [a.objectName() for a in menu.actions()]
    assert "action_export_edition" in names


@pytest.mark.parametrize("kind", ["html", "zim"])
def test_exports_where_chosen_with_progress(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    library = tricky_library(tmp_path)
    dialog = EditionDialog(library)
    qtbot.addWidget(dialog)
    assert dialog.include_local.isChecked() and not dialog.include_local.isHidden()
    target = tmp_path / f"out.{kind}"
    asked: list[str] = []

    def choose(_parent: object, _caption: str, suggested: str, _filters: str) -> Path:
        asked.append(suggested)
        return target

    monkeypatch.setattr(tool_support, "choose_save_file", choose)
    (dialog.zim if kind == "zim" else dialog.html).setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=60000) as signal:
        dialog.export_button.click()
    result = signal.args[0]
    assert isinstance(result, EditionResult), result
    assert result.statements == 2 and target.stat().st_size == result.size
    assert asked == [f"june-fourth-archive.{kind}"]
    assert str(target) in dialog.status.text()
    assert dialog.status.textFormat().name == "PlainText"
    if kind == "html":
        assert HOSTILE_TITLE.replace("<", "&lt;") in target.read_text("utf-8").replace(
            "&gt;", ">"
        ).replace("&quot;", '"')


def test_leaves_local_additions_out_when_asked(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = EditionDialog(tricky_library(tmp_path))
    qtbot.addWidget(dialog)
    dialog.include_local.setChecked(False)
    target = tmp_path / "shipped.html"
    monkeypatch.setattr(tool_support, "choose_save_file", lambda *_a: target)
    with qtbot.waitSignal(dialog.exported, timeout=60000) as signal:
        dialog.export_button.click()
    assert signal.args[0].statements == 1
    assert "added locally" not in target.read_text("utf-8").split("edition-data")[0]


def test_a_refused_target_is_a_message(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = EditionDialog(tricky_library(tmp_path))
    qtbot.addWidget(dialog)
    monkeypatch.setattr(tool_support, "choose_save_file", lambda *_a: tmp_path / "no" / "x.html")
    with qtbot.waitSignal(dialog.exported, timeout=60000) as signal:
        dialog.export_button.click()
    assert isinstance(signal.args[0], str)
    assert "does not exist" in dialog.status.text()
    assert dialog.export_button.isEnabled()
    assert isinstance(dialog.status, QLabel)


def test_without_libzim_the_zim_choice_is_off_and_says_why(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive_app.gui import edition_dialog

    monkeypatch.setattr(edition_dialog, "zim_available", lambda: False)
    dialog = EditionDialog(tricky_library(tmp_path))
    qtbot.addWidget(dialog)
    assert not dialog.zim.isEnabled() and dialog.html.isChecked()
    assert not dialog.zim_missing.isHidden()
    assert "libzim" in dialog.zim_missing.text()
