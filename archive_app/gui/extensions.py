"""Features that add their own menu actions to the main window.

Each installer gets the :class:`~archive_app.gui.main_window.MainWindow` after its menus exist
(``menu_file``, ``menu_view``, ``menu_tools``, ``menu_help`` by object name) and adds its
actions there, so features stay in their own modules instead of growing the window class.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from archive_app.gui.i18n import _

if TYPE_CHECKING:
    # Never run, but PyInstaller reads it: the lazily opened edition dialog is then in the
    # bundle (a MenuEntry names its module only as a string, which PyInstaller cannot follow).
    import archive_app.gui.edition_dialog  # noqa: F401
    from archive_app.gui.main_window import MainWindow

Installer = Callable[["MainWindow"], None]


class MenuEntry(NamedTuple):
    """A menu action whose feature module is imported only when the action is first used.

    The window opens with every entry in place, but the tools' modules (and through them
    Whoosh, bagit and the verification code) load on first use, so they cost nothing before
    the first paint.
    """

    menu: str
    name: str
    text: Callable[[], str]
    target: str  # "module:function", called with the window
    first: bool = False  # put at the top of the menu, with a separator after it

    def install(self, window: MainWindow) -> None:
        from PySide6.QtGui import QAction

        from archive_app.gui import tool_support

        menu = tool_support.find_menu(window, self.menu)
        if menu is None:
            return
        action = QAction(window)
        action.setObjectName(self.name)
        tool_support.follow_language(action, self.text)
        action.triggered.connect(lambda: self.open(window))
        first = menu.actions()[0] if self.first and menu.actions() else None
        if first is not None:
            menu.insertAction(first, action)
            menu.insertSeparator(first)
        else:
            menu.addAction(action)

    def open(self, window: MainWindow) -> object:
        module_name, _sep, function = self.target.partition(":")
        return getattr(importlib.import_module(module_name), function)(window)


# Research and curation tools (issue 5): File → Import statement…; Tools → Concordance, Trends,
# Compare two years. The texts are literals here so Babel extracts them.
RESEARCH_ENTRIES = (
    MenuEntry(
        "menu_file",
        "action_import_statement",
        lambda: _("&Import statement…"),
        "archive_app.gui.import_dialog:open_import_dialog",
        first=True,
    ),
    MenuEntry(
        "menu_tools",
        "action_concordance",
        lambda: _("Co&ncordance…"),
        "archive_app.gui.concordance_view:open_concordance",
    ),
    MenuEntry(
        "menu_tools",
        "action_trends",
        lambda: _("&Trends…"),
        "archive_app.gui.trends_view:open_trends",
    ),
    MenuEntry(
        "menu_tools",
        "action_compare",
        lambda: _("Compare t&wo years…"),
        "archive_app.gui.compare_view:open_compare",
    ),
)


USB_ENTRIES = (
    MenuEntry(
        "menu_file",
        "action_copy_to_stick",
        lambda: _("Copy to &USB stick…"),
        "archive_app.gui.usb:open_copy_to_stick",
        first=True,
    ),
    MenuEntry(
        "menu_help",
        "action_verify_copy",
        lambda: _("&Verify this copy…"),
        "archive_app.gui.usb:open_verify",
    ),
)


# Signed archive updates (issue 16): File → Open archive update…, Save archive updates….
UPDATE_ENTRIES = (
    MenuEntry(
        "menu_file",
        "action_open_update",
        lambda: _("&Open archive update…"),
        "archive_app.gui.update_dialog:open_update",
    ),
    MenuEntry(
        "menu_file",
        "action_save_updates",
        lambda: _("&Save archive updates…"),
        "archive_app.gui.update_dialog:save_updates",
    ),
)


# Editions that need no install (issue 12): File → Export edition… (HTML or ZIM).
EDITION_ENTRIES = (
    MenuEntry(
        "menu_file",
        "action_export_edition",
        lambda: _("Export e&dition…"),
        "archive_app.gui.edition_dialog:open_export_edition",
    ),
)


def installers() -> list[Installer]:
    """Imported lazily so a feature's Qt modules load only with the window."""
    found: list[Installer] = [entry.install for entry in RESEARCH_ENTRIES]

    # USB stick: notices (read-only media), Qt settings kept inside the portable folder;
    # File → Copy to USB stick…, Help → Verify this copy….
    from archive_app.gui import usb

    found.append(usb.install_notices)
    found += [entry.install for entry in USB_ENTRIES]
    found += [entry.install for entry in UPDATE_ENTRIES]
    found += [entry.install for entry in EDITION_ENTRIES]

    # The e-book features (issue 14): full screen, focus mode, go to paragraph, reading places,
    # bookmarks and notes, reading settings, stored Chinese beside converted, the status bar.
    from archive_app.gui import ebook

    found.append(ebook.install)
    return found
