"""Every menu, in every interface language: no access key twice, and each entry that should
have one has one (views, scripts, themes and language names are chosen by their own keys)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from archive_app.gui import i18n
from tests.gui.conftest import MakeWindow

# Entries without an access key by design: the views and scripts (Ctrl+1…3, Alt+1…4), the
# themes and the interface languages (each language named in itself, never translated).
EXEMPT = re.compile(r"^action_(view|script|theme|ui)_")


def access_key(text: str) -> str | None:
    """The letter after a single "&" ("&&" is a literal ampersand)."""
    match = re.search(r"(?<!&)&([^&\s])", text.replace("&&", ""))
    return match.group(1).upper() if match else None


def entries(menu: QMenu | QMenuBar) -> list[QAction]:
    return [a for a in menu.actions() if not a.isSeparator() and a.isVisible()]


def check(menu: QMenu | QMenuBar, where: str, problems: list[str]) -> None:
    seen: dict[str, str] = {}
    for action in entries(menu):
        key = access_key(action.text())
        if key is None:
            if not EXEMPT.match(action.objectName()):
                problems.append(f"{where}: {action.text()!r} has no access key")
        elif key in seen:
            problems.append(f"{where}: {seen[key]!r} and {action.text()!r} share &{key}")
        else:
            seen[key] = action.text()
        sub = action.menu()
        if isinstance(sub, QMenu):
            check(sub, f"{where} → {action.text()}", problems)


@pytest.mark.parametrize("lang", ["en", "zh_Hant", "zh_Hans"])
def test_no_menu_has_an_access_key_twice(make_window: MakeWindow, lang: str) -> None:
    window = make_window(show=True)
    i18n.set_language(lang)
    problems: list[str] = []
    check(window.menuBar(), lang, problems)
    assert problems == []
    file_menu = {a.objectName(): a for a in entries(window.menus["menu_file"])}
    assert access_key(file_menu["action_import_statement"].text()) == "I"


def test_the_check_sees_a_duplicate() -> None:
    menu = QMenu()
    for text in ("&Clear", "&Concordance"):
        menu.addAction(text)
    problems: list[str] = []
    check(menu, "probe", problems)
    assert problems == ["probe: '&Clear' and '&Concordance' share &C"]
    assert access_key("清除搜索记录(&C)") == "C" and access_key("Tom && Jerry") is None
