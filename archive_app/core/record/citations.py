"""Citation strings for one paragraph of one statement, shared by search, concordance and export.

The form is fixed so papers and tools can rely on it: ``Coalition statement, June Fourth 2021, ¶2``
for an English paragraph and ``Coalition statement, June Fourth 2021, Chinese ¶1`` for a Chinese
one (paragraph numbers are 1-based, as the reader shows them). A second text kept for the same
year (see the library) is cited as ``June Fourth 2021 (version 2)``.
"""

from __future__ import annotations

__all__ = ["cite"]


def cite(year: int, lang: str, paragraph: int, version: int = 1) -> str:
    """The citation string for paragraph ``paragraph`` (1-based) of ``lang`` in ``year``."""
    where = f"¶{paragraph}" if lang == "en" else f"Chinese ¶{paragraph}"
    which = f"{year} (version {version})" if version > 1 else str(year)
    return f"Coalition statement, June Fourth {which}, {where}"
