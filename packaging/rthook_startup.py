"""The bundle's first runtime hook (before PyInstaller's own, which import Qt): hold the cyclic
garbage collector from here, as ``python -m archive_app`` does from its first line; the app gives
it back (see :mod:`archive_app.startup`)."""

from archive_app.startup import hold_collector

hold_collector()
