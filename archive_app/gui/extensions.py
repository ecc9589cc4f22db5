"""Features that add their own menu actions to the main window.

Each installer gets the :class:`~archive_app.gui.main_window.MainWindow` after its menus exist
(``menu_file``, ``menu_view``, ``menu_tools``, ``menu_help`` by object name) and adds its
actions there, so features stay in their own modules instead of growing the window class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive_app.gui.main_window import MainWindow

Installer = Callable[["MainWindow"], None]


def installers() -> list[Installer]:
    """Imported lazily so a feature's Qt modules load only with the window."""
    found: list[Installer] = []
    # Research and curation tools (issue 5): File → Import statement…; Tools → Concordance,
    # Trends, Compare two years.
    from archive_app.gui import compare_view, concordance_view, import_dialog, trends_view

    found += [
        import_dialog.install,
        concordance_view.install,
        trends_view.install,
        compare_view.install,
    ]

    # USB stick: File → Copy to USB stick…, Help → Verify this copy…, notices (refused
    # statement files, read-only media), Qt settings kept inside the portable folder.
    from archive_app.gui import usb

    found += [usb.install_notices, usb.install_copy_to_stick, usb.install_verify]
    return found
