"""The reading pane and its find bar.

:class:`ReadingPane` is a ``QTextBrowser`` that follows no link and loads nothing but bundled
files; it knows which block holds which paragraph (from the ``en-N`` / ``zh-N`` anchors the
renderer writes), so it can show the stored original of a converted paragraph on hover, copy a
selection with its citation, highlight a paragraph and scroll to it.

:class:`FindBar` is find-in-page: every match highlighted, the current one stronger.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QPoint, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QWidget,
)

from archive_app.gui.lazy_qt import later

if TYPE_CHECKING:  # events only annotated: importing them builds enums the first paint skips
    from PySide6.QtCore import QKeyCombination, QUrl
    from PySide6.QtGui import (
        QContextMenuEvent,
        QResizeEvent,
        QShowEvent,
        QTextBlockFormat,
        QTextCharFormat,
        QTextCursor,
        QTextFormat,
        QWheelEvent,
    )
    from PySide6.QtWidgets import QMenu, QToolTip
else:  # highlights, find, menus and tooltips come after the first paint: their classes too
    QKeyCombination = later("PySide6.QtCore", "QKeyCombination")
    QUrl = later("PySide6.QtCore", "QUrl")
    QTextBlockFormat = later("PySide6.QtGui", "QTextBlockFormat")
    QTextCharFormat = later("PySide6.QtGui", "QTextCharFormat")
    QTextCursor = later("PySide6.QtGui", "QTextCursor")
    QTextFormat = later("PySide6.QtGui", "QTextFormat")
    QMenu = later("PySide6.QtWidgets", "QMenu")
    QToolTip = later("PySide6.QtWidgets", "QToolTip")

from archive_app.core.convert import Mode, Script, find_folded, is_converted
from archive_app.core.paths import resources_dir
from archive_app.core.record import Statement, StatementKey
from archive_app.core.settings import ChineseFace
from archive_app.gui import labels
from archive_app.gui.fonts import chinese_family
from archive_app.gui.i18n import _
from archive_app.gui.lazy_qt import Qt
from archive_app.gui.render import anchor, display_script, statement_html
from archive_app.gui.themes import THEMES, Theme, reading_css

__all__ = ["FindBar", "ReadingPane", "citation", "find_spans_in_text"]

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'）」』】》，。、]+", re.IGNORECASE)
_ANCHOR_RE = re.compile(r"^(en|zh|zo)-(\d+)$")  # zo: Chinese as stored, beside a conversion
MEASURE_CHARS = 90  # characters per line in a single-language view (the default)
LINE_SPACING = 140  # percent, English (Chinese a little tighter); the default
PAGE_MARGIN = 14  # pixels between the pane's edge and the text


def citation(key: StatementKey, paragraphs: list[tuple[str, int]]) -> str:
    """'— Coalition statement, June Fourth 2021, ¶2' for the paragraphs a selection touches.

    It names the text exactly: ``June Fourth 2021 (version 2), added locally, not signed``.
    """
    if key.version > 1:
        which = _("{year} (version {version})").format(year=key.year, version=key.version)
    else:
        which = str(key.year)
    note = labels.origin_label(key)
    if note:
        which = f"{which}, {note}"
    numbers = [
        f"¶{n}" if lang == "en" else _("Chinese ¶{number}").format(number=n)
        for lang, n in paragraphs
    ]
    if not numbers:
        return _("— Coalition statement, June Fourth {year}").format(year=which)
    return _("— Coalition statement, June Fourth {year}, {paragraphs}").format(
        year=which, paragraphs=", ".join(numbers)
    )


def converted_citation_note(source_script: Script, mode: Mode) -> str:
    """', converted to Simplified by OpenCC from the Traditional original' (for a citation)."""
    sources, targets = labels.conversion_names()
    return _(", converted to {target} by OpenCC from the {source} original").format(
        target=targets[Mode(mode)], source=sources[source_script]
    )


def find_spans_in_text(text: str, needle: str) -> list[tuple[int, int]]:
    """Where ``needle`` occurs in ``text``, folded as search folds (script, variants, case,
    full-width forms, spaces between Chinese characters): core's ``find_folded``."""
    return find_folded(text, needle) if needle else []


class Shown(NamedTuple):
    """What the pane shows now, enough to render it again (to print, in another theme)."""

    statement: Statement
    view: str
    mode: Mode
    theme: Theme
    base_families: list[str]
    key: StatementKey
    beside_stored: bool = False


class _BlockMap:
    """Paragraphs and the document blocks that hold them, from the anchors ``statement_html``
    puts at each paragraph (``en-3``; ``zo-1`` marks where Chinese ¶1's stored original is)."""

    def __init__(self) -> None:
        self.blocks: dict[tuple[str, int], int] = {}
        self.paragraphs: dict[int, tuple[str, int]] = {}

    def note(self, anchor: str, block: int) -> None:
        match = _ANCHOR_RE.match(anchor)
        if match and match.group(1) == "zo":  # cited as Chinese ¶N
            self.paragraphs[block] = ("zh", int(match.group(2)))
        elif match:
            key = (match.group(1), int(match.group(2)))
            self.blocks[key] = block
            self.paragraphs[block] = key


class ReadingPane(QTextBrowser):
    """A reading pane that follows no link and loads only files bundled with the app."""

    zoom_step = Signal(int)  # Ctrl+wheel: +1 larger, -1 smaller (the window owns the zoom)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.shown: Shown | None = None
        # Which block holds which paragraph: read from the document's anchors when first asked
        # for (the first paint does not need it, and reading char formats builds 12 enums).
        self._blocks: _BlockMap | None = None
        self._side = 0  # the root frame's left and right margin, as last set
        self.highlighted_paragraphs: list[tuple[str, int]] = []
        self.first_paint_callbacks: list[Callable[[], None]] = []
        self.painted = False  # whether the pane has painted once (callbacks above have run)
        # Reading settings (the reading-settings panel sets them; the window re-renders).
        self.line_spacing = LINE_SPACING
        self.measure_chars = MEASURE_CHARS
        self.beside_stored = False
        self.chinese_face = ChineseFace.SANS  # Sans or Serif (the window sets it from settings)

    # --- safety -----------------------------------------------------------------------------

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        """Only files under ``resources/``, never anything remote or elsewhere on disk."""
        qurl = QUrl(url) if isinstance(url, str) else url
        if qurl.scheme() not in ("", "file"):
            return None
        local = qurl.toLocalFile() or qurl.path()
        if not local:
            return None
        root = resources_dir().resolve()
        path = Path(local)
        if not path.is_absolute():
            path = root / path
        try:
            path = path.resolve()
        except OSError:
            return None
        if not path.is_relative_to(root) or not path.is_file():
            return None
        return path.read_bytes()

    # --- showing a statement ------------------------------------------------------------------

    def show_statement(
        self,
        statement: Statement,
        view: str,
        mode: Mode,
        theme: Theme,
        base_families: list[str],
        *,
        key: StatementKey | None = None,
    ) -> None:
        """Show ``statement``; ``key`` names it (citations, the print-out); without one it is
        taken as the first, signed text of its year."""
        key = key if key is not None else StatementKey(statement.year)
        self.shown = Shown(statement, view, mode, theme, base_families, key, self.beside_stored)
        face = self.chinese_face
        script = display_script(statement, mode)
        self.document().setDefaultStyleSheet(
            reading_css(
                theme,
                zh_family=chinese_family(script, face),
                base_families=base_families,
                line_spacing=self.line_spacing,
                stored_family=chinese_family(statement.zh_script, face),
            )
        )
        # On screen the conversion label stands in the window's statement bar, outside the
        # scrolling page; on paper (printable_document) it is printed at the top.
        self.setHtml(
            statement_html(
                statement, view, mode, conversion_in_page=False, beside_stored=self.beside_stored
            )
        )
        self.set_focus_ring(theme)
        self.document().setDocumentMargin(PAGE_MARGIN)
        self._side = PAGE_MARGIN
        self._blocks = None
        self.highlighted_paragraphs = []
        self._fit_measure()

    def set_focus_ring(self, theme: Theme) -> None:
        """A ring in the theme's highlight colour while the pane has the keyboard focus (the
        same width, in the window's colour, without it: the text does not move)."""
        sheet = (
            f"QTextBrowser {{ border: 2px solid {theme.window}; border-radius: 3px; "
            f"background: {theme.base}; }}"
            f"QTextBrowser:focus {{ border: 2px solid {theme.highlight}; }}"
        )
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)

    def viewport_width(self) -> int:
        """The text area's width, without calling ``viewport()``: the first call of that makes
        PySide build some sixty enum classes of QtWidgets, which the first paint can do without."""
        width = self.maximumViewportSize().width()
        bar = self.verticalScrollBar()
        if bar.isVisible():
            width -= bar.width()
        return int(width)

    def _fit_measure(self) -> None:
        """Keep a single-language column to a readable line length, centred in a wide pane
        (side by side uses the whole width: two columns are already short)."""
        shown = self.shown
        width = self.viewport_width()
        side = PAGE_MARGIN
        if shown is not None and shown.view != "side-by-side":
            measure = self.fontMetrics().averageCharWidth() * self.measure_chars
            side = max(PAGE_MARGIN, (width - measure) // 2)
        if side != self._side:
            root = self.document().rootFrame()
            fmt = root.frameFormat()
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            root.setFrameFormat(fmt)
            self._side = side

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoom_step.emit(1 if delta > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_measure()

    def show_message(self, text: str) -> None:
        self.shown = None
        self.setPlainText(text)
        self._side = int(self.document().rootFrame().frameFormat().leftMargin())
        self._blocks = None

    def _block_map(self) -> _BlockMap:
        if self._blocks is None:
            self._blocks = _BlockMap()
            block = self.document().begin()
            while block.isValid():
                it = block.begin()
                while not it.atEnd():
                    for name in it.fragment().charFormat().anchorNames():
                        self._blocks.note(name, block.blockNumber())
                    it += 1
                block = block.next()
        return self._blocks

    @property
    def paragraph_blocks(self) -> dict[tuple[str, int], int]:
        """The block number of each paragraph shown, by (language, number)."""
        return self._block_map().blocks

    def paragraph_at_block(self, number: int) -> tuple[str, int] | None:
        return self._block_map().paragraphs.get(number)

    def paragraph_at(self, viewport_pos: QPoint) -> tuple[str, int] | None:
        cursor = self.cursorForPosition(viewport_pos)
        block = cursor.block()
        rect = self.document().documentLayout().blockBoundingRect(block)
        doc_pos = viewport_pos + QPoint(
            self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        )
        if not rect.contains(doc_pos.toPointF()):
            return None
        return self.paragraph_at_block(block.blockNumber())

    def top_paragraph(self) -> tuple[str, int] | None:
        """The first paragraph whose block reaches the top of the view (to keep the place)."""
        if self.verticalScrollBar().value() == 0:
            return None
        left = self._side
        cursor = self.cursorForPosition(QPoint(left + 12, 6))  # inside the text, not the margin
        block = cursor.block()
        while block.isValid():
            key = self.paragraph_at_block(block.blockNumber())
            if key:
                return key
            block = block.next()
        return None

    def scroll_to_paragraph(self, key: tuple[str, int]) -> bool:
        """Scroll so that ``key`` (or, if it is not shown, its counterpart) is at the top."""
        shown = self.shown
        if key not in self.paragraph_blocks and shown is not None:
            other = shown.statement.aligned(*key)
            if other is None:
                return False
            key = other
        if key not in self.paragraph_blocks:
            return False
        self.scrollToAnchor(anchor(*key))
        return True

    def paragraph_text(self, lang: str, number: int) -> str:
        number_block = self.paragraph_blocks.get((lang, number))
        if number_block is None:
            return ""
        return self.document().findBlockByNumber(number_block).text()

    # --- original on hover --------------------------------------------------------------------

    def original_tooltip(self, key: tuple[str, int]) -> str | None:
        """Rich text with the stored original of a converted Chinese paragraph."""
        shown = self.shown
        if shown is None or key[0] != "zh":
            return None
        if not is_converted(shown.statement.zh_script, shown.mode):
            return None
        if not 0 < key[1] <= len(shown.statement.zh):
            return None
        original = shown.statement.zh[key[1] - 1]
        family = chinese_family(shown.statement.zh_script, self.chinese_face)
        head = _("Original text as stored in the archive (¶{number}):").format(number=key[1])
        return (
            f"<p><b>{html.escape(head)}</b></p>"
            f"<p style=\"font-family: '{family}'\">{html.escape(original)}</p>"
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = event.pos()  # type: ignore[attr-defined]
            key = self.paragraph_at(self.viewport().mapFrom(self, pos))
            tip = self.original_tooltip(key) if key else None
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    # --- first paint (for the startup benchmark) ---------------------------------------------

    def paintEvent(self, event: QEvent) -> None:
        super().paintEvent(event)  # type: ignore[arg-type]
        self.painted = True
        if self.first_paint_callbacks:
            callbacks, self.first_paint_callbacks = self.first_paint_callbacks, []
            for callback in callbacks:
                callback()

    # --- highlights ---------------------------------------------------------------------------

    def highlight(
        self,
        lang: str,
        number: int,
        *,
        spans: tuple[tuple[int, int], ...] = (),
        aligned: tuple[str, int] | None = None,
    ) -> bool:
        """Mark a paragraph (and its counterpart, softer) and scroll to it; False if not shown."""
        shown = self.shown
        if shown is None or (lang, number) not in self.paragraph_blocks:
            return False
        theme = shown.theme
        self._mark_block((lang, number), theme.hit)
        self.highlighted_paragraphs = [(lang, number)]
        if aligned and aligned in self.paragraph_blocks:
            self._mark_block(aligned, theme.hit_soft)
            self.highlighted_paragraphs.append(aligned)
        block = self.document().findBlockByNumber(self.paragraph_blocks[(lang, number)])
        stored = shown.statement.paragraphs(lang)[number - 1]
        text = block.text()
        offset = text.find(" ") + 1  # after the "¶N " marker
        if spans and len(text) - offset == len(stored):
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(theme.hit_span))
            for start, end in spans:
                cursor = QTextCursor(block)
                cursor.setPosition(block.position() + offset + start)
                cursor.setPosition(block.position() + offset + end, QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(fmt)
        self.scrollToAnchor(anchor(lang, number))
        cursor = QTextCursor(block)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def _mark_block(self, key: tuple[str, int], colour: str) -> None:
        block = self.document().findBlockByNumber(self.paragraph_blocks[key])
        fmt = QTextBlockFormat()
        fmt.setBackground(QColor(colour))
        QTextCursor(block).mergeBlockFormat(fmt)

    def block_background(self, key: tuple[str, int]) -> str | None:
        block = self.document().findBlockByNumber(self.paragraph_blocks[key])
        fmt = block.blockFormat()
        if not fmt.hasProperty(QTextFormat.Property.BackgroundBrush):
            return None
        return fmt.background().color().name()

    # --- copy with citation -------------------------------------------------------------------

    def selected_paragraphs(self, cursor: QTextCursor | None = None) -> list[tuple[str, int]]:
        cursor = cursor or self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart()).blockNumber()
        last = doc.findBlock(cursor.selectionEnd()).blockNumber()
        found: list[tuple[str, int]] = []
        for number in range(first, last + 1):
            key = self.paragraph_at_block(number)
            if key and key not in found:
                found.append(key)
        # English first, then Chinese, each in paragraph order.
        return sorted(found, key=lambda k: (k[0] != "en", k[1]))

    def text_with_citation(self, cursor: QTextCursor | None = None) -> str:
        cursor = cursor or self.textCursor()
        text = cursor.selection().toPlainText()
        if self.shown is None or not text.strip():
            return text
        shown = self.shown
        paragraphs = self.selected_paragraphs(cursor)
        cited = citation(shown.key, paragraphs)
        # Converted Chinese on the clipboard says so: it is OpenCC's output, not the source.
        chinese_in_it = any(lang == "zh" for lang, _n in paragraphs) or (
            not paragraphs and shown.view != "en"
        )
        if chinese_in_it and is_converted(shown.statement.zh_script, shown.mode):
            cited += converted_citation_note(shown.statement.zh_script, shown.mode)
        return text.rstrip() + "\n" + cited

    def original_with_citation(self, cursor: QTextCursor | None = None) -> str:
        """The stored original of every paragraph the selection touches, whole, with the
        citation (Ctrl+Shift+C). Converted text cannot be mapped back letter by letter, so the
        paragraphs are given entire, as the archive stores them."""
        cursor = cursor or self.textCursor()
        shown = self.shown
        if shown is None or not cursor.selection().toPlainText().strip():
            return ""
        statement = shown.statement
        paragraphs = self.selected_paragraphs(cursor)
        texts = [statement.paragraphs(lang)[n - 1] for lang, n in paragraphs]
        if not texts:
            texts = [statement.title]
        cited = citation(shown.key, paragraphs) + _(", original text as stored")
        return "\n\n".join(texts) + "\n" + cited

    def copy(self) -> None:
        """Copy the selection with its citation (Ctrl+C, the context menu)."""
        text = self.text_with_citation()
        if text:
            QGuiApplication.clipboard().setText(text)

    def copy_original(self) -> None:
        """Copy the stored original of the selected paragraphs (Ctrl+Shift+C)."""
        text = self.original_with_citation()
        if text:
            QGuiApplication.clipboard().setText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Qt would copy through createMimeDataFromSelection with an object it then owns twice
        # (PySide frees it again at exit), so Ctrl+C is handled here, in plain text.
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            event.accept()
            return
        if event.keyCombination() == QKeyCombination(
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_C
        ):
            self.copy_original()
            event.accept()
            return
        # Ctrl+Home / Ctrl+End: to the top or the end of the statement (a read-only browser
        # has no caret to move, so Qt would do nothing).
        if event.matches(QKeySequence.StandardKey.MoveToStartOfDocument):
            self.to_edge(start=True)
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.MoveToEndOfDocument):
            self.to_edge(start=False)
            event.accept()
            return
        super().keyPressEvent(event)

    def to_edge(self, *, start: bool) -> None:
        """Scroll to the top or the end, with the cursor there (so Shift+arrows select on)."""
        cursor = self.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.Start if start else QTextCursor.MoveOperation.End
        )
        self.setTextCursor(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.minimum() if start else bar.maximum())

    # --- links stay text: a context menu copies them ------------------------------------------

    def link_at(self, viewport_pos: QPoint) -> str | None:
        cursor = self.cursorForPosition(viewport_pos)
        block = cursor.block()
        column = cursor.position() - block.position()
        for match in URL_RE.finditer(block.text()):
            if match.start() <= column <= match.end():
                return match.group(0).rstrip(".,;:!?)")
        return None

    def context_menu_at(self, viewport_pos: QPoint) -> QMenu:
        """Our own menu, in the UI language: copy (with citation), copy link, select all."""
        menu = QMenu(self)
        link = self.link_at(viewport_pos)
        if link:
            copy_link = menu.addAction(_("Copy link"))
            copy_link.setObjectName("copy_link")
            copy_link.setToolTip(_("Links are never opened from the archive; copy it to check it."))
            copy_link.triggered.connect(lambda: QGuiApplication.clipboard().setText(link))
            menu.addSeparator()
        copy = menu.addAction(_("Copy with citation"))
        copy.setObjectName("copy")
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setEnabled(self.textCursor().hasSelection())
        copy.triggered.connect(self.copy)
        original = menu.addAction(_("Copy original text as stored"))
        original.setObjectName("copy_original")
        original.setShortcut(QKeySequence("Ctrl+Shift+C"))
        original.setEnabled(self.textCursor().hasSelection())
        original.triggered.connect(self.copy_original)
        select_all = menu.addAction(_("Select all"))
        select_all.setObjectName("select_all")
        select_all.setShortcut(QKeySequence(QKeySequence.StandardKey.SelectAll))
        select_all.triggered.connect(self.selectAll)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu_at(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    # --- printing -----------------------------------------------------------------------------

    def printable_document(self) -> QTextDocument:
        """The current view rendered again in the light theme: paper is white."""
        doc = QTextDocument()
        doc.setDefaultFont(self.font())
        shown = self.shown
        if shown is None:
            doc.setPlainText(self.toPlainText())
            return doc
        face = self.chinese_face
        script = display_script(shown.statement, shown.mode)
        doc.setDefaultStyleSheet(
            reading_css(
                THEMES["light"],
                zh_family=chinese_family(script, face),
                base_families=shown.base_families,
                line_spacing=self.line_spacing,
                stored_family=chinese_family(shown.statement.zh_script, face),
            )
        )
        doc.setHtml(
            statement_html(
                shown.statement,
                shown.view,
                shown.mode,
                on_paper=True,
                beside_stored=shown.beside_stored,
                notice=labels.origin_notice(shown.key),
            )
        )
        return doc


class FindBar(QWidget):
    """Find in page: all matches highlighted, Enter / F3 for the next, Esc to close."""

    closed = Signal()

    def __init__(self, pane: ReadingPane, parent: QWidget | None = None):
        super().__init__(parent)
        self.pane = pane
        self.matches: list[QTextCursor] = []
        self.current = -1
        self.label = QLabel()
        self.field = QLineEdit()
        self.field.setClearButtonEnabled(True)
        self.count = QLabel()
        self.previous_button = QToolButton()
        self.next_button = QToolButton()
        self.close_button = QToolButton()
        for button in (self.previous_button, self.next_button, self.close_button):
            button.setAutoRaise(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self.label)
        row.addWidget(self.field, 1)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        row.addWidget(self.count)
        row.addWidget(self.close_button)
        self.field.textChanged.connect(self.search)
        self.field.returnPressed.connect(self.find_next)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.close_button.clicked.connect(self.close_bar)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(_("Find:"))
        self.field.setPlaceholderText(_("Find in this statement"))
        self.field.setAccessibleName(_("Find in page"))
        self.field.setAccessibleDescription(
            _("Type to highlight every match; Enter for the next, Shift+Enter for the previous")
        )
        self.previous_button.setToolTip(_("Previous match (Shift+F3)"))
        self.previous_button.setAccessibleName(_("Previous match"))
        self.next_button.setToolTip(_("Next match (F3)"))
        self.next_button.setAccessibleName(_("Next match"))
        self.close_button.setToolTip(_("Close the find bar (Esc)"))
        self.close_button.setAccessibleName(_("Close the find bar"))
        self._update_count()

    def _set_icons(self) -> None:
        # Icons from the style, not arrow characters: no font is needed to draw them. Made on
        # first use: the style's pixmap table is not needed for the window's first paint.
        if not self.close_button.icon().isNull():
            return
        from PySide6.QtWidgets import QStyle  # its eleven enums are not needed before

        style = self.style()
        self.previous_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.next_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.close_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogCloseButton))

    def showEvent(self, event: QShowEvent) -> None:
        self._set_icons()
        super().showEvent(event)

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self.search()

    def close_bar(self) -> None:
        self.hide()
        self.matches = []
        self.current = -1
        self.pane.setExtraSelections([])
        self.pane.setFocus()
        self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.find_previous()
            return
        super().keyPressEvent(event)

    def search(self) -> None:
        """Find every match of the field's text in the pane and highlight them all."""
        needle = self.field.text()
        self.matches = []
        doc = self.pane.document()
        block = doc.begin()
        while needle and block.isValid():
            for start, end in find_spans_in_text(block.text(), needle):
                cursor = QTextCursor(doc)
                cursor.setPosition(block.position() + start)
                cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
                self.matches.append(cursor)
            block = block.next()
        self.current = 0 if self.matches else -1
        self._paint()

    def find_next(self) -> None:
        if self.matches:
            self.current = (self.current + 1) % len(self.matches)
            self._paint()

    def find_previous(self) -> None:
        if self.matches:
            self.current = (self.current - 1) % len(self.matches)
            self._paint()

    def _paint(self) -> None:
        shown = self.pane.shown
        theme = shown.theme if shown else THEMES["light"]
        selections: list[QTextEdit.ExtraSelection] = []
        for number, cursor in enumerate(self.matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(theme.find_current if number == self.current else theme.find))
            fmt.setForeground(QColor("#000000"))
            if number == self.current:
                fmt.setFontUnderline(True)  # not told by its shade alone
            selection.format = fmt
            selections.append(selection)
        self.pane.setExtraSelections(selections)
        if 0 <= self.current < len(self.matches):
            cursor = QTextCursor(self.matches[self.current])
            cursor.clearSelection()
            self.pane.setTextCursor(cursor)
            self.pane.ensureCursorVisible()
        self._update_count()

    def _update_count(self) -> None:
        if not self.field.text():
            self.count.setText("")
        elif not self.matches:
            self.count.setText(_("No matches"))
        else:
            self.count.setText(
                _("{current} of {total}").format(current=self.current + 1, total=len(self.matches))
            )
