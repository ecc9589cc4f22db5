"""A statement's identity: (year, version, origin).

A year can hold more than one text (a second capture that differs, a correction), and a text can
come from the signed archive the app ships or from the user's own imports, which nobody signed.
Everything that refers to a statement (library listings, search hits, concordance lines, trend
rows, compare sides, exports, citations, the window) carries a :class:`StatementKey`, never a
bare year, so a local text can never be shown or cited as the signed one.

Ordering (:meth:`StatementKey.sort_key`): by year, then version, then origin with the signed
text first, so a year's first entry is always the signed one when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["LOCAL_NOTE", "ORIGINS", "Origin", "StatementKey", "origin_note"]


class Origin(StrEnum):
    """Where a statement came from; the value is what JSON output and exports carry."""

    SHIPPED = "shipped"  # the archive shipped with the app (signed in a release)
    LOCAL = "local"  # added locally by the user: not signed, not part of the published archive

    @property
    def signed(self) -> bool:
        return self is not Origin.LOCAL


ORIGINS: tuple[Origin, ...] = tuple(Origin)

# The fixed English wording of citations, exports and the CLI (the window translates it).
LOCAL_NOTE = "added locally, not signed"


def origin_note(origin: Origin) -> str | None:
    """What every surface that names a statement adds for its origin; ``None`` for shipped."""
    return LOCAL_NOTE if origin is Origin.LOCAL else None


_RANK = {origin: rank for rank, origin in enumerate(ORIGINS)}


@dataclass(frozen=True)
class StatementKey:
    """The identity of one statement text: ``StatementKey(2021, 2, Origin.LOCAL)``."""

    year: int
    version: int = 1
    origin: Origin = Origin.SHIPPED

    @property
    def signed(self) -> bool:
        return self.origin.signed

    @property
    def local(self) -> bool:
        return self.origin is Origin.LOCAL

    @property
    def label(self) -> str:
        """``2021`` for a first version, ``2021 v2`` for a later one (origin not included)."""
        return str(self.year) if self.version == 1 else f"{self.year} v{self.version}"

    @property
    def slug(self) -> str:
        """A short unique token for ids and anchors: ``2021``, ``2021.v2``, ``2022.local``."""
        base = str(self.year) if self.version == 1 else f"{self.year}.v{self.version}"
        return base if self.origin is Origin.SHIPPED else f"{base}.{self.origin.value}"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.version, _RANK[self.origin])

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "version": self.version, "origin": self.origin.value}

    def __str__(self) -> str:
        return self.slug
