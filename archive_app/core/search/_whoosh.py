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
from whoosh.codec.whoosh3 import W3Codec  # noqa: E402
from whoosh.filedb.filestore import RamStorage  # noqa: E402
from whoosh.filedb.structfile import StructFile  # noqa: E402
from whoosh.lang.snowball.english import EnglishStemmer  # noqa: E402
from whoosh.reading import TermNotFound  # noqa: E402
from whoosh.writing import SegmentWriter  # noqa: E402

__all__ = [
    "EnglishStemmer",
    "RamStorage",
    "SegmentWriter",
    "SpaceSeparatedTokenizer",
    "StructFile",
    "TermNotFound",
    "Token",
    "Tokenizer",
    "W3Codec",
    "fields",
    "formats",
]
