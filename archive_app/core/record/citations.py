"""Citation strings for one paragraph of one statement, shared by every surface that cites.

The form is fixed so papers and tools can rely on it: ``Coalition statement, June Fourth 2021, ¶2``
for an English paragraph and ``Coalition statement, June Fourth 2021, Chinese ¶1`` for a Chinese
one (paragraph numbers are 1-based, as the reader shows them). A citation names the text exactly:
a second text of a year is ``June Fourth 2021 (version 2)``, and a text the user added is
``June Fourth 2021 (version 2), added locally, not signed``, so a local text is never cited as
the signed one; a text from a signed update names it: ``June Fourth 2022, signed update of
2026-06-04, key 1a2b 3c4d 5e6f 7a8b``.
"""

from __future__ import annotations

from archive_app.core.record.key import StatementKey, origin_note

__all__ = ["cite", "cite_statement"]


def cite_statement(key: StatementKey) -> str:
    """``Coalition statement, June Fourth 2021 (version 2), added locally, not signed``."""
    which = f"{key.year} (version {key.version})" if key.version > 1 else str(key.year)
    note = origin_note(key)
    return f"Coalition statement, June Fourth {which}" + (f", {note}" if note else "")


def cite(key: StatementKey, lang: str, paragraph: int) -> str:
    """The citation string for paragraph ``paragraph`` (1-based) of ``lang`` in ``key``."""
    where = f"¶{paragraph}" if lang == "en" else f"Chinese ¶{paragraph}"
    return f"{cite_statement(key)}, {where}"
