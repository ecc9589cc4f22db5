"""Captured page text or a saved web page → :class:`Statement`, with the site chrome stripped.

The importer reads structure, never rewrites words: each paragraph is the source's line to the
letter (spaces, punctuation and character width as captured). What it cannot place — a page with
no title, no English text, no way to know the year — is an :class:`ImportFailure` naming the file
and line, and nothing is written.

Two inputs give the same statement text:

* captured page text (what a browser's "select all, copy" or a text capture gives), one block per
  line, blank lines between blocks;
* a saved web page (``.html``/``.htm``), whose ``<head>``, navigation, scripts, forms, footer and
  images are dropped and whose block elements become the same lines.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive_app.core.convert import detect_script
from archive_app.core.errors import ArchiveAppError, ImportFailure
from archive_app.core.record.alignment import PairReason, Proposal, propose_alignment
from archive_app.core.record.archive import (
    Alignment,
    Statement,
    check_statement_limits,
    implausible_year,
    statement_from_dict,
)
from archive_app.core.record.htmltext import Ignored, Line, page_lines
from archive_app.core.record.mhtml import read_mhtml
from archive_app.core.safefile import FileRefused, read_regular

__all__ = ["IMPORTER_VERSION", "ImportResult", "import_file", "parse_source"]

IMPORTER_VERSION = "2"
# The importer's name as recorded in provenance: a stable identifier, not a module path (the
# module moved to core/record/ without changing what it produces).
IMPORTER_NAME = "archive_app.core.importer"
EPOCH_YEAR = 1989

# Lines the publishing site puts around every post. They are dropped wherever they appear; the
# statement itself never consists of one of these lines alone.
_CHROME_LINES = frozenset(
    {
        "skip to main content",
        "log in",
        "log out",
        "menu",
        "search",
        "share",
        "amnesty international uk",
        "in chinese",
        "中文",
        "中文版",
    }
)
# A footer begins at the first of these; everything from there on is site chrome.
_FOOTER_STARTS = (
    re.compile(r"^about amnesty uk blogs\b", re.IGNORECASE),
    re.compile(r"^our blogs are written by\b", re.IGNORECASE),
    re.compile(r"^view latest posts\b", re.IGNORECASE),
)
MAX_SOURCE_BYTES = 32 * 1024 * 1024  # a saved web page, scripts and styles included
_CHINESE_SECTION = re.compile(r"^(in\s+chinese|中文(版)?|chinese\s+(version|translation))$", re.I)
_TITLE = re.compile(r"statement|聲明|声明", re.IGNORECASE)
_EN_ANNIVERSARY = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+anniversary\b", re.IGNORECASE)
_ZH_ANNIVERSARY = re.compile(r"六四\s*(\d{1,3})\s*[週周]年")
_SENTENCE_END = re.compile(r"[.!?。！？…:;”’\"')）]$")
_SHORT_LINE = 100


@dataclass(frozen=True)
class ImportResult:
    """A parsed statement and the exact source bytes it came from (stored beside it)."""

    statement: Statement
    source_name: str
    source_bytes: bytes
    # What the page held that is not in the statement, by name ("2 hidden paragraphs").
    ignored: tuple[Ignored, ...] = ()
    # Why each proposed pair of the statement's alignment was proposed, in plain words.
    reasons: tuple[PairReason, ...] = ()

    def ignored_text(self) -> str:
        return "; ".join(i.describe() for i in self.ignored)


# Every letter whose East Asian Width is W or F lies in these ranges (the gaps between them hold
# no letters), so "a letter in these ranges" is "a wide letter"; a test checks it against
# unicodedata for every code point. Counting with C loops keeps a 20 MB page in seconds.
_WIDE_RANGES = re.compile(
    "[\u1100-\u115f\u3005-\ua48c\ua960-\ua97c\uac00-\ud7a3\uf900-\ufad9\uff21-\uff5a"
    "\U00016fe0-\U0001b2fb\U00020000-\U0003fffd]"
)


def _is_wide_letter(char: str) -> bool:
    """The definition the fast count follows: a letter of East Asian Width W or F."""
    return char.isalpha() and unicodedata.east_asian_width(char) in ("W", "F")


def _cjk_ratio(text: str) -> float:
    letters = sum(map(str.isalpha, text))
    if not letters:
        return 0.0
    cjk = sum(map(str.isalpha, _WIDE_RANGES.findall(text)))
    return cjk / letters


def _is_chinese(text: str) -> bool:
    return _cjk_ratio(text) > 0.5


def _is_chrome(text: str) -> bool:
    return " ".join(text.split()).casefold() in _CHROME_LINES


def _is_footer(text: str) -> bool:
    return any(p.search(text.strip()) for p in _FOOTER_STARTS)


def text_lines(text: str) -> list[Line]:
    """Captured page text: every non-blank line is one block, kept to the letter."""
    return [
        Line(number, line.rstrip("\r"))
        for number, line in enumerate(text.split("\n"), 1)
        if line.strip()
    ]


def html_lines(text: str) -> list[Line]:
    """A saved page's lines (see :mod:`archive_app.core.record.htmltext`)."""
    return page_lines(text).lines


def _anniversary_year(
    lines: Iterable[Line], pattern: re.Pattern[str]
) -> tuple[int, str, int] | None:
    for line in lines:
        match = pattern.search(line.text)
        if match:
            return EPOCH_YEAR + int(match.group(1)), match.group(0), line.number
    return None


def _derive_year(
    title: Line, en: list[Line], zh: list[Line], path: Path, given: int | None
) -> tuple[int, dict[str, Any]]:
    found = [
        hit
        for hit in (
            _anniversary_year([title, *en], _EN_ANNIVERSARY),
            _anniversary_year([title, *zh], _ZH_ANNIVERSARY),
        )
        if hit is not None
    ]
    years = {year for year, _, _ in found}
    if len(years) > 1:
        detail = "; ".join(f"line {n}: {ev!r} → {y}" for y, ev, n in found)
        raise ImportFailure(f"the text names different anniversaries ({detail})", path, found[0][2])
    if given is not None:
        if years and given not in years:
            raise ImportFailure(
                f"--year {given} contradicts the text ({found[0][1]!r} → {found[0][0]})",
                path,
                found[0][2],
            )
        return given, {"method": "given by the curator", "evidence": [], "rule": None}
    if not found:
        raise ImportFailure(
            "cannot tell the year: the text names no anniversary ('32nd anniversary', "
            "'六四32週年'); give it with --year if you know it",
            path,
            title.number,
        )
    year = found[0][0]
    return year, {
        "method": "derived from the anniversary named in the text",
        "evidence": [evidence for _, evidence, _ in found],
        "rule": f"{EPOCH_YEAR} + {year - EPOCH_YEAR}",
    }


def _propose_alignment(en: list[str], zh: list[str]) -> tuple[Alignment, Proposal]:
    """The importer's proposal (see :mod:`archive_app.core.record.alignment`), as a judgement."""
    proposal = propose_alignment(en, zh)
    note = (
        "The source does not say which English paragraph each Chinese paragraph translates; "
        "this pairing is an editorial judgement, not part of the source. " + proposal.summary()
    )
    alignment = Alignment(
        proposal.pairs,
        kind="editorial judgement",
        by=f"proposed by the archive_app importer v{IMPORTER_VERSION} ({proposal.method})",
        note=note,
    )
    return alignment, proposal


def parse_source(
    lines: list[Line],
    *,
    path: Path,
    source: dict[str, Any],
    year: int | None = None,
) -> Statement:
    """Place each line: chrome, title, English paragraph, signature line, or Chinese."""
    body = [line for line in lines if not _is_chrome(line.text)]
    footer_at = next((i for i, line in enumerate(body) if _is_footer(line.text)), len(body))
    body = body[:footer_at]
    title_at = next((i for i, line in enumerate(body) if _TITLE.search(line.text)), None)
    if title_at is None:
        first = lines[0].number if lines else 1
        raise ImportFailure(
            "no title line found (a line naming the statement, such as 'Coalition Statement "
            "on June Fourth'); is this a statement page?",
            path,
            first,
        )
    title = body[title_at]
    en: list[Line] = []
    zh: list[Line] = []
    # The signature block: the short lines after the paragraphs, every one kept in source order.
    # No wording decides that a line is a sign-off rather than a signer ("Remember June Fourth"
    # is the name of a signing group); that is a curator's judgement (Statement.sign_offs).
    signatories: list[Line] = []
    in_chinese = False
    for line in body[title_at + 1 :]:
        text = line.text
        if _CHINESE_SECTION.match(" ".join(text.split())):
            in_chinese = True
            continue
        if _is_chinese(text):
            in_chinese = True
            zh.append(line)
            continue
        if in_chinese:
            raise ImportFailure(
                "English text inside the Chinese section; the importer cannot tell where it "
                "belongs",
                path,
                line.number,
            )
        is_short = len(text) < _SHORT_LINE and not _SENTENCE_END.search(text.rstrip())
        if is_short and en:
            signatories.append(line)
            continue
        if signatories:
            raise ImportFailure(
                "a paragraph after the signatory list; the importer cannot tell whether it is "
                "part of the statement",
                path,
                line.number,
            )
        en.append(line)
    if not en:
        raise ImportFailure("no English paragraphs after the title", path, title.number)
    year_value, year_basis = _derive_year(title, en, zh, path, year)
    zh_texts = [line.text for line in zh]
    return Statement(
        year=year_value,
        year_basis=year_basis,
        title=title.text,
        en=tuple(line.text for line in en),
        zh=tuple(zh_texts),
        zh_script=detect_script("".join(zh_texts) or title.text),
        signatories=tuple(line.text for line in signatories),
        alignment=_propose_alignment([line.text for line in en], zh_texts)[0],
        source=source,
        importer={"name": IMPORTER_NAME, "version": IMPORTER_VERSION},
    )


_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_MHTML_SUFFIXES = (".mhtml", ".mht")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)


def _decode(raw: bytes, path: Path, *, html: bool = False) -> str:
    """UTF-8 text, or for a web page the charset its ``<meta>`` declares (Big5, GB18030…)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _META_CHARSET.search(raw[:4096]) if html else None
        if declared is None:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise ImportFailure("the file is not UTF-8 text", path, line) from None
        charset = declared.group(1).decode("ascii")
        try:
            codecs.lookup(charset)
            text = raw.decode(charset)
        except LookupError:
            raise ImportFailure(
                f"the page declares an unknown charset {charset!r}", path, 1
            ) from None
        except UnicodeDecodeError as inner:
            line = raw.count(b"\n", 0, inner.start) + 1
            raise ImportFailure(
                f"the file is not {charset} text as it declares", path, line
            ) from None
    return text.removeprefix("\ufeff")


def _checked(statement: Statement, path: Path, lines: list[Line]) -> Statement:
    """Every check a stored statement must pass, run before anything is written."""
    problem = implausible_year(statement.year)
    if problem:
        evidence = statement.year_basis.get("evidence") or []
        line = next(
            (ln.number for ln in lines if any(str(e) in ln.text for e in evidence)),
            lines[0].number if lines else 1,
        )
        raise ImportFailure(f"{problem}; nothing was written", path, line)
    try:
        statement_from_dict(statement.to_dict())
    except ArchiveAppError as exc:
        raise ImportFailure(f"the statement read would not be valid: {exc}", path) from None
    return statement


def import_file(path: Path, *, year: int | None = None) -> ImportResult:
    """Read one captured text, saved page or MHTML file; :class:`ImportFailure` if it cannot."""
    path = Path(path)
    try:
        raw = read_regular(path, MAX_SOURCE_BYTES)  # a regular file, size checked first
    except FileRefused as exc:
        raise ImportFailure(exc.message, path) from None
    except OSError as exc:
        raise ImportFailure(f"cannot read the file: {exc.strerror}", path) from None
    suffix = path.suffix.lower()
    url: str | None = None
    ignored: list[Ignored] = []
    if suffix in _MHTML_SUFFIXES:
        page = read_mhtml(raw, path)
        url = page.url
        read = page_lines(page.html)
        lines, ignored = read.lines, list(read.ignored)
        if page.other_parts:
            ignored.append(Ignored("mhtml part", page.other_parts, 1))
        kind = "saved web page (MHTML)"
    elif suffix in _HTML_SUFFIXES:
        read = page_lines(_decode(raw, path, html=True))
        lines, ignored = read.lines, list(read.ignored)
        kind = "saved web page"
    else:
        lines = text_lines(_decode(raw, path))
        kind = "captured page text"
    source = {
        "file": f"data/sources/{path.name}",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "kind": kind,
        "url": url,
        "published": None,
    }
    statement = parse_source(lines, path=path, source=source, year=year)
    reasons = _propose_alignment(list(statement.en), list(statement.zh))[1].reasons
    checked = _checked(statement, path, lines)
    problem = check_statement_limits(checked)  # refused before anything is written
    if problem:
        raise ImportFailure(problem, path)
    return ImportResult(checked, path.name, raw, tuple(ignored), reasons)
