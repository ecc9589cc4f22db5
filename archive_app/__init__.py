"""June Fourth Archive: an offline, verifiable reader of the June Fourth coalition statements."""

import sys as _sys

__version__ = "0.1.0"


def _portable_run() -> bool:
    """Whether this run is portable (``--portable DIR``, any abbreviation argparse accepts, or
    a ``portable`` marker beside the sources), decided before anything else is imported."""
    import os

    for arg in _sys.argv[1:]:
        option = arg.split("=", 1)[0]
        if len(option) >= 3 and "--portable".startswith(option):
            return True
    program = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.isfile(os.path.join(program, "portable"))


def _write_no_bytecode() -> None:
    """In portable mode nothing is written outside the portable folder, not even Python's
    ``__pycache__`` in the program folder. Set here, in the first module Python runs, so no
    later import writes one; the one cache written before this line could run (this module's
    own, if it was not there yet) is removed again."""
    import os
    import time

    _sys.dont_write_bytecode = True
    cached = globals().get("__cached__")
    if not isinstance(cached, str):
        return
    try:
        if time.time() - os.stat(cached).st_mtime < 10:  # just written by this very import
            os.remove(cached)
            os.rmdir(os.path.dirname(cached))  # only when empty: OSError otherwise
    except OSError:
        pass


if not _sys.dont_write_bytecode and not getattr(_sys, "frozen", False) and _portable_run():
    _write_no_bytecode()
