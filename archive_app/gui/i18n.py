"""UI translations through gettext: English, 繁體中文 and 简体中文.

Catalogs live in ``resources/locale/<lang>/LC_MESSAGES/archive_app.mo`` (compiled with Babel
from the ``.po`` files beside them). Every user-visible string in the GUI goes through
:func:`_`; widgets re-read their texts when :func:`set_language` changes the language.
"""

from __future__ import annotations

import gettext
import locale
import os
from collections.abc import Callable

from archive_app.core.paths import resources_dir

DOMAIN = "archive_app"
LANGUAGES = {"en": "English", "zh_Hant": "繁體中文", "zh_Hans": "简体中文"}

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_listeners: list[Callable[[], None]] = []


def _(message: str) -> str:
    """The message in the current UI language (English when no catalog has it)."""
    return _current.gettext(message)


def language() -> str:
    return _language


def system_language() -> str:
    """Map the system locale to one of our UI languages (zh_TW/zh_HK → 繁體, zh_CN/zh_SG → 简体)."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            break
    else:
        value = locale.getlocale()[0] or "en"
    tag = value.split(":")[0].split(".")[0].replace("-", "_").lower()
    if tag.startswith("zh"):
        simplified = any(x in tag for x in ("cn", "sg", "hans"))
        return "zh_Hans" if simplified else "zh_Hant"
    return "en"


def set_language(lang: str) -> None:
    """Switch the UI language and tell every listener to re-read its strings."""
    global _current, _language
    if lang not in LANGUAGES:
        lang = "en"
    _current = gettext.translation(
        DOMAIN, localedir=str(resources_dir() / "locale"), languages=[lang], fallback=True
    )
    _language = lang
    for listener in list(_listeners):
        listener()


def on_language_changed(callback: Callable[[], None]) -> None:
    _listeners.append(callback)
