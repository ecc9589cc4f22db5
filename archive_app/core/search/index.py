"""Full-text search over the archive on Whoosh, in English and in either Chinese script.

The index is built by this app from the archive text, in memory, once per archive state: it is
derived data and never written anywhere, so no index from anywhere else is ever opened.

One document per paragraph. Every text goes through the one folding of search
(:func:`archive_app.core.convert.fold_for_search`: NFKC, Hong Kong and Taiwan variants,
Traditional to Simplified, lower case, spaces between Chinese characters), at index and query
time alike, so 国家安全法, 國家安全法 and 《國家 安全法》 meet; offsets map back to the stored (or
shown) text for highlights. English words get Snowball stems. Chinese is cut into overlapping
character bigrams, of Chinese paragraphs and of Chinese quoted inside English ones.

Building is cheap (see ``benchmarks/search_build.py``): the postings are gathered in plain dicts
of arrays while the documents are read, and Whoosh reads them through an in-memory codec
(:func:`archive_app.core.search._whoosh.memory_reader`): nothing is serialised, nothing pickled,
and fields record only which documents hold a term. The build is plain Python with no long call
that holds the GIL, so a worker thread building it leaves the GUI thread its turns.

How a query runs (the research-scale design, see ``benchmarks/research_scale.py``):

1. The search language (:mod:`archive_app.core.search.querylang`) is parsed into a small tree of
   words, prefixes and phrases joined by AND / OR / NOT, plus filters.
2. **Candidates from Whoosh without positions.** Every word or phrase becomes an AND of its
   index terms (English stems; Chinese bigrams, no positions stored or read), NOT branches are
   dropped, and Whoosh returns the documents that contain all those terms. This is a superset
   of the answer and is cheap, where a positional phrase query over bigrams is not.
3. **Exact check of the candidates only**, in memory: the folded (Simplified, lower-case) text
   of each Chinese paragraph and the stem list of each English paragraph are kept per document,
   so a phrase is a substring test (Chinese) or a run of consecutive stems (English), and the
   whole AND / OR / NOT tree is evaluated exactly.
4. Ranking is BM25 on the exact occurrence counts; only the hits shown are given snippets.
"""

from __future__ import annotations

import functools
import gc
import html
import math
import re
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from archive_app.core.convert import (
    HAN_RANGES,
    MODES,
    Folded,
    Mode,
    convert,
    fold_for_search,
    has_han,
    is_converted,
    normalise_for_search,
)
from archive_app.core.errors import QueryError
from archive_app.core.record import (
    Archive,
    Origin,
    Statement,
    StatementKey,
    cite,
    statement_version,
)
from archive_app.core.search._whoosh import (
    SpaceSeparatedTokenizer,
    TermNotFound,
    Token,
    Tokenizer,
    fields,
    formats,
    memory_reader,
)
from archive_app.core.search.querylang import (
    QUERY_HELP,
    And,
    Atom,
    Node,
    Not,
    ParsedQuery,
    en_stem,
    en_tokens,
    fold_filter,
    parse_query,
    positive_atoms,
)

__all__ = [
    "LANGS",
    "QUERY_HELP",
    "SCRIPTS",
    "Hit",
    "MatchSet",
    "ParagraphMatch",
    "SearchIndex",
    "SearchResult",
    "cjk_tokens",
]

LANGS = ("en", "zh")
_CJK = HAN_RANGES
_RUN = re.compile(rf"([{_CJK}]+)|([^\W{_CJK}_]+)")
_SNIPPET_CHARS = {"en": 220, "zh": 90}


def cjk_tokens(
    text: str, *, for_query: bool, fold: bool = True
) -> Iterator[tuple[str, int, int, int]]:
    """(token, position, start char, end char) for Chinese-aware indexing.

    Positions are character offsets, so consecutive bigrams sit at consecutive positions and a
    phrase of bigrams means contiguous text. At index time each character is also a token; at
    query time a run of two or more characters gives only its bigrams.
    """
    folded = fold_for_search(text) if fold else Folded(text)
    source = folded.text
    for match in _RUN.finditer(source):
        start = match.start()
        run = match.group(0)
        if match.group(1):
            if len(run) == 1 or not for_query:
                for i, char in enumerate(run):
                    yield (char, start + i, *folded.span(start + i, start + i + 1))
            for i in range(len(run) - 1):
                yield (run[i : i + 2], start + i, *folded.span(start + i, start + i + 2))
        else:
            yield (run.lower(), start, *folded.span(start, match.end()))


class ChineseTokenizer(Tokenizer):  # type: ignore[misc]
    """Whoosh face of :func:`cjk_tokens` (``fold=False`` for text that is already folded).

    ``singles=False`` indexes Chinese as bigrams only (no single characters): the research
    index checks a one-character query on the text itself, so single-character postings would
    only make the index bigger and slower to build.
    """

    def __init__(self, fold: bool = True, singles: bool = True):
        self.fold = fold
        self.singles = singles

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
        folding = getattr(self, "fold", True)
        bigrams_only = mode == "query" or not getattr(self, "singles", True)
        for text, pos, start, end in cjk_tokens(value, for_query=bigrams_only, fold=folding):
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


def _terms_field() -> fields.FieldType:
    # Only which documents hold a term: no frequencies, positions, field lengths or stored
    # values. The candidate step reads nothing else (module docstring); the exact check and
    # BM25 work on the text kept per document.
    return fields.FieldType(formats.Existence(), SpaceSeparatedTokenizer(), scorable=False)


def _schema() -> fields.Schema:
    # en: English stems; enw: English words whose stem differs (prefix queries); zh: Chinese
    # bigrams (of Chinese paragraphs and of Chinese quoted in English ones) and the Latin words
    # of Chinese paragraphs. Terms are handed over as posting arrays, already analysed.
    return fields.Schema(en=_terms_field(), enw=_terms_field(), zh=_terms_field())


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
    key: StatementKey  # which text: (year, version, origin); a year can hold several
    script: Mode = (
        Mode.ORIGINAL
    )  # display mode of ``text`` (see convert.MODES); en is never converted
    converted: bool = False  # True when ``text`` is OpenCC output, not the stored wording
    occurrences: int = 0  # how many times the query matched in this paragraph
    citation: str = ""  # "Coalition statement, June Fourth 2021, ¶2"
    doc_id: str = ""  # "2021/en/2": unique per paragraph document

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "version": self.key.version,
            "origin": self.key.origin.value,
            "lang": self.lang,
            "paragraph": self.paragraph,
            "text": self.text,
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
            "aligned": self.aligned,
            "aligned_paragraph": self.aligned_paragraph,
            "score": round(self.score, 4),
            "script": self.script,
            "converted": self.converted,
            "occurrences": self.occurrences,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class SearchResult:
    """Everything one query found: the ranked hits and what a results view shows around them.

    ``hits`` holds at most ``limit`` hits (best first); ``total`` counts every matching
    paragraph, and ``counts_by_year`` every matching paragraph per year (all archive years, zero
    included). ``expanded`` lists what the abbreviation list made us search as well, for the
    "also searched: 國家安全法" line. ``script`` is the display script of the hit texts.
    """

    query: str
    hits: list[Hit]
    total: int
    counts_by_year: dict[int, int]
    expanded: list[str]
    script: Mode = Mode.ORIGINAL

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "counts_by_year": {str(y): n for y, n in self.counts_by_year.items()},
            "expanded": list(self.expanded),
            "script": self.script,
            "hits": [h.to_dict() for h in self.hits],
        }


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


SCRIPTS: tuple[str, ...] = MODES

_K1, _B = 1.2, 0.75


@dataclass(frozen=True)
class ParagraphMatch:
    """One matching paragraph with every place the query matched, in a display script.

    ``text`` is the paragraph in ``script`` (Chinese converted by OpenCC from the statement's own
    script when ``converted``; English is never converted) and ``spans`` index ``text``.
    """

    statement: Statement
    year: int
    lang: str
    paragraph: int
    text: str
    spans: tuple[tuple[int, int], ...]
    score: float
    script: Mode
    converted: bool
    citation: str
    doc_id: str
    key: StatementKey


@dataclass(frozen=True)
class MatchSet:
    """Every matching paragraph of one query, ranked, plus what expansion added."""

    query: ParsedQuery
    matches: list[ParagraphMatch]

    @property
    def expanded(self) -> list[str]:
        return list(self.query.expanded)


_FIELDS = (
    "n", "sid", "lang", "paragraph", "text", "doc_id", "norm", "folded_text", "folded_source",
    "stems", "words", "offsets", "length",
)  # fmt: skip


class _Doc:
    """What the engine keeps per paragraph document (position ``n`` in the index).

    Fields (read as attributes): ``n``, ``sid`` (the statement's number), ``lang``,
    ``paragraph``, ``text``, ``doc_id``, ``norm`` (Chinese: the folded text; English:
    " stem stem ... "), ``folded_text`` / ``folded_source`` (the folded text and its way back
    to offsets; English: only when it holds Chinese, else empty), ``stems`` (English, in
    order), ``words`` (the same tokens, lower case, unstemmed), ``offsets`` (the character span
    of each token) and ``length``. What is known only once every paragraph is read (the rank
    in reading order, the BM25 length normalisation) is kept by the index in arrays.

    They are kept in one plain tuple of strings, numbers and tuples, which Python's garbage
    collector stops visiting once it has seen it; only the statement is held beside it. With a
    field per slot, each full collection touched every paragraph's strings: 11 ms at 10,000
    paragraphs, paid by whichever query happened to trigger it (``benchmarks/research_scale``'s
    p95). With the tuple it is 3 ms.
    """

    __slots__ = ("rec", "statement")

    def __init__(self, statement: Statement, *fields: Any):
        self.statement = statement
        self.rec: tuple[Any, ...] = fields

    n: int
    sid: int
    lang: str
    paragraph: int
    text: str
    doc_id: str
    norm: str
    folded_text: str
    folded_source: tuple[int, ...] | None
    stems: tuple[str, ...]
    words: tuple[str, ...]
    offsets: tuple[tuple[int, int], ...]
    length: int

    @property
    def year(self) -> int:
        return self.statement.year

    @property
    def folded(self) -> Folded:
        return Folded(self.folded_text, self.folded_source)


def _field(number: int) -> property:
    return property(lambda doc: doc.rec[number])


for _number, _name in enumerate(_FIELDS):
    setattr(_Doc, _name, _field(_number))


def _make_doc(n: int, sid: int, statement: Statement, lang: str, number: int, doc_id: str) -> _Doc:
    text = statement.paragraphs(lang)[number - 1]
    if lang == "zh":
        folded = fold_for_search(text)
        return _Doc(
            statement, n, sid, lang, number, text, doc_id, folded.text, folded.text,
            folded.source, (), (), (), len(text),
        )  # fmt: skip
    stems: list[str] = []
    words: list[str] = []
    offsets: list[tuple[int, int]] = []
    # English words from the folded text (NFKC, same length: offsets index the stored text)
    plain = normalise_for_search(text)
    for word, start, end in en_tokens(plain):
        stems.append(en_stem(word))
        words.append(word)
        offsets.append((start, end))
    joined = " " + " ".join(stems) + " "
    # Chinese quoted in an English paragraph ("Ding Zilin (丁子霖)") is searched like Chinese.
    cjk = fold_for_search(text) if has_han(text) else _NO_TEXT
    return _Doc(
        statement, n, sid, lang, number, text, doc_id, joined, cjk.text, cjk.source,
        tuple(stems), tuple(words), tuple(offsets), len(stems),
    )  # fmt: skip


_NO_TEXT = Folded("")


def _en_positions(atom: Atom, doc: _Doc) -> list[int]:
    """Token positions in an English document where ``atom`` starts (consecutive stems)."""
    stems = atom.stems
    size = len(stems)
    if size == 0:
        return []
    last_prefix = atom.prefix
    first = stems[0]
    if size == 1:
        if last_prefix:
            return [i for i, w in enumerate(doc.words) if w.startswith(first)]
        out: list[int] = []
        stems_of_doc = doc.stems
        try:
            i = stems_of_doc.index(first)
            while True:
                out.append(i)
                i = stems_of_doc.index(first, i + 1)
        except ValueError:
            return out
    if not last_prefix:
        # A run of stems is a substring of the space-joined stem string; the number of
        # spaces before a match is its token position.
        needle = atom.joined
        joined = doc.norm
        out = []
        start = joined.find(needle)
        while start >= 0:  # non-overlapping, as counted by _tf
            out.append(joined.count(" ", 0, start))
            start = joined.find(needle, start + len(needle) - 1)
        return out
    out = []
    doc_stems, doc_words = doc.stems, doc.words
    limit = len(doc_stems) - size
    after = 0  # non-overlapping, as counted by _tf
    for i in range(limit + 1):
        if i < after or doc_stems[i] != first:
            continue
        ok = True
        for k in range(1, size):
            if k == size - 1 and last_prefix:
                ok = doc_words[i + k].startswith(stems[k])
            else:
                ok = doc_stems[i + k] == stems[k]
            if not ok:
                break
        if ok:
            out.append(i)
            after = i + size
    return out


def _zh_terms(folded: str) -> set[str]:
    """The zh-field terms of folded text: bigrams of each Chinese run, and Latin words."""
    terms: set[str] = set()
    for match in _RUN.finditer(folded):
        run = match.group(0)
        if match.group(1):
            terms.update(run[i : i + 2] for i in range(len(run) - 1))
        else:
            terms.add(run)
    return terms


def _post(table: dict[str, array[int]], terms: Iterable[str], docnum: int) -> None:
    # Arrays, not lists: the garbage collector does not track them, so its full passes during a
    # big build stay short (a list per term made them the GUI thread's longest wait).
    for term in terms:
        found = table.get(term)
        if found is None:
            table[term] = array("I", (docnum,))
        else:
            found.append(docnum)


def _folded_starts(atom: Atom, folded: str) -> Iterator[tuple[int, int]]:
    """Non-overlapping matches of a Chinese (or, in Chinese text, Latin) atom in folded text.

    Non-overlapping, so two occurrences that touch (人 in 人人) are two matches.
    """
    needle = atom.needle
    if needle is not None:
        size = len(needle)
        start = folded.find(needle)
        while start >= 0:
            yield start, start + size
            start = folded.find(needle, start + size)
    else:
        for match in atom.pattern.finditer(folded):
            if match.end() > match.start():
                yield match.span()


def _tf(atom: Atom, doc: _Doc) -> int:
    """How many times ``atom`` occurs in ``doc`` (exact check)."""
    if atom.cjk:  # any paragraph, on its folded text (empty for English without Chinese)
        if atom.needle is not None:
            return doc.folded_text.count(atom.needle)
        return sum(1 for _ in _folded_starts(atom, doc.folded_text))
    if doc.lang == "zh":  # Latin words inside Chinese text
        return sum(1 for _ in _folded_starts(atom, doc.norm))
    if not atom.prefix:
        if len(atom.stems) == 1:
            return doc.stems.count(atom.stems[0])
        needle = atom.joined
        joined = doc.norm
        count = 0
        start = joined.find(needle)
        while start >= 0:
            count += 1
            start = joined.find(needle, start + len(needle) - 1)
        return count
    return len(_en_positions(atom, doc))


def _join_matches(tagged: list[tuple[int, int, int]], text: str) -> list[tuple[int, int]]:
    """Highlight spans from (start, end, atom number) matches.

    Overlapping matches become one span. Matches of two different query terms with only spaces
    between them read as one ("Hong Kong" for the query Hong Kong). Two matches of the same term
    that touch stay two (人 in 人人 is two occurrences, as concordance and trends count them).
    """
    out: list[tuple[int, int, set[int]]] = []
    for start, end, tag in sorted(tagged):
        if out:
            last_start, last_end, tags = out[-1]
            joins = start < last_end or (
                tag not in tags and start >= last_end and not text[last_end:start].strip()
            )
            if joins:
                out[-1] = (last_start, max(end, last_end), tags | {tag})
                continue
        out.append((start, end, {tag}))
    return [(start, end) for start, end, _ in out]


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _collector_held(query: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``query`` with Python's cyclic garbage collector held off, and on again after.

    A query at 10,000 paragraphs allocates thousands of short-lived objects (candidate lists,
    score tuples, matches); now and then they set off a full collection in the middle of it,
    5-15 ms on a 5 ms query (the p95 of ``benchmarks/research_scale``). A query makes no
    reference cycles, so all it allocates is freed by reference counting when it returns, and
    the collector's deferred work is a young pass that finds nothing. Held off only if it was
    on, and put back as found, so two queries at once on two threads leave it on.
    """

    @functools.wraps(query)
    def held(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return query(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return held


class SearchIndex:
    """An in-memory index of one archive (or any statements), built from their text.

    ``archive`` is an :class:`Archive` or any iterable of statements (a library that joins the
    shipped and the user's archive passes its statements; two versions of one year are two
    statements). ``progress(done, total)`` is called while building, for a progress bar.
    """

    def __init__(
        self,
        archive: Archive | Iterable[Statement],
        *,
        progress: Callable[[int, int], None] | None = None,
    ):
        self.archive = archive
        self.statements: tuple[Statement, ...] = tuple(archive)
        self.manifest_hash: str | None = getattr(archive, "manifest_hash", None)
        self.years: tuple[int, ...] = tuple(sorted({s.year for s in self.statements}))
        self._signatories = [
            tuple(fold_filter(name) for name in s.signatories) for s in self.statements
        ]
        self._titles = [fold_filter(s.title) for s in self.statements]
        total = sum(len(s.en) + len(s.zh) for s in self.statements)
        self._docs: list[_Doc] = []
        # Per statement: its identity (year, version, origin), from the archive when it has one.
        self.keys: tuple[StatementKey, ...] = tuple(
            archive.key_of(s)
            if isinstance(archive, Archive)
            else StatementKey(s.year, statement_version(s), Origin.SHIPPED)
            for s in self.statements
        )
        en_terms: dict[str, array[int]] = {}
        enw_terms: dict[str, array[int]] = {}
        zh_terms: dict[str, array[int]] = {}
        for sid, statement in enumerate(self.statements):
            slug = self.keys[sid].slug
            for lang in LANGS:
                for number in range(1, len(statement.paragraphs(lang)) + 1):
                    n = len(self._docs)
                    doc = _make_doc(n, sid, statement, lang, number, f"{slug}/{lang}/{number}")
                    self._docs.append(doc)
                    if lang == "zh":
                        _post(zh_terms, _zh_terms(doc.norm), n)
                    else:
                        _post(en_terms, set(doc.stems), n)
                        # enw: the words whose stem differs (a prefix query reads words as typed)
                        changed = {w for w, st in zip(doc.words, doc.stems, strict=True) if w != st}
                        _post(enw_terms, changed, n)
                        if doc.folded_text:  # Chinese quoted in the English paragraph
                            han = " ".join(m[1] for m in _RUN.finditer(doc.folded_text) if m[1])
                            _post(zh_terms, _zh_terms(han), n)
                    if progress is not None and (n % 200 == 0 or n + 1 == total):
                        progress(n + 1, total)
        postings = {"en": en_terms, "enw": enw_terms, "zh": zh_terms}
        # Postings only: no Whoosh searcher is needed. Document numbers are ours (self._docs).
        self._reader = memory_reader(_schema(), postings, len(self._docs))
        self._lock = threading.Lock()
        self._han_docnums = frozenset(  # every paragraph holding Chinese text
            docnum for docnum, doc in enumerate(self._docs) if doc.lang == "zh" or doc.folded_text
        )
        avg = {
            lang: (sum(d.length for d in docs) / len(docs)) if docs else 1.0
            for lang in LANGS
            for docs in [[d for d in self._docs if d.lang == lang]]
        }
        # Per document, by number: its rank in reading order (ties in ranking) and its BM25
        # length normalisation, k1 * (1 - b + b * len / avg). Arrays, not fields of the
        # documents: setting fields would remake every document's tuple at the end of the build,
        # and the first garbage collection after it would meet them all anew (20 ms at 10,000).
        reading = sorted(self._docs, key=lambda d: (d.year, d.lang, d.paragraph, d.sid))
        self._order = array("I", bytes(4 * len(self._docs)))
        for order, doc in enumerate(reading):
            self._order[doc.n] = order
        self._norm_length = array(
            "d", (_K1 * (1 - _B + _B * d.length / (avg[d.lang] or 1.0)) for d in self._docs)
        )

    def __len__(self) -> int:
        """Number of paragraph documents."""
        return len(self._docs)

    # --- querying -------------------------------------------------------------------------

    def _postings(self, field: str, term: str) -> set[int]:
        """Whoosh document numbers holding ``term`` in ``field`` (no positions read)."""
        try:
            matcher = self._reader.postings(field, term)
        except TermNotFound:
            return set()
        return set(matcher.all_ids())

    def _prefixed(self, field: str, prefix: str) -> set[int]:
        out: set[int] = set()
        for term in self._reader.expand_prefix(field, prefix):
            out |= self._postings(field, term.decode("utf-8") if isinstance(term, bytes) else term)
        return out

    def _all_of(self, sets: list[set[int]]) -> set[int]:
        if not sets:
            return set()
        sets.sort(key=len)
        out = sets[0]
        for other in sets[1:]:
            if not out:
                break
            out = out & other
        return out

    def _candidates(self, node: Node) -> set[int] | None:
        """Document numbers that may match ``node`` (a superset); None means every document.

        A word or phrase needs all its index terms (English stems; Chinese bigrams), read from
        Whoosh's postings without positions; NOT branches cannot narrow a superset, so they
        are left to the exact check.
        """
        if isinstance(node, Atom):
            out: set[int] = set()
            if not node.cjk:
                stems = node.stems[: len(node.stems) - node.prefix]
                en = [self._postings("en", s) for s in stems]
                if node.prefix:  # words as typed: unchanged ones are stems, the others in enw
                    last = node.stems[-1]
                    en.append(self._prefixed("en", last) | self._prefixed("enw", last))
                out |= self._all_of(en)
                zh = [self._postings("zh", t) for t in node.zh_terms]
                if node.prefix:
                    zh.append(self._prefixed("zh", node.stems[-1]))
                out |= self._all_of(zh)
            else:
                if node.zh_terms:
                    out = self._all_of([self._postings("zh", t) for t in node.zh_terms])
                else:  # a single character: every paragraph with Chinese is a candidate
                    out = set(self._han_docnums)
            return out
        if isinstance(node, Not):
            return None
        parts = [self._candidates(child) for child in node.children]
        if isinstance(node, And):
            return (
                self._all_of([p for p in parts if p is not None])
                if any(p is not None for p in parts)
                else None
            )
        if any(p is None for p in parts):
            return None
        union: set[int] = set()
        for part in parts:
            assert part is not None
            union |= part
        return union

    def _evaluate(self, node: Node, doc: _Doc, memo: dict[tuple[int, int], int]) -> bool:
        if isinstance(node, Atom):
            key = (id(node), doc.n)
            tf = memo.get(key)
            if tf is None:
                tf = memo[key] = _tf(node, doc)
            return tf > 0
        if isinstance(node, Not):
            return not self._evaluate(node.child, doc, memo)
        if isinstance(node, And):
            return all(self._evaluate(c, doc, memo) for c in node.children)
        return any(self._evaluate(c, doc, memo) for c in node.children)

    def _ranked(
        self, parsed: ParsedQuery, year: int | None, lang: str | None
    ) -> list[tuple[_Doc, float]]:
        if lang is not None and lang not in LANGS:
            raise QueryError(f"unknown language {lang!r}; use 'en' or 'zh'")
        if parsed.lang is not None:
            if lang is not None and lang != parsed.lang:
                return []
            lang = parsed.lang
        low, high = parsed.years if parsed.years is not None else (None, None)
        if year is not None:
            low = year if low is None else max(low, year)
            high = year if high is None else min(high, year)
        allowed_sids: set[int] | None = None
        if parsed.signatories or parsed.titles:
            allowed_sids = {
                sid
                for sid, names in enumerate(self._signatories)
                if all(any(part in name for name in names) for part in parsed.signatories)
                and all(part in self._titles[sid] for part in parsed.titles)
            }
        root = parsed.root
        if root is None:  # filters only: every paragraph of the statements they choose
            docnums = None
        else:
            with self._lock:
                docnums = self._candidates(root)
        if docnums is None:
            candidates: Iterable[_Doc] = self._docs
        else:
            docs = self._docs
            candidates = [docs[d] for d in sorted(docnums)]
        if lang is not None or low is not None or high is not None or allowed_sids is not None:
            candidates = [
                doc
                for doc in candidates
                if (lang is None or doc.lang == lang)
                and (low is None or doc.year >= low)
                and (high is None or doc.year <= high)
                and (allowed_sids is None or doc.sid in allowed_sids)
            ]
        found: list[_Doc] = []
        tfs: list[list[int]] = []
        if root is None:
            found = list(candidates)
        elif isinstance(root, Atom):  # the common case: one word or phrase, one pass
            row: list[int] = []
            for doc in candidates:
                tf = _tf(root, doc)
                if tf:
                    found.append(doc)
                    row.append(tf)
            tfs.append(row)
        else:
            memo: dict[tuple[int, int], int] = {}
            found = [doc for doc in candidates if self._evaluate(root, doc, memo)]
            for atom in positive_atoms(root):
                row = []
                for doc in found:
                    key = (id(atom), doc.n)
                    known = memo.get(key)
                    row.append(known if known is not None else _tf(atom, doc))
                tfs.append(row)
        return self._score(found, tfs)

    def _score(self, found: list[_Doc], tfs: list[list[int]]) -> list[tuple[_Doc, float]]:
        """BM25 on the exact occurrence counts (``tfs``: one row per positive atom)."""
        total = max(1, len(self._docs))
        idfs = []
        for row in tfs:
            df = sum(1 for tf in row if tf)
            idfs.append(math.log(1 + (total - df + 0.5) / (df + 0.5)))
        keyed: list[tuple[float, int, _Doc]] = []
        if len(tfs) == 1:
            (row,), (idf,) = tfs, idfs
            lift = idf * (_K1 + 1)
            norm, order = self._norm_length, self._order
            keyed = [(-lift * tf / (tf + norm[doc.n]), order[doc.n], doc)
                     for tf, doc in zip(row, found, strict=True)]  # fmt: skip
        else:
            for i, doc in enumerate(found):
                score = 0.0
                length = self._norm_length[doc.n]
                for row, idf in zip(tfs, idfs, strict=True):
                    tf = row[i]
                    if tf:
                        score += idf * tf * (_K1 + 1) / (tf + length)
                keyed.append((-score, self._order[doc.n], doc))
        keyed.sort()  # best first; ties in reading order (year, language, paragraph)
        return [(doc, -negative) for negative, _, doc in keyed]

    def _display(self, doc: _Doc, script: Mode) -> tuple[str, bool]:
        if doc.lang != "zh" or script == "original":
            return doc.text, False
        converted = is_converted(doc.statement.zh_script, script)
        return (convert(doc.text, doc.statement.zh_script, script), converted)

    def _spans(self, doc: _Doc, atoms: list[Atom], text: str) -> list[tuple[int, int]]:
        """Where the atoms match in ``text`` (the paragraph as shown, maybe converted)."""
        tagged: list[tuple[int, int, int]] = []
        if doc.lang == "zh":
            folded = doc.folded if text is doc.text else fold_for_search(text)
        else:
            folded = doc.folded  # English is never converted
        for number, atom in enumerate(atoms):
            if atom.cjk or doc.lang == "zh":
                for start, end in _folded_starts(atom, folded.text):
                    tagged.append((*folded.span(start, end), number))
                continue
            size = len(atom.stems)
            for i in _en_positions(atom, doc):
                tagged.append((doc.offsets[i][0], doc.offsets[i + size - 1][1], number))
        return _join_matches(tagged, text)

    def _match(self, doc: _Doc, score: float, atoms: list[Atom], script: Mode) -> ParagraphMatch:
        text, converted = self._display(doc, script)
        return ParagraphMatch(
            statement=doc.statement,
            year=doc.year,
            lang=doc.lang,
            paragraph=doc.paragraph,
            text=text,
            spans=tuple(self._spans(doc, atoms, text)),
            score=score,
            script=script if doc.lang == "zh" else Mode.ORIGINAL,
            converted=converted,
            citation=cite(self.keys[doc.sid], doc.lang, doc.paragraph),
            doc_id=doc.doc_id,
            key=self.keys[doc.sid],
        )

    def _check_script(self, script: Mode) -> None:
        if script not in SCRIPTS:
            raise QueryError(f"unknown script {script!r}; choose one of: {', '.join(SCRIPTS)}")

    @_collector_held
    def matches(
        self,
        text: str,
        *,
        year: int | None = None,
        lang: str | None = None,
        script: Mode = Mode.ORIGINAL,
        order: str = "rank",
    ) -> MatchSet:
        """Every matching paragraph with all its match spans (in ``script``).

        ``order`` is "rank" (best first) or "text" (year, statement, language, paragraph):
        concordance and trends read this.
        """
        self._check_script(script)
        parsed = parse_query(text)
        ranked = self._ranked(parsed, year, lang)
        if order == "text":
            ranked.sort(key=lambda r: (r[0].year, r[0].sid, r[0].lang, r[0].paragraph))
        atoms = positive_atoms(parsed.root)
        return MatchSet(parsed, [self._match(doc, score, atoms, script) for doc, score in ranked])

    @_collector_held
    def run(
        self,
        text: str,
        *,
        year: int | None = None,
        lang: str | None = None,
        limit: int | None = None,
        script: Mode = Mode.ORIGINAL,
    ) -> SearchResult:
        """Run a query in the full search language (see :data:`QUERY_HELP`).

        Returns every matching paragraph ranked best first (``limit`` caps only how many
        :class:`Hit` objects are built; ``total`` and ``counts_by_year`` count them all).
        Chinese hit texts, snippets and highlight spans are in ``script`` (converted from the
        statement's own script with OpenCC, so the spans index the converted text).
        Raises :class:`QueryError` for a query that cannot be read.
        """
        self._check_script(script)
        parsed = parse_query(text)
        ranked = self._ranked(parsed, year, lang)
        counts = dict.fromkeys(self.years, 0)
        for doc, _ in ranked:
            counts[doc.year] += 1
        atoms = positive_atoms(parsed.root)
        shown = ranked if limit is None else ranked[:limit]
        hits = [self._hit(doc, score, atoms, script) for doc, score in shown]
        return SearchResult(text, hits, len(ranked), counts, list(parsed.expanded), script)

    def search(
        self,
        text: str,
        *,
        year: int | None = None,
        lang: str | None = None,
        limit: int | None = 20,
        script: Mode = Mode.ORIGINAL,
    ) -> list[Hit]:
        """The best ``limit`` hits of :meth:`run` (all with ``limit=None``)."""
        return self.run(text, year=year, lang=lang, limit=limit, script=script).hits

    def _hit(self, doc: _Doc, score: float, atoms: list[Atom], script: Mode) -> Hit:
        match = self._match(doc, score, atoms, script)
        statement = doc.statement
        other = statement.aligned(doc.lang, doc.paragraph)
        aligned = statement.aligned_text(doc.lang, doc.paragraph)
        if aligned is not None and other is not None and other[0] == "zh":
            aligned = convert(aligned, statement.zh_script, script)
        spans = list(match.spans)
        return Hit(
            year=doc.year,
            lang=doc.lang,
            paragraph=doc.paragraph,
            text=match.text,
            snippet=make_snippet(match.text, spans, doc.lang),
            highlights=match.spans,
            aligned=aligned,
            aligned_paragraph=other[1] if other else None,
            score=score,
            script=match.script,
            converted=match.converted,
            occurrences=len(spans),
            citation=match.citation,
            doc_id=doc.doc_id,
            key=match.key,
        )
