"""Editions that need no install: one offline HTML file, and a ZIM for Kiwix readers.

The public face of ``archive_app.core.editions``: other packages import from here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive_app.core._face import lazy_exports

if TYPE_CHECKING:
    from archive_app.core.editions.build import (
        BUILDERS,
        EditionError,
        EditionResult,
        build_html,
        build_zim,
        icon_png,
        zim_available,
        zim_metadata,
    )
    from archive_app.core.editions.content import (
        FOLD_RANGES,
        EditionEntry,
        edition_entries,
        edition_payload,
        english_tokens,
        fold_table,
        paragraph_anchor,
    )
    from archive_app.core.editions.dist import (
        EDITION_FILES,
        place_editions,
    )
    from archive_app.core.editions.strings import (
        UI_LANGUAGES,
        ui_strings,
    )
    from archive_app.core.editions.verify import (
        EditionCheck,
        find_manifest,
        verify_edition,
    )

_TABLE = {
    "BUILDERS": "build",
    "EDITION_FILES": "dist",
    "EditionCheck": "verify",
    "EditionEntry": "content",
    "EditionError": "build",
    "EditionResult": "build",
    "FOLD_RANGES": "content",
    "UI_LANGUAGES": "strings",
    "build_html": "build",
    "build_zim": "build",
    "edition_entries": "content",
    "edition_payload": "content",
    "english_tokens": "content",
    "find_manifest": "verify",
    "fold_table": "content",
    "icon_png": "build",
    "paragraph_anchor": "content",
    "place_editions": "dist",
    "ui_strings": "strings",
    "verify_edition": "verify",
    "zim_available": "build",
    "zim_metadata": "build",
}
__all__ = [
    "BUILDERS",
    "EDITION_FILES",
    "FOLD_RANGES",
    "UI_LANGUAGES",
    "EditionCheck",
    "EditionEntry",
    "EditionError",
    "EditionResult",
    "build_html",
    "build_zim",
    "edition_entries",
    "edition_payload",
    "english_tokens",
    "find_manifest",
    "fold_table",
    "icon_png",
    "paragraph_anchor",
    "place_editions",
    "ui_strings",
    "verify_edition",
    "zim_available",
    "zim_metadata",
]
__getattr__ = lazy_exports(__name__, _TABLE)
