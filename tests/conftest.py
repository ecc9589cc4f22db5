"""Test set-up shared by every test.

Qt must see ``QT_QPA_PLATFORM=offscreen`` before it is first imported, so it is set here, at
import time of the conftest, before pytest-qt or any test module imports PySide6. Every test
also gets its own app home, so no test ever touches the real user folders.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import pytest

REPO = Path(__file__).resolve().parent.parent
ARCHIVE = REPO / "archive_data"
SEED_DIR = REPO.parent / "shared" / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ARCHIVE_APP_HOME", str(home))
    monkeypatch.delenv("ARCHIVE_APP_ARCHIVE", raising=False)
    yield


@pytest.fixture
def archive_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped archive that a test may damage."""
    target = tmp_path / "archive"
    shutil.copytree(ARCHIVE, target)
    return target
