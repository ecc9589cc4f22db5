"""Citation strings for one paragraph of one statement, shared by search, concordance and export.

The form is fixed so papers and tools can rely on it: ``Coalition statement, June Fourth 2021, ¶2``
for an English paragraph and ``Coalition statement, June Fourth 2021, Chinese ¶1`` for a Chinese
one (paragraph numbers are 1-based, as the reader shows them).
"""

from __future__ import annotations

__all__ = ["cite"]


def cite(year: int, lang: str, paragraph: int) -> str:
    """The citation string for paragraph ``paragraph`` (1-based) of ``lang`` in ``year``."""
    where = f"¶{paragraph}" if lang == "en" else f"Chinese ¶{paragraph}"
    return f"Coalition statement, June Fourth {year}, {where}"
