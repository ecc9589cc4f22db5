"""What an e-book reader's users expect of the reading window (issue 14).

Installed into the main window by :func:`install` (through :mod:`archive_app.gui.extensions`),
so the window class does not grow:

- **View → Full screen** (F11) and **Focus mode** (Ctrl+Shift+F): only the text (and any
  notice about it) stays; Esc in the reading pane, or the same key, brings the rest back.
- **Go to paragraph** (Ctrl+G): ``4`` for ¶4 of the language shown, ``zh 4`` / ``中4`` for the
  Chinese ¶4.
- The place in each statement is remembered (keyed by the :class:`StatementKey`'s slug) and
  restored when the statement is opened again, unless it was opened at a search hit.
- **Stored Chinese beside converted**: the stored text in a column of its own beside the
  conversion (BibleTime's parallel view: English | Chinese as stored | Chinese converted).
- **Reading settings** (line spacing, column width, text size): :mod:`.reading_settings`.
- **Bookmarks and notes**: :mod:`.bookmarks` (panel, Markdown export with citations).
- The status bar says where the reader is (statement, paragraph, script, converted or not) and
  the zoom; the year list's titles follow the chosen script (labelled as converted).
- PageUp / PageDown on the Script box scroll the text instead of silently changing the script.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QToolButton, QWidget

from archive_app.core.convert import Mode, is_converted
from archive_app.core.errors import ArchiveAppError
from archive_app.gui import labels
from archive_app.gui.i18n import _, on_language_changed
from archive_app.gui.lazy_qt import Qt

if TYPE_CHECKING:
    from archive_app.core.reading import Place, ReadingStore
    from archive_app.core.record import Statement, StatementKey
    from archive_app.gui.main_window import MainWindow

__all__ = ["Reading", "install", "parse_paragraph", "reading_of"]

POSITION_DELAY_MS = 400  # after the last scroll, the place is noted
SAVE_DELAY_MS = 2000  # after the last change, the reading file is written
_ATTR = "_ebook_reading"
NARROW_WINDOW = 1000  # pixels of the splitter below which the year list gives way
SIDEBAR_SHARE = 0.22
SIDEBAR_MIN = 150

_PARAGRAPH_RE = re.compile(
    r"^\s*(?:(en|english|英|英文|e)|(zh|chinese|中|中文|c))?\s*[¶#]?\s*(\d{1,5})\s*$", re.IGNORECASE
)


def parse_paragraph(text: str, default_lang: str) -> tuple[str, int] | None:
    """``"4"`` → (default_lang, 4); ``"zh 4"``, ``"中4"``, ``"c4"`` → ("zh", 4); ``"en 2"`` →
    ("en", 2); anything else → None."""
    match = _PARAGRAPH_RE.match(text)
    if not match:
        return None
    lang = "en" if match.group(1) else "zh" if match.group(2) else default_lang
    number = int(match.group(3))
    return (lang, number) if number > 0 else None


def ask_paragraph(parent: QWidget, hint: str) -> str | None:
    """Ask which paragraph to go to (Qt's own input dialog). Test seam."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(parent, _("Go to paragraph"), hint)
    return text if ok else None


class Reading(QObject):
    """The e-book features of one main window (see the module's doc)."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.store: ReadingStore | None = None
        self.current: StatementKey | None = None
        self._focus_hidden: list[QWidget] = []
        self._was_maximized = False
        self._save_problem_shown = False
        self._status_waits = False  # the status line waits for the first paint (once)
        self.bookmarks: Any = None  # the panel, made on first use (bookmarks.BookmarkPanel)

        self.where = QLabel()
        self.where.setObjectName("status_where")
        # Plain text (it names statements); set after the first paint, which needs no enum of
        # the Qt namespace (what it shows before then is digits and our own words).
        after_first_paint(window, lambda: self.where.setTextFormat(Qt.TextFormat.PlainText))
        self.zoom_button = QToolButton()
        self.zoom_button.setObjectName("status_zoom")
        self.zoom_button.setAutoRaise(True)
        self.zoom_button.clicked.connect(lambda: window.set_zoom(100))
        window.statusBar().addPermanentWidget(self.where)
        window.statusBar().addPermanentWidget(self.zoom_button)
        # A passing message (e.g. "Bookmarked: …") takes the statement's counts' place instead
        # of being drawn over them.
        window.statusBar().messageChanged.connect(
            lambda message: window.status_label.setVisible(not message)
        )

        self._position_timer = QTimer(self)
        self._position_timer.setSingleShot(True)
        self._position_timer.setInterval(POSITION_DELAY_MS)
        self._position_timer.timeout.connect(self.note_position)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save)

        settings = window.settings
        reader = window.reader
        reader.line_spacing = settings.line_spacing
        reader.measure_chars = settings.column_width
        reader.beside_stored = settings.stored_beside_converted

        self._build_actions()
        window.statement_shown.connect(self._statement_shown)
        # The scroll bar is wrapped for Python only once the window shows (no scrolling before).
        after_first_paint(window, self._follow_scrolling)
        reader.cursorPositionChanged.connect(self._scrolled)
        reader.installEventFilter(self)
        window.script.installEventFilter(self)
        window.installEventFilter(self)
        on_language_changed(self.retranslate)  # held weakly; dropped with the window
        self.retranslate()

    # --- actions --------------------------------------------------------------------------

    def _action(self, name: str, keys: list[str], slot: Any, *, checkable: bool = False) -> QAction:
        action = QAction(self.window)
        action.setObjectName(name)
        action.setCheckable(checkable)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # keys work with the menu bar hidden too
        return action

    def _build_actions(self) -> None:
        A = self._action
        self.act_full_screen = A(
            "action_full_screen", ["F11"], self.toggle_full_screen, checkable=True
        )
        self.act_focus = A(
            "action_focus_mode", ["Ctrl+Shift+F"], self.toggle_focus_mode, checkable=True
        )
        self.act_goto = A("action_go_to_paragraph", ["Ctrl+G"], self.go_to_paragraph_dialog)
        self.act_beside = A(
            "action_stored_beside_converted", ["Ctrl+4"], self.toggle_beside_stored, checkable=True
        )
        self.act_settings = A("action_reading_settings", ["Ctrl+Shift+R"], self.open_settings)
        self.act_bookmark = A("action_bookmark", ["Ctrl+D"], self.bookmark_here)
        self.act_panel = A(
            "action_bookmarks_panel", ["Ctrl+Shift+B"], self.toggle_panel, checkable=True
        )
        self.act_export = A("action_export_bookmarks", [], self.export_bookmarks)
        self.act_beside.setChecked(self.window.reader.beside_stored)
        menus = self.window.menus
        view = menus["menu_view"]
        view.addSeparator()
        for act in (self.act_full_screen, self.act_focus, self.act_goto, self.act_beside):
            view.addAction(act)
        view.addAction(self.act_settings)
        view.addAction(self.act_panel)
        tools = menus["menu_tools"]
        tools.addSeparator()
        tools.addAction(self.act_bookmark)
        file_menu = menus["menu_file"]
        quit_action = self.window.act_quit
        if quit_action in file_menu.actions():
            file_menu.insertAction(quit_action, self.act_export)
            file_menu.insertSeparator(quit_action)
        else:
            file_menu.addAction(self.act_export)

    def retranslate(self) -> None:
        texts = {
            self.act_full_screen: (_("&Full screen"), _("Fill the screen with the window (F11)")),
            self.act_focus: (
                _("Focus &mode"),
                _("Only the text: menus, toolbar, year list and status bar hidden (Esc to leave)"),
            ),
            self.act_goto: (_("&Go to paragraph…"), _("Go to a paragraph by its number")),
            self.act_beside: (
                _("Stored &Chinese beside converted"),
                _("Show the Chinese as stored in a column beside the converted text"),
            ),
            self.act_settings: (
                _("Reading &settings…"),
                _("Text size, line spacing and column width"),
            ),
            self.act_panel: (
                _("&Bookmarks and notes"),
                _("Show or hide the list of bookmarks and notes"),
            ),
            self.act_bookmark: (
                _("&Bookmark this paragraph"),
                _("Bookmark the paragraph at the cursor (or at the top of the view)"),
            ),
            self.act_export: (
                _("Export &bookmarks and notes…"),
                _("Save every bookmark and note as Markdown, with citations"),
            ),
        }
        for action, (text, tip) in texts.items():
            action.setText(text)
            action.setStatusTip(tip)
            action.setToolTip(tip)
        self.zoom_button.setToolTip(_("Text size; click for the actual size (Ctrl+0)"))
        self.zoom_button.setAccessibleName(_("Zoom"))
        self.where.setAccessibleName(_("Where you are"))
        self.update_status()
        self.retitle_years()

    # --- the statement shown ----------------------------------------------------------------

    def key_of(self, statement: Statement) -> StatementKey:
        return self.window.archive.key_of(statement)

    def _statement_shown(self, _key: object = None) -> None:
        key = self.window.current_key()
        if key != self.current:
            self.current = key
            if key is not None and not self.window.opened_at_a_hit:
                self._restore_position(key)
        self.retitle_years()
        if self.window.reader.painted:
            self.update_status()
        elif not self._status_waits:
            # Where the reader is needs the text cursor and the paragraph map, which the first
            # frame does not: the status line follows right after it.
            self._status_waits = True
            after_first_paint(self.window, self.update_status)
        if self.bookmarks is not None:
            self.bookmarks.refresh()

    def reading_store(self) -> ReadingStore:
        if self.store is None:
            from archive_app.core.reading import ReadingStore

            paths = self.window.app_paths
            self.store = ReadingStore.in_folder(paths.data_dir)
            if self.store.problems:
                self.window.add_notice(
                    _("Bookmarks and reading places: {problems}").format(
                        problems="; ".join(self.store.problems[:3])
                    )
                )
        return self.store

    def _restore_position(self, key: StatementKey) -> None:
        if self.store is None and not (self.window.app_paths.data_dir / "reading.json").is_file():
            return  # nothing remembered yet (a first start): the store loads on first use
        place = self.reading_store().position(key)
        if place is None:
            return
        target = (place.lang, place.paragraph)

        def scroll() -> None:
            # A window that remembers nothing (a screenshot, a test) restores nothing either.
            if self.current == key and self.window.persist_on_close:
                self.window.reader.scroll_to_paragraph(target)
                self.update_status()

        if self.window.isVisible():
            QTimer.singleShot(0, scroll)
        else:
            self.window.reader.first_paint_callbacks.insert(0, scroll)

    def _follow_scrolling(self) -> None:
        self.window.reader.verticalScrollBar().valueChanged.connect(self._scrolled)

    def _scrolled(self, *_args: object) -> None:
        self._position_timer.start()
        if self.window.reader.painted:  # before, the status line waits (_statement_shown)
            self.update_status()

    def note_position(self) -> None:
        """Remember where the reader is in the statement shown (the paragraph at the top)."""
        if self.current is None:
            return
        from archive_app.core.reading import Place

        top = self.window.reader.top_paragraph()
        store = self.reading_store()
        place = Place(*top) if top else None
        if store.position(self.current) != place:
            store.set_position(self.current, place)
            self._save_timer.start()

    def save(self) -> None:
        if self.store is None:
            return
        try:
            self.store.save()
        except ArchiveAppError as exc:
            if not self._save_problem_shown:
                self._save_problem_shown = True
                self.window.statusBar().showMessage(
                    _("Bookmarks and reading places not saved: {error}").format(error=exc), 10000
                )

    def paragraph_here(self) -> tuple[str, int] | None:
        """The paragraph at the cursor, else the one at the top of the view, else the first."""
        reader = self.window.reader
        key = reader.paragraph_at_block(reader.textCursor().block().blockNumber())
        if key is None:
            key = reader.top_paragraph()
        if key is None and reader.paragraph_blocks:
            key = min(reader.paragraph_blocks, key=lambda k: reader.paragraph_blocks[k])
        return key

    # --- status bar and year list -------------------------------------------------------------

    def update_status(self) -> None:
        window = self.window
        self.zoom_button.setText(_("Zoom {percent}").format(percent=f"{window.zoom}%"))
        statement = window.current_statement()
        if statement is None:
            self.where.setText("")
            return
        key = self.key_of(statement)
        here = self.paragraph_here()
        if here is None:
            paragraph = ""
        elif here[0] == "en":
            paragraph = _("English ¶{number}").format(number=here[1])
        else:
            paragraph = _("Chinese ¶{number}").format(number=here[1])
        mode = window.script_mode
        script = labels.script_labels()[Mode(mode)]
        if is_converted(statement.zh_script, mode):
            script = _("Chinese in {script}, converted").format(script=script)
        else:
            script = _("Chinese as stored")
        name = key.label  # short: the status line on the left and the bar above name the origin
        parts = [name, paragraph, script] if paragraph else [name, script]
        self.where.setText(" · ".join(parts))

    def retitle_years(self) -> None:
        """The year list's titles follow the chosen script (the window's rows do the converting
        and say so in their tooltips); the heading says when titles are converted."""
        window = self.window
        mode = Mode(window.script_mode)
        window._label_rows()
        any_converted = any(is_converted(s.zh_script, mode) for s in window.archive.statements)
        label = _("&Years")
        if any_converted:
            script = labels.script_labels()[mode]
            label += "\n" + _("(titles converted to {script})").format(script=script)
        window.years_label.setText(label)

    def fit_sidebar(self) -> None:
        """On a narrow window the year list gives way to the text: at most about a fifth of
        the width (so the English column keeps a readable line on an 800-pixel window)."""
        splitter = self.window.splitter
        sizes = splitter.sizes()
        total = sum(sizes)
        if len(sizes) < 2 or total <= 0 or total >= NARROW_WINDOW:
            return
        most = max(SIDEBAR_MIN, int(total * SIDEBAR_SHARE))
        if sizes[0] > most:
            splitter.setSizes([most, total - most, *sizes[2:]])

    # --- full screen and focus mode -----------------------------------------------------------

    def toggle_full_screen(self) -> None:
        window = self.window
        if window.isFullScreen():
            window.showMaximized() if self._was_maximized else window.showNormal()
        else:
            self._was_maximized = window.isMaximized()
            window.showFullScreen()
        self.act_full_screen.setChecked(window.isFullScreen())

    def focus_parts(self) -> list[QWidget]:
        """What focus mode hides: menus, toolbar, the year list's side, the status bar, docks."""
        window = self.window
        parts: list[QWidget] = [window.menuBar(), window.toolbar, window.statusBar()]
        side = window.splitter.widget(0)
        if side is not None:
            parts.append(side)
        if self.bookmarks is not None:
            parts.append(self.bookmarks.dock)
        return parts

    @property
    def in_focus_mode(self) -> bool:
        return bool(self._focus_hidden)

    def toggle_focus_mode(self) -> None:
        if self._focus_hidden:
            for widget in self._focus_hidden:
                widget.show()
            self._focus_hidden = []
        else:
            self._focus_hidden = [w for w in self.focus_parts() if w.isVisible()]
            for widget in self._focus_hidden:
                widget.hide()
            self.window.reader.setFocus()
        self.act_focus.setChecked(self.in_focus_mode)

    def leave_modes(self) -> bool:
        """Esc in the reading pane: out of focus mode and full screen. False if in neither."""
        left = False
        if self.in_focus_mode:
            self.toggle_focus_mode()
            left = True
        if self.window.isFullScreen():
            self.toggle_full_screen()
            left = True
        return left

    # --- go to paragraph ----------------------------------------------------------------------

    def default_lang(self) -> str:
        return "zh" if self.window.view_mode == "zh" else "en"

    def go_to_paragraph(self, text: str) -> bool:
        """Go to the paragraph ``text`` names (see :func:`parse_paragraph`); False, with a
        message in the status bar, if there is none."""
        window = self.window
        statement = window.current_statement()
        target = parse_paragraph(text, self.default_lang())
        if statement is None or target is None:
            window.statusBar().showMessage(
                _("Not a paragraph number: {text}").format(text=text.strip()), 5000
            )
            return False
        lang, number = target
        count = len(statement.paragraphs(lang))
        if not 0 < number <= count:
            language = _("English") if lang == "en" else _("Chinese")
            window.statusBar().showMessage(
                _("There is no {language} ¶{number} (1–{count}).").format(
                    language=language, number=number, count=count
                ),
                5000,
            )
            return False
        if (lang, window.view_mode) in (("en", "zh"), ("zh", "en")):
            window.set_view("side-by-side")
        reader = window.reader
        reader.scroll_to_paragraph((lang, number))
        block = reader.paragraph_blocks.get((lang, number))
        if block is not None:
            from PySide6.QtGui import QTextCursor

            reader.setTextCursor(QTextCursor(reader.document().findBlockByNumber(block)))
        reader.setFocus()
        self.update_status()
        return True

    def go_to_paragraph_dialog(self) -> None:
        hint = _("Paragraph number (4 for ¶4; zh 4 or 中4 for the Chinese ¶4):")
        text = ask_paragraph(self.window, hint)
        if text:
            self.go_to_paragraph(text)

    # --- columns and settings -----------------------------------------------------------------

    def toggle_beside_stored(self) -> None:
        self.set_beside_stored(not self.window.reader.beside_stored)

    def set_beside_stored(self, on: bool) -> None:
        window = self.window
        window.reader.beside_stored = window.settings.stored_beside_converted = on
        self.act_beside.setChecked(on)
        statement = window.current_statement()
        if (
            on
            and statement is not None
            and not is_converted(statement.zh_script, window.script_mode)
        ):
            window.statusBar().showMessage(
                _(
                    "The stored Chinese stands beside a conversion: choose a script "
                    "(Alt+2 … Alt+4)."
                ),
                8000,
            )
        window.refresh()

    def open_settings(self) -> None:
        from archive_app.gui.reading_settings import open_reading_settings

        open_reading_settings(self.window)

    # --- bookmarks ----------------------------------------------------------------------------

    def panel(self) -> Any:
        if self.bookmarks is None:
            from archive_app.gui.bookmarks import BookmarkPanel

            self.bookmarks = BookmarkPanel(self)
        return self.bookmarks

    def toggle_panel(self) -> None:
        panel = self.panel()
        panel.dock.setVisible(not panel.dock.isVisible())
        self.act_panel.setChecked(panel.dock.isVisible())

    def bookmark_here(self) -> None:
        self.panel().bookmark_here()

    def export_bookmarks(self) -> None:
        self.panel().export_dialog()

    # --- events -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        window = self.window
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is window.script and key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                # The Script box would change the script silently; the keys scroll the text.
                QApplication.sendEvent(window.reader.verticalScrollBar(), event)
                return True
            if watched is window.reader and key == Qt.Key.Key_Escape and self.leave_modes():
                return True
        elif kind == QEvent.Type.Resize and watched is window:
            self.fit_sidebar()
        elif kind == QEvent.Type.Close and watched is window:
            self._position_timer.stop()
            self.note_position()
            self._save_timer.stop()
            if window.persist_on_close:
                self.save()
        return False


def after_first_paint(window: MainWindow, work: Callable[[], None]) -> None:
    """Run ``work`` once the window's first frame is painted (from the event loop, after it)."""
    window.reader.first_paint_callbacks.append(lambda: QTimer.singleShot(0, work))


def install(window: MainWindow) -> None:
    window.session.tools[_ATTR] = Reading(window)


def reading_of(window: MainWindow) -> Reading | None:
    found = window.session.tools.get(_ATTR)
    return found if isinstance(found, Reading) else None


def place_of(key: tuple[str, int]) -> Place:
    from archive_app.core.reading import Place

    return Place(*key)
