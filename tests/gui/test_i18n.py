"""The interface speaks English, 繁體中文 and 简体中文, and every string is translated.

The catalogs are checked against the sources (extraction with the same ``babel.cfg`` that
``make catalogs`` uses must give exactly the template's messages), against each other (every
message translated, nothing fuzzy, placeholders, accelerators and key names kept, each catalog in
its own script), against their compiled ``.mo`` files, and against the bundled fonts. Then a real
window is switched between the three languages and its menus, toolbars and controls are read.
When a test here fails after GUI strings changed: ``make catalogs``, translate the new entries in
both ``.po`` files, ``make catalogs`` again.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableWidget,
    QToolBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from archive_app.core.record import Archive
from archive_app.gui import i18n
from archive_app.gui.dialogs import about_dialog, shortcuts_dialog
from archive_app.gui.fonts import load_bundled_fonts
from archive_app.gui.main_window import MainWindow
from tests.conftest import ARCHIVE, REPO
from tests.gui.conftest import settle

LOCALE = REPO / "resources" / "locale"
TEMPLATE = LOCALE / "archive_app.pot"
CHINESE = ("zh_Hant", "zh_Hans")
FONT_FOR = {
    "zh_Hant": REPO / "resources" / "fonts" / "JuneFourthSans-TC-Regular.otf",
    "zh_Hans": REPO / "resources" / "fonts" / "JuneFourthSans-SC-Regular.otf",
}
FIX = "run `make catalogs`, translate the new entries in both .po files, run it again"


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """The UI language is process-wide: leave it as every other test expects it."""
    yield
    i18n.set_language("en")


def _po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "archive_app.po"


def _read_po(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _key(message: Message) -> tuple[object, object]:
    return (message.context, message.id)


def _messages(catalog: Catalog) -> list[Message]:
    """The real entries: no header, no obsolete ones."""
    return [m for m in catalog if m.id]


def _msgid(message: Message) -> str:
    """The message's (singular) English text."""
    return _forms(message.id)[0]


def _forms(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, tuple | list) else []


@cache
def _catalog(lang: str) -> Catalog:
    return _read_po(_po_path(lang))


# --------------------------------------------------------------------------- the files


def test_template_matches_the_sources(tmp_path: Path) -> None:
    """Extracting the GUI sources now gives exactly the template's messages."""
    fresh = tmp_path / "fresh.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(REPO / "babel.cfg"), "-o", str(fresh), str(REPO)]
    )
    extracted = {_key(m) for m in _messages(_read_po(fresh))}
    assert extracted, "nothing extracted: is babel.cfg's pattern still right?"
    stored = {_key(m) for m in _messages(_read_po(TEMPLATE))}
    assert sorted(map(str, extracted - stored)) == [], f"new strings missing from the .pot: {FIX}"
    assert sorted(map(str, stored - extracted)) == [], f"stale strings in the .pot: {FIX}"


_MARKERS = {"_", "N_", "ngettext"}


def test_every_marked_string_is_extractable() -> None:
    """Babel sees every ``_("...")`` the code has: none hides where its tokenizer cannot look.

    On Python 3.11 an f-string is one token, so ``f"<b>{_('Title')}</b>"`` is never extracted
    and stays English for ever; the call must be made outside the f-string. The syntax tree sees
    every call, so it is the reference here.
    """
    in_code: set[str] = set()
    hidden: list[str] = []
    for path in sorted((REPO / "archive_app" / "gui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and _marker(inner):
                        where = f"{path.relative_to(REPO)}:{inner.lineno}"
                        hidden.append(f"{where}: {ast.unparse(inner)} inside an f-string")
            if isinstance(node, ast.Call) and _marker(node) and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    in_code.add(first.value)
    assert hidden == [], "Babel cannot extract these; call _() before the f-string:\n" + "\n".join(
        hidden
    )
    stored = {_msgid(m) for m in _messages(_read_po(TEMPLATE))}
    assert sorted(in_code - stored) == [], f"marked in the code, missing from the .pot: {FIX}"


def _marker(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Name) and call.func.id in _MARKERS


@pytest.mark.parametrize("lang", CHINESE)
def test_catalog_has_the_templates_messages(lang: str) -> None:
    template = {_key(m) for m in _messages(_read_po(TEMPLATE))}
    ours = {_key(m) for m in _messages(_catalog(lang))}
    assert sorted(map(str, template - ours)) == [], f"{lang}: not merged yet: {FIX}"
    assert sorted(map(str, ours - template)) == [], f"{lang}: stale entries: {FIX}"
    assert _catalog(lang).locale is not None and str(_catalog(lang).locale) == lang


def _fields(text: str) -> list[str]:
    """``{year}``-style placeholders, in order of appearance (``{{`` is a literal brace)."""
    return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)


# Things a translation must carry over unchanged: key names, HTML tags, printf-style fields,
# and names of programs and formats.
_KEPT = re.compile(
    r"(?:Ctrl|Shift|Alt|Meta)\+[\w+\-=]+"  # key sequences
    r"|</?\w+[^>]*>|%\(?\w*\)?[sd]"  # HTML tags, printf fields
    r"|\b(?:AND|OR|NOT)\b|\b[a-z]+:\w+"  # search syntax: operators, year:2021
    r"|OpenCC|PDF|\*\.\w+"  # names and file patterns
)
# Words a Chinese UI shows as they are: key caps and names (Enter, Esc, F3, Shift+Tab, PDF...).
_AS_IS = re.compile(r"\b(?:Ctrl|Shift|Alt|Meta|Enter|Esc|Tab|F\d{1,2})\b|OpenCC|PDF|\*\.\w+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _reads_english(text: str) -> bool:
    """A word of three letters or more outside key names, and not one Chinese character."""
    plain = _AS_IS.sub("", re.sub(r"\{\w*\}", "", text.replace("&", "")))
    return re.search(r"[A-Za-z]{3,}", plain) is not None and not _CJK.search(text)


def _accelerator(text: str) -> bool:
    return re.search(r"&[^&\s]", text.replace("&&", "")) is not None


@cache
def _opencc(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def _wrong_script(lang: str, text: str) -> list[str]:
    """Characters that belong to the other script (台, current in Taiwan, is fine in 繁體)."""
    if lang == "zh_Hans":
        folded = _opencc("t2s").convert(text)
        return [a for a, b in zip(text, folded, strict=True) if a != b]
    return [
        c
        for c in text
        if c != "台" and _opencc("s2tw").convert(c) != c and _opencc("t2s").convert(c) == c
    ]


@pytest.mark.parametrize("lang", CHINESE)
def test_every_message_is_translated(lang: str) -> None:
    problems: list[str] = []
    for message in _messages(_catalog(lang)):
        source = _forms(message.id)
        shown = _forms(message.string)
        label = repr(source[0])
        if message.fuzzy:
            problems.append(f"{label}: marked fuzzy")
        if not shown or not all(s.strip() for s in shown):
            problems.append(f"{label}: no translation")
            continue
        for text in shown:
            if _fields(text) != _fields(source[-1]) and _fields(text) != _fields(source[0]):
                problems.append(f"{label}: placeholders {_fields(source[0])} → {text!r}")
            for token in _KEPT.findall(source[0]):
                if token not in text:
                    problems.append(f"{label}: {token!r} lost in {text!r}")
            if _accelerator(source[0]) and not _accelerator(text):
                problems.append(f"{label}: accelerator (&) lost in {text!r}")
            if _reads_english(source[0]) and not _CJK.search(text):
                problems.append(f"{label}: {text!r} is not Chinese")
            wrong = _wrong_script(lang, text)
            if wrong:
                problems.append(f"{label}: {''.join(wrong)} in {text!r} is the other script")
    assert problems == [], f"{lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", CHINESE)
def test_compiled_catalog_matches_its_source(lang: str) -> None:
    """The .mo the app loads holds exactly the .po's translations (run `make catalogs`)."""
    expected = {
        _msgid(m): _forms(m.string)
        for m in _messages(_catalog(lang))
        if not m.fuzzy and all(_forms(m.string))
    }
    with (_po_path(lang).with_suffix(".mo")).open("rb") as handle:
        compiled = read_mo(handle)
    found = {_msgid(m): _forms(m.string) for m in _messages(compiled)}
    assert found == expected, f"{lang}: the .mo is out of date with the .po: run `make catalogs`"


@pytest.mark.parametrize("lang", CHINESE)
def test_bundled_font_draws_every_translation(lang: str) -> None:
    """The Chinese UI is drawn with the bundled face, so it must hold every character."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONT_FOR[lang]), lazy=True)
    try:
        cmap = set(font.getBestCmap())
    finally:
        font.close()
    used = {c for m in _messages(_catalog(lang)) for s in _forms(m.string) for c in s}
    missing = sorted(c for c in used if not c.isspace() and ord(c) not in cmap)
    assert missing == [], f"{FONT_FOR[lang].name} lacks {''.join(missing)}: rebuild the fonts"


# --------------------------------------------------------------------------- the module


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh_TW.UTF-8", "zh_Hant"),
        ("zh_HK", "zh_Hant"),
        ("zh-Hant-MO", "zh_Hant"),
        ("zh_CN.UTF-8", "zh_Hans"),
        ("zh-SG", "zh_Hans"),
        ("zh-Hans-HK", "zh_Hans"),
        ("zh", "zh_Hans"),
        ("en_GB.UTF-8", "en"),
        ("fr_FR", None),
        ("C", None),
    ],
)
def test_language_for_tag(tag: str, expected: str | None) -> None:
    assert i18n.language_for_tag(tag) == expected


def test_system_language_follows_gettext_order(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_HK.UTF-8")
    assert i18n.system_language() == "zh_Hant"
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert i18n.system_language() == "zh_Hans"
    monkeypatch.setenv("LANGUAGE", "fr:zh_TW:en")  # first preference we have wins
    assert i18n.system_language() == "zh_Hant"
    monkeypatch.setenv("LANGUAGE", "de_DE")
    assert i18n.system_language() == "en"


def test_switching_translates_and_notifies(qtbot: QtBot) -> None:
    calls: list[str] = []

    class Listener(QLabel):
        def retranslate(self) -> None:
            calls.append(i18n.language())

    listener = Listener()
    qtbot.addWidget(listener)
    i18n.on_language_changed(listener.retranslate)
    unsubscribe = i18n.on_language_changed(lambda: calls.append("plain"))
    i18n.set_language("zh-Hans-CN")  # a locale tag is accepted too
    assert i18n.language() == "zh_Hans" and calls == ["zh_Hans", "plain"]
    unsubscribe()
    i18n.set_language("zh_Hant")
    assert calls == ["zh_Hans", "plain", "zh_Hant"]
    sample = next(m for m in _messages(_catalog("zh_Hant")) if isinstance(m.id, str))
    assert i18n._(sample.id) == sample.string
    listener.deleteLater()
    qtbot.waitUntil(lambda: not _valid(listener))
    i18n.set_language("en")  # a deleted widget's callback is dropped, not called
    assert calls == ["zh_Hans", "plain", "zh_Hant"]
    assert i18n._(sample.id) == sample.id


def _valid(obj: object) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(obj))


def test_qt_standard_buttons_follow_the_language(qtbot: QtBot) -> None:
    """Qt's own strings (button boxes, context menus, dialogs) switch with ours."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    button = box.button(QDialogButtonBox.StandardButton.Cancel)
    assert button is not None
    english = button.text()
    assert "Cancel" in english
    for lang in CHINESE:
        i18n.set_language(lang)
        qtbot.waitUntil(lambda: "取消" in button.text())
    i18n.set_language("en")
    qtbot.waitUntil(lambda: button.text() == english)


# --------------------------------------------------------------------------- a real window

# Shown as they are in every language: the languages' own names, the script choices (which name
# themselves in the script they produce), and the product's marks.
UNTRANSLATED = {*i18n.LANGUAGES.values(), "OpenCC"}


def _visible_texts(window: QWidget) -> dict[str, str]:
    """Every piece of UI text a user can see or hear in a window or dialog, by where it is."""
    texts: dict[str, str] = {"window title": window.windowTitle()}
    containers: list[QWidget] = [*window.findChildren(QToolBar)]
    if isinstance(window, QMainWindow):
        for menu in window.menuBar().findChildren(QMenu):
            texts[f"menu {menu.objectName() or id(menu)}"] = menu.title()
        containers += [window.menuBar(), *window.menuBar().findChildren(QMenu)]
    seen = set()
    for container in containers:
        for action in container.actions():
            if action.isSeparator() or id(action) in seen or action.menu() is not None:
                continue
            seen.add(id(action))
            name = action.objectName() or str(id(action))
            texts[f"action {name}"] = action.text()
            if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
                texts[f"tooltip of action {name}"] = action.toolTip()
    for widget in window.findChildren(QWidget):
        name = f"{widget.objectName() or type(widget).__name__} {id(widget)}"
        if isinstance(widget, QLabel | QAbstractButton) and widget.text():
            texts[f"{name} text"] = widget.text()
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                texts[f"{name} item {i}"] = widget.itemText(i)
        if isinstance(widget, QLineEdit) and widget.placeholderText():
            texts[f"{name} placeholder"] = widget.placeholderText()
        if widget.toolTip():
            texts[f"{name} tooltip"] = widget.toolTip()
        if widget.accessibleName():
            texts[f"{name} accessible name"] = widget.accessibleName()
        if widget.accessibleDescription():
            texts[f"{name} accessible description"] = widget.accessibleDescription()
        if isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                texts[f"{name} header {column}"] = header.text() if header else ""
                for row in range(widget.rowCount()):
                    item = widget.item(row, column)
                    texts[f"{name} cell {row},{column}"] = item.text() if item else ""
    return {k: v for k, v in texts.items() if v.strip()}


def _untranslated(texts: dict[str, str]) -> dict[str, str]:
    """Texts that still read as English: a word of 3+ letters and no Chinese character."""
    return {
        where: text
        for where, text in texts.items()
        if text.replace("&", "") not in UNTRANSLATED and _reads_english(text)
    }


def test_switching_language_retranslates_a_real_window(qtbot: QtBot) -> None:
    window = MainWindow(Archive.load(ARCHIVE), cjk_families=load_bundled_fonts())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    english = _visible_texts(window)
    file_menu = window.menuBar().findChild(QMenu, "menu_file")
    assert file_menu is not None
    assert file_menu.title() == "&File"
    assert _untranslated(english), "the English window shows no English?"

    for lang in CHINESE:
        i18n.set_language(lang)
        shown = _visible_texts(window)
        assert file_menu.title() == _catalog(lang)["&File"].string
        assert _untranslated(shown) == {}, f"{lang}: English left on screen"
        assert shown.keys() == english.keys()

    i18n.set_language("zh_Hant")
    traditional = _visible_texts(window)
    i18n.set_language("zh_Hans")
    simplified = _visible_texts(window)
    assert traditional != simplified, "the two Chinese UIs are the same"
    i18n.set_language("en")
    assert _visible_texts(window) == english, "switching back does not restore English"


@pytest.mark.parametrize("lang", CHINESE)
def test_dialogs_speak_the_ui_language(qtbot: QtBot, lang: str) -> None:
    """The dialogs, built when asked for, come up in the chosen language, Qt's buttons too."""
    window = MainWindow(Archive.load(ARCHIVE), cjk_families=load_bundled_fonts())
    qtbot.addWidget(window)
    i18n.set_language(lang)
    for build in (shortcuts_dialog, about_dialog):
        dialog = build(window)
        texts = _visible_texts(dialog)
        assert len(texts) > 2 and _CJK.search(texts["window title"])
        assert _untranslated(texts) == {}, f"{lang}: English left in {dialog.objectName()}"
