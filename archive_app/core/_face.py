"""Lazy public faces for the core's subpackages (PEP 562).

Each subpackage (``record``, ``search``, ``research``, ``distribution``) names its public
surface once, in its ``__init__``: ``__all__`` plus a table of which module defines each name.
A name is imported from its module the first time it is used, so importing the face costs
nothing until then. No module of a face may be named like one of the face's names (Python sets a
package attribute to a submodule when it loads, which would hide the function of the same name);
``tests/test_house_rules.py`` checks it. That keeps heavy modules (Whoosh, bagit, minisign)
off the path to the window's first paint, while every other package still imports from the
face only.
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
        value = getattr(loaded, name)
        globals_of_package = importlib.import_module(package).__dict__
        globals_of_package[name] = value  # resolve once
        # Importing ``package.concordance`` binds the *module* to the package's name
        # ``concordance``, hiding the function of that name: bind the public name back.
        if module in table and table[module] == module and module != name:
            globals_of_package[module] = getattr(loaded, module)
        return value

    return __getattr__
