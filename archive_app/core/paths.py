"""Every path the app reads or writes, in one place.

The shipped archive is read-only; what the app writes (settings, caches, user-added statements)
goes to the platform's user folders, or, in portable mode, under ``<portable>/Data``. Tests and
users redirect both with environment variables instead of patching internals.

Portable mode (for a copy carried on a USB stick) is on when

- ``--portable DIR`` is given on the command line (before or after the command name), or
- a file named ``portable`` (any content, usually empty) sits beside the program: in a
  PyInstaller bundle beside the executable (``sys.executable``), so the portable folder is the
  bundle folder itself; when running from a source checkout, at the repo root beside the
  ``archive_app`` package (``package_root()``).

An explicit ``--portable DIR`` wins over the marker. In portable mode every file the app writes
goes under ``<folder>/Data`` (settings INI in ``Data/config``, user-added statements in
``Data/user-archive``, caches in ``Data/cache``); nothing is stored as an absolute path (use
:meth:`AppPaths.to_stored` / :meth:`AppPaths.from_stored`), so the folder can be moved and
renamed. The search index is never written to disk in portable mode (it is built in memory), and
search history is off by default (:attr:`AppPaths.search_history_default`). When the folder is
read-only (a locked stick, a CD), :attr:`AppPaths.writable` is False: settings stay in memory and
the window says that changes will not be saved.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # configparser, tempfile and platformdirs are imported where used
    import configparser

__all__ = [
    "APP_NAME",
    "AppPaths",
    "bundle_root",
    "default_archive_dir",
    "find_portable_dir",
    "is_default_archive",
    "is_frozen",
    "package_root",
    "probe_writable",
    "read_ini",
    "resolve_app_paths",
    "resources_dir",
    "shipped_root",
]

APP_NAME = "june-fourth-archive"
ENV_ARCHIVE = "ARCHIVE_APP_ARCHIVE"
ENV_HOME = "ARCHIVE_APP_HOME"
PORTABLE_MARKER = "portable"
PORTABLE_DATA = "Data"


def package_root() -> Path:
    """The folder that holds ``archive_app``, ``resources`` and ``archive_data``.

    In a PyInstaller bundle that is the unpacked bundle folder; in a checkout, the repo root.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent.parent


def is_frozen() -> bool:
    """True when running from a PyInstaller bundle rather than from Python sources."""
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path | None:
    """The folder of the running bundle (the one holding the executable), or None from source."""
    if not is_frozen():
        return None
    return Path(sys.executable).resolve().parent


def program_dir() -> Path:
    """Where the ``portable`` marker is looked for: beside the executable, or the repo root."""
    root = bundle_root()
    return root if root is not None else package_root()


def find_portable_dir() -> Path | None:
    """The portable folder named by a ``portable`` marker beside the program, if there is one."""
    folder = program_dir()
    return folder if (folder / PORTABLE_MARKER).is_file() else None


SHIPPED_PACKAGE_DIR = "_shipped"
"""In an installed wheel, the folder inside ``archive_app`` that holds ``resources``,
``archive_data`` and ``packaging/keys`` (the repo keeps them at its top level; ``setup.py``
copies them in when it builds the wheel)."""


@functools.cache
def shipped_root() -> Path:
    """The folder holding ``resources/``, ``archive_data/`` and ``packaging/keys/``.

    In a PyInstaller bundle, the bundle's ``_internal``; in an installed wheel,
    ``archive_app/_shipped`` (package data, unpacked beside the package's modules: a wheel is
    always installed as files); in a checkout (and an editable install), the repo root. Asked
    once per run (``importlib.resources`` found the same folder at 8 ms of the start-up).
    """
    if getattr(sys, "_MEIPASS", None):
        return package_root()
    installed = Path(__file__).resolve().parent.parent / SHIPPED_PACKAGE_DIR
    if installed.is_dir():
        return installed
    return package_root()


def resources_dir() -> Path:
    return shipped_root() / "resources"


def default_archive_dir() -> Path:
    """The archive to open when none is named: ``$ARCHIVE_APP_ARCHIVE`` or the shipped bag."""
    override = os.environ.get(ENV_ARCHIVE)
    if override:
        return Path(override)
    return shipped_root() / "archive_data"


def is_default_archive(root: Path) -> bool:
    """Whether ``root`` is the archive opened when none is named (a named one is shown alone,
    without the user's additions or updates)."""
    try:
        return Path(root).resolve() == default_archive_dir().resolve()
    except OSError:
        return False


@dataclass(frozen=True)
class AppPaths:
    """Where this run of the app writes: user folders, or one portable folder."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path
    portable: bool = False
    root: Path | None = None
    """The portable folder (the one holding ``Data``), or None for user folders."""

    @classmethod
    def for_user(cls) -> AppPaths:
        """The platform's user folders, or ``$ARCHIVE_APP_HOME/{config,data,cache}``."""
        home = os.environ.get(ENV_HOME)
        if home:
            base = Path(home)
            return cls(base / "config", base / "data", base / "cache")
        import platformdirs

        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )

    @classmethod
    def for_portable(cls, folder: Path) -> AppPaths:
        """Everything under ``folder/Data`` so the whole folder can move as one."""
        folder = Path(os.path.abspath(folder))
        data = folder / PORTABLE_DATA
        return cls(data / "config", data, data / "cache", portable=True, root=folder)

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.ini"

    @property
    def user_archive_dir(self) -> Path:
        """The user's own bag of statements added locally (never the shipped one)."""
        return self.data_dir / "user-archive"

    @property
    def updates_dir(self) -> Path:
        """Signed archive updates the user applied (``.jfa``), each kept as its own bag beside
        its original file (:mod:`archive_app.core.distribution.update`); ``Data/updates`` in
        portable mode."""
        return self.data_dir / "updates"

    @property
    def writable(self) -> bool:
        """Whether files can be saved here. Probed on each call (a stick can be locked or pulled);
        callers ask once at start and keep the answer. Read-only: keep settings in memory and say
        that changes will not be saved."""
        return probe_writable(self.data_dir)

    @property
    def search_history_default(self) -> bool:
        """The default of the search-history setting: off in portable mode (a stick is handed on),
        on for a user's own folders."""
        return not self.portable

    @property
    def index_on_disk_allowed(self) -> bool:
        """Never in portable mode: a stick passed on could carry a crafted index."""
        return not self.portable

    def to_stored(self, path: Path) -> str:
        """A path as it may be written into a settings file: relative (POSIX) when it lies inside
        the portable folder, so the folder can move; absolute otherwise."""
        path = Path(os.path.abspath(path))
        if self.root is not None:
            with contextlib.suppress(ValueError):
                return path.relative_to(self.root).as_posix()
        return str(path)

    def from_stored(self, text: str) -> Path:
        """The inverse of :meth:`to_stored`. A relative path is taken inside the portable folder
        and may not climb out of it with ``..`` (a settings file is not trusted)."""
        if self.root is None or os.path.isabs(text) or text[:1] in ("/", "\\"):
            return Path(text)
        parts = PurePosixPath(text.replace("\\", "/")).parts
        if ".." in parts:
            raise ValueError(f"a stored path may not leave the portable folder: {text!r}")
        return self.root.joinpath(*parts)


def probe_writable(folder: Path) -> bool:
    """Whether a file can be created in ``folder`` (or, if it does not exist yet, in the nearest
    folder above it that does). Creates nothing that stays: the probe file is removed at once.

    Tests replace this function to simulate read-only media (root can write anywhere).
    """
    folder = Path(folder)
    probe_dir = folder
    while not probe_dir.exists():
        if probe_dir.parent == probe_dir:
            return False
        probe_dir = probe_dir.parent
    if not probe_dir.is_dir():
        return False
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix=".write-probe-", dir=probe_dir)
    except OSError:
        return False
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return True


def resolve_app_paths(portable_dir: Path | str | None = None) -> AppPaths:
    """The paths for this run: ``--portable DIR`` if given, else a ``portable`` marker beside the
    program, else the user's folders."""
    if portable_dir:
        return AppPaths.for_portable(Path(portable_dir))
    marked = find_portable_dir()
    if marked is not None:
        return AppPaths.for_portable(marked)
    return AppPaths.for_user()


MAX_INI_BYTES = 256 * 1024


def read_ini(path: Path) -> tuple[dict[str, dict[str, str]], str | None]:
    """Read an INI file that someone else may have left (a stick is handed on), trusting nothing.

    Returns ``(sections, problem)``: the sections as plain strings (no interpolation, nothing
    evaluated), or ``{}`` and a message naming the file (and line) when the file is unreadable,
    too large, not UTF-8, holds NUL bytes, or is not valid INI (duplicate sections or keys
    included). A missing file is ``({}, None)``. Never raises for bad content; the caller uses
    its defaults and may say so. Types and ranges are the settings module's to check.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_INI_BYTES + 1)
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"{path}: cannot be read ({exc.strerror or exc}); defaults are used"
    if len(raw) > MAX_INI_BYTES:
        return (
            {},
            f"{path}: larger than {MAX_INI_BYTES} bytes, not a settings file; defaults are used",
        )
    if b"\x00" in raw:
        return {}, f"{path}: holds NUL bytes, not a settings file; defaults are used"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return {}, f"{path}:{line}: not UTF-8 text; defaults are used"
    import configparser

    parser = configparser.ConfigParser(interpolation=None, strict=True, default_section="\x00")
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        line = _ini_error_line(exc)
        where = f"{path}:{line}" if line else str(path)
        return {}, f"{where}: {_ini_error_text(exc)}; defaults are used"
    sections = {name: dict(parser.items(name, raw=True)) for name in parser.sections()}
    return sections, None


def _ini_error_line(exc: configparser.Error) -> int:
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return int(lineno)
    errors = getattr(exc, "errors", None)
    return int(errors[0][0]) if errors else 0


def _ini_error_text(exc: configparser.Error) -> str:
    import configparser

    if isinstance(exc, configparser.MissingSectionHeaderError):
        return "a setting before any [section] header"
    if isinstance(exc, configparser.DuplicateSectionError):
        return f"the section [{exc.section}] appears twice"
    if isinstance(exc, configparser.DuplicateOptionError):
        return f"the key {exc.option!r} appears twice in [{exc.section}]"
    if isinstance(exc, configparser.ParsingError):
        return "a line that is not 'key = value' or a [section] header"
    return "not a valid INI file"
