"""``python -m archive_app``: the CLI, or the window when no command is given."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """The app's entry point (also the bundle's): refuse network modules, then run the CLI."""
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


if __name__ == "__main__":
    sys.exit(main())
