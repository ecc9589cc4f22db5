"""The reader's window: years on the left, the statement on the right, search and find.

The window owns no data of its own: it is given an :class:`Archive`, the :class:`AppPaths` of this
run and a :class:`SettingsFile`, and exposes them (``archive``, ``app_paths``, ``settings``) to the
features that install their actions through :mod:`archive_app.gui.extensions`.

Long work (building the search index, searching) runs on :class:`~archive_app.gui.workers.Worker`
threads; the window only ever receives results. ``search_index_async`` lets other features reuse
the index the window builds.
"""

from __future__ import annotations

import base64
import itertools
import traceback
import weakref
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QByteArray, QStringListModel, Qt, QTimer, Signal
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
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.convert import MODES
from archive_app.core.errors import ArchiveAppError, QueryError
from archive_app.core.paths import AppPaths
from archive_app.core.record import Archive, Statement
from archive_app.core.settings import THEMES as THEME_KEYS
from archive_app.core.settings import Settings, SettingsFile
from archive_app.gui import i18n
from archive_app.gui.i18n import _
from archive_app.gui.plaintext import plain_tooltip
from archive_app.gui.reader import FAMILIES, FindBar, ReadingPane
from archive_app.gui.render import VIEWS, display_script
from archive_app.gui.search_panel import SearchPanel
from archive_app.gui.themes import THEMES, theme_label, theme_palette
from archive_app.gui.workers import LatestOnly, Worker

if TYPE_CHECKING:
    # Whoosh (and the print support) load on first use, not before the first paint.
    from archive_app.core.search import Hit, SearchIndex

__all__ = ["MainWindow", "script_labels", "view_labels"]

# Item data roles as Qt's numbers: touching any enum of the Qt namespace makes PySide build
# all of them (~30 ms), which the first paint does not need.
YEAR_ROLE = 0x0100  # Qt.ItemDataRole.UserRole
TOOLTIP_ROLE = 3  # Qt.ItemDataRole.ToolTipRole
BASE_POINT_SIZE = 12.0
ZOOM_STEPS = (50, 67, 80, 90, 100, 110, 120, 133, 150, 170, 200, 240, 300)
SEARCH_DELAY_MS = 200
SEARCH_LIMIT = 200


def script_labels() -> dict[str, str]:
    return {
        "original": _("Original"),
        "simplified": _("简体"),
        "traditional-tw": _("繁體·台灣"),
        "traditional-hk": _("繁體·香港"),
    }


def view_labels() -> dict[str, str]:
    return {"en": _("English"), "zh": _("中文"), "side-by-side": _("Side by side")}


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
        _BASE_FAMILY.append([] if family in FAMILIES.values() else [family])
    return list(_BASE_FAMILY[0])


def ui_families(ui_language: str) -> list[str]:
    """The app font's families: the system's face first, then the bundled Chinese faces."""
    cjk = [FAMILIES["simplified"], FAMILIES["traditional"]]
    if ui_language != "zh_Hans":
        cjk.reverse()
    return [*base_families(), *cjk]


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
    index_ready = Signal()
    statement_shown = Signal(int)

    def __init__(
        self,
        archive: Archive,
        *,
        cjk_families: list[str] | None = None,
        app_paths: AppPaths | None = None,
        settings_file: SettingsFile | None = None,
    ):
        super().__init__()
        self.setObjectName("main_window")
        self.archive = archive
        self.app_paths = app_paths or AppPaths.for_user()
        if settings_file is None:
            settings_file = SettingsFile.in_memory()
            settings_file.load()
        self.settings_file = settings_file
        self.settings: Settings = settings_file.settings
        self.cjk_families = list(cjk_families or [])
        self.persist_on_close = True
        self.view_mode = self.settings.view if self.settings.view in VIEWS else "side-by-side"
        self.script_mode = self.settings.script if self.settings.script in MODES else "original"
        self.theme_key = self.settings.theme if self.settings.theme in THEMES else "light"
        self.zoom = self.settings.zoom
        self._converted_mode: str | None = None
        self._highlight: tuple[str, int, tuple[tuple[int, int], ...]] | None = None
        self.notices: list[str] = []

        self.worker = Worker(self)
        self._latest = LatestOnly(self.worker)
        self._index: SearchIndex | None = None
        self._index_for: Archive | None = None
        self._index_building = False
        self._index_waiters: list[tuple[Callable[[SearchIndex], None], Callable[[str], None]]] = []
        self._pending_query = ""

        self._build_widgets()
        self.search_panel.set_mode(self.script_mode)
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self._set_tab_order()
        self.worker.busy_changed.connect(self._show_busy)
        _listen(self.retranslate)
        self.retranslate()
        self.apply_theme(self.theme_key)
        self._list_years()
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray(base64.b64decode(self.settings.window_geometry)))
        self.years.setFocus()
        # What the first paint does not need waits for it.
        self.reader.first_paint_callbacks.append(self._update_history_model)

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
        self.search_panel.script_of = self._script_of
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
        self.reader = ReadingPane()
        self.reader.setObjectName("reader")
        self.find_bar = FindBar(self.reader)
        self.find_bar.setObjectName("find_bar")
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 6, 6, 6)
        column.setSpacing(4)
        column.addWidget(self.banner)
        column.addWidget(self.reader, 1)
        column.addWidget(self.find_bar)

        self.splitter = QSplitter()
        self.splitter.addWidget(sidebar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 980])
        self.setCentralWidget(self.splitter)

        self.search_box = _SearchBox()
        self.search_box.setObjectName("search_box")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(260)
        self._history_model = QStringListModel(self)
        self.script = QComboBox()
        self.script.setObjectName("script")
        for key in MODES:
            self.script.addItem(key, key)
        self.script_label = QLabel()
        self.script_label.setBuddy(self.script)

        self.status_label = QLabel()
        self.index_progress = QProgressBar()
        self.index_progress.setRange(0, 0)
        self.index_progress.setMaximumWidth(140)
        self.index_progress.hide()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.index_progress)

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
        self.act_find = A("action_find", self.find_bar.open_bar, [QKeySequence.StandardKey.Find])
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
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 6, 0)
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
            self.find_bar.field,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

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
            self.act_zoom_out: (_("Zoom &out"), _("Smaller text")),
            self.act_zoom_reset: (_("&Actual size"), _("Text at its normal size")),
            self.act_search: (_("&Search the archive"), _("Search every statement")),
            self.act_history: (
                _("&Remember searches"),
                _("Offer recent searches in the search box (kept in the settings file)"),
            ),
            self.act_clear_history: (
                _("&Clear search history"),
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
        views = view_labels()
        view_tips = {
            "en": _("Only the English text"),
            "zh": _("Only the Chinese text"),
            "side-by-side": _("English and Chinese side by side, paragraph against paragraph"),
        }
        for number, key in enumerate(VIEWS, 1):
            act = self.view_actions[key]
            act.setText(views[key])
            act.setToolTip(f"{view_tips[key]} (Ctrl+{number})")
            act.setStatusTip(view_tips[key])
        scripts = script_labels()
        script_tips = {
            "original": _("Chinese as stored in the archive"),
            "simplified": _("Converted to Simplified Chinese by OpenCC"),
            "traditional-tw": _("Converted to Traditional Chinese (Taiwan) by OpenCC"),
            "traditional-hk": _("Converted to Traditional Chinese (Hong Kong) by OpenCC"),
        }
        for number, key in enumerate(MODES, 1):
            act = self.script_actions[key]
            act.setText(_("Script: {name}").format(name=scripts[key]))
            act.setStatusTip(script_tips[key])
            self.script.setItemText(number - 1, scripts[key])
            self.script.setItemData(number - 1, script_tips[key], TOOLTIP_ROLE)
        for key, act in self.theme_actions.items():
            act.setText(theme_label(key))
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
            _('Words or "a phrase"; AND, OR, NOT; year:2021; lang:zh. Either Chinese script.')
        )
        self.years.setAccessibleName(_("Years"))
        self.years.setAccessibleDescription(_("The statements in the archive, one per year"))
        self.reader.setAccessibleName(_("Statement"))
        self.reader.setAccessibleDescription(
            _("The statement text; converted Chinese shows its original when hovered")
        )
        self.banner.setAccessibleName(_("Notice"))
        self.toolbar.setWindowTitle(_("Reading"))
        self.toolbar.setAccessibleName(_("Reading tools"))
        self.index_progress.setAccessibleName(_("Building the search index"))
        self.find_bar.retranslate()
        self.search_panel.retranslate()
        self._sync_checks()
        self._show_notices()
        self.refresh()

    def _update_title(self) -> None:
        statement = self.current_statement()
        name = _("June Fourth Archive")
        self.setWindowTitle(f"{statement.year} — {name}" if statement else name)

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

    def _list_years(self) -> None:
        self.years.blockSignals(True)
        self.years.clear()
        for statement in self.archive:
            item = QListWidgetItem(f"{statement.year}\n{statement.title}")
            item.setData(YEAR_ROLE, statement.year)
            item.setToolTip(plain_tooltip(statement.title))  # data, never markup (issue 15)
            self.years.addItem(item)
        self.years.blockSignals(False)
        if not self.archive.statements:
            self.reader.show_message(_("The archive holds no statements."))
            return
        years = self.archive.years
        year = self.settings.last_year if self.settings.last_year in years else years[-1]
        self.years.setCurrentRow(years.index(year))

    def _script_of(self, year: int) -> Any:
        try:
            return self.archive.get(year).zh_script
        except ArchiveAppError:
            return "traditional"

    def current_statement(self) -> Statement | None:
        row = self.years.currentRow()
        if 0 <= row < len(self.archive.statements):
            return self.archive.statements[row]
        return None

    def _year_changed(self, row: int) -> None:
        self._highlight = None
        statement = self.current_statement()
        if statement is not None:
            self.settings.last_year = statement.year
        self.refresh()

    def step_year(self, step: int) -> None:
        if self.years.count():
            row = max(0, min(self.years.count() - 1, self.years.currentRow() + step))
            self.years.setCurrentRow(row)

    # --- what is shown ------------------------------------------------------------------------

    def refresh(self) -> None:
        statement = self.current_statement()
        if statement is None:
            return
        shown = self.reader.shown
        place = None
        if shown is not None and shown.statement is statement:
            place = self.reader.top_paragraph()  # same statement: keep the reader's place
        self._apply_reader_font(statement)
        self.reader.show_statement(
            statement, self.view_mode, self.script_mode, THEMES[self.theme_key], base_families()
        )
        if self._highlight is not None:
            lang, number, spans = self._highlight
            aligned = statement.aligned(lang, number)
            self.reader.highlight(lang, number, spans=spans, aligned=aligned)
        if place is not None:
            self.reader.scroll_to_paragraph(place)
        if self.find_bar.isVisible():
            self.find_bar.search()
        self._update_title()
        self.status_label.setText(
            _(
                "{year} · paragraphs: {en} English, {zh} Chinese · signatories: {signatories}"
            ).format(
                year=statement.year,
                en=len(statement.en),
                zh=len(statement.zh),
                signatories=len(statement.signatories),
            )
        )
        self.statement_shown.emit(statement.year)

    def _apply_reader_font(self, statement: Statement) -> None:
        font = QFont(self.reader.font())
        zh_family = FAMILIES[display_script(statement, self.script_mode)]
        other = [f for f in FAMILIES.values() if f != zh_family]
        font.setFamilies([*base_families(), zh_family, *other])
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
        self.view_mode = self.settings.view = view
        self._sync_checks()
        if changed:
            self.refresh()

    def set_script(self, mode: str) -> None:
        if mode not in MODES:
            return
        changed = mode != self.script_mode
        self.script_mode = self.settings.script = mode
        self.search_panel.set_mode(mode)
        self._sync_checks()
        if changed:
            self.refresh()

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
            self._converted_mode = "simplified" if source == "traditional" else "traditional-tw"
        self.set_script(self._converted_mode)

    def select(
        self, *, year: int | None = None, view: str | None = None, script: str | None = None
    ) -> None:
        if view is not None:
            self.set_view(view)
        if script is not None:
            self.set_script(script)
        if year is not None:
            self.open_statement(year)

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
        self.theme_key = self.settings.theme = key
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
        year: int,
        lang: str | None = None,
        paragraph: int | None = None,
        *,
        spans: tuple[tuple[int, int], ...] = (),
    ) -> bool:
        """Show ``year``; with ``lang`` and ``paragraph``, highlighted, scrolled to, and with
        its aligned paragraph beside it (the view switches to side by side when needed)."""
        if year not in self.archive.years:
            self.statusBar().showMessage(
                _("The archive has no statement for {year}.").format(year=year), 5000
            )
            return False
        if (lang, self.view_mode) in (("zh", "en"), ("en", "zh")):
            self.view_mode = self.settings.view = "side-by-side"
            self._sync_checks()
        self._highlight = (lang, paragraph, spans) if lang and paragraph else None
        row = self.archive.years.index(year)
        self.years.blockSignals(True)
        self.years.setCurrentRow(row)
        self.years.blockSignals(False)
        self.settings.last_year = year
        self.refresh()
        if lang and paragraph:
            target = f"{lang}-{paragraph}"
            QTimer.singleShot(0, lambda: self.reader.scrollToAnchor(target))
        return True

    def open_hit(self, hit: Hit) -> None:
        self.settings.remember_search(self.search_box.text())
        self._update_history_model()
        self.open_statement(hit.year, hit.lang, hit.paragraph, spans=hit.highlights)
        self.reader.setFocus()

    # --- archive and search index -------------------------------------------------------------

    def set_archive(self, archive: Archive) -> None:
        """Show another archive: years listed again, the index rebuilt on the next search."""
        self.archive = archive
        self._index = None
        self._index_for = None
        self._latest.invalidate()
        self._highlight = None
        self.search_panel.clear()
        self.search_panel.hide()
        self._show_notices()
        self._list_years()
        if self.search_box.text().strip():
            self.run_search(self.search_box.text())

    def search_index_async(
        self,
        callback: Callable[[SearchIndex], None],
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """Call ``callback(index)`` on the GUI thread once the index of this archive exists."""
        if self._index is not None and self._index_for is self.archive:
            callback(self._index)
            return
        self._index_waiters.append((callback, on_error or (lambda message: None)))
        if self._index_building:
            return
        self._index_building = True
        archive = self.archive
        self.statusBar().showMessage(_("Building the search index…"))

        def built(index: SearchIndex) -> None:
            self._index_building = False
            self.statusBar().clearMessage()
            if archive is not self.archive:
                if self._index_waiters:
                    waiters, self._index_waiters = self._index_waiters, []
                    for cb, err in waiters:
                        self.search_index_async(cb, err)
                return
            self._index, self._index_for = index, archive
            self.index_ready.emit()
            waiters, self._index_waiters = self._index_waiters, []
            for cb, _err in waiters:
                cb(index)

        def failed(exc: BaseException) -> None:
            self._index_building = False
            self.statusBar().clearMessage()
            if not isinstance(exc, ArchiveAppError):
                traceback.print_exception(exc)
            message = _("The search index could not be built: {error}").format(error=exc)
            waiters, self._index_waiters = self._index_waiters, []
            for _cb, err in waiters:
                err(message)

        def build() -> SearchIndex:
            from archive_app.core.search import SearchIndex

            return SearchIndex(archive)

        self.worker.run(build, built, failed)

    def _show_busy(self, busy: bool) -> None:
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
        if self._index is None or self._index_for is not self.archive:
            self.search_panel.set_building(query)
        else:
            self.search_panel.set_searching(query)

        def with_index(index: SearchIndex) -> None:
            if query != self._pending_query:
                return  # the user typed on; a newer search follows
            self._latest.run(
                lambda: index.search(query, limit=SEARCH_LIMIT),
                lambda hits: self._search_done(query, hits),
                lambda exc: self._search_failed(query, exc),
            )

        self.search_index_async(with_index, lambda message: self._search_error(query, message))

    def _search_done(self, query: str, hits: list[Hit]) -> None:
        self.search_panel.set_hits(query, hits)
        self.search_finished.emit(query)

    def _search_failed(self, query: str, exc: BaseException) -> None:
        if isinstance(exc, QueryError):
            message = exc.message
        else:
            traceback.print_exception(exc)
            message = _("The search failed: {error}").format(error=exc)
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
        if self._index is None and not self._index_building:
            self.search_index_async(lambda index: None)  # warm up while the user types

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
            completer = QCompleter(self._history_model, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.search_box.setCompleter(completer)
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
        statement = self.current_statement()
        return f"{statement.year} {statement.title}" if statement else _("June Fourth Archive")

    def print_current(self) -> bool:
        from PySide6.QtPrintSupport import QPrinter

        from archive_app.gui import dialogs, printing

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._document_title())
        if not dialogs.ask_print(printer, self):
            return False
        printing.print_document(self.reader.printable_document(), printer)
        self.statusBar().showMessage(_("Sent to the printer."), 5000)
        return True

    def suggested_pdf_name(self) -> str:
        statement = self.current_statement()
        year = statement.year if statement else "archive"
        return f"june-fourth-{year}-{self.view_mode}-{self.script_mode}.pdf"

    def export_pdf(self, path: Path) -> Path | None:
        """Write the current view to ``path`` as PDF; errors go to the banner, not a crash."""
        from archive_app.gui import printing

        try:
            written = printing.export_pdf(
                self.reader.printable_document(), path, self._document_title()
            )
        except ArchiveAppError as exc:
            self.add_notice(_("The PDF was not saved: {error}").format(error=exc))
            return None
        self.statusBar().showMessage(_("Saved {path}").format(path=written), 8000)
        return written

    def export_pdf_dialog(self) -> Path | None:
        from archive_app.gui import dialogs

        folder = Path.home()
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
        self.worker.wait()
        if self.persist_on_close:
            self.save_settings()
        super().closeEvent(event)


def apply_ui_font(ui_language: str) -> None:
    """The app font with the bundled face that suits the UI language as Chinese fallback."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    font = QFont(app.font())
    font.setFamilies(ui_families(ui_language))
    app.setFont(font)
