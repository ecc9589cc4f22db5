"""The HTML edition in a real browser (Debian's chromium, headless, through playwright-core):
opened from disk at phone and desktop sizes, views, scripts, search across scripts, an English
phrase, word forms, citations, anchors, the interface languages, hostile text, zero requests.

``EDITION_SCREENSHOTS=DIR`` keeps the screenshots in DIR (``make edition-screenshots`` writes
``docs/screenshots/``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from archive_app.core.convert import normalise_for_search
from archive_app.core.editions import build_html
from archive_app.core.record import Library
from tests.conftest import ARCHIVE
from tests.editions_helpers import HOSTILE_TITLE, drive, require_browser, tricky_library

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
NSL_ZH = "國家安全法"


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_browser()
    # A name with spaces and Chinese: the file works however it is renamed.
    out = tmp_path_factory.mktemp("moved") / "六四 edition (copy).html"
    build_html(Library.load(ARCHIVE), out)
    return out


def _shots(tmp_path: Path) -> Path:
    folder = os.environ.get("EDITION_SCREENSHOTS")
    return Path(folder) if folder else tmp_path


def _walk(url: str, viewport: dict[str, int], **extra: Any) -> dict[str, Any]:
    return {
        "kind": "walkthrough",
        "url": url,
        "viewport": viewport,
        "en": "2021-en-2",
        "zh": "2021-zh-1",
        "zhQuery": "国家安全法",
        "enQuery": '"National Security Law"',
        **extra,
    }


def _check_walk(seen: dict[str, Any]) -> None:
    assert seen["errors"] == [] and seen["dialogs"] == []
    assert seen["outside"] == [], seen["requests"]
    assert "default-src 'none'" in seen["csp"]
    assert seen["searchType"] == "search"
    assert {
        "id": "2021-en-2",
        "year": "2021",
        "lang": "en",
        "paragraph": "2",
        "version": None,
    } in seen["paragraphs"]
    assert seen["viewEn"] == {"en": True, "zh": False}
    assert seen["viewZh"] == {"en": False, "zh": True}
    assert seen["viewSbs"] == {"en": True, "zh": True}
    # Simplified and Hong Kong Traditional are converted and labelled; original is stored text.
    statement = next(iter(Library.load(ARCHIVE)))
    assert seen["original"] == statement.zh[0]
    assert "国家安全法" in seen["simplified"] and NSL_ZH not in seen["simplified"]
    assert seen["banner"]["hidden"] is False and "OpenCC" in seen["banner"]["text"]
    assert seen["bannerOriginal"] is True
    assert NSL_ZH in seen["hk"]
    # A Simplified query finds the Traditional paragraph, the match marked; a click opens it
    # beside its translation (English ¶2 is aligned with Chinese ¶1).
    hits = seen["searchSimplified"]
    assert [(h["year"], h["lang"], h["paragraph"]) for h in hits] == [("2021", "zh", "1")]
    assert hits[0]["marks"] == [NSL_ZH]
    assert {p["id"] for p in seen["opened"]} == {"2021-zh-1", "2021-en-2"}
    assert seen["hash"] == "#2021-zh-1"
    phrase = seen["searchPhrase"]
    assert [(h["lang"], h["paragraph"]) for h in phrase] == [("en", "2")]
    assert phrase[0]["marks"] == ["National Security Law"]
    assert [(h["lang"], h["paragraph"]) for h in seen["searchWordForm"]] == [("en", "2")]
    assert seen["searchWordForm"][0]["marks"][0].lower() == "vigil"
    assert seen["escapeHides"] is True and seen["ctrlK"] == "q"
    # Copy adds the app's citation.
    assert seen["copied"].endswith("\n— Coalition statement, June Fourth 2021, ¶2")
    assert seen["copied"].startswith("The largest June Fourth")
    assert seen["uiHant"] != seen["uiHans"] != "Side by side"
    assert seen["print"]["bar"] is False and seen["print"]["years"] is False
    assert seen["print"]["statement"] is True
    assert seen["print"]["background"] == "rgb(255, 255, 255)"
    assert seen["darkBackground"] != seen["lightBackground"]


def test_phone_and_desktop_from_disk(edition: Path, tmp_path: Path) -> None:
    shots = _shots(tmp_path)
    url = edition.as_uri()
    phone, desktop = drive(
        [
            _walk(url, PHONE, mobile=True, screenshot=str(shots / "edition-phone.png")),
            _walk(
                url,
                DESKTOP,
                screenshot=str(shots / "edition-desktop.png"),
                screenshotScript="simplified",
                screenshotSearch=str(shots / "edition-search.png"),
            ),
        ],
        tmp_path,
    )
    _check_walk(phone)
    _check_walk(desktop)
    # Side by side on a desktop; stacked on a phone.
    assert desktop["sbsColumns"]["sameLine"] is True
    assert phone["sbsColumns"]["sameLine"] is False
    for name in ("edition-phone.png", "edition-desktop.png", "edition-search.png"):
        assert (shots / name).stat().st_size > 10_000


SAMPLES = [
    "國家安全法",
    "国家安全法",
    "香港曾經是每年六四燭光紀念集會規模最大的城市",
    "顛覆罪 吳敏兒 余慧明",
    "Tiananmen 天安門 MOTHERS ÉCOLE ＡＢＣ",
    "臺灣 台灣 裏 里 乾 干",
    "",
]
WORDS = [
    "vigils", "vigil", "commemorations", "commemorated", "generously", "relational",
    "conditional", "hopefulness", "yelling", "sky", "agreed", "feed", "hoping", "fizzed",
    "massacres", "ccc", "Yesterday", "uyghurs", "universities", "sensational", "hopping",
    "ability", "controlling", "rolled", "adoption", "Kong", "political", "activists",
]  # fmt: skip


def test_page_folding_and_word_forms_agree_with_the_core(edition: Path, tmp_path: Path) -> None:
    from whoosh.lang.porter import stem

    statement = next(iter(Library.load(ARCHIVE)))
    samples = [*SAMPLES, *statement.zh, statement.title]
    words = WORDS + sorted({w for p in statement.en for w in p.lower().split() if w.isalpha()})
    (seen,) = drive(
        [
            {
                "kind": "probe",
                "url": edition.as_uri() + "#2021-zh-1",
                "fold": samples,
                "stem": words,
                "locale": "zh-HK",
                "colorScheme": "dark",
                "screenshot": str(_shots(tmp_path) / "edition-dark.png"),
            }
        ],
        tmp_path,
    )
    # The interface follows the browser's language: Hong Kong Chinese reads 繁體中文.
    assert (seen["htmlLang"], seen["uiSelect"], seen["sbs"]) == ("zh-Hant", "zh_Hant", "中英對照")
    assert seen["errors"] == [] and seen["outside"] == []
    # Every sample the archive can match: the page folds as the core does.
    for sample, folded in zip(samples, seen["fold"], strict=True):
        assert folded == normalise_for_search(sample).lower(), sample
    # A word the archive uses gets the index's own stem (Snowball, from the build-time table);
    # any other word the page's Porter fallback, as Whoosh's Porter stems it.
    from archive_app.core.editions.content import stem_table

    table = stem_table(list(statement.en))
    for word, stemmed in zip(words, seen["stem"], strict=True):
        assert stemmed == table.get(word, stem(word)), word


def test_hostile_text_stays_text_in_the_browser(tmp_path: Path) -> None:
    require_browser()
    out = tmp_path / "hostile.html"
    build_html(tricky_library(tmp_path), out)
    (seen,) = drive(
        [
            {
                "kind": "hostile",
                "url": out.as_uri(),
                "query": "國家安全法",
                "open": ["2021.v2.local-zh-2", "2021.v2.local-en-8"],
            }
        ],
        tmp_path,
    )
    assert seen["dialogs"] == [] and seen["errors"] == []
    assert seen["outside"] == []
    assert seen["injected"] == 0 and seen["injectedAfter"] == 0 and seen["resultMarkup"] == 0
    assert seen["scripts"] == 2  # the data block and the page's own script
    assert HOSTILE_TITLE in seen["titles"] and HOSTILE_TITLE in seen["navTitles"]
    assert "added locally, not signed" in seen["localNotes"]
    hits = {(h["version"], h["lang"], h["paragraph"]) for h in seen["search"]}
    assert {("1", "zh", "1"), ("2", "zh", "1"), ("2", "zh", "2")} <= hits
