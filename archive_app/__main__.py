"""``python -m archive_app``: the CLI, or the window when no command is given."""

from __future__ import annotations

import sys

from archive_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
