"""The one place the search package imports Whoosh, without what Whoosh drags in and never uses.

``whoosh.compat`` imports ``urllib.request`` (for a download helper, ``urlretrieve``, that this
app never calls: it never touches the network) and ``whoosh.reading`` imports the
``cached_property`` package, which imports ``asyncio``. Together they were most of Whoosh's
import time, paid by every CLI call. While Whoosh is imported here, those two names resolve to
small stand-ins: a ``urlretrieve`` that refuses (so Whoosh's copy can never fetch anything) and
the standard library's ``functools.cached_property``. The stand-ins are taken out of
``sys.modules`` right after, so any later ``import urllib.request`` gets the real module.
"""

from __future__ import annotations

import functools
import sys
import types
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any, NoReturn


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise RuntimeError("this app never downloads anything (Whoosh's urlretrieve is disabled)")


def _import_quietly() -> None:
    if "whoosh.reading" in sys.modules:
        return
    stubs: dict[str, types.ModuleType] = {}
    if "urllib.request" not in sys.modules:
        request = types.ModuleType("urllib.request", "stand-in while Whoosh is imported")
        request.urlretrieve = _refuse  # type: ignore[attr-defined]
        stubs["urllib.request"] = request
    if "cached_property" not in sys.modules:
        cached = types.ModuleType("cached_property", "stand-in while Whoosh is imported")
        cached.cached_property = functools.cached_property  # type: ignore[attr-defined]
        stubs["cached_property"] = cached
    sys.modules.update(stubs)
    try:
        import whoosh.compat
        import whoosh.reading  # noqa: F401
    finally:
        for name, stub in stubs.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]


_import_quietly()

# Re-exported for index.py and querylang.py (imported after the stand-ins did their work).
from whoosh import fields, formats  # noqa: E402
from whoosh.analysis import SpaceSeparatedTokenizer, Token, Tokenizer  # noqa: E402
from whoosh.codec import base  # noqa: E402
from whoosh.filedb.filestore import RamStorage  # noqa: E402
from whoosh.lang.snowball.english import EnglishStemmer  # noqa: E402
from whoosh.matching import ListMatcher  # noqa: E402
from whoosh.reading import SegmentReader, TermInfo, TermNotFound  # noqa: E402

__all__ = [
    "EnglishStemmer",
    "SpaceSeparatedTokenizer",
    "TermNotFound",
    "Token",
    "Tokenizer",
    "fields",
    "formats",
    "memory_reader",
]

Postings = dict[str, dict[str, "array[int]"]]
"""Per field, per term (as text): the ascending numbers of the documents that hold it."""


def memory_reader(schema: fields.Schema, postings: Postings, doc_count: int) -> SegmentReader:
    """Whoosh's own segment reader over an index that lives in memory, as posting arrays.

    The codec is Whoosh's codec interface (``whoosh.codec.base``) implemented the way Whoosh's
    ``MemoryCodec`` does it, but holding each posting list as one ``array`` of document numbers
    (4 bytes a posting) and written a term at a time, not a posting at a time. Nothing is
    serialised: no segment files, no table of contents, no pickles anywhere, so building costs
    only the dictionaries the postings were gathered in, and a query reads a term's postings as
    Whoosh's ``ListMatcher`` over that array. The index is built in this process from the
    archive's text and never leaves it.
    """
    codec = _ArrayCodec(postings, doc_count)
    return SegmentReader(RamStorage(), schema, codec.segment, codec=codec)


class _ArraySegment(base.Segment):  # type: ignore[misc]
    def __init__(self, codec: _ArrayCodec, doc_count: int):
        super().__init__("memory")
        self._codec = codec
        self._doc_count = doc_count

    def codec(self) -> _ArrayCodec:
        return self._codec

    def doc_count_all(self) -> int:
        return self._doc_count

    def deleted_count(self) -> int:
        return 0

    def deleted_docs(self) -> tuple[int, ...]:
        return ()

    def delete_document(self, docnum: int, delete: bool = True) -> None:
        raise RuntimeError("the search index is read-only: it is rebuilt, never edited")

    def is_deleted(self, docnum: int) -> bool:
        return False

    def should_assemble(self) -> bool:
        return False


class _ArrayCodec(base.Codec):  # type: ignore[misc]
    """Readers only: the index is written by handing over the finished posting arrays."""

    def __init__(self, postings: Postings, doc_count: int):
        self.postings = postings
        self.segment = _ArraySegment(self, doc_count)

    def terms_reader(self, storage: Any, segment: Any) -> _ArrayTerms:
        return _ArrayTerms(self.postings)

    def per_document_reader(self, storage: Any, segment: Any) -> _NoPerDoc:
        return _NoPerDoc(self.segment)


class _ArrayTerms(base.TermsReader):  # type: ignore[misc]
    """Whoosh asks for terms as UTF-8 bytes; they are kept as text (the dictionaries the build
    gathered, not a copy keyed by bytes: at 10,000 paragraphs freeing such a copy's original was
    one long pause of the thread that built it) and encoded or decoded at the boundary. Text
    sorts in code point order, which is UTF-8's byte order."""

    def __init__(self, postings: Postings):
        self._postings = postings
        self._sorted: dict[str, list[str]] = {}

    def _ids(self, fieldname: str, btext: bytes) -> array[int]:
        try:
            return self._postings[fieldname][btext.decode("utf-8")]
        except (KeyError, UnicodeDecodeError):
            raise TermNotFound(f"{fieldname}:{btext!r}") from None

    def _lexicon(self, fieldname: str) -> list[str]:
        found = self._sorted.get(fieldname)
        if found is None:  # sorted once, when a prefix query first asks
            found = self._sorted[fieldname] = sorted(self._postings.get(fieldname, ()))
        return found

    def __contains__(self, term: tuple[str, bytes]) -> bool:
        fieldname, btext = term
        try:
            return btext.decode("utf-8") in self._postings.get(fieldname, {})
        except UnicodeDecodeError:
            return False

    def cursor(self, fieldname: str, fieldobj: Any) -> Any:
        raise NotImplementedError("not used: the search reads postings and prefixes only")

    def terms(self) -> Iterator[tuple[str, bytes]]:
        for fieldname in sorted(self._postings):
            for text in self._lexicon(fieldname):
                yield fieldname, text.encode("utf-8")

    def terms_from(self, fieldname: str, prefix: bytes) -> Iterator[tuple[str, bytes]]:
        if fieldname not in self._postings:
            raise TermNotFound(f"unknown field {fieldname!r}")
        lexicon = self._lexicon(fieldname)
        start = prefix.decode("utf-8", errors="ignore")
        for text in lexicon[bisect_left(lexicon, start) :]:
            yield fieldname, text.encode("utf-8")

    def items(self) -> Iterator[tuple[tuple[str, bytes], TermInfo]]:
        for fieldname, btext in self.terms():
            yield (fieldname, btext), self.term_info(fieldname, btext)

    def items_from(
        self, fieldname: str, prefix: bytes
    ) -> Iterator[tuple[tuple[str, bytes], TermInfo]]:
        for term in self.terms_from(fieldname, prefix):
            yield term, self.term_info(*term)

    def term_info(self, fieldname: str, btext: bytes) -> TermInfo:
        ids = self._ids(fieldname, btext)
        return TermInfo(weight=len(ids), df=len(ids), maxweight=1.0, minid=ids[0], maxid=ids[-1])

    def frequency(self, fieldname: str, btext: bytes) -> int:
        return len(self._ids(fieldname, btext))

    def doc_frequency(self, fieldname: str, btext: bytes) -> int:
        return len(self._ids(fieldname, btext))

    def matcher(
        self, fieldname: str, btext: bytes, format_: Any, scorer: Any = None
    ) -> ListMatcher:
        return ListMatcher(
            self._ids(fieldname, btext), all_weights=1.0, format=format_, scorer=scorer,
            term=(fieldname, btext),
        )  # fmt: skip

    def indexed_field_names(self) -> list[str]:
        return list(self._postings)


class _NoPerDoc(base.PerDocumentReader):  # type: ignore[misc]
    """Per-document data: none is kept (no stored fields, lengths or vectors), only a count."""

    def __init__(self, segment: _ArraySegment):
        self._segment = segment

    def doc_count(self) -> int:
        return int(self._segment.doc_count_all())

    def doc_count_all(self) -> int:
        return int(self._segment.doc_count_all())

    def has_deletions(self) -> bool:
        return False

    def is_deleted(self, docnum: int) -> bool:
        return False

    def deleted_docs(self) -> tuple[int, ...]:
        return ()

    def field_length(self, fieldname: str) -> int:
        return 0

    def min_field_length(self, fieldname: str) -> int:
        return 0

    def max_field_length(self, fieldname: str) -> int:
        return 0

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        return default

    def has_vector(self, docnum: int, fieldname: str) -> bool:
        return False

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        return {}
