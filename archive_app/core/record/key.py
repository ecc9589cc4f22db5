"""A statement's identity: (year, version, origin).

A year can hold more than one text (a second capture that differs, a correction), and a text can
come from the signed archive the app ships, from a signed archive update (a ``.jfa`` file checked
against the keys built into the app, :mod:`archive_app.core.distribution.update`), or from the
user's own imports, which nobody signed.
Everything that refers to a statement (library listings, search hits, concordance lines, trend
rows, compare sides, exports, citations, the window) carries a :class:`StatementKey`, never a
bare year, so a local text can never be shown or cited as the signed one.

Ordering (:meth:`StatementKey.sort_key`): by year, then version, then origin with the signed
texts first (shipped, then signed updates, then local), so a year's first entry is always the
signed one when there is one.

A statement from an update also carries *which* update: its :class:`UpdateStamp` (the signing
date from the signed comment and the key's fingerprint) rides on the key as
:attr:`StatementKey.update`. It is not part of the identity (equality and hashing ignore it; the
library never holds two update texts under one (year, version)), but it travels with the key to
every surface that names the origin: ``origin_note(key)`` gives
"signed update of 2026-06-04, key 1a2b 3c4d 5e6f 7a8b".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "LOCAL_NOTE",
    "ORIGINS",
    "UPDATE_NOTE",
    "Origin",
    "StatementKey",
    "UpdateStamp",
    "origin_note",
]


class Origin(StrEnum):
    """Where a statement came from; the value is what JSON output and exports carry."""

    SHIPPED = "shipped"  # the archive shipped with the app (signed in a release)
    UPDATE = "update"  # a signed archive update (.jfa), verified against the app's own keys
    LOCAL = "local"  # added locally by the user: not signed, not part of the published archive

    @property
    def signed(self) -> bool:
        return self is not Origin.LOCAL


ORIGINS: tuple[Origin, ...] = tuple(Origin)

# The fixed English wording of citations, exports and the CLI (the window translates it).
LOCAL_NOTE = "added locally, not signed"
# For an update statement whose stamp is not at hand (the full note names date and key).
UPDATE_NOTE = "signed update"


@dataclass(frozen=True)
class UpdateStamp:
    """Which signed update a statement came from: what its origin note shows.

    ``date`` is the day the update was made, as its signed (trusted) comment says
    (``2026-06-04``); ``key_id`` and ``fingerprint`` name the built-in key that verified it
    (the fingerprint as :class:`~archive_app.core.distribution.bundle.TrustedKey` writes it, in
    groups of four hex digits); ``name`` is the held update's folder name.
    """

    date: str
    key_id: str
    fingerprint: str
    name: str = ""

    @property
    def short_fingerprint(self) -> str:
        """The first 16 hex digits of the fingerprint, in groups: ``1a2b 3c4d 5e6f 7a8b``."""
        return " ".join(self.fingerprint.split()[:4])

    @property
    def note(self) -> str:
        return f"{UPDATE_NOTE} of {self.date}, key {self.short_fingerprint}"

    def to_dict(self) -> dict[str, str]:
        return {
            "date": self.date,
            "key_id": self.key_id,
            "fingerprint": self.fingerprint,
            "name": self.name,
        }


def origin_note(origin: Origin | StatementKey) -> str | None:
    """What every surface that names a statement adds for its origin; ``None`` for shipped.

    Given a key, an update statement's note names its update (date and key); given a bare
    origin, only "signed update".
    """
    if isinstance(origin, StatementKey):
        if origin.origin is Origin.UPDATE and origin.update is not None:
            return origin.update.note
        origin = origin.origin
    if origin is Origin.LOCAL:
        return LOCAL_NOTE
    if origin is Origin.UPDATE:
        return UPDATE_NOTE
    return None


_RANK = {origin: rank for rank, origin in enumerate(ORIGINS)}


@dataclass(frozen=True)
class StatementKey:
    """The identity of one statement text: ``StatementKey(2021, 2, Origin.LOCAL)``."""

    year: int
    version: int = 1
    origin: Origin = Origin.SHIPPED
    update: UpdateStamp | None = field(default=None, compare=False, repr=False)
    """For :attr:`Origin.UPDATE`: the update it came from (not part of the identity)."""

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

    @property
    def note(self) -> str | None:
        """:func:`origin_note` of this key."""
        return origin_note(self)

    def to_dict(self) -> dict[str, Any]:
        """``year``, ``version``, ``origin``; an update statement adds ``update`` (its stamp)."""
        out: dict[str, Any] = {
            "year": self.year,
            "version": self.version,
            "origin": self.origin.value,
        }
        if self.update is not None:
            out["update"] = self.update.to_dict()
        return out

    def __str__(self) -> str:
        return self.slug
