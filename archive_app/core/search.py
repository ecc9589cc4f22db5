"""Full-text search over the archive on Whoosh, in English and in either Chinese script.

The index is built by this app from the archive text, in memory, every time: it is derived data,
and Whoosh indexes are pickles, so one that came from anywhere else is never opened.

One document per paragraph. English goes through a stemming analyzer. Chinese is folded to
Simplified with OpenCC and cut into overlapping character bigrams (plus single characters, so a
one-character query finds something), and queries go through the same folding, so 国家安全法 and
國家安全法 meet. A multi-character Chinese word becomes a phrase of bigrams, which matches exactly
the contiguous text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh import fields, query
from whoosh.analysis import StemmingAnalyzer, Token, Tokenizer
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import AndGroup, MultifieldParser

from archive_app.core.archive import Archive
from archive_app.core.convert import normalise_for_search
from archive_app.core.errors import QueryError

__all__ = ["LANGS", "Hit", "SearchIndex", "cjk_tokens"]

LANGS = ("en", "zh")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_RUN = re.compile(rf"([{_CJK}]+)|([^\W{_CJK}_]+)")
_SNIPPET_CHARS = {"en": 220, "zh": 90}


def cjk_tokens(text: str, *, for_query: bool) -> Iterator[tuple[str, int, int, int]]:
    """(token, position, start char, end char) for Chinese-aware indexing.

    Positions are character offsets, so consecutive bigrams sit at consecutive positions and a
    phrase of bigrams means contiguous text. At index time each character is also a token; at
    query time a run of two or more characters gives only its bigrams.
    """
    folded = normalise_for_search(text)
    # OpenCC's t2s keeps length in practice; if it ever did not, offsets into the original
    # would be wrong, so fall back to the original text for positions.
    source = folded if len(folded) == len(text) else text
    for match in _RUN.finditer(source):
        start = match.start()
        run = match.group(0)
        if match.group(1):
            if len(run) == 1 or not for_query:
                for i, char in enumerate(run):
                    yield char, start + i, start + i, start + i + 1
            for i in range(len(run) - 1):
                yield run[i : i + 2], start + i, start + i, start + i + 2
        else:
            yield run.lower(), start, start, match.end()


class ChineseTokenizer(Tokenizer):  # type: ignore[misc]
    """Whoosh face of :func:`cjk_tokens`."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, pos, start, end in cjk_tokens(value, for_query=mode == "query"):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def _schema() -> fields.Schema:
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        year=fields.NUMERIC(int, stored=True),
        lang=fields.ID(stored=True),
        paragraph=fields.NUMERIC(int, stored=True),
        en=fields.TEXT(analyzer=StemmingAnalyzer(stoplist=None), phrase=True),
        zh=fields.TEXT(analyzer=ChineseTokenizer(), phrase=True, multitoken_query="phrase"),
    )


@dataclass(frozen=True)
class Hit:
    """One matching paragraph, in its original script, with where the query matched."""

    year: int
    lang: str
    paragraph: int
    text: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    aligned: str | None
    aligned_paragraph: int | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "lang": self.lang,
            "paragraph": self.paragraph,
            "text": self.text,
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "aligned": self.aligned,
            "aligned_paragraph": self.aligned_paragraph,
            "score": round(self.score, 4),
        }


def _positive_terms(q: query.Query) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(field, words) for every term or phrase the hit must contain (NOT branches skipped)."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.Phrase):
        yield q.fieldname, tuple(q.words)
    elif isinstance(q, query.Term):
        yield q.fieldname, (str(q.text),)
    elif isinstance(q, query.Prefix):
        yield q.fieldname, (str(q.text) + "*",)
    elif isinstance(q, query.AndNot):
        yield from _positive_terms(q.a)
    else:
        for child in q.children():
            yield from _positive_terms(child)


def _zh_needles(words: tuple[str, ...]) -> str:
    """The contiguous text a phrase of overlapping bigrams stands for (国家 家安 → 国家安)."""
    needle = words[0]
    for word in words[1:]:
        needle += word[-1:] if len(word) == 2 and needle.endswith(word[0]) else word
    return needle


_EN_ANALYZER = StemmingAnalyzer(stoplist=None)


def find_spans(
    text: str, lang: str, terms: list[tuple[str, tuple[str, ...]]]
) -> list[tuple[int, int]]:
    """Character spans of ``text`` that the query's positive terms match."""
    spans: set[tuple[int, int]] = set()
    if lang == "zh":
        folded = normalise_for_search(text)
        if len(folded) != len(text):
            folded = text
        lowered = folded.lower()
        for field, words in terms:
            if field != "zh" or not words:
                continue
            needle = _zh_needles(words).lower()
            start = lowered.find(needle)
            while needle and start >= 0:
                spans.add((start, start + len(needle)))
                start = lowered.find(needle, start + 1)
    else:
        wanted = {w for f, ws in terms if f == "en" for w in ws if not w.endswith("*")}
        prefixes = tuple(w[:-1] for f, ws in terms if f == "en" for w in ws if w.endswith("*"))
        for token in _EN_ANALYZER(text, chars=True, mode="index"):
            if token.text in wanted or (prefixes and token.text.startswith(prefixes)):
                spans.add((token.startchar, token.endchar))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def make_snippet(text: str, spans: list[tuple[int, int]], lang: str) -> str:
    """HTML: the escaped text around the first match, each match inside ``<mark>``."""
    width = _SNIPPET_CHARS.get(lang, 200)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    if lang == "en" and start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else 0
    end = min(len(text), start + width)
    if lang == "en" and end < len(text):
        space = text.find(" ", end)
        end = space if space >= 0 else len(text)
    out: list[str] = ["…" if start else ""]
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(text[cursor:s], quote=False))
        out.append(f"<mark>{html.escape(text[s:e], quote=False)}</mark>")
        cursor = e
    out.append(html.escape(text[cursor:end], quote=False))
    out.append("…" if end < len(text) else "")
    return "".join(out)


class _MemoryOnlyStorage(RamStorage):  # type: ignore[misc]
    """RamStorage whose scratch files stay in memory too.

    Whoosh's RamStorage writes its merge scratch files to ``$TMPDIR/MAIN.tmp``, one folder
    shared by every index being built on the machine, so two builds at once (two windows, two
    processes) delete each other's files. In memory, each build has its own.
    """

    def temp_storage(self, name: str | None = None) -> RamStorage:
        return RamStorage()


class SearchIndex:
    """An in-memory Whoosh index of one archive, built from its text."""

    def __init__(self, archive: Archive):
        self.archive = archive
        self._statements = {s.year: s for s in archive}
        self._index = _MemoryOnlyStorage().create_index(_schema())
        writer = self._index.writer()
        for statement in archive:
            for lang in LANGS:
                for number, paragraph in enumerate(statement.paragraphs(lang), 1):
                    writer.add_document(
                        key=f"{statement.year}/{lang}/{number}",
                        year=statement.year,
                        lang=lang,
                        paragraph=number,
                        **{lang: paragraph},
                    )
        writer.commit()
        self._parser = MultifieldParser(["en", "zh"], self._index.schema, group=AndGroup)

    def parse(self, text: str) -> query.Query:
        """The user's query as Whoosh sees it; a clear :class:`QueryError` if it has no terms."""
        if not text or not text.strip():
            raise QueryError("the query is empty; type a word or a phrase")
        try:
            parsed = self._parser.parse(text)
        except Exception as exc:  # whoosh raises many kinds on odd syntax
            raise QueryError(f"cannot read the query {text!r}: {exc}") from None
        if parsed is query.NullQuery or not list(_positive_terms(parsed)):
            raise QueryError(
                f"the query {text!r} has nothing to look for (only operators or NOT terms)"
            )
        return parsed

    def search(
        self,
        text: str,
        *,
        year: int | None = None,
        lang: str | None = None,
        limit: int | None = 20,
    ) -> list[Hit]:
        parsed = self.parse(text)
        if lang is not None and lang not in LANGS:
            raise QueryError(f"unknown language {lang!r}; use 'en' or 'zh'")
        filters: list[query.Query] = []
        if year is not None:
            filters.append(query.Term("year", year))
        if lang is not None:
            filters.append(query.Term("lang", lang))
        terms = list(_positive_terms(parsed))
        hits: list[Hit] = []
        with self._index.searcher() as searcher:
            results = searcher.search(
                parsed, filter=query.And(filters) if filters else None, limit=None
            )
            for result in results:
                hits.append(self._hit(result.fields(), float(result.score or 0.0), terms))
        hits.sort(key=lambda h: (-h.score, h.year, h.lang, h.paragraph))
        return hits if limit is None else hits[:limit]

    def _hit(
        self, stored: dict[str, Any], score: float, terms: list[tuple[str, tuple[str, ...]]]
    ) -> Hit:
        statement = self._statements[int(stored["year"])]
        lang = str(stored["lang"])
        number = int(stored["paragraph"])
        text = statement.paragraphs(lang)[number - 1]
        spans = find_spans(text, lang, terms)
        other = statement.aligned(lang, number)
        return Hit(
            year=statement.year,
            lang=lang,
            paragraph=number,
            text=text,
            snippet=make_snippet(text, spans, lang),
            highlights=tuple(spans),
            aligned=statement.aligned_text(lang, number),
            aligned_paragraph=other[1] if other else None,
            score=score,
        )
