"""Every path the app reads or writes, in one place.

The shipped archive is read-only; what the app writes (settings, caches, user-added statements)
goes to the platform's user folders, or, in portable mode, under ``<portable>/Data``. Tests and
users redirect both with environment variables instead of patching internals.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = [
    "APP_NAME",
    "AppPaths",
    "default_archive_dir",
    "package_root",
    "resolve_app_paths",
    "resources_dir",
]

APP_NAME = "june-fourth-archive"
ENV_ARCHIVE = "ARCHIVE_APP_ARCHIVE"
ENV_HOME = "ARCHIVE_APP_HOME"


def package_root() -> Path:
    """The folder that holds ``archive_app``, ``resources`` and ``archive_data``.

    In a PyInstaller bundle that is the unpacked bundle folder; in a checkout, the repo root.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent.parent


def resources_dir() -> Path:
    return package_root() / "resources"


def default_archive_dir() -> Path:
    """The archive to open when none is named: ``$ARCHIVE_APP_ARCHIVE`` or the shipped bag."""
    override = os.environ.get(ENV_ARCHIVE)
    if override:
        return Path(override)
    return package_root() / "archive_data"


@dataclass(frozen=True)
class AppPaths:
    """Where this run of the app writes: user folders, or one portable folder."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path
    portable: bool = False

    @classmethod
    def for_user(cls) -> AppPaths:
        """The platform's user folders, or ``$ARCHIVE_APP_HOME/{config,data,cache}``."""
        home = os.environ.get(ENV_HOME)
        if home:
            base = Path(home)
            return cls(base / "config", base / "data", base / "cache")
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )

    @classmethod
    def for_portable(cls, folder: Path) -> AppPaths:
        """Everything under ``folder/Data`` so the whole folder can move as one."""
        data = folder / "Data"
        return cls(data / "config", data, data / "cache", portable=True)

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.ini"

    @property
    def user_archive_dir(self) -> Path:
        """The user's own bag of statements added locally (never the shipped one)."""
        return self.data_dir / "user-archive"


def resolve_app_paths(portable_dir: Path | str | None = None) -> AppPaths:
    """The paths for this run: ``--portable DIR`` if given, else the user's folders."""
    if portable_dir:
        return AppPaths.for_portable(Path(portable_dir))
    return AppPaths.for_user()
