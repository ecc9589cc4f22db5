"""Build a temporary multi-year archive from the SYNTHETIC TEST FIXTURES in tests/data/synthetic.

The bag holds the two invented years (2019, 2020) and, unless ``with_real`` is False, a copy of
the real 2021 statement, so research features see three years. It is made with ``bagit`` in a
temporary folder at test time and is never written into ``archive_data/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import bagit

from tests.conftest import ARCHIVE, DATA

SYNTHETIC = DATA / "synthetic"


def make_synthetic_archive(folder: Path, *, with_real: bool = True) -> Path:
    """A BagIt bag under ``folder`` with the synthetic years (and the real 2021); its path."""
    root = folder / "synthetic-archive"
    statements = root / "statements"
    statements.mkdir(parents=True)
    for name in ("2019.json", "2020.json"):
        shutil.copyfile(SYNTHETIC / name, statements / name)
    if with_real:
        shutil.copyfile(ARCHIVE / "data" / "statements" / "2021.json", statements / "2021.json")
    bagit.make_bag(
        str(root), {"External-Description": "SYNTHETIC TEST FIXTURE"}, checksums=["sha256"]
    )
    return root
