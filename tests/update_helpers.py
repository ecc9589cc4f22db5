"""Signed archive updates for the tests: a maintainer's archive with a new year, built with a
throwaway key (:func:`tests.bundle_helpers.new_key`), and hand-made zips for hostile cases."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import stat
import warnings
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import bagit

from archive_app.core.distribution.update import build_update, signed_bag
from tests.bundle_helpers import SigningKey
from tests.conftest import ARCHIVE

WHEN = datetime(2026, 6, 4, 12, 0, tzinfo=UTC)
COMMENT = "june-fourth-archive update made:2026-06-04 statements:2022"
SOURCE_2022 = "data/sources/2022-synthetic.txt"


def statement_2022(*, title: str = "SYNTHETIC TEST FIXTURE: Coalition Statement 2022") -> dict:
    """A statement for 2022 made from the real 2021 one (SYNTHETIC: test data, not a record)."""
    data = json.loads((ARCHIVE / "data" / "statements" / "2021.json").read_text("utf-8"))
    source = source_2022_bytes(title)
    data["year"] = 2022
    data["title"] = title
    data["year_basis"] = {"method": "SYNTHETIC TEST FIXTURE", "evidence": [], "rule": "none"}
    data["en"] = ["SYNTHETIC TEST FIXTURE paragraph one.", *data["en"][1:]]
    data["source"] = {
        "file": SOURCE_2022,
        "sha256": hashlib.sha256(source).hexdigest(),
        "kind": "captured page text",
        "url": None,
        "published": None,
    }
    return data


def source_2022_bytes(title: str = "SYNTHETIC TEST FIXTURE: Coalition Statement 2022") -> bytes:
    return f"{title}\nSYNTHETIC TEST FIXTURE source text, not a published statement.\n".encode()


def statement_bytes(data: Mapping[str, object]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def maintainer_archive(folder: Path) -> Path:
    """A copy of the shipped archive with a (synthetic) 2022 statement and its source added."""
    root = folder / "maintainer-archive"
    shutil.copytree(ARCHIVE, root)
    (root / SOURCE_2022).write_bytes(source_2022_bytes())
    (root / "data" / "statements" / "2022.json").write_bytes(statement_bytes(statement_2022()))
    bagit.Bag(str(root)).save(manifests=True)
    return root


def build(folder: Path, key: SigningKey, years: list[int] | None = None) -> Path:
    """An update file holding 2022 (by default), signed with ``key``."""
    from archive_app.core.record import Archive

    archive = Archive.load(maintainer_archive(folder))
    out = folder / "update-2022.jfa"
    return build_update(archive, years or [2022], key.pair.secret_key, out, when=WHEN)


def payload_2022(data: Mapping[str, object] | None = None) -> dict[str, bytes]:
    data = data or statement_2022()
    return {
        "data/statements/2022.json": statement_bytes(data),
        SOURCE_2022: source_2022_bytes(str(data["title"])),
    }


def signed_files(
    key: SigningKey, payload: Mapping[str, bytes] | None = None, comment: str = COMMENT
) -> dict[str, bytes]:
    return signed_bag(payload or payload_2022(), key.pair.secret_key, comment, WHEN)


def zip_of(
    files: Mapping[str, bytes] | list[tuple[str, bytes]], *, symlinks: tuple[str, ...] = ()
) -> bytes:
    """A zip of ``files`` in the given order (a list of pairs may repeat a name)."""
    items = list(files.items()) if isinstance(files, Mapping) else files
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        warnings.simplefilter("ignore")  # "Duplicate name": that is the point of some tests
        for name, body in items:
            info = zipfile.ZipInfo(name, (2026, 6, 4, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            mode = stat.S_IFLNK | 0o777 if name in symlinks else stat.S_IFREG | 0o644
            info.external_attr = mode << 16
            out.writestr(info, body)
    return buffer.getvalue()
