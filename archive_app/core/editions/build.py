"""Building the editions: one self-contained HTML file, and a ZIM for Kiwix readers.

Both are made from the same archive (shipped statements and, when asked, the user's own,
marked "added locally, not signed"), by the same page code (:mod:`.page`) and the same data
(:mod:`.content`). Output is checked before anything is written and written to a temporary file
beside the target, then moved into place, so a failed build never leaves half a file.
"""

from __future__ import annotations

import datetime
import os
import struct
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive_app import __version__
from archive_app.core.editions.content import (
    EditionEntry,
    Progress,
    edition_entries,
    edition_payload,
)
from archive_app.core.editions.page import PageLinks, asset_text, data_script, page_html
from archive_app.core.editions.strings import ui_strings
from archive_app.core.errors import ArchiveAppError
from archive_app.core.record import Archive

__all__ = [
    "EditionError",
    "EditionResult",
    "build_html",
    "build_zim",
    "icon_png",
    "zim_available",
    "zim_metadata",
]

TITLE = "June Fourth Archive"


class EditionError(ArchiveAppError):
    """An edition cannot be written where asked (the message names the file)."""


@dataclass(frozen=True)
class EditionResult:
    """What a build wrote: the file, its size and how many statements it holds."""

    path: Path
    size: int
    statements: int
    kind: str  # "html" | "zim"


def _check_target(out: Path, suffix: str) -> Path:
    out = Path(out)
    if out.is_dir():
        raise EditionError(f"is a folder; name the {suffix} file to write", out)
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise EditionError("the folder to write into does not exist", parent)
    if not os.access(parent, os.W_OK):
        raise EditionError("the folder is read-only; choose another place to write", parent)
    return out


@contextmanager
def _atomic(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out`` that becomes ``out`` only if the body succeeds."""
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    temp = Path(name)
    temp.unlink()  # libzim refuses to write over an existing file
    try:
        yield temp
        os.chmod(temp, 0o644)
        os.replace(temp, out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _strings_for_page() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    strings = ui_strings()
    return strings, strings["en"]


def build_html(archive: Archive, out: Path, progress: Progress | None = None) -> EditionResult:
    """Write the one-file HTML edition of ``archive`` to ``out``."""
    out = _check_target(out, "HTML")
    entries = edition_entries(archive)
    links = PageLinks(single_file=True)
    strings, english = _strings_for_page()
    payload = edition_payload(entries, links.statement, strings, progress)
    text = page_html(
        nav_entries=entries,
        shown=entries,
        links=links,
        strings=english,
        data=payload,
        title=TITLE,
    )
    data = text.encode("utf-8")
    try:
        with _atomic(out) as temp:
            temp.write_bytes(data)
    except OSError as exc:
        raise EditionError(f"cannot be written: {exc.strerror or exc}", out) from None
    if progress:
        progress(len(entries) + 1, len(entries) + 1, "done")
    return EditionResult(out, len(data), len(entries), "html")


# --- the ZIM ------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def icon_png(size: int = 48) -> bytes:
    """The edition's illustration: a candle flame on dark red, drawn here (no image file)."""
    rows = []
    c = (size - 1) / 2
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            dx, dy = (x - c) / size, (y - size * 0.42) / size
            flame = (dx * dx) / 0.012 + (dy * dy) / 0.05 < 1 and y < size * 0.62
            candle = abs(x - c) < size * 0.09 and size * 0.62 <= y < size * 0.9
            if flame:
                row += bytes((255, 214, 92, 255))
            elif candle:
                row += bytes((246, 240, 228, 255))
            else:
                row += bytes((122, 20, 24, 255))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _png_chunk(b"IEND", b"")
    )


def zim_metadata(entries: list[EditionEntry], date: datetime.date) -> dict[str, str]:
    """The metadata Kiwix libraries expect of a ZIM."""
    years = sorted({e.key.year for e in entries})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    return {
        "Title": TITLE,
        "Description": f"June Fourth coalition statements {span}, English and Chinese".strip()[:80],
        "LongDescription": (
            "The annual coalition statements on the June Fourth anniversary, in English and "
            "Chinese as the sources have them, side by side, with the Chinese converted to "
            "Simplified or Traditional by OpenCC (always labelled as converted) and a search "
            "that finds either script."
        ),
        "Language": "eng,zho",
        "Creator": "June Fourth coalition",
        "Publisher": "June Fourth Archive",
        "Date": date.isoformat(),
        "Name": "june-fourth-archive_mul_all",
        "Flavour": "maxi",
        "Tags": "_category:other;_pictures:no;_videos:no;_details:yes;_ftindex:yes",
        "Source": f"archive_app {__version__}",
        "Scraper": f"archive_app {__version__}",
    }


def _build_date() -> datetime.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.datetime.now(datetime.UTC).date()


def _zim_item(path: str, title: str, mimetype: str, content: bytes, front: bool) -> Any:
    from libzim.writer import Hint, Item, StringProvider

    class _Item(Item):  # type: ignore[misc]
        def get_path(self) -> str:
            return path

        def get_title(self) -> str:
            return title

        def get_mimetype(self) -> str:
            return mimetype

        def get_contentprovider(self) -> StringProvider:
            return StringProvider(content)

        def get_hints(self) -> dict[Hint, int]:
            return {Hint.FRONT_ARTICLE: int(front), Hint.COMPRESS: 1}

    return _Item()


def zim_available() -> bool:
    """Whether libzim is installed here (the portable bundle leaves it out, for size)."""
    import importlib.util

    return importlib.util.find_spec("libzim") is not None


def build_zim(archive: Archive, out: Path, progress: Progress | None = None) -> EditionResult:
    """Write the ZIM edition of ``archive`` to ``out``: a main page listing the years, one
    article per statement (the HTML edition's page and script), full-text index on."""
    try:
        from libzim.writer import Creator
    except ImportError:
        raise EditionError(
            "the ZIM edition needs the libzim package, which this copy of the app does not "
            "carry: run the app from its sources with `pip install libzim`, or use the HTML "
            "edition",
            out,
        ) from None
    out = _check_target(out, "ZIM")
    entries = edition_entries(archive)
    links = PageLinks(single_file=False)
    strings, english = _strings_for_page()
    payload = edition_payload(entries, links.statement, strings, progress)
    pages: list[tuple[str, str, str]] = [
        (
            "index",
            TITLE,
            page_html(
                nav_entries=entries,
                shown=[],
                links=links,
                strings=english,
                data=None,
                title=TITLE,
            ),
        )
    ]
    for entry in entries:
        label = entry.key.label + (" (added locally, not signed)" if entry.key.local else "")
        title = f"{label}: {entry.statement.title}"
        pages.append(
            (
                entry.slug,
                title,
                page_html(
                    nav_entries=entries,
                    shown=[entry],
                    links=links,
                    strings=english,
                    data=None,
                    title=title,
                ),
            )
        )
    assets = [
        ("edition.css", "text/css", asset_text("edition.css").encode()),
        ("edition.js", "application/javascript", asset_text("edition.js").encode()),
        ("edition-data.js", "application/javascript", data_script(payload).encode()),
    ]
    try:
        with _atomic(out) as temp:
            creator = Creator(str(temp)).config_indexing(True, "eng")
            with creator:
                creator.set_mainpath("index")
                creator.add_illustration(48, icon_png(48))
                for name, value in zim_metadata(entries, _build_date()).items():
                    creator.add_metadata(name, value)
                for path, title, text in pages:
                    creator.add_item(_zim_item(path, title, "text/html", text.encode(), True))
                for path, mimetype, content in assets:
                    creator.add_item(_zim_item(path, path, mimetype, content, False))
    except (OSError, RuntimeError) as exc:
        raise EditionError(f"cannot be written: {exc}", out) from None
    if progress:
        progress(len(entries) + 1, len(entries) + 1, "done")
    return EditionResult(out, out.stat().st_size, len(entries), "zim")


Builder = Callable[[Archive, Path, Progress | None], EditionResult]
BUILDERS: dict[str, Builder] = {"html": build_html, "zim": build_zim}
