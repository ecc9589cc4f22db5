"""Conversion golden files: the 2021 Chinese paragraph in every mode, names intact."""

from __future__ import annotations

import pytest

from archive_app.core.convert import (
    MODES,
    convert,
    detect_script,
    is_converted,
    normalise_for_search,
)
from archive_app.core.errors import ConversionError
from archive_app.core.record import load_statement
from tests.conftest import ARCHIVE, DATA

PARAGRAPH = load_statement(ARCHIVE / "data" / "statements" / "2021.json").zh[0]


@pytest.mark.parametrize("mode", MODES)
def test_golden_conversion(mode: str) -> None:
    expected = (DATA / "convert" / f"2021-zh1.{mode}.txt").read_text(encoding="utf-8")
    assert convert(PARAGRAPH, "traditional", mode) + "\n" == expected


@pytest.mark.parametrize("mode", ["original", "traditional-tw", "traditional-hk"])
def test_names_survive_traditional_modes(mode: str) -> None:
    out = convert(PARAGRAPH, "traditional", mode)
    assert "余慧明" in out and "吳敏兒" in out
    assert "餘慧明" not in out


def test_simplified_mode() -> None:
    out = convert(PARAGRAPH, "traditional", "simplified")
    assert "《国家安全法》" in out and "吴敏儿和余慧明" in out
    assert len(out) == len(PARAGRAPH)


def test_never_round_trips_through_the_other_script() -> None:
    # The lossy path the module exists to avoid: s2t(t2s(...)) turns 余 into 餘.
    # Here that means a Traditional source reaches Traditional modes with t2tw/t2hk directly.
    assert convert("吳敏兒和余慧明", "traditional", "traditional-tw") == "吳敏兒和余慧明"
    assert convert("吳敏兒和余慧明", "traditional", "traditional-hk") == "吳敏兒和余慧明"


def test_original_is_the_stored_text_and_is_not_labelled() -> None:
    assert convert(PARAGRAPH, "traditional", "original") is PARAGRAPH
    assert not is_converted("traditional", "original")
    assert is_converted("traditional", "simplified")
    assert not is_converted("simplified", "simplified")


def test_simplified_source_converts_with_s2t_family() -> None:
    assert convert("国家安全法", "simplified", "traditional-tw") == "國家安全法"
    assert convert("国家安全法", "simplified", "simplified") == "国家安全法"


def test_unknown_mode_is_a_clear_error() -> None:
    with pytest.raises(ConversionError, match="traditional-tw"):
        convert("字", "traditional", "klingon")


def test_detect_script_and_normalise() -> None:
    assert detect_script(PARAGRAPH) == "traditional"
    assert detect_script(convert(PARAGRAPH, "traditional", "simplified")) == "simplified"
    assert normalise_for_search("國家安全法") == normalise_for_search("国家安全法") == "国家安全法"


def test_the_quick_han_checks_are_exact() -> None:
    """normalise_for_search sends text to OpenCC when any character is from U+3400 up, not only
    when it holds Chinese: exact only because the chain (hk2t, tw2t, t2s) changes no character
    that is not Chinese. Checked here for every non-Chinese character from U+2000 to U+FFFF
    and some beyond; has_han and is_han agree with the ranges as a regular expression."""
    import re

    from archive_app.core.convert import (
        _OPENCC_CHAIN,
        HAN_RANGES,
        _opencc_keeping_length,
        has_han,
        is_han,
    )

    han = re.compile(f"[{HAN_RANGES}]")
    others = [
        chr(code)
        for code in [*range(0x2000, 0xD800), *range(0xE000, 0x10000), 0x1F600, 0x1F1ED, 0x30000]
        if not han.match(chr(code))
    ]
    text = "".join(others)
    out = text
    for config in _OPENCC_CHAIN:
        out = _opencc_keeping_length(config, out)
    assert out == text and len(others) > 25_000
    assert normalise_for_search("「Ｈｏｎｇ　Ｋｏｎｇ」") == "「hong kong」"
    for code in [0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4E00, 0x9FFF, 0xA000, 0xF900, 0xFAFF, 0xFB00,
                 0x1FFFF, 0x20000, 0x2FA1F, 0x2FA20]:  # fmt: skip
        char = chr(code)
        assert is_han(char) == bool(han.match(char)) == has_han(f"abc{char}’"), hex(code)
    assert not has_han("") and not has_han("Hong Kong’s “vigil”") and has_han("Ding Zilin (丁子霖)")
