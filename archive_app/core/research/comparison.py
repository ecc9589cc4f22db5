"""Compare two statements: which paragraphs correspond, how similar they are, shared phrases.

Each paragraph of ``a`` is paired with its best match in ``b`` (difflib ``SequenceMatcher`` ratio
on words for English, characters for Chinese), greedily, best pairs first, each paragraph used
once; pairs under :data:`MIN_RATIO` are not pairs: the paragraph shows as removed (only in ``a``)
or added (only in ``b``). Shared phrases are common runs of at least 4 words (English) or 6
characters (Chinese) found anywhere in the two texts, with their spans in each paragraph so a
view can mark them. The overall similarity is the pairs' ratios weighted by paragraph length, so
the order of the paragraphs does not count (a reordering of the same paragraphs is 100%).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from archive_app.core.convert import fold_for_search, normalise_for_search
from archive_app.core.errors import ArchiveError, QueryError
from archive_app.core.record import Archive, Statement, StatementKey
from archive_app.core.search import merge_spans

__all__ = [
    "MIN_CHARS",
    "MIN_RATIO",
    "MIN_WORDS",
    "Comparison",
    "ParagraphPair",
    "SharedPhrase",
    "compare",
    "compare_years",
]

MIN_RATIO = 0.3
MIN_WORDS = 4  # shared English phrases: at least this many words
MIN_CHARS = 6  # shared Chinese phrases: at least this many characters


@dataclass(frozen=True)
class SharedPhrase:
    """One phrase both statements use; spans are character offsets in the paragraph texts."""

    text: str
    a_paragraph: int
    a_span: tuple[int, int]
    b_paragraph: int
    b_span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "a_paragraph": self.a_paragraph,
            "a_span": list(self.a_span),
            "b_paragraph": self.b_paragraph,
            "b_span": list(self.b_span),
        }


@dataclass(frozen=True)
class ParagraphPair:
    """A paragraph of ``a`` and its match in ``b``; one side is None when added/removed.

    ``status``: "same" (identical), "changed", "removed" (only in a), "added" (only in b).
    ``a_spans`` / ``b_spans``: shared-phrase spans inside this pair's texts.
    """

    a: int | None
    b: int | None
    a_text: str | None
    b_text: str | None
    ratio: float
    status: str
    a_spans: tuple[tuple[int, int], ...]
    b_spans: tuple[tuple[int, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "status": self.status,
            "ratio": round(self.ratio, 4),
            "a_text": self.a_text,
            "b_text": self.b_text,
            "a_spans": [list(x) for x in self.a_spans],
            "b_spans": [list(x) for x in self.b_spans],
        }


@dataclass(frozen=True)
class Comparison:
    year_a: int
    year_b: int
    lang: str
    pairs: tuple[ParagraphPair, ...]  # in reading order of a, added paragraphs where they fall in b
    shared: tuple[SharedPhrase, ...]
    similarity: float  # paired paragraphs' ratios weighted by length (see compare())
    key_a: StatementKey  # which texts were compared: (year, version, origin) of each side
    key_b: StatementKey

    def to_dict(self) -> dict[str, Any]:
        return {
            "year_a": self.year_a,
            "year_b": self.year_b,
            "a": self.key_a.to_dict(),
            "b": self.key_b.to_dict(),
            "lang": self.lang,
            "similarity": round(self.similarity, 4),
            "pairs": [p.to_dict() for p in self.pairs],
            "shared": [s.to_dict() for s in self.shared],
        }


_EN_TOKEN = re.compile(r"\w+(?:['’.-]\w+)*")
_ZH_SKIP = re.compile(r"\s")


def _units(text: str, lang: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Comparison units with their spans: words (English) or non-space characters (Chinese).

    Both go through search's one folding (:func:`fold_for_search`), so a Traditional and a
    Simplified year, or a Hong Kong variant and its standard form, still meet; spans always
    index the stored text.
    """
    if lang == "en":
        plain = normalise_for_search(text)  # same length: spans index the stored text
        found = list(_EN_TOKEN.finditer(plain))
        return [m.group(0) for m in found], [m.span() for m in found]
    folded = fold_for_search(text)
    units: list[str] = []
    spans: list[tuple[int, int]] = []
    for i, char in enumerate(folded.text):
        if not _ZH_SKIP.match(char):
            units.append(char)
            spans.append(folded.span(i, i + 1))
    return units, spans


def _ratio(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _shared_runs(a: list[str], b: list[str], minimum: int) -> list[tuple[int, int, int]]:
    """(start in a, start in b, length) of every common run of at least ``minimum`` units."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [(m.a, m.b, m.size) for m in matcher.get_matching_blocks() if m.size >= minimum]


def compare(
    a: Statement,
    b: Statement,
    lang: str = "en",
    *,
    key_a: StatementKey | None = None,
    key_b: StatementKey | None = None,
) -> Comparison:
    """Pair the paragraphs of ``a`` and ``b`` in ``lang`` and find their shared phrases.

    ``key_a`` and ``key_b`` name the two texts (default: the signed first text of each year).
    """
    if lang not in ("en", "zh"):
        raise QueryError(f"unknown language {lang!r}; use 'en' or 'zh'")
    minimum = MIN_WORDS if lang == "en" else MIN_CHARS
    texts_a, texts_b = a.paragraphs(lang), b.paragraphs(lang)
    units_a = [_units(t, lang) for t in texts_a]
    units_b = [_units(t, lang) for t in texts_b]
    scored = sorted(
        (
            (_ratio(ua[0], ub[0]), i, j)
            for i, ua in enumerate(units_a)
            for j, ub in enumerate(units_b)
        ),
        key=lambda r: (-r[0], r[1], r[2]),
    )
    partner_a: dict[int, tuple[int, float]] = {}
    used_b: set[int] = set()
    for ratio, i, j in scored:
        if ratio < MIN_RATIO:
            break
        if i in partner_a or j in used_b:
            continue
        partner_a[i] = (j, ratio)
        used_b.add(j)

    shared: list[SharedPhrase] = []
    spans_a: dict[int, list[tuple[int, int]]] = {i: [] for i in range(len(texts_a))}
    spans_b: dict[int, list[tuple[int, int]]] = {j: [] for j in range(len(texts_b))}
    for i, (words_a, offsets_a) in enumerate(units_a):
        for j, (words_b, offsets_b) in enumerate(units_b):
            for start_a, start_b, size in _shared_runs(words_a, words_b, minimum):
                span_a = (offsets_a[start_a][0], offsets_a[start_a + size - 1][1])
                span_b = (offsets_b[start_b][0], offsets_b[start_b + size - 1][1])
                shared.append(
                    SharedPhrase(texts_a[i][span_a[0] : span_a[1]], i + 1, span_a, j + 1, span_b)
                )
                spans_a[i].append(span_a)
                spans_b[j].append(span_b)

    def pair(i: int | None, j: int | None, ratio: float) -> ParagraphPair:
        text_a = texts_a[i] if i is not None else None
        text_b = texts_b[j] if j is not None else None
        if i is not None and j is not None:
            status = "same" if text_a == text_b else "changed"
        else:
            status = "removed" if j is None else "added"
        return ParagraphPair(
            a=None if i is None else i + 1,
            b=None if j is None else j + 1,
            a_text=text_a,
            b_text=text_b,
            ratio=ratio,
            status=status,
            a_spans=tuple(merge_spans(spans_a[i])) if i is not None else (),
            b_spans=tuple(merge_spans(spans_b[j])) if j is not None else (),
        )

    # Reading order of a; a paragraph only in b goes after the paired paragraph before it.
    pairs: list[ParagraphPair] = []
    b_to_a = {j: i for i, (j, _) in partner_a.items()}
    placed_b: set[int] = set()

    def flush_added(up_to: int) -> None:
        for j in range(len(texts_b)):
            if j <= up_to and j not in b_to_a and j not in placed_b:
                placed_b.add(j)
                pairs.append(pair(None, j, 0.0))

    for i in range(len(texts_a)):
        if i in partner_a:
            j, ratio = partner_a[i]
            flush_added(j - 1)
            pairs.append(pair(i, j, ratio))
        else:
            pairs.append(pair(i, None, 0.0))
    flush_added(len(texts_b))

    # Overall similarity: the paired paragraphs' ratios weighted by their length (units), over
    # the length of both texts; a paragraph without a partner counts as 0. So a statement that
    # only reorders another's paragraphs scores 100%, where one ratio over the two texts run
    # together would punish the order (it scored 24% for a reordering).
    sizes_a = [len(units) for units, _ in units_a]
    sizes_b = [len(units) for units, _ in units_b]
    total = sum(sizes_a) + sum(sizes_b)
    paired = sum(ratio * (sizes_a[i] + sizes_b[j]) for i, (j, ratio) in partner_a.items())
    whole = paired / total if total else 1.0
    return Comparison(
        a.year, b.year, lang, tuple(pairs), tuple(shared), whole,
        key_a if key_a is not None else StatementKey(a.year),
        key_b if key_b is not None else StatementKey(b.year),
    )  # fmt: skip


def compare_years(archive: Archive, year_a: int, year_b: int, lang: str = "en") -> Comparison:
    """:func:`compare` by year; a clear :class:`ArchiveError` when a year is missing or the
    archive holds a single year (nothing to compare with)."""
    years = archive.years
    if len(set(years)) < 2:
        held = ", ".join(str(y) for y in years) or "none"
        raise ArchiveError(
            f"comparing needs two years, but the archive holds only one ({held}); add another "
            "year's statement first",
            archive.root,
        )
    if year_a == year_b:
        raise ArchiveError(f"choose two different years (both are {year_a})", archive.root)
    a, b = archive.get(year_a), archive.get(year_b)
    return compare(a, b, lang, key_a=archive.key_of(a), key_b=archive.key_of(b))
