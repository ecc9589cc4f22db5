"""The one exception tree of the core.

Every error a user can cause is an :class:`ArchiveAppError`; its message names the file (and the
line, where there is one) and says what to do. Anything else escaping the core is a bug.

::

    ArchiveAppError
     ├── ArchiveError            a statement file or the bag is unreadable or invalid
     │    └── IntegrityError     a checksum, a missing or an extra file
     ├── ImportFailure           captured text / saved page the importer cannot read
     ├── QueryError              a search query that cannot be understood
     ├── ConversionError         an unknown script mode
     ├── SettingsError           a settings file that cannot be read or written
     └── CopyFailed              a copy to a USB stick that could not be made (nothing that
                                 looks complete is left behind)
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ArchiveAppError",
    "ArchiveError",
    "ConversionError",
    "CopyFailed",
    "ImportFailure",
    "IntegrityError",
    "QueryError",
    "SettingsError",
]


class ArchiveAppError(Exception):
    """Base of every error a user can cause; carries the file and line it is about."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}"


class ArchiveError(ArchiveAppError):
    """A statement file or the archive bag cannot be read or is not valid."""


class IntegrityError(ArchiveError):
    """The bag's checksums or file list do not match what is on disk."""


class ImportFailure(ArchiveAppError):
    """The importer cannot find the structure of a statement in a source file."""


class QueryError(ArchiveAppError):
    """A search query cannot be understood."""


class ConversionError(ArchiveAppError):
    """An unknown script mode was asked for."""


class SettingsError(ArchiveAppError):
    """A settings file cannot be read or written."""


class CopyFailed(ArchiveAppError):
    """The copy could not be made; nothing that looks complete was left behind."""
