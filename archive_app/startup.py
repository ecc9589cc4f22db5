"""Start-up without the cyclic garbage collector.

Importing the app and building its window allocate tens of thousands of objects (modules,
classes, PySide's enum classes) and free almost none: about 45 collections ran before the first
paint and found nothing to free, ~7 ms of a ~190 ms start (``make bench``). ``python -m
archive_app`` (:mod:`archive_app.__main__`) holds the collector from its first line; the CLI
gives it back before running a command, the window once it has painted its first frame. Reference
counting frees everything else as usual meanwhile: only reference cycles wait.
"""

from __future__ import annotations

import gc

__all__ = ["hold_collector", "release_collector"]

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
