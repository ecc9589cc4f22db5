"""The editions inside the app bundle, for ``make dist`` (``packaging/build.py`` calls
:func:`place_editions` once, before the bundle's manifest is written and signed).

They go into ``<bundle>/editions/``, so ``MANIFEST.sha256`` lists them and its signature covers
them; ``verify --edition FILE`` (or minisign and sha256sum) checks one that travelled alone with
the manifest. Only the HTML edition goes in by default: it is byte-for-byte reproducible, while
libzim stamps every ZIM with a random UUID, which ``make reproducible`` would (rightly) reject.
"""

from __future__ import annotations

from pathlib import Path

from archive_app.core.editions.build import EditionResult, build_html, build_zim
from archive_app.core.record import Library

__all__ = ["EDITION_FILES", "place_editions"]

EDITION_FILES = {"html": "june-fourth-archive.html", "zim": "june-fourth-archive.zim"}


def place_editions(
    bundle: Path, archive_dir: Path, kinds: tuple[str, ...] = ("html",)
) -> list[EditionResult]:
    """Build the editions of the archive at ``archive_dir`` into ``bundle/editions/``."""
    folder = Path(bundle) / "editions"
    folder.mkdir(parents=True, exist_ok=True)
    library = Library.load(Path(archive_dir))
    builders = {"html": build_html, "zim": build_zim}
    return [builders[kind](library, folder / EDITION_FILES[kind]) for kind in kinds]
