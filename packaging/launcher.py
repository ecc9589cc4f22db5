"""The bundle's entry script: the same entry point as ``python -m archive_app``."""

import sys

from archive_app.__main__ import main

sys.exit(main())
