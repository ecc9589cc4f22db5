"""The interface strings of the editions, in English, 繁體中文 and 简体中文.

The page's own words (buttons, labels, notices) are marked here with :func:`N_` so ``make
catalogs`` extracts them into the same gettext catalogs as the window's; at build time each is
translated with those catalogs and the three tables are embedded in the page, which picks one
by the browser's language (switchable). Archive text never passes through here.
"""

from __future__ import annotations

import gettext
from functools import cache

from archive_app.core.paths import resources_dir

__all__ = ["N_", "UI_LANGUAGES", "ui_strings"]

UI_LANGUAGES: dict[str, str] = {"en": "English", "zh_Hant": "繁體中文", "zh_Hans": "简体中文"}


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated when the edition is built."""
    return message


# Key → English source text. Placeholders in braces are filled by the page's script.
_STRINGS: dict[str, str] = {
    "app": N_("June Fourth Archive"),
    "tagline": N_("Offline edition: opens from disk, loads nothing from the network."),
    "years": N_("Years"),
    "search": N_("Search"),
    "search_placeholder": N_("Search in English or Chinese, either script"),
    "search_help": N_(
        'Words must all appear in one paragraph; "quotes" keep words together; word* finds '
        "words that start so. {simplified} and {traditional} find the same text."
    ),
    "no_hits": N_("No paragraph matches."),
    "hits": N_("Matching paragraphs: {count}"),
    "view": N_("View"),
    "view_en": N_("English"),
    "view_zh": N_("中文"),
    "view_sbs": N_("Side by side"),
    "script": N_("Chinese script"),
    "script_original": N_("Original"),
    "script_simplified": N_("简体"),
    "script_tw": N_("繁體·台灣"),
    "script_hk": N_("繁體·香港"),
    "interface": N_("Interface language"),
    "english": N_("English"),
    "chinese": N_("Chinese"),
    "paragraph": N_("¶{number}"),
    "missing_zh": N_("No Chinese text in the source for this paragraph."),
    "missing_en": N_("No English text in the source for this paragraph."),
    "converted": N_(
        "Chinese converted from {source} to {target} by OpenCC for display. The archive "
        "keeps the original text."
    ),
    "traditional": N_("Traditional"),
    "simplified": N_("Simplified"),
    "traditional_tw": N_("Traditional (Taiwan)"),
    "traditional_hk": N_("Traditional (Hong Kong)"),
    "local": N_("added locally, not signed"),
    "version": N_("version {number}"),
    "alignment": N_("Which paragraphs translate each other is an editorial judgement ({by})."),
    "signatories": N_("Signatories"),
    "source": N_("Source"),
    "provenance": N_("Provenance"),
    "year_basis": N_("How the year is known"),
    "source_file": N_("Source file"),
    "source_kind": N_("Kind"),
    "published": N_("Published"),
    "address": N_("Address (not a link)"),
    "importer": N_("Imported by"),
    "unknown": N_("unknown"),
    "no_script": N_(
        "Without scripts this page still shows every statement; search, views and scripts "
        "need scripts enabled."
    ),
}


@cache
def _translation(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(
        "archive_app", localedir=resources_dir() / "locale", languages=[lang], fallback=True
    )


def ui_strings() -> dict[str, dict[str, str]]:
    """Every UI language code → key → the string in that language."""
    return {
        lang: {key: _translation(lang).gettext(text) for key, text in _STRINGS.items()}
        for lang in UI_LANGUAGES
    }
