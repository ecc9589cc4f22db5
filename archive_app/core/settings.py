"""The one settings schema of the app: typed, documented once, stored as INI.

Every setting is a field of :class:`Settings` with its type (the annotation), its default and its
doc (the field metadata), and optional ``choices`` or a ``range``. Nothing else declares a
setting; the window, the CLI and the tests all read this class.

:class:`SettingsFile` loads and saves one INI file (``AppPaths.settings_file``):

- a missing file gives the defaults;
- a damaged file (not INI, not UTF-8, or values of the wrong type) gives the defaults for what is
  damaged, and the file itself is **kept aside** as ``settings.ini.damaged-YYYYmmdd-HHMMSS``, never
  silently overwritten; the reason is in :attr:`SettingsFile.notices`;
- a file that cannot be written (read-only media) leaves the settings in memory and
  :attr:`SettingsFile.persistent` false, so the window can say that changes will not be saved.

Pure Python: no Qt here, so the CLI and the tests can read settings without starting Qt.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import json
import os
import time
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from archive_app.core.convert import MODES, Mode
from archive_app.core.errors import SettingsError
from archive_app.core.safefile import FileRefused, json_depth, read_regular

__all__ = [
    "CHINESE_FACES",
    "SECTION",
    "THEMES",
    "UI_LANGUAGES",
    "VIEWS",
    "ChineseFace",
    "Settings",
    "SettingsFile",
    "ThemeName",
    "View",
    "setting_fields",
]

SECTION = "settings"

MAX_SETTINGS_BYTES = 1024 * 1024  # a settings file is a few hundred bytes; refused past this


class View(StrEnum):
    """The reading views (declared once: the window, the CLI choices, the settings schema)."""

    EN = "en"
    ZH = "zh"
    SIDE_BY_SIDE = "side-by-side"


class ThemeName(StrEnum):
    """The colour themes of the window (their colours live in the GUI)."""

    LIGHT = "light"
    DARK = "dark"
    SEPIA = "sepia"


class ChineseFace(StrEnum):
    """The face the reading pane sets Chinese in: the bundled Sans (黑體) or Serif (明體/宋體).

    Each has a Traditional and a Simplified face; the GUI maps (face, script) to a family."""

    SANS = "sans"
    SERIF = "serif"


VIEWS: tuple[str, ...] = tuple(v.value for v in View)
THEMES: tuple[str, ...] = tuple(t.value for t in ThemeName)
CHINESE_FACES: tuple[str, ...] = tuple(f.value for f in ChineseFace)
UI_LANGUAGES = ("", "en", "zh_Hant", "zh_Hans")
HISTORY_MAX = 20


def _setting(default: Any, doc: str, **extra: Any) -> Any:
    """A field declared once: its default, its doc and its constraints."""
    return field(default=default, metadata={"doc": doc, **extra})


@dataclass
class Settings:
    """Everything the app remembers between runs."""

    window_geometry: str = _setting(
        "", "the main window's size and place (Qt saveGeometry, base64); empty: default", b64=True
    )
    last_year: int | None = _setting(None, "the year shown when the app last closed")
    last_statement: str = _setting(
        "", "the statement shown when the app last closed (its key: 2021, 2021.v2, 2022.local)"
    )
    view: View = _setting(View.SIDE_BY_SIDE, "the reading view", choices=VIEWS, enum=View)
    script: Mode = _setting(
        Mode.ORIGINAL, "the script Chinese text is shown in", choices=MODES, enum=Mode
    )
    zoom: int = _setting(100, "text size of the reading pane, in percent", range=(50, 300))
    theme: ThemeName = _setting(
        ThemeName.LIGHT, "colour theme of the reading pane", choices=THEMES, enum=ThemeName
    )
    ui_language: str = _setting(
        "", "interface language; empty: follow the system", choices=UI_LANGUAGES
    )
    line_spacing: int = _setting(
        140, "line height of the reading pane's English, in percent", range=(100, 250)
    )
    column_width: int = _setting(
        90, "the reading column's width in characters (English or Chinese view)", range=(40, 160)
    )
    stored_beside_converted: bool = _setting(
        False, "show the stored Chinese in a column beside the converted text"
    )
    chinese_face: ChineseFace = _setting(
        ChineseFace.SANS,
        "the face of the reading pane's Chinese: sans (Hei) or serif (Song/Ming)",
        choices=CHINESE_FACES,
        enum=ChineseFace,
    )
    search_history_enabled: bool = _setting(
        True, "remember recent searches (off by default in portable mode)"
    )
    search_history: list[str] = field(
        default_factory=list,
        metadata={"doc": "recent searches, newest first (JSON list); kept only with history on"},
    )

    def remember_search(self, query: str) -> None:
        """Put ``query`` first in the history, if history is enabled."""
        query = query.strip()
        if not self.search_history_enabled or not query:
            return
        history = [q for q in self.search_history if q != query]
        self.search_history = [query, *history][:HISTORY_MAX]


def setting_fields() -> Iterator[tuple[dataclasses.Field[Any], Any]]:
    """(field, resolved type) for every setting, in declaration order."""
    hints = typing.get_type_hints(Settings)
    for f in dataclasses.fields(Settings):
        yield f, hints[f.name]


def _encode(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _clip(text: str, limit: int = 40) -> str:
    """A value from the file for a message: quoted, escaped, cut short."""
    shown = ascii(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _decode(text: str, kind: Any, f: dataclasses.Field[Any]) -> Any:
    """The typed value of ``text``, or :class:`ValueError` saying what is wrong."""
    optional = False
    if isinstance(kind, types.UnionType) and type(None) in typing.get_args(kind):
        optional = True
        kind = next(k for k in typing.get_args(kind) if k is not type(None))
    text = text.strip()
    value: Any
    if optional and text == "":
        return None
    if kind is bool:
        lowered = text.lower()
        if lowered in ("true", "yes", "on", "1"):
            value = True
        elif lowered in ("false", "no", "off", "0"):
            value = False
        else:
            raise ValueError(f"expected true or false, found {_clip(text)}")
    elif kind is int:
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"expected a whole number, found {_clip(text)}") from None
    elif typing.get_origin(kind) is list:
        if json_depth(text, stop_at=3) > 1:  # a list of texts nests 1 deep; 100,000 would recurse
            raise ValueError("expected a JSON list of texts")
        try:
            value = json.loads(text) if text else []
        except (ValueError, RecursionError):
            raise ValueError("expected a JSON list of texts") from None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("expected a JSON list of texts")
        value = value[:HISTORY_MAX]
    else:
        value = text
    choices = f.metadata.get("choices")
    if choices is not None and value not in choices:
        expected = ", ".join(repr(c) for c in choices)
        raise ValueError(f"expected one of {expected}, found {_clip(text)}")
    enum = f.metadata.get("enum")
    if enum is not None:
        value = enum(value)
    bounds = f.metadata.get("range")
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        raise ValueError(f"expected {bounds[0]} to {bounds[1]}, found {value}")
    if f.metadata.get("b64") and value:
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("expected base64 text") from None
    return value


def _writable(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (or in the folder that would hold it)."""
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK)


class SettingsFile:
    """One settings file: load with fallbacks, save atomically, or keep in memory only.

    ``SettingsFile(None)`` keeps settings in memory only (tests, screenshots); it is not
    persistent but has nothing to warn about either.
    """

    def __init__(self, path: Path | None, *, history_default: bool = True):
        self.path = path
        # Defaults that depend on where the app runs: a portable copy remembers no searches
        # unless its holder turns that on (AppPaths.search_history_default).
        self.defaults = Settings(search_history_enabled=history_default)
        self.settings = dataclasses.replace(self.defaults)
        self.notices: list[str] = []
        self.damage: list[str] = []  # what could not be read, each naming the file (and line)
        self.persistent = path is not None
        self.read_only = False
        self.kept_aside: Path | None = None

    @classmethod
    def in_memory(cls) -> SettingsFile:
        return cls(None)

    def load(self) -> Settings:
        """Read the file; never raises for a user's file, says what happened in ``notices``."""
        self.settings = dataclasses.replace(self.defaults)
        if self.path is None:
            return self.settings
        if not _writable(self.path.parent) or (
            self.path.exists() and not os.access(self.path, os.W_OK)
        ):
            self._go_read_only()
        try:
            # A regular file of sane size: a FIFO or a link to /dev/zero left in a portable
            # folder would otherwise hang the window before it opens.
            raw = read_regular(self.path, MAX_SETTINGS_BYTES)
        except FileNotFoundError:
            return self.settings
        except FileRefused as exc:
            self._keep_aside([str(SettingsError(exc.message, self.path))])
            return self.settings
        except OSError as exc:
            self.notices.append(str(SettingsError(f"cannot read: {exc.strerror}", self.path)))
            self._go_read_only()
            return self.settings
        problems: list[str] = []
        import configparser  # here: the CLI imports this module for its choices only

        parser = configparser.ConfigParser(interpolation=None, strict=True)
        try:
            parser.read_string(raw.decode("utf-8"), source=str(self.path))
            if not parser.has_section(SECTION):
                raise configparser.Error(f"no [{SECTION}] section")
        except UnicodeDecodeError as exc:
            bad_line = raw.count(b"\n", 0, exc.start) + 1
            problems.append(str(SettingsError("not UTF-8 text", self.path, bad_line)))
        except configparser.Error as exc:
            lineno: int | None = getattr(exc, "lineno", None)
            message = exc.message.splitlines()[0] if hasattr(exc, "message") else str(exc)
            problems.append(
                str(SettingsError(f"not a settings file ({message})", self.path, lineno))
            )
        else:
            values: dict[str, Any] = {}
            section = parser[SECTION]
            for f, kind in setting_fields():
                if f.name not in section:
                    continue
                try:
                    values[f.name] = _decode(section[f.name], kind, f)
                except ValueError as exc:
                    problems.append(str(SettingsError(f"{f.name}: {exc}", self.path)))
            self.settings = dataclasses.replace(self.defaults, **values)
        if problems:
            self._keep_aside(problems)
        return self.settings

    def _go_read_only(self) -> None:
        if self.persistent:
            self.persistent = False
            self.read_only = True

    def _keep_aside(self, problems: list[str]) -> None:
        assert self.path is not None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        number = 1
        while target.exists():
            number += 1
            target = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{number}")
        self.damage = list(problems)
        detail = "; ".join(problems)
        if self.persistent:
            try:
                self.path.rename(target)
            except OSError:
                self._go_read_only()
            else:
                self.kept_aside = target
                self.notices.append(
                    f"The settings file was damaged, so defaults are used for what could not "
                    f"be read ({detail}). The damaged file was kept as {target.name}."
                )
                return
        self.notices.append(
            f"The settings file was damaged, so defaults are used for what could not be read "
            f"({detail}). It was left as it is."
        )

    def save(self, settings: Settings | None = None) -> bool:
        """Write the settings atomically; False (and not persistent) when that is impossible."""
        if settings is not None:
            self.settings = settings
        if self.path is None or not self.persistent:
            return False
        lines = [
            "# June Fourth Archive settings. Edit with care: a value the app cannot read is",
            "# replaced by its default and this file is kept aside.",
            f"[{SECTION}]",
        ]
        for f, _kind in setting_fields():
            lines.append(f"# {f.metadata['doc']}")
            lines.append(f"{f.name} = {_encode(getattr(self.settings, f.name))}")
        text = "\n".join(lines) + "\n"
        temp = self.path.with_name(f".{self.path.name}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
            self._go_read_only()
            self.notices.append(str(SettingsError(f"cannot save: {exc.strerror}", self.path)))
            return False
        return True
