"""Every label of scripts, views, themes, Chinese faces and origins, declared once, in the UI
language.

The keys come from the core (:class:`~archive_app.core.convert.Mode`,
:class:`~archive_app.core.settings.View`, :class:`~archive_app.core.settings.ThemeName`,
:class:`~archive_app.core.settings.ChineseFace`, :class:`~archive_app.core.record.Origin`);
this module gives each its words in English, 繁體中文 and 简体中文 (through the catalogs), and
every window, menu and tool window uses these functions, so the same thing is never called two
names in two windows.

Each function reads the catalog when it is called, so a label asked for after a language switch
is in the new language.
"""

from __future__ import annotations

from archive_app.core.convert import Mode, Script
from archive_app.core.record import Origin, StatementKey
from archive_app.core.settings import ChineseFace, ThemeName, View
from archive_app.gui.i18n import _

__all__ = [
    "conversion_names",
    "face_labels",
    "origin_label",
    "origin_notice",
    "script_labels",
    "script_tips",
    "statement_label",
    "theme_labels",
    "view_labels",
    "view_tips",
]


def script_labels() -> dict[Mode, str]:
    """The short name of each script mode (toolbar, menus, tool windows)."""
    return {
        Mode.ORIGINAL: _("Original"),
        Mode.SIMPLIFIED: _("简体"),
        Mode.TRADITIONAL_TW: _("繁體·台灣"),
        Mode.TRADITIONAL_HK: _("繁體·香港"),
    }


def script_tips() -> dict[Mode, str]:
    return {
        Mode.ORIGINAL: _("Chinese as stored in the archive"),
        Mode.SIMPLIFIED: _("Converted to Simplified Chinese by OpenCC"),
        Mode.TRADITIONAL_TW: _("Converted to Traditional Chinese (Taiwan) by OpenCC"),
        Mode.TRADITIONAL_HK: _("Converted to Traditional Chinese (Hong Kong) by OpenCC"),
    }


def conversion_names() -> tuple[dict[Script, str], dict[Mode, str]]:
    """(source script names, target mode names) for sentences such as "converted from
    Traditional to Simplified by OpenCC"."""
    sources: dict[Script, str] = {"traditional": _("Traditional"), "simplified": _("Simplified")}
    targets = {
        Mode.ORIGINAL: _("the original"),
        Mode.SIMPLIFIED: _("Simplified"),
        Mode.TRADITIONAL_TW: _("Traditional (Taiwan)"),
        Mode.TRADITIONAL_HK: _("Traditional (Hong Kong)"),
    }
    return sources, targets


def view_labels() -> dict[View, str]:
    return {View.EN: _("English"), View.ZH: _("中文"), View.SIDE_BY_SIDE: _("Side by side")}


def view_tips() -> dict[View, str]:
    return {
        View.EN: _("Only the English text"),
        View.ZH: _("Only the Chinese text"),
        View.SIDE_BY_SIDE: _("English and Chinese side by side, paragraph against paragraph"),
    }


def theme_labels() -> dict[ThemeName, str]:
    return {ThemeName.LIGHT: _("Light"), ThemeName.DARK: _("Dark"), ThemeName.SEPIA: _("Sepia")}


def face_labels() -> dict[ChineseFace, str]:
    """The faces Chinese can be read in (Reading settings): 黑體 or 明體/宋體."""
    return {ChineseFace.SANS: _("Sans (Hei)"), ChineseFace.SERIF: _("Serif (Song/Ming)")}


def origin_label(key: StatementKey) -> str | None:
    """What a list adds after a statement's name for its origin; ``None`` for the shipped one.

    ``added locally, not signed``; ``signed update of 2026-06-04, key 1a2b 3c4d 5e6f 7a8b``.
    """
    if key.origin is Origin.LOCAL:
        return _("added locally, not signed")
    if key.origin is Origin.UPDATE:
        if key.update is None:
            return _("signed update")
        return _("signed update of {date}, key {key}").format(
            date=key.update.date, key=key.update.short_fingerprint
        )
    return None


def statement_label(key: StatementKey) -> str:
    """``2021``, ``2021 v2``, ``2021 v2 · added locally, not signed``."""
    base = (
        key.label
        if key.version == 1
        else _("{year} v{version}").format(year=key.year, version=key.version)
    )
    note = origin_label(key)
    return f"{base} · {note}" if note else base


def origin_notice(key: StatementKey) -> str | None:
    """The sentence the statement bar shows for a text that is not the shipped record."""
    if key.origin is Origin.UPDATE:
        stamp = key.update
        return _(
            "Signed update of {date}, key {key}: this text came in a signed archive update, "
            "checked against the keys built into this app. It is not part of the archive "
            "shipped with the app."
        ).format(
            date=stamp.date if stamp else _("unknown"),
            key=stamp.short_fingerprint if stamp else _("unknown"),
        )
    if key.origin is Origin.LOCAL:
        if key.version > 1:
            return _(
                "Version {version} of {year}, added locally, not signed: this text is not part "
                "of the signed archive. Check it against its source before you rely on it."
            ).format(version=key.version, year=key.year)
        return _(
            "{year}, added locally, not signed: this text is not part of the signed archive. "
            "Check it against its source before you rely on it."
        ).format(year=key.year)
    return None
