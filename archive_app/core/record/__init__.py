"""The record: statements as stored, their identity, bags, the library, the importer,
integrity checks and citations.

The public face of ``archive_app.core.record``: other packages import from here only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archive_app.core._face import lazy_exports

if TYPE_CHECKING:
    from archive_app.core.record.alignment import (
        PairReason,
        Proposal,
        propose_alignment,
    )
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
        add_to_bag,
        create_bag,
        make_bag,
        store_in_bag,
    )
    from archive_app.core.record.citations import (
        cite,
        cite_statement,
    )
    from archive_app.core.record.htmltext import (
        Ignored,
        Line,
        PageText,
        collapse_whitespace,
        page_lines,
    )
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
        UPDATE_NOTE,
        Origin,
        StatementKey,
        UpdateStamp,
        origin_note,
    )
    from archive_app.core.record.library import (
        LOCAL,
        SHIPPED,
        UPDATE,
        Library,
        LibraryEntry,
    )
    from archive_app.core.record.mhtml import (
        MhtmlPage,
        read_mhtml,
    )
    from archive_app.core.record.userarchive import (
        ADDED,
        ALREADY,
        REFUSED,
        AddResult,
        UserArchive,
        curated_alignment,
        plan_add,
    )

_TABLE = {
    "ADDED": "userarchive",
    "ALREADY": "userarchive",
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
    "Line": "htmltext",
    "MhtmlPage": "mhtml",
    "ORIGINS": "key",
    "Origin": "key",
    "PageText": "htmltext",
    "PairReason": "alignment",
    "Problem": "integrity",
    "Proposal": "alignment",
    "REFUSED": "userarchive",
    "SHIPPED": "library",
    "SignOff": "archive",
    "Statement": "archive",
    "StatementKey": "key",
    "UPDATE": "library",
    "UPDATE_NOTE": "key",
    "UpdateStamp": "key",
    "UserArchive": "userarchive",
    "VerifyReport": "integrity",
    "add_to_bag": "bag",
    "cite": "citations",
    "cite_statement": "citations",
    "collapse_whitespace": "htmltext",
    "create_bag": "bag",
    "curated_alignment": "userarchive",
    "import_file": "importer",
    "load_statement": "archive",
    "make_bag": "bag",
    "origin_note": "key",
    "page_lines": "htmltext",
    "parse_source": "importer",
    "plan_add": "userarchive",
    "propose_alignment": "alignment",
    "read_mhtml": "mhtml",
    "statement_filename": "archive",
    "statement_from_dict": "archive",
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
    "REFUSED",
    "SHIPPED",
    "UPDATE",
    "UPDATE_NOTE",
    "AddResult",
    "Alignment",
    "Archive",
    "Ignored",
    "ImportResult",
    "Library",
    "LibraryEntry",
    "Line",
    "MhtmlPage",
    "Origin",
    "PageText",
    "PairReason",
    "Problem",
    "Proposal",
    "SignOff",
    "Statement",
    "StatementKey",
    "UpdateStamp",
    "UserArchive",
    "VerifyReport",
    "add_to_bag",
    "cite",
    "cite_statement",
    "collapse_whitespace",
    "create_bag",
    "curated_alignment",
    "import_file",
    "load_statement",
    "make_bag",
    "origin_note",
    "page_lines",
    "parse_source",
    "plan_add",
    "propose_alignment",
    "read_mhtml",
    "statement_filename",
    "statement_from_dict",
    "statement_to_json",
    "statement_version",
    "store_in_bag",
    "verify_archive",
    "version_from_filename",
]
__getattr__ = lazy_exports(__name__, _TABLE)
