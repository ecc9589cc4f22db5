"""The reader's window: statements on the left, the statement on the right, search and find.

The window owns a :class:`~archive_app.gui.session.Session` (the library, the :class:`AppPaths`
of this run, the settings, the search index and the task runner) and hands it to every tool
window and dialog; they ask it to open a statement (``open_requested``) and tell it when the
library changed (``library_changed``). A statement is always named by its
:class:`~archive_app.core.record.StatementKey` (year, version, origin): the list, the header
bar, the hits, the citation, the print-out and About all say when a text is a later version
or was added locally and is not signed.

Long work (building the search index, searching) runs on the session's
:class:`~archive_app.gui.tasks.TaskRunner`; the window only ever receives results.
"""

from __future__ import annotations

import base64
import html
import itertools
import weakref
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QFont,
    QFontInfo,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.convert import MODES, Mode, convert
from archive_app.core.errors import ArchiveAppError, QueryError
from archive_app.core.paths import AppPaths
from archive_app.core.record import Archive, Statement, StatementKey
from archive_app.core.settings import (
    CHINESE_FACES,
    ChineseFace,
    Settings,
    SettingsFile,
    ThemeName,
    View,
)
from archive_app.core.settings import THEMES as THEME_KEYS
from archive_app.gui import i18n, labels
from archive_app.gui.fonts import (
    bundled_families,
    follow_script_order,
    reading_families,
    ui_script,
)
from archive_app.gui.i18n import _
from archive_app.gui.lazy_qt import Qt
from archive_app.gui.reader import FindBar, ReadingPane
from archive_app.gui.render import VIEWS, conversion_label, display_script
from archive_app.gui.search_panel import SearchPanel
from archive_app.gui.session import Session
from archive_app.gui.tasks import LatestOnly, error_message
from archive_app.gui.themes import THEMES, theme_palette

if TYPE_CHECKING:
    # Whoosh (and the print support) load on first use, not before the first paint.
    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QProgressBar

    from archive_app.core.search import Hit, SearchIndex, SearchResult

__all__ = ["MainWindow"]

# Item data roles as Qt's numbers: touching any enum of the Qt namespace makes PySide build
# all of them (~30 ms), which the first paint does not need. (A year row's StatementKey is
# self._keys[row]; rows carry no data of their own.)
TOOLTIP_ROLE = 3  # Qt.ItemDataRole.ToolTipRole
FOREGROUND_ROLE = 9  # Qt.ItemDataRole.ForegroundRole
BASE_POINT_SIZE = 12.0
ZOOM_STEPS = (50, 67, 80, 90, 100, 110, 120, 133, 150, 170, 200, 240, 300)
SEARCH_DELAY_MS = 200
SEARCH_LIMIT = 200


def _listen(method: Any) -> None:
    """Register a bound method for language changes without keeping its widget alive."""
    ref = weakref.WeakMethod(method)

    def call() -> None:
        bound = ref()
        if bound is not None and shiboken6.isValid(bound.__self__):
            bound()

    i18n.on_language_changed(call)


_BASE_FAMILY: list[list[str]] = []


def base_families() -> list[str]:
    """The face the system font really resolves to, for Latin text; none on a machine whose
    only fonts are ours ("Sans Serif" is only an alias, and an alias in a family list would
    hand Latin text to the CJK face, with full-width quotes)."""
    if not _BASE_FAMILY:
        family = QFontInfo(QApplication.font()).family()
        _BASE_FAMILY.append([] if family in bundled_families() else [family])
    return list(_BASE_FAMILY[0])


def ui_families(ui_language: str) -> list[str]:
    """The app font's families: the system's face first, then the bundled Chinese faces (Sans:
    the interface keeps it whichever face the reading pane is set in)."""
    return reading_families(ui_script(ui_language), ChineseFace.SANS, base_families())


class _SearchBox(QLineEdit):
    """Down goes to the results; Enter opens the first one; Esc clears the query."""

    to_results = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.to_results.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class MainWindow(QMainWindow):
    search_finished = Signal(str)
    statement_shown = Signal(object)  # the StatementKey shown

    def __init__(
        self,
        archive: Archive,
        *,
        cjk_families: list[str] | None = None,
        app_paths: AppPaths | None = None,
        settings_file: SettingsFile | None = None,
        start_at: tuple[int, int] | None = None,
    ):
        """``start_at``: (year, text) to open first, as :meth:`select` would, but chosen while
        the list is filled, so that the first statement is laid out once, not twice."""
        super().__init__()
        self.setObjectName("main_window")
        if settings_file is None:
            settings_file = SettingsFile.in_memory()
            settings_file.load()
        self.session = Session(archive, app_paths or AppPaths.for_user(), settings_file, self)
        self.settings_file = settings_file
        self.settings: Settings = settings_file.settings
        self.cjk_families = list(cjk_families or [])
        self.persist_on_close = True
        self.view_mode = View(self.settings.view)
        self.script_mode = Mode(self.settings.script)
        self.theme_key = ThemeName(self.settings.theme)
        self.zoom = self.settings.zoom
        self._converted_mode: Mode | None = None
        self._highlight: tuple[str, int, tuple[tuple[int, int], ...]] | None = None
        self.notices: list[str] = []
        self.statement_bar_text = ""  # what the bar above the text says, as plain text
        self._keys: list[StatementKey] = []  # the statement of each row of the list

        self._latest = LatestOnly(self.session.tasks)
        self._pending_query = ""
        self.last_result: SearchResult | None = None
        self.session.library_changed.connect(self._library_changed)
        self.session.open_requested.connect(self._open_requested)

        self._build_widgets()
        self.reader.chinese_face = ChineseFace(self.settings.chinese_face)
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self._set_tab_order()
        self.session.tasks.busy_changed.connect(self._show_busy)
        _listen(self.retranslate)
        self.retranslate()
        self.apply_theme(self.theme_key)
        self._list_years(start_at)
        if self.settings.window_geometry:
            from PySide6.QtCore import QByteArray

            self.restoreGeometry(QByteArray(base64.b64decode(self.settings.window_geometry)))
        self.years.setFocus()
        # What the first paint does not need waits for it: the history, and the search box's
        # clear button (hidden while the box is empty; its icon takes ~3 ms to load).
        self.reader.first_paint_callbacks += [
            self._update_history_model,
            lambda: self.search_box.setClearButtonEnabled(True),
        ]

    # --- building -----------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.years_label = QLabel()
        self.years = QListWidget()
        self.years.setObjectName("years")
        self.years.setWordWrap(True)
        self.years.setSpacing(2)
        self.years_label.setBuddy(self.years)
        self.search_panel = SearchPanel()
        self.search_panel.setObjectName("search_panel")
        self.search_panel.hide()
        sidebar = QWidget()
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(6, 6, 0, 6)
        side.addWidget(self.years_label)
        side.addWidget(self.years, 1)
        side.addWidget(self.search_panel, 3)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setMargin(6)
        self.banner.hide()
        # Outside the scrolling page, so it cannot be scrolled away: whether the text shown is
        # the signed record, and whether its Chinese is converted.
        self.statement_bar = QLabel()
        self.statement_bar.setObjectName("statement_bar")
        self.statement_bar.setWordWrap(True)
        self.statement_bar.setMargin(6)
        self.statement_bar.hide()
        self.reader = ReadingPane()
        self.reader.setObjectName("reader")
        self._find_bar: FindBar | None = None  # made when first asked for (see find_bar)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 6, 6, 6)
        column.setSpacing(4)
        column.addWidget(self.banner)
        column.addWidget(self.statement_bar)
        column.addWidget(self.reader, 1)
        self._column = column

        self.splitter = QSplitter()
        self.splitter.addWidget(sidebar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 980])
        self.setCentralWidget(self.splitter)

        self.search_box = _SearchBox()
        self.search_box.setObjectName("search_box")
        self.search_box.setMinimumWidth(260)
        self._history_model: QStringListModel | None = None  # made with the first history
        self.script = QComboBox()
        self.script.setObjectName("script")
        for key in MODES:
            self.script.addItem(key, key)
        self.script_label = QLabel()
        self.script_label.setBuddy(self.script)

        self.status_label = QLabel()
        self._index_progress: QProgressBar | None = None  # made when an index is first built
        self.statusBar().addWidget(self.status_label, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.run_search(self.search_box.text()))

        self.years.currentRowChanged.connect(self._year_changed)
        self.script.currentIndexChanged.connect(
            lambda i: self.set_script(str(self.script.itemData(i)))
        )
        self.search_box.textChanged.connect(self._search_text_changed)
        self.search_box.returnPressed.connect(self._search_enter)
        self.search_box.to_results.connect(self._focus_results)
        self.search_panel.hit_chosen.connect(self.open_hit)
        self.search_panel.hits.back_to_search.connect(self.focus_search)
        self.reader.zoom_step.connect(self.step_zoom)

    def _action(
        self,
        name: str,
        slot: Callable[[], Any],
        keys: list[QKeySequence | QKeySequence.StandardKey | str] | None = None,
        *,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.setCheckable(checkable)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        A = self._action
        self.act_print = A("action_print", self.print_current, [QKeySequence.StandardKey.Print])
        self.act_pdf = A("action_export_pdf", self.export_pdf_dialog, ["Ctrl+Shift+E"])
        self.act_quit = A("action_quit", self.close, ["Ctrl+Q"])
        self.view_group = QActionGroup(self)
        self.view_actions: dict[str, QAction] = {}
        for number, key in enumerate(VIEWS, 1):
            act = A(f"action_view_{key}", partial(self.set_view, key), [f"Ctrl+{number}"])
            act.setCheckable(True)
            self.view_group.addAction(act)
            self.view_actions[key] = act
        self.script_group = QActionGroup(self)
        self.script_actions: dict[str, QAction] = {}
        for number, key in enumerate(MODES, 1):
            act = A(f"action_script_{key}", partial(self.set_script, key), [f"Alt+{number}"])
            act.setCheckable(True)
            self.script_group.addAction(act)
            self.script_actions[key] = act
        self.act_toggle_original = A(
            "action_toggle_original", self.toggle_original, ["Ctrl+Shift+O"]
        )
        self.act_prev_year = A("action_previous_year", lambda: self.step_year(-1), ["Alt+Up"])
        self.act_next_year = A("action_next_year", lambda: self.step_year(1), ["Alt+Down"])
        self.act_years = A("action_focus_years", self.years.setFocus, ["Ctrl+L"])
        self.act_zoom_in = A("action_zoom_in", lambda: self.step_zoom(1), ["Ctrl++", "Ctrl+="])
        self.act_zoom_out = A("action_zoom_out", lambda: self.step_zoom(-1), ["Ctrl+-"])
        self.act_zoom_reset = A("action_zoom_reset", lambda: self.set_zoom(100), ["Ctrl+0"])
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for key in THEME_KEYS:
            act = A(f"action_theme_{key}", partial(self.apply_theme, key), checkable=True)
            self.theme_group.addAction(act)
            self.theme_actions[key] = act
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for key, name in i18n.LANGUAGES.items():
            act = A(f"action_ui_{key}", partial(self.set_ui_language, key), checkable=True)
            act.setText(name)  # every language is named in itself, never translated
            self.language_group.addAction(act)
            self.language_actions[key] = act
        self.act_search = A("action_search", self.focus_search, ["Ctrl+K"])
        self.act_history = A("action_remember_searches", self.toggle_search_history, checkable=True)
        self.act_clear_history = A("action_clear_history", self.clear_search_history)
        self.act_find = A(
            "action_find", lambda: self.find_bar.open_bar(), [QKeySequence.StandardKey.Find]
        )
        self.act_find_next = A(
            "action_find_next", self._find_next, [QKeySequence.StandardKey.FindNext]
        )
        self.act_find_previous = A(
            "action_find_previous", self._find_previous, [QKeySequence.StandardKey.FindPrevious]
        )
        self.act_shortcuts = A("action_shortcuts", self.show_shortcuts, ["F1"])
        self.act_about = A("action_about", self.show_about)

    def _build_toolbar(self) -> None:
        bar = QToolBar()
        bar.setObjectName("toolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        self.toolbar = bar
        self.view_label = QLabel()
        bar.addWidget(self.view_label)
        for key in VIEWS:
            bar.addAction(self.view_actions[key])
        bar.addSeparator()
        bar.addWidget(self.script_label)
        bar.addWidget(self.script)
        holder = QWidget()  # takes the rest of the bar (its row stretches), the box at its end
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 6, 0)
        row.addStretch(1)
        row.addWidget(self.search_box)
        bar.addWidget(holder)
        self.addToolBar(bar)

    def _build_menus(self) -> None:
        from archive_app.gui.extensions import installers

        bar = self.menuBar()
        self.menus: dict[str, QMenu] = {}
        for name in ("menu_file", "menu_view", "menu_tools", "menu_help"):
            menu = bar.addMenu("")
            menu.setObjectName(name)
            self.menus[name] = menu
        file_menu = self.menus["menu_file"]
        file_menu.addAction(self.act_print)
        file_menu.addAction(self.act_pdf)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        view = self.menus["menu_view"]
        for key in VIEWS:
            view.addAction(self.view_actions[key])
        view.addSeparator()
        for key in MODES:
            view.addAction(self.script_actions[key])
        view.addAction(self.act_toggle_original)
        view.addSeparator()
        for act in (self.act_prev_year, self.act_next_year, self.act_years):
            view.addAction(act)
        view.addSeparator()
        for act in (self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset):
            view.addAction(act)
        self.theme_menu = view.addMenu("")
        self.theme_menu.setObjectName("menu_theme")
        for key in THEME_KEYS:
            self.theme_menu.addAction(self.theme_actions[key])
        self.language_menu = view.addMenu("")
        self.language_menu.setObjectName("menu_ui_language")
        for key in i18n.LANGUAGES:
            self.language_menu.addAction(self.language_actions[key])
        tools = self.menus["menu_tools"]
        for act in (self.act_search, self.act_find, self.act_find_next, self.act_find_previous):
            tools.addAction(act)
        tools.addSeparator()
        tools.addAction(self.act_history)
        tools.addAction(self.act_clear_history)
        help_menu = self.menus["menu_help"]
        help_menu.addAction(self.act_shortcuts)
        help_menu.addAction(self.act_about)
        for install in installers():
            install(self)
        self.hide_empty_menus()

    def hide_empty_menus(self) -> None:
        """A menu with no visible action is not shown (features may leave one empty)."""
        for menu in self.menus.values():
            visible = [a for a in menu.actions() if a.isVisible() and not a.isSeparator()]
            menu.menuAction().setVisible(bool(visible))

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.script,
            self.search_box,
            self.years,
            self.search_panel.hits,
            self.reader,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    @property
    def find_bar(self) -> FindBar:
        """Find in page, under the text: made the first time it is asked for (Ctrl+F), since
        the first paint shows no find bar; after the reading pane in the tab order."""
        if self._find_bar is None:
            bar = FindBar(self.reader)
            bar.setObjectName("find_bar")
            self._column.addWidget(bar)
            QWidget.setTabOrder(self.reader, bar.field)
            self._find_bar = bar
        return self._find_bar

    # --- texts --------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self._update_title()
        titles = {
            "menu_file": _("&File"),
            "menu_view": _("&View"),
            "menu_tools": _("&Tools"),
            "menu_help": _("&Help"),
        }
        for name, menu in self.menus.items():
            menu.setTitle(titles[name])
        self.theme_menu.setTitle(_("&Theme"))
        self.language_menu.setTitle(_("Interface &language"))
        texts = {
            self.act_print: (_("&Print…"), _("Print the statement as shown")),
            self.act_pdf: (
                _("&Export as PDF…"),
                _("Save the statement as shown (this view and script) as a PDF file"),
            ),
            self.act_quit: (_("&Quit"), _("Close the window")),
            self.act_toggle_original: (
                _("Toggle &original Chinese"),
                _("Switch between the stored original and the converted script"),
            ),
            self.act_prev_year: (_("Pre&vious year"), _("Show the statement of the year before")),
            self.act_next_year: (_("&Next year"), _("Show the statement of the year after")),
            self.act_years: (_("Go to the &year list"), _("Move the keyboard focus to the years")),
            self.act_zoom_in: (_("Zoom &in"), _("Larger text")),
            self.act_zoom_out: (_("Zoom o&ut"), _("Smaller text")),
            self.act_zoom_reset: (_("&Actual size"), _("Text at its normal size")),
            self.act_search: (_("&Search the archive"), _("Search every statement")),
            self.act_history: (
                _("&Remember searches"),
                _("Offer recent searches in the search box (kept in the settings file)"),
            ),
            self.act_clear_history: (
                _("Clear search &history"),
                _("Forget every remembered search now"),
            ),
            self.act_find: (_("&Find in page…"), _("Find words in the statement shown")),
            self.act_find_next: (_("Find ne&xt"), _("The next match in the page")),
            self.act_find_previous: (_("Find pre&vious"), _("The previous match in the page")),
            self.act_shortcuts: (_("&Keyboard shortcuts"), _("Every keyboard shortcut")),
            self.act_about: (_("&About June Fourth Archive"), _("Version and archive")),
        }
        for action, (text, tip) in texts.items():
            action.setText(text)
            action.setStatusTip(tip)
            action.setToolTip(tip)
        views = labels.view_labels()
        view_tips = labels.view_tips()
        for number, view in enumerate(View, 1):
            act = self.view_actions[view]
            act.setText(views[view])
            act.setToolTip(f"{view_tips[view]} (Ctrl+{number})")
            act.setStatusTip(view_tips[view])
        scripts = labels.script_labels()
        script_tips = labels.script_tips()
        for number, mode in enumerate(Mode, 1):
            act = self.script_actions[mode]
            act.setText(_("Script: {name}").format(name=scripts[mode]))
            act.setStatusTip(script_tips[mode])
            self.script.setItemText(number - 1, scripts[mode])
            self.script.setItemData(number - 1, script_tips[mode], TOOLTIP_ROLE)
        themes = labels.theme_labels()
        for theme_key, act in self.theme_actions.items():
            act.setText(themes[ThemeName(theme_key)])
        self.view_label.setText(_("View:") + " ")
        self.script_label.setText(_("&Script:"))
        self.years_label.setText(_("&Years"))
        self.script.setToolTip(_("The script Chinese is shown in (Alt+1 … Alt+4)"))
        self.script.setAccessibleName(_("Script"))
        self.script.setAccessibleDescription(
            _("Original shows the stored text; the others are converted by OpenCC and labelled")
        )
        self.search_box.setPlaceholderText(_("Search the archive (Ctrl+K)"))
        self.search_box.setAccessibleName(_("Search the archive"))
        self.search_box.setAccessibleDescription(
            _("Results appear below the years as you type; Down moves to them")
        )
        self.search_box.setToolTip(
            _(
                'Words or "a phrase"; AND, OR, NOT; year:2021; lang:zh; title:六四; '
                'signatory:"a name". Either Chinese script.'
            )
        )
        self.years.setAccessibleName(_("Years"))
        self.years.setAccessibleDescription(
            _("The statements in the archive by year; later versions and local additions say so")
        )
        self.reader.setAccessibleName(_("Statement"))
        self.reader.setAccessibleDescription(
            _("The statement text; converted Chinese shows its original when hovered")
        )
        self.banner.setAccessibleName(_("Notice"))
        self.statement_bar.setAccessibleName(_("About this text"))
        self.toolbar.setWindowTitle(_("Reading"))
        self.toolbar.setAccessibleName(_("Reading tools"))
        if self._index_progress is not None:
            self._index_progress.setAccessibleName(_("Building the search index"))
        if self._find_bar is not None:
            self._find_bar.retranslate()
        self.search_panel.retranslate()
        self._sync_checks()
        self._show_notices()
        self._label_rows()
        self.refresh()

    def _update_title(self) -> None:
        key = self.current_key()
        name = _("June Fourth Archive")
        self.setWindowTitle(f"{labels.statement_label(key)} — {name}" if key else name)

    # --- notices ------------------------------------------------------------------------------

    def _show_notices(self) -> None:
        lines: list[str] = []
        if self.settings_file.read_only:
            lines.append(
                _("Changes will not be saved (read-only): {path}").format(
                    path=self.settings_file.path
                )
            )
        store = self.settings_file
        if store.damage:
            problems = "; ".join(store.damage)
            if store.kept_aside is not None:
                lines.append(
                    _(
                        "The settings file could not be read, so defaults are used for what was "
                        "damaged ({problems}). The damaged file was kept as {name}."
                    ).format(problems=problems, name=store.kept_aside.name)
                )
            else:
                lines.append(
                    _(
                        "The settings file could not be read, so defaults are used for what was "
                        "damaged ({problems})."
                    ).format(problems=problems)
                )
        lines += self.notices
        for problem in self.archive.problems:
            lines.append(_("A statement file was refused: {problem}").format(problem=problem))
        if lines:
            self.banner.setTextFormat(Qt.TextFormat.PlainText)  # paths and file text, never HTML
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    def add_notice(self, text: str) -> None:
        self.notices.append(text)
        self._show_notices()

    # --- years --------------------------------------------------------------------------------

    @property
    def archive(self) -> Archive:
        """The library shown (the session's): shipped statements and the user's additions."""
        return self.session.library

    @property
    def app_paths(self) -> AppPaths:
        return self.session.paths

    def _list_years(self, start_at: tuple[int, int] | None = None) -> None:
        """One row per statement text, named by its key (``2021 v2 · added locally, …``);
        the current row is ``start_at`` (year, text) when the archive holds it, else the
        statement last read, else the latest."""
        self.years.blockSignals(True)
        self.years.clear()
        self._keys = list(self.archive.keys)
        for _row in self._keys:
            self.years.addItem(QListWidgetItem())
        self._label_rows()
        self.years.blockSignals(False)
        if not self.archive.statements:
            self.reader.show_message(_("The archive holds no statements."))
            return
        chosen = None
        if start_at is not None:
            chosen = self._key_for(*start_at)
            if chosen is None:
                self._no_statement_for(start_at[0])
        last = self.settings.last_statement
        if chosen is None:
            chosen = next((k for k in self._keys if k.slug == last), None)
        if chosen is None:
            year = self.settings.last_year
            chosen = self.first_key(year) if year is not None else None
        self.years.setCurrentRow(self._keys.index(chosen or self._keys[-1]))

    def _label_rows(self) -> None:
        """The rows' words in the UI language; a text that is not the signed one says so, in
        the list itself and in a different colour, never only in a tooltip."""
        from PySide6.QtGui import QBrush, QColor

        theme = THEMES[self.theme_key]
        for row, (key, statement) in enumerate(zip(self._keys, self.archive, strict=False)):
            item = self.years.item(row)
            if item is None:
                continue
            # The title in the script the reader chose (converted and said so in the tooltip).
            title = convert(statement.title, statement.zh_script, self.script_mode)
            item.setText(f"{labels.statement_label(key)}\n{title}")
            # Escaped rich text: a title is data, never markup (Qt guesses the format of a
            # tooltip, so plain text with "<img …>" in it would be rendered).
            tip = html.escape(statement.title)
            if title != statement.title:
                tip = html.escape(
                    _("Title converted by OpenCC; as stored: {title}").format(title=statement.title)
                )
            note = labels.origin_notice(key)
            if note:
                tip += "<br/><b>" + html.escape(note) + "</b>"
            item.setToolTip(f"<p>{tip}</p>")
            if not key.signed:
                item.setForeground(QBrush(QColor(theme.accent)))
            else:
                item.setData(FOREGROUND_ROLE, None)

    @property
    def opened_at_a_hit(self) -> bool:
        """Whether the statement shown was opened at a search hit (its paragraph marked)."""
        return self._highlight is not None

    def first_key(self, year: int) -> StatementKey | None:
        """The first text held for ``year``: the signed one when there is one."""
        return next((k for k in self._keys if k.year == year), None)

    def current_key(self) -> StatementKey | None:
        row = self.years.currentRow()
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def current_statement(self) -> Statement | None:
        row = self.years.currentRow()
        if 0 <= row < len(self.archive.statements):
            return self.archive.statements[row]
        return None

    def _year_changed(self, row: int) -> None:
        self._highlight = None
        key = self.current_key()
        if key is not None:
            self.settings.last_year = key.year
            self.settings.last_statement = key.slug
        self.refresh()

    def step_year(self, step: int) -> None:
        if self.years.count():
            row = max(0, min(self.years.count() - 1, self.years.currentRow() + step))
            self.years.setCurrentRow(row)

    # --- what is shown ------------------------------------------------------------------------

    def refresh(self) -> None:
        statement = self.current_statement()
        key = self.current_key()
        if statement is None or key is None:
            self.statement_bar.hide()
            return
        shown = self.reader.shown
        place = None
        if shown is not None and shown.statement is statement:
            place = self.reader.top_paragraph()  # same statement: keep the reader's place
        self._apply_reader_font(statement)
        self.reader.show_statement(
            statement,
            self.view_mode,
            self.script_mode,
            THEMES[self.theme_key],
            base_families(),
            key=key,
        )
        self._show_statement_bar(statement, key)
        if self._highlight is not None:
            lang, number, spans = self._highlight
            aligned = statement.aligned(lang, number)
            self.reader.highlight(lang, number, spans=spans, aligned=aligned)
        if place is not None:
            self.reader.scroll_to_paragraph(place)
        if self._find_bar is not None and self._find_bar.isVisible():
            self._find_bar.search()
        self._update_title()
        self.status_label.setText(
            _(
                "{statement} · paragraphs: {en} English, {zh} Chinese · signatories: {signatories}"
            ).format(
                statement=labels.statement_label(key),
                en=len(statement.en),
                zh=len(statement.zh),
                signatories=len(statement.signatories),
            )
        )
        self.statement_shown.emit(key)

    def _show_statement_bar(self, statement: Statement, key: StatementKey) -> None:
        """Trust first (a text that is not the signed record), then the conversion label."""
        lines: list[str] = []
        notice = labels.origin_notice(key)
        if notice:
            lines.append(notice)
        if self.view_mode != View.EN:
            converted = conversion_label(statement, self.script_mode)
            if converted:
                lines.append(converted)
        theme = THEMES[self.theme_key]
        colour = theme.accent if not key.signed else theme.muted
        self.statement_bar.setStyleSheet(
            f"QLabel#statement_bar {{ background: {theme.banner}; color: {theme.banner_text}; "
            f"border: 2px solid {colour}; border-radius: 4px; }}"
        )
        # Escaped rich text, never interpreted (an update's date comes from its file); not
        # Qt.PlainText, whose enum would be built before the first paint.
        self.statement_bar.setText(
            "<p>" + "<br/>".join(html.escape(line, quote=False) for line in lines) + "</p>"
        )
        self.statement_bar_text = "\n".join(lines)
        self.statement_bar.setVisible(bool(lines))

    def _apply_reader_font(self, statement: Statement) -> None:
        font = QFont(self.reader.font())
        # The page's own font (headings, English, signatories, the interface's words) stays Sans
        # whatever the Chinese face: the headings need the Bold only Sans ships, and a 黑體
        # heading over 明體 text is how Chinese print sets them. The Chinese paragraphs take the
        # chosen face from the reading style sheet (ReadingPane.show_statement).
        script = display_script(statement, self.script_mode)
        follow_script_order("reader", script)
        font.setFamilies(reading_families(script, ChineseFace.SANS, base_families()))
        font.setPointSizeF(BASE_POINT_SIZE * self.zoom / 100)
        self.reader.setFont(font)
        self.reader.document().setDefaultFont(font)

    def _sync_checks(self) -> None:
        for key, act in self.view_actions.items():
            act.setChecked(key == self.view_mode)
        for key, act in self.script_actions.items():
            act.setChecked(key == self.script_mode)
        for key, act in self.theme_actions.items():
            act.setChecked(key == self.theme_key)
        for key, act in self.language_actions.items():
            act.setChecked(key == i18n.language())
        index = self.script.findData(self.script_mode)
        if self.script.currentIndex() != index:
            self.script.blockSignals(True)
            self.script.setCurrentIndex(index)
            self.script.blockSignals(False)
        self.act_history.setChecked(self.settings.search_history_enabled)
        self.act_zoom_in.setEnabled(self.zoom < ZOOM_STEPS[-1])
        self.act_zoom_out.setEnabled(self.zoom > ZOOM_STEPS[0])

    def set_view(self, view: str) -> None:
        if view not in VIEWS:
            return
        changed = view != self.view_mode
        self.view_mode = self.settings.view = View(view)
        self._sync_checks()
        if changed:
            self.refresh()

    def set_script(self, mode: str) -> None:
        if mode not in MODES:
            return
        changed = mode != self.script_mode
        self.script_mode = self.settings.script = Mode(mode)
        self._sync_checks()
        if changed:
            self.refresh()
            if self.search_panel.query:  # hits come in the script shown: search again
                self.run_search(self.search_panel.query)

    def toggle_original(self) -> None:
        """One key between the converted script and the stored original (the first time, from
        the original to the other script: Simplified for a Traditional source and back)."""
        if self.script_mode != "original":
            self._converted_mode = self.script_mode
            self.set_script("original")
            return
        if self._converted_mode is None:
            statement = self.current_statement()
            source = statement.zh_script if statement else "traditional"
            self._converted_mode = (
                Mode.SIMPLIFIED if source == "traditional" else Mode.TRADITIONAL_TW
            )
        self.set_script(self._converted_mode)

    def select(
        self,
        *,
        year: int | None = None,
        text: int = 1,
        view: str | None = None,
        script: str | None = None,
    ) -> None:
        """Choose what is shown; ``year`` with ``text`` picks that version of the year (the
        signed one first when two share a number), as ``show YEAR --text N`` does."""
        if view is not None:
            self.set_view(view)
        if script is not None:
            self.set_script(script)
        if year is not None:
            key = self._key_for(year, text)
            if key is None:
                self._no_statement_for(year)
            else:
                self.open_statement(key)

    def _key_for(self, year: int, text: int) -> StatementKey | None:
        """Text ``text`` of ``year`` (the signed one first when two share a number)."""
        return next((k for k in self._keys if k.year == year and k.version == text), None)

    def _no_statement_for(self, year: int) -> None:
        self.statusBar().showMessage(
            _("The archive has no statement for {year}.").format(year=year), 5000
        )

    def set_chinese_face(self, face: str) -> None:
        """Set the reading pane's Chinese in Sans or Serif (registered on first use), keeping
        the reader's place, and remember it."""
        if face not in CHINESE_FACES:
            return
        changed = face != self.reader.chinese_face
        self.settings.chinese_face = self.reader.chinese_face = ChineseFace(face)
        if changed:
            self.refresh()

    def set_zoom(self, percent: int) -> None:
        percent = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], int(percent)))
        if percent != self.zoom:
            self.zoom = self.settings.zoom = percent
            self.refresh()
        self._sync_checks()

    def step_zoom(self, step: int) -> None:
        if step > 0:
            bigger = [z for z in ZOOM_STEPS if z > self.zoom]
            self.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])
        else:
            smaller = [z for z in ZOOM_STEPS if z < self.zoom]
            self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def apply_theme(self, key: str) -> None:
        if key not in THEMES:
            return
        self.theme_key = self.settings.theme = ThemeName(key)
        theme = THEMES[key]
        palette = theme_palette(theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(palette)
        self.setPalette(palette)
        self.banner.setStyleSheet(
            f"QLabel#banner {{ background: {theme.banner}; color: {theme.banner_text}; "
            f"border: 1px solid {theme.muted}; border-radius: 4px; }}"
        )
        self.search_panel.set_theme(theme, ui_families(i18n.language())[len(base_families()) :])
        self._sync_checks()
        self._label_rows()
        self.refresh()

    def set_ui_language(self, lang: str) -> None:
        """Switch the interface language now (every widget re-reads its text) and remember it."""
        self.settings.ui_language = lang
        apply_ui_font(lang)
        i18n.set_language(lang)
        self._sync_checks()

    # --- opening a statement at a paragraph ---------------------------------------------------

    def open_statement(
        self,
        key: StatementKey,
        lang: str | None = None,
        paragraph: int | None = None,
        *,
        spans: tuple[tuple[int, int], ...] = (),
    ) -> bool:
        """Show exactly the statement ``key``; with ``lang`` and ``paragraph``, highlighted,
        scrolled to, and with its aligned paragraph beside it (the view switches to side by
        side when needed)."""
        if key not in self._keys:
            self.statusBar().showMessage(
                _("The archive has no statement {name}.").format(name=labels.statement_label(key)),
                5000,
            )
            return False
        if (lang, self.view_mode) in (("zh", "en"), ("en", "zh")):
            self.view_mode = self.settings.view = View.SIDE_BY_SIDE
            self._sync_checks()
        self._highlight = (lang, paragraph, spans) if lang and paragraph else None
        self.years.blockSignals(True)
        self.years.setCurrentRow(self._keys.index(key))
        self.years.blockSignals(False)
        self.settings.last_year = key.year
        self.settings.last_statement = key.slug
        self.refresh()
        if lang and paragraph:
            target = f"{lang}-{paragraph}"
            QTimer.singleShot(0, lambda: self.reader.scrollToAnchor(target))
        return True

    def _open_requested(
        self,
        key: StatementKey,
        lang: str | None,
        paragraph: int | None,
        spans: tuple[tuple[int, int], ...] | None,
    ) -> None:
        if self.open_statement(key, lang, paragraph, spans=spans or ()):
            from PySide6.QtGui import QGuiApplication

            if QGuiApplication.platformName() != "offscreen":  # offscreen warns it cannot raise
                self.raise_()
                self.activateWindow()

    def open_hit(self, hit: Hit) -> None:
        self.settings.remember_search(self.search_box.text())
        self._update_history_model()
        self.open_statement(hit.key, hit.lang, hit.paragraph, spans=hit.highlights)
        self.reader.setFocus()

    # --- library and search index -------------------------------------------------------------

    def set_archive(self, archive: Archive) -> None:
        """Show another library (through the session, so every tool window follows)."""
        self.session.set_library(archive)

    def _library_changed(self) -> None:
        self._latest.invalidate()
        self._highlight = None
        self.last_result = None
        self.search_panel.clear()
        self.search_panel.hide()
        self._show_notices()
        self._list_years()
        if self.search_box.text().strip():
            self.run_search(self.search_box.text())

    @property
    def index_progress(self) -> QProgressBar:
        """The busy bar at the right of the status bar, while a search index is being built."""
        if self._index_progress is None:
            from PySide6.QtWidgets import QProgressBar

            bar = QProgressBar()
            bar.setRange(0, 0)
            bar.setMaximumWidth(140)
            bar.hide()
            bar.setAccessibleName(_("Building the search index"))
            self.statusBar().insertPermanentWidget(1, bar)  # first of the permanent ones
            self._index_progress = bar
        return self._index_progress

    def _show_busy(self, busy: bool) -> None:
        if busy or self._index_progress is not None:
            self.index_progress.setVisible(busy)

    def _search_text_changed(self, text: str) -> None:
        if not text.strip():
            self._search_timer.stop()
            self.run_search("")
        else:
            self._search_timer.start()

    def run_search(self, text: str) -> None:
        """Search now (the search box calls this after a short pause in typing)."""
        query = text.strip()
        self._pending_query = query
        if not query:
            self._latest.invalidate()
            self.search_panel.clear()
            self.search_panel.hide()
            return
        self.search_panel.show()
        if self.session.index is None:
            self.search_panel.set_building(query)
        else:
            self.search_panel.set_searching(query)
        script = self.script_mode

        def with_index(index: SearchIndex) -> None:
            if query != self._pending_query:
                return  # the user typed on; a newer search follows
            self._latest.run(
                lambda: index.run(query, limit=SEARCH_LIMIT, script=script),
                lambda result: self._search_done(query, result),
                lambda exc: self._search_failed(query, exc),
            )

        self.session.with_index(with_index, lambda message: self._search_error(query, message))

    def _search_done(self, query: str, result: SearchResult) -> None:
        """The whole result: hits (each naming its statement's key), the total, the counts per
        year and what the abbreviation list made us search as well."""
        self.last_result = result
        self.search_panel.set_result(query, result, self._keys)
        self.search_finished.emit(query)

    def _search_failed(self, query: str, exc: BaseException) -> None:
        if isinstance(exc, QueryError):
            message = exc.message
        else:
            message = _("The search failed: {error}").format(error=error_message(exc))
        self._search_error(query, message)

    def _search_error(self, query: str, message: str) -> None:
        self.search_panel.set_error(query, message)
        self.search_finished.emit(query)

    def _search_enter(self) -> None:
        self._search_timer.stop()
        hits = self.search_panel.shown_hits()
        if hits and self.search_panel.query == self.search_box.text().strip():
            self.open_hit(hits[0])
        else:
            self.run_search(self.search_box.text())

    def _focus_results(self) -> None:
        if self.search_panel.isVisible() and self.search_panel.hits.count():
            self.search_panel.hits.setFocus()
            if self.search_panel.hits.currentRow() < 0:
                self.search_panel.hits.setCurrentRow(0)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()
        if self.session.index is None and not self.session.index_building:
            self.session.with_index(lambda index: None)  # warm up while the user types

    def toggle_search_history(self) -> None:
        """Remember searches or not; turning it off forgets what was remembered."""
        enabled = not self.settings.search_history_enabled
        self.settings.search_history_enabled = enabled
        if not enabled:
            self.settings.search_history = []
        self._update_history_model()
        self._sync_checks()

    def clear_search_history(self) -> None:
        self.settings.search_history = []
        self._update_history_model()
        self.statusBar().showMessage(_("Search history cleared."), 5000)

    def _update_history_model(self) -> None:
        enabled = self.settings.search_history_enabled
        history = self.settings.search_history if enabled else []
        if history and self.search_box.completer() is None:
            # Only once there is a history: the model, the completer and their classes.
            from PySide6.QtCore import QStringListModel
            from PySide6.QtWidgets import QCompleter

            self._history_model = QStringListModel(self)
            completer = QCompleter(self._history_model, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.search_box.setCompleter(completer)
        if self._history_model is not None:
            self._history_model.setStringList(history)

    # --- find in page -------------------------------------------------------------------------

    def _find_next(self) -> None:
        if not self.find_bar.isVisible():
            self.find_bar.open_bar()
        else:
            self.find_bar.find_next()

    def _find_previous(self) -> None:
        if not self.find_bar.isVisible():
            self.find_bar.open_bar()
        else:
            self.find_bar.find_previous()

    # --- print and PDF ------------------------------------------------------------------------

    def _document_title(self) -> str:
        from archive_app.gui import printing

        statement, key = self.current_statement(), self.current_key()
        if statement is None or key is None:
            return _("June Fourth Archive")
        # In the script shown, and naming the text: "2021 v2 · added locally, not signed …".
        title = printing.pdf_title(statement, self.view_mode, self.script_mode)
        return title.replace(str(statement.year), labels.statement_label(key), 1)

    def _page_marks(self) -> Any:
        """The running header and footer of printed pages (see printing.page_marks)."""
        from archive_app.gui import printing

        statement, key = self.current_statement(), self.current_key()
        if statement is None or key is None:
            return None
        return printing.page_marks(
            statement,
            version=key.version,
            origin_note=labels.origin_label(key),
            view=self.view_mode,
            mode=self.script_mode,
            manifest_hash=self.archive.manifest_hash,
        )

    def print_current(self) -> bool:
        from PySide6.QtPrintSupport import QPrinter

        from archive_app.gui import dialogs, printing

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._document_title())
        if not dialogs.ask_print(printer, self):
            return False
        printing.print_document(self.reader.printable_document(), printer, self._page_marks())
        self.statusBar().showMessage(_("Sent to the printer."), 5000)
        return True

    def suggested_pdf_name(self) -> str:
        key = self.current_key()
        which = key.slug if key else "archive"
        return f"june-fourth-{which}-{self.view_mode}-{self.script_mode}.pdf"

    def export_pdf(self, path: Path) -> Path | None:
        """Write the current view to ``path`` as PDF; errors go to the banner, not a crash."""
        from archive_app.gui import printing

        try:
            written = printing.export_pdf(
                self.reader.printable_document(),
                path,
                self._document_title(),
                self._page_marks(),
            )
        except ArchiveAppError as exc:
            self.add_notice(_("The PDF was not saved: {error}").format(error=exc))
            return None
        self.statusBar().showMessage(_("Saved {path}").format(path=written), 8000)
        return written

    def export_pdf_dialog(self) -> Path | None:
        from archive_app.gui import dialogs, printing

        folder = printing.save_folder(self.app_paths)  # portable: inside the portable folder
        path = dialogs.ask_save_path(
            self, _("Export as PDF"), folder / self.suggested_pdf_name(), _("PDF files (*.pdf)")
        )
        return self.export_pdf(path) if path else None

    # --- help ---------------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        from archive_app.gui import dialogs

        dialogs.run_dialog(dialogs.shortcuts_dialog(self))

    def show_about(self) -> None:
        from archive_app.gui import dialogs

        dialogs.run_dialog(dialogs.about_dialog(self))

    # --- closing ------------------------------------------------------------------------------

    def save_settings(self) -> bool:
        self.settings.window_geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode(
            "ascii"
        )
        return self.settings_file.save(self.settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._search_timer.stop()
        self._latest.invalidate()
        self.session.wait()
        if self.persist_on_close:
            self.save_settings()
        super().closeEvent(event)


def apply_ui_font(ui_language: str) -> None:
    """The app font with the bundled face that suits the UI language as Chinese fallback."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    follow_script_order("ui", ui_script(ui_language))
    font = QFont(app.font())
    font.setFamilies(ui_families(ui_language))
    app.setFont(font)
