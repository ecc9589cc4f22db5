"""The record: statements as stored, their identity, bags, the library, the importer,
integrity checks and citations.

The public face of ``archive_app.core.record``: other packages import from here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive_app.core._face import lazy_exports

if TYPE_CHECKING:
    from archive_app.core.record.alignment import PairReason
    from archive_app.core.record.archive import (
        FORMAT_VERSION,
        Alignment,
        Archive,
        SignOff,
        Statement,
        load_statement,
        statement_filename,
        statement_from_dict,
        statement_to_json,
        statement_version,
        version_from_filename,
    )
    from archive_app.core.record.bag import (
        AddOutcome,
        add_to_bag,
        create_bag,
        make_bag,
        store_in_bag,
    )
    from archive_app.core.record.citations import (
        cite,
        cite_statement,
    )
    from archive_app.core.record.htmltext import Ignored
    from archive_app.core.record.importer import (
        IMPORTER_VERSION,
        ImportResult,
        import_file,
        parse_source,
    )
    from archive_app.core.record.integrity import (
        Problem,
        VerifyReport,
        verify_archive,
    )
    from archive_app.core.record.key import (
        LOCAL_NOTE,
        ORIGINS,
        Origin,
        StatementKey,
        origin_note,
    )
    from archive_app.core.record.library import (
        LOCAL,
        SHIPPED,
        Library,
        LibraryEntry,
        citation_note,
        describe_origin,
        statement_label,
    )
    from archive_app.core.record.userarchive import (
        ADDED,
        ALREADY,
        AddResult,
        UserArchive,
        curated_alignment,
    )

_TABLE = {
    "ADDED": "userarchive",
    "ALREADY": "userarchive",
    "AddOutcome": "bag",
    "AddResult": "userarchive",
    "Alignment": "archive",
    "Archive": "archive",
    "FORMAT_VERSION": "archive",
    "IMPORTER_VERSION": "importer",
    "Ignored": "htmltext",
    "ImportResult": "importer",
    "LOCAL": "library",
    "LOCAL_NOTE": "key",
    "Library": "library",
    "LibraryEntry": "library",
    "ORIGINS": "key",
    "Origin": "key",
    "PairReason": "alignment",
    "Problem": "integrity",
    "SHIPPED": "library",
    "SignOff": "archive",
    "Statement": "archive",
    "StatementKey": "key",
    "UserArchive": "userarchive",
    "VerifyReport": "integrity",
    "add_to_bag": "bag",
    "citation_note": "library",
    "cite": "citations",
    "cite_statement": "citations",
    "create_bag": "bag",
    "curated_alignment": "userarchive",
    "describe_origin": "library",
    "import_file": "importer",
    "load_statement": "archive",
    "make_bag": "bag",
    "origin_note": "key",
    "parse_source": "importer",
    "statement_filename": "archive",
    "statement_from_dict": "archive",
    "statement_label": "library",
    "statement_to_json": "archive",
    "statement_version": "archive",
    "store_in_bag": "bag",
    "verify_archive": "integrity",
    "version_from_filename": "archive",
}
__all__ = [
    "ADDED",
    "ALREADY",
    "FORMAT_VERSION",
    "IMPORTER_VERSION",
    "LOCAL",
    "LOCAL_NOTE",
    "ORIGINS",
    "SHIPPED",
    "AddOutcome",
    "AddResult",
    "Alignment",
    "Archive",
    "Ignored",
    "ImportResult",
    "Library",
    "LibraryEntry",
    "Origin",
    "PairReason",
    "Problem",
    "SignOff",
    "Statement",
    "StatementKey",
    "UserArchive",
    "VerifyReport",
    "add_to_bag",
    "citation_note",
    "cite",
    "cite_statement",
    "create_bag",
    "curated_alignment",
    "describe_origin",
    "import_file",
    "load_statement",
    "make_bag",
    "origin_note",
    "parse_source",
    "statement_filename",
    "statement_from_dict",
    "statement_label",
    "statement_to_json",
    "statement_version",
    "store_in_bag",
    "verify_archive",
    "version_from_filename",
]
__getattr__ = lazy_exports(__name__, _TABLE)
