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

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from archive_app.core.convert import detect_script
from archive_app.core.errors import ImportFailure
from archive_app.core.record.archive import Alignment, Statement, check_statement_limits
from archive_app.core.safefile import FileRefused, read_regular

__all__ = ["IMPORTER_VERSION", "ImportResult", "import_file", "parse_source"]

IMPORTER_VERSION = "1"
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
# A short sign-off line before the signatories ("Remember June Fourth"): a slogan, not a signer.
_CLOSING = re.compile(r"^(remember|never forget|毋忘|勿忘|銘記|铭记)\b", re.IGNORECASE)
_EN_ANNIVERSARY = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+anniversary\b", re.IGNORECASE)
_ZH_ANNIVERSARY = re.compile(r"六四\s*(\d{1,3})\s*[週周]年")
_NUMBER = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.!?。！？…:;”’\"')）]$")
_SHORT_LINE = 100


@dataclass(frozen=True)
class Line:
    number: int
    text: str


@dataclass(frozen=True)
class ImportResult:
    """A parsed statement and the exact source bytes it came from (stored beside it)."""

    statement: Statement
    source_name: str
    source_bytes: bytes


def _cjk_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    cjk = sum(1 for c in letters if unicodedata.east_asian_width(c) in ("W", "F"))
    return cjk / len(letters)


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


class _PageText(HTMLParser):
    """Turns a saved page into the lines a reader sees, the way a browser lays out blocks."""

    SKIP = frozenset(
        {
            "head", "script", "style", "noscript", "template", "nav", "header", "footer",
            "form", "button", "iframe", "svg", "select", "aside", "object", "canvas",
        }
    )  # fmt: skip
    BLOCK = frozenset(
        {
            "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
            "li", "ul", "ol", "blockquote", "br", "tr", "table", "figure", "figcaption", "hr",
            "dl", "dt", "dd", "pre", "body", "html",
        }
    )  # fmt: skip
    VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self._buffer: list[str] = []
        self._start_line = 1
        self._skip_depth = 0
        self._skip_stack: list[str] = []

    def _flush(self) -> None:
        text = re.sub(r"[ \t\n\r\f]+", " ", "".join(self._buffer)).strip(" ")
        if text.strip():
            self.lines.append(Line(self._start_line, text))
        self._buffer = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hidden = any(k == "hidden" or (k == "aria-hidden" and v == "true") for k, v in attrs)
        if self._skip_stack or tag in self.SKIP or (hidden and tag not in self.VOID):
            if tag not in self.VOID:
                self._skip_stack.append(tag)
            return
        if tag in self.BLOCK:
            self._flush()
            self._start_line = self.getpos()[0]

    def handle_endtag(self, tag: str) -> None:
        if self._skip_stack:
            if tag in self._skip_stack:
                while self._skip_stack and self._skip_stack.pop() != tag:
                    pass
            return
        if tag in self.BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip_stack:
            return
        if not self._buffer or not "".join(self._buffer).strip():
            self._start_line = self.getpos()[0]
        self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_lines(text: str) -> list[Line]:
    parser = _PageText()
    parser.feed(text)
    parser.close()
    return parser.lines


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


def _propose_alignment(en: list[str], zh: list[str]) -> Alignment:
    """Pair each Chinese paragraph with the English one sharing the most numbers.

    Numbers (years, counts, sentences) survive translation unchanged, which makes them the one
    signal a machine can trust here; a paragraph with no shared number stays unpaired.
    """
    pairs: list[tuple[int, int]] = []
    evidence: list[str] = []
    en_numbers = [set(_NUMBER.findall(p)) for p in en]
    for zh_no, paragraph in enumerate(zh, 1):
        numbers = set(_NUMBER.findall(paragraph))
        scores = [(len(numbers & nums), -i) for i, nums in enumerate(en_numbers)]
        best_score, best_neg_index = max(scores) if scores else (0, 0)
        taken = {en_no for en_no, _ in pairs}
        en_no = -best_neg_index + 1
        if best_score and en_no not in taken:
            pairs.append((en_no, zh_no))
            shared = sorted(numbers & en_numbers[en_no - 1], key=int)
            evidence.append(
                f"Chinese ¶{zh_no} ↔ English ¶{en_no} (shared numbers: {', '.join(shared)})"
            )
    note = (
        "The source does not say which English paragraph each Chinese paragraph translates; "
        "this pairing is an editorial judgement, not part of the source. "
        + ("; ".join(evidence) if evidence else "No pairing could be proposed.")
    )
    return Alignment(
        tuple(pairs),
        kind="editorial judgement",
        by=f"proposed by the archive_app importer v{IMPORTER_VERSION} from shared numbers",
        note=note,
    )


def parse_source(
    lines: list[Line],
    *,
    path: Path,
    source: dict[str, Any],
    year: int | None = None,
) -> Statement:
    """Place each line: chrome, title, English paragraph, closing, signatory, or Chinese."""
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
    signatories: list[Line] = []
    closing: Line | None = None
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
            if closing is None and not signatories and _CLOSING.match(text.strip()):
                closing = line
            else:
                signatories.append(line)
            continue
        if signatories or closing:
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
        closing=closing.text if closing else None,
        signatories=tuple(line.text for line in signatories),
        alignment=_propose_alignment([line.text for line in en], zh_texts),
        source=source,
        importer={"name": IMPORTER_NAME, "version": IMPORTER_VERSION},
    )


def _decode(raw: bytes, path: Path) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ImportFailure("the file is not UTF-8 text", path, line) from None
    return text.removeprefix("\ufeff")


def import_file(path: Path, *, year: int | None = None) -> ImportResult:
    """Read one captured text or saved page; raise :class:`ImportFailure` if it cannot."""
    path = Path(path)
    try:
        raw = read_regular(path, MAX_SOURCE_BYTES)  # a regular file, size checked first
    except FileRefused as exc:
        raise ImportFailure(exc.message, path) from None
    except OSError as exc:
        raise ImportFailure(f"cannot read the file: {exc.strerror}", path) from None
    text = _decode(raw, path)
    is_html = path.suffix.lower() in (".html", ".htm")
    try:
        lines = html_lines(text) if is_html else text_lines(text)
    except AssertionError as exc:  # html.parser asserts on some broken markup ("<![OCTYPE")
        raise ImportFailure(f"the page's markup cannot be read: {str(exc)[:80]!a}", path) from None
    source = {
        "file": f"data/sources/{path.name}",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "kind": "saved web page" if is_html else "captured page text",
        "url": None,
        "published": None,
    }
    statement = parse_source(lines, path=path, source=source, year=year)
    problem = check_statement_limits(statement)  # refused before anything is written
    if problem:
        raise ImportFailure(problem, path)
    return ImportResult(statement, path.name, raw)
