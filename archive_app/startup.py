"""Start-up: without the cyclic garbage collector, and without PySide reading our sources.

Importing the app and building its window allocate tens of thousands of objects (modules,
classes, PySide's enum classes) and free almost none: about 45 collections ran before the first
paint and found nothing to free, ~7 ms of a ~190 ms start (``make bench``). ``python -m
archive_app`` (:mod:`archive_app.__main__`) holds the collector from its first line; the CLI
gives it back before running a command, the window once it has painted its first frame. Reference
counting frees everything else as usual meanwhile: only reference cycles wait. In the bundle a
runtime hook (``packaging/rthook_startup.py``) holds it before PyInstaller's own hooks import Qt.

PySide's import hook (``shibokensupport.feature``, for its opt-in ``__feature__`` switches, which
this app never uses) reads the whole source of every module imported after PySide the first time
an import statement names it, to look for the word "PySide6": ~60 modules, ~7 ms and 1.3 MiB of
source text before the first paint in a source tree, and every module the CLI imports in the
bundle (whose hook imports Qt first). It skips a module it already has an entry for, and
:func:`spare_pyside_source_scans` enters what the scan would have found.
"""

from __future__ import annotations

import gc
import os
import sys

__all__ = ["hold_collector", "release_collector", "spare_pyside_source_scans"]

_GUI = "archive_app.gui"
"""The app's only package that imports PySide6 (a test of the house rules keeps it so)."""

_held = False


def hold_collector() -> None:
    """Turn the cyclic collector off, unless someone already did (then it is theirs to undo)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release_collector() -> None:
    """Turn it back on if :func:`hold_collector` turned it off; a no-op otherwise."""
    global _held
    if _held:
        _held = False
        gc.enable()


def spare_pyside_source_scans() -> None:
    """Give PySide's import hook its answer for every module it could scan: "not PySide" (-1)
    for the standard library, the modules already loaded and (in a bundle) every frozen module,
    "PySide, no feature" (0) for the app's GUI modules. A no-op until PySide is imported, and
    with a PySide that keeps no such table."""
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    frozen = _frozen_module_names()
    for name in (*sys.modules, *sys.stdlib_module_names, *frozen):
        if not name.startswith(("PySide6", "shiboken6", _GUI)):
            table.setdefault(name, -1)
    table.setdefault(_GUI, 0)
    for name in _gui_module_names(frozen):
        table.setdefault(name, 0)


def _frozen_module_names() -> list[str]:
    """Every module a PyInstaller bundle holds (its archive's table of contents); none when
    running from source."""
    importers = sys.modules.get("pyimod02_importers")
    toc = getattr(getattr(importers, "pyz_archive", None), "toc", None)
    return [name for name in toc if isinstance(name, str)] if isinstance(toc, dict) else []


def _gui_module_names(frozen: list[str]) -> list[str]:
    """The app's GUI modules: from the bundle's table of contents, else from the package's
    folder (a source tree or a wheel)."""
    if frozen:
        return [name for name in frozen if name.startswith(f"{_GUI}.")]
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gui")
    try:
        files = os.listdir(folder)
    except OSError:
        return []
    return [f"{_GUI}.{f[:-3]}" for f in files if f.endswith(".py") and f != "__init__.py"]
