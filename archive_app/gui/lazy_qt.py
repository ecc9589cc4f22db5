"""``Qt`` (the namespace of Qt's enums) loaded on first use, not at import.

``from PySide6.QtCore import Qt`` makes PySide build every enum of the namespace (about a
hundred Python enum classes, 30–40 ms) although the window's first paint needs none of them.
Modules on the path to the first paint import ``Qt`` from here instead; the first attribute
read (``Qt.Key.Key_Down``, in a key handler) loads the real namespace, and every later read
goes straight to it. Type checkers see the real ``Qt``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Qt"]


class _LazyQt:
    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        from PySide6.QtCore import Qt as real

        return getattr(real, name)


if TYPE_CHECKING:
    from PySide6.QtCore import Qt
else:
    Qt = _LazyQt()
