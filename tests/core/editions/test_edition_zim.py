"""The ZIM edition: read back with libzim (entries, metadata, illustration, checksum, full-text
index), then served by Debian's kiwix-serve and driven in headless chromium."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_app.core.editions import build_zim, icon_png
from archive_app.core.record import Library
from tests.conftest import ARCHIVE
from tests.editions_helpers import drive, require_browser, tricky_library

libzim = pytest.importorskip("libzim", reason="pip install libzim (in the dev extra)")

METADATA = (
    "Title", "Description", "Language", "Creator", "Publisher", "Date", "Name", "Flavour",
)  # fmt: skip


@pytest.fixture(scope="module")
def zim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("zim")
    out = folder / "june-fourth.zim"
    build_zim(tricky_library(folder), out)
    return out


def test_reads_back_complete(zim: Path) -> None:
    from libzim.reader import Archive
    from libzim.search import Query, Searcher

    archive = Archive(zim)
    assert archive.has_checksum and archive.check()
    assert archive.main_entry.get_item().path == "index"
    for path in ("index", "2021", "2021.v2.local", "edition.js", "edition.css", "edition-data.js"):
        assert archive.has_entry_by_path(path), path
    assert archive.article_count == 3  # the main page and one article per statement
    for key in METADATA:
        assert archive.get_metadata(key).decode().strip(), key
    assert archive.get_metadata("Language") == b"eng,zho"
    assert len(archive.get_metadata("Description").decode()) <= 80
    assert archive.has_illustration(48)
    assert archive.get_illustration_item(48).content.tobytes() == icon_png(48)
    local = archive.get_entry_by_path("2021.v2.local")
    assert "added locally, not signed" in local.title
    page = bytes(local.get_item().content).decode()
    assert "added locally, not signed" in page and "<img" not in page
    assert archive.has_fulltext_index
    found = Searcher(archive).search(Query().set_query("Tiananmen"))
    assert {"2021", "2021.v2.local"} <= set(found.getResults(0, 10))


def test_illustration_is_a_48px_png() -> None:
    data = icon_png(48)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(data[16:20], "big") == int.from_bytes(data[20:24], "big") == 48


@pytest.fixture(scope="module")
def shipped_zim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("zim") / "shipped.zim"
    build_zim(Library.load(ARCHIVE), out)
    return out


@pytest.fixture
def served(zim: Path, shipped_zim: Path, tmp_path: Path) -> Iterator[str]:
    require_browser()
    kiwix = shutil.which("kiwix-serve")
    if kiwix is None:
        if os.environ.get("CI"):
            pytest.fail("kiwix-serve must run in CI (apt-get install kiwix-tools)")
        pytest.skip("no kiwix-serve (apt-get install kiwix-tools)")
    for _attempt in range(5):
        port = random.randint(20000, 60000)
        log = (tmp_path / "kiwix.log").open("w")
        process = subprocess.Popen(
            [
                kiwix,
                "-i",
                "127.0.0.1",
                "-p",
                str(port),
                "-a",
                str(os.getpid()),
                str(zim),
                str(shipped_zim),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        time.sleep(0.3)
        if process.poll() is None:
            break
        log.close()
    else:
        pytest.fail("kiwix-serve did not start: " + (tmp_path / "kiwix.log").read_text())
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_kiwix_serve_runs_the_page(served: str, zim: Path, tmp_path: Path) -> None:
    shots = Path(os.environ.get("EDITION_SCREENSHOTS") or tmp_path)
    book = zim.stem
    common = {
        "kind": "walkthrough",
        "origin": served,
        "viewport": {"width": 1280, "height": 800},
        "en": "2021-en-2",
        "zh": "2021-zh-1",
        "zhQuery": "国家安全法",
        "enQuery": '"National Security Law"',
    }
    # The shipped ZIM walked through like the HTML file; the one with a local second text of
    # 2021 searched from its main page, the hit opening in its own article.
    walk, index = drive(
        [
            {
                **common,
                "url": f"{served}/shipped/2021",
                "screenshot": str(shots / "edition-kiwix.png"),
                "screenshotScript": "traditional-tw",
            },
            {
                "kind": "navigate",
                "url": f"{served}/{book}/index",
                "origin": served,
                "query": "国家安全法",
            },
        ],
        tmp_path,
    )
    for seen in (walk, index):
        assert seen["outside"] == [], seen["outside"]
        assert seen["dialogs"] == []
    # kiwix-serve 3.3 injects its own bar into every page: its inline event handlers are
    # blocked by our CSP (as any inline script is) and it asks for a skin image it lacks. Only
    # those may complain; our own page must not.
    for seen in (walk, index):
        assert all(url.startswith(f"{served}/skin/") for url in seen["failed"]), seen["failed"]
        ours = [
            e
            for e in seen["errors"]
            if not e.startswith("Executing inline event handler violates")
            and not e.startswith("Failed to load resource: the server responded with a status")
        ]
        assert ours == []
    # A Simplified query finds the Traditional paragraph, marked; the English phrase; citation.
    assert [(h["lang"], h["paragraph"]) for h in walk["searchSimplified"]] == [("zh", "1")]
    assert walk["searchSimplified"][0]["marks"] == ["國家安全法"]
    assert {p["id"] for p in walk["opened"]} == {"2021-zh-1", "2021-en-2"}
    assert [(h["lang"], h["paragraph"]) for h in walk["searchPhrase"]] == [("en", "2")]
    assert walk["copied"].endswith("— Coalition statement, June Fourth 2021, ¶2")
    assert "國家安全法" in walk["hk"] and "国家安全法" in walk["simplified"]
    # Both texts of 2021 are found, each in its own article.
    hits = {(h["version"], h["lang"], h["paragraph"], h["href"]) for h in index["hits"]}
    assert {
        ("1", "zh", "1", "2021#2021-zh-1"),
        ("2", "zh", "1", "2021.v2.local#2021.v2.local-zh-1"),
        ("2", "zh", "2", "2021.v2.local#2021.v2.local-zh-2"),
    } <= hits
    assert [y["href"] for y in index["years"]] == ["2021", "2021.v2.local"]
    assert index["url"].endswith("/2021#2021-zh-1")
    assert set(index["opened"]) == {"2021-zh-1", "2021-en-2"}
