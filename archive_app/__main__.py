"""``python -m archive_app``: the CLI, or the window when no command is given."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import NoReturn


def main(argv: Sequence[str] | None = None) -> int:
    """The app's entry point (also the bundle's): refuse network modules, then run the CLI.

    The cyclic garbage collector is held off while the app starts (:mod:`archive_app.startup`).
    """
    from archive_app.startup import (
        hold_collector,
        release_collector,
        spare_pyside_source_scans,
    )

    hold_collector()
    spare_pyside_source_scans()  # in the bundle, whose runtime hooks have imported Qt already
    from archive_app.offline import block_network_modules, keep_printing_local

    block_network_modules()
    keep_printing_local()
    from archive_app.cli import main as cli_main

    try:
        return cli_main(argv)
    except (ImportError, OSError) as exc:
        from archive_app.missing_library import missing_library_message

        message = missing_library_message(exc)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return 3
    finally:
        release_collector()  # the window gave it back at its first paint, the CLI before its work


def run() -> NoReturn:
    """``python -m archive_app``: :func:`main`, then exit.

    After a read-only command (search, list, show, …) everything is printed and no file is
    open, so the process leaves at once (``os._exit`` once stdout and stderr are flushed)
    instead of tearing the interpreter down: freeing OpenCC's dictionaries and unloading
    Whoosh's modules took ~20 ms of a 120 ms ``search`` (``benchmarks/search_build.py``).
    """
    code = main()
    from archive_app import cli

    if cli.finished_read_only:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:  # the reader went away (| head): nothing more to say
            pass
        else:
            os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
