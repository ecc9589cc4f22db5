"""UI translations through gettext: English, 繁體中文 and 简体中文.

Catalogs live in ``resources/locale/<lang>/LC_MESSAGES/archive_app.po`` with the compiled
``.mo`` beside them; ``make catalogs`` extracts the strings from ``archive_app/gui`` with Babel
(``babel.cfg``), merges them into both catalogs and compiles them. English is the source
language and needs no catalog.

How the GUI uses it:

- every user-visible string goes through :func:`_` at the moment it is shown
  (``action.setText(_("&Quit"))``), with ``{name}`` placeholders filled *after* translation:
  ``_("Statement of {year}").format(year=2021)``;
- strings defined at import time (tables of labels) are marked with :func:`N_`, which only marks
  them for extraction, and translated with :func:`_` when shown;
- counts go through :func:`ngettext` (Chinese has one form, English two);
- a widget re-reads its texts in a callback given to :func:`on_language_changed`, which
  :func:`set_language` calls after switching. Callbacks that are bound methods are held weakly
  and dropped once their object is gone (or its Qt side deleted), so closing a window is enough.

:func:`set_language` also installs Qt's own translations (standard buttons, the text widgets'
context menus, file and print dialogs) when a ``QCoreApplication`` exists, so call it once the
application object is made.
"""

from __future__ import annotations

import gettext
import os
import weakref
from collections.abc import Callable, Iterator
from typing import Any

from archive_app.core.paths import resources_dir

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "N_",
    "_",
    "language",
    "language_for_tag",
    "locale_dir",
    "ngettext",
    "on_language_changed",
    "set_language",
    "system_language",
]

DOMAIN = "archive_app"
LANGUAGES = {"en": "English", "zh_Hant": "繁體中文", "zh_Hans": "简体中文"}
"""UI language code → its name in that language (how a language menu should list it)."""

# Qt's own catalogs (qtbase_<name>.qm) for each UI language; English needs none.
_QT_CATALOGS = {"zh_Hant": "zh_TW", "zh_Hans": "zh_CN"}
# Regions whose Chinese is written in Traditional characters; any other Chinese is Simplified.
_TRADITIONAL_REGIONS = {"tw", "hk", "mo"}

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_listeners: list[Callable[[], Callable[[], None] | None]] = []
_qt_translators: list[Any] = []


def _(message: str) -> str:
    """The message in the current UI language (English when no catalog has it)."""
    return _current.gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now: translate it with :func:`_`."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count ``n``, in the current UI language."""
    return _current.ngettext(singular, plural, n)


def language() -> str:
    """The current UI language: a key of :data:`LANGUAGES`."""
    return _language


def locale_dir() -> str:
    return str(resources_dir() / "locale")


def language_for_tag(tag: str) -> str | None:
    """Our UI language for a locale or BCP 47 tag, or None when we have no catalog for it.

    ``zh_TW``, ``zh-HK``, ``zh_MO``, ``zh-Hant`` → ``zh_Hant``; ``zh_CN``, ``zh-SG``, ``zh-Hans``,
    bare ``zh`` → ``zh_Hans``; ``en_GB`` → ``en``; ``C``/``POSIX``/``fr_FR`` → None.
    """
    parts = tag.split(".")[0].split("@")[0].replace("-", "_").lower().split("_")
    if parts[0] == "en":
        return "en"
    if parts[0] != "zh":
        return None
    rest = parts[1:]
    if "hant" in rest:
        return "zh_Hant"
    if "hans" in rest:
        return "zh_Hans"
    return "zh_Hant" if _TRADITIONAL_REGIONS.intersection(rest) else "zh_Hans"


def _system_tags() -> Iterator[str]:
    # gettext's order: LANGUAGE (a colon-separated preference list), then LC_ALL, LC_MESSAGES,
    # LANG; the first variable that is set wins, as for gettext itself.
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            yield from (v for v in value.split(":") if v)
            return
    # No variable (Windows, macOS app bundles): ask Qt, which reads the platform's settings.
    try:
        from PySide6.QtCore import QLocale

        yield from QLocale.system().uiLanguages()
    except ImportError:  # pragma: no cover - PySide6 is a dependency of the GUI
        pass
    import locale  # the last resort, read only here (its import is ~2 ms of the start-up)

    name = locale.getlocale()[0]
    if name:
        yield name


def system_language() -> str:
    """The UI language the system asks for: its first preference we have, else English."""
    for tag in _system_tags():
        found = language_for_tag(tag)
        if found:
            return found
    return "en"


def _install_qt_translations(lang: str) -> None:
    """Swap Qt's own catalog (button boxes, context menus, dialogs) for ``lang``'s."""
    if not _qt_translators and lang not in _QT_CATALOGS:
        return  # English, as Qt is: nothing to swap (nor its translation classes to load)
    try:
        from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
    except ImportError:  # pragma: no cover - PySide6 is a dependency of the GUI
        return
    app = QCoreApplication.instance()
    if app is None:
        return
    while _qt_translators:
        app.removeTranslator(_qt_translators.pop())
    qt_name = _QT_CATALOGS.get(lang)
    if qt_name is None:
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(f"qtbase_{qt_name}", folder):
        app.installTranslator(translator)
        _qt_translators.append(translator)


def set_language(lang: str) -> None:
    """Switch the UI language and tell every listener to re-read its strings.

    ``lang`` is a key of :data:`LANGUAGES` or a locale tag (``zh_TW``, ``zh-Hans``); anything
    else means English. A missing catalog also means English, never an error.
    """
    global _current, _language
    code = lang if lang in LANGUAGES else (language_for_tag(lang) or "en")
    if code == "en":
        _current = gettext.NullTranslations()
    else:
        _current = gettext.translation(
            DOMAIN, localedir=locale_dir(), languages=[code], fallback=True
        )
    _language = code
    _install_qt_translations(code)
    for get in list(_listeners):
        callback = get()
        if callback is None:
            _listeners.remove(get)
            continue
        callback()


def _alive(obj: object) -> bool:
    try:
        import shiboken6
    except ImportError:  # pragma: no cover - PySide6 is a dependency of the GUI
        return True
    if isinstance(obj, shiboken6.Shiboken.Object):
        return bool(shiboken6.isValid(obj))
    return True


def on_language_changed(callback: Callable[[], None]) -> Callable[[], None]:
    """Call ``callback`` after every language switch; returns a function that unsubscribes.

    A bound method is held weakly and dropped once its object is collected or, for a Qt object,
    once its C++ side is deleted; any other callable is held until unsubscribed.
    """
    getter: Callable[[], Callable[[], None] | None]
    if hasattr(callback, "__self__") and hasattr(callback, "__func__"):
        ref = weakref.WeakMethod(callback)

        def getter() -> Callable[[], None] | None:
            method = ref()
            return method if method is not None and _alive(method.__self__) else None

    else:

        def getter() -> Callable[[], None] | None:
            return callback

    _listeners.append(getter)

    def unsubscribe() -> None:
        if getter in _listeners:
            _listeners.remove(getter)

    return unsubscribe
