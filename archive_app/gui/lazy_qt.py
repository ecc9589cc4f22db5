"""``Qt`` (the namespace of Qt's enums) loaded on first use, not at import.

``from PySide6.QtCore import Qt`` makes PySide build every enum of the namespace (about a
hundred Python enum classes, 30–40 ms) although the window's first paint needs none of them.
Modules on the path to the first paint import ``Qt`` from here instead; the first attribute
read (``Qt.Key.Key_Down``, in a key handler) loads the real namespace, and every later read
goes straight to it. Type checkers see the real ``Qt``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Qt", "later"]


class _LazyQt:
    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        from PySide6.QtCore import Qt as real

        return getattr(real, name)


class _Later:
    """A PySide class imported on first use (a call or an attribute read): importing a class
    makes PySide build its enums, which the first paint may not need."""

    __slots__ = ("_module", "_name", "_real")

    def __init__(self, module: str, name: str):
        self._module, self._name, self._real = module, name, None

    def _load(self) -> Any:
        if self._real is None:
            import importlib

            self._real = getattr(importlib.import_module(self._module), self._name)
        return self._real

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._load()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._load(), name)


def later(module: str, name: str) -> Any:
    """``name`` of ``module`` (``"PySide6.QtGui", "QTextCursor"``), imported on first use.
    Type checkers should see the real class: import it under ``TYPE_CHECKING``."""
    return _Later(module, name)


if TYPE_CHECKING:
    from PySide6.QtCore import Qt
else:
    Qt = _LazyQt()
