"""Lazy public faces for the core's subpackages (PEP 562).

Each subpackage (``record``, ``search``, ``research``, ``distribution``) names its public
surface once, in its ``__init__``: ``__all__`` plus a table of which module defines each name.
A name is imported from its module the first time it is used, so importing the face costs
nothing until then. That keeps heavy modules (Whoosh, bagit, minisign) off the path to the
window's first paint, while every other package still imports from the face only.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

__all__ = ["lazy_exports"]


def lazy_exports(package: str, table: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that resolves ``name`` from ``package.<table[name]>``."""

    def __getattr__(name: str) -> object:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        loaded = importlib.import_module(f"{package}.{module}")
        globals_of_package = importlib.import_module(package).__dict__
        # Resolve every name of that module at once: importing ``research.concordance`` also
        # binds the *module* as the package's ``concordance``, which would otherwise shadow the
        # function of the same name (``from research import SORTS, concordance`` gave the module).
        for other, where in table.items():
            if where == module:
                globals_of_package[other] = getattr(loaded, other)
        return globals_of_package[name]

    return __getattr__
