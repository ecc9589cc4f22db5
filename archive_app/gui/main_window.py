"""The first window: years on the left, the statement on the right, view and script choosers."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.archive import Archive
from archive_app.core.convert import MODES
from archive_app.gui.render import VIEWS, statement_html

SCRIPT_LABELS = {
    "original": "Original",
    "simplified": "简体",
    "traditional-tw": "繁體·台灣",
    "traditional-hk": "繁體·香港",
}
VIEW_LABELS = {"en": "English", "zh": "中文", "side-by-side": "Side by side"}


class SafeBrowser(QTextBrowser):
    """A reading pane that follows no link and loads nothing: the statements need nothing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        return None


class MainWindow(QMainWindow):
    def __init__(self, archive: Archive, *, cjk_families: list[str] | None = None):
        super().__init__()
        self.archive = archive
        self.setWindowTitle("June Fourth Archive")
        self.years = QListWidget()
        self.years.setAccessibleName("Years")
        for statement in archive:
            item = QListWidgetItem(f"{statement.year}\n{statement.title}")
            item.setData(256, statement.year)
            self.years.addItem(item)
        self.view = QComboBox()
        self.view.setAccessibleName("View")
        for key in VIEWS:
            self.view.addItem(VIEW_LABELS[key], key)
        self.script = QComboBox()
        self.script.setAccessibleName("Script")
        for key in MODES:
            self.script.addItem(SCRIPT_LABELS[key], key)
        self.reader = SafeBrowser()
        self.reader.setAccessibleName("Statement")
        font = QFont(self.reader.font())
        if cjk_families:
            font.setFamilies(["DejaVu Sans", *cjk_families])
        font.setPointSize(12)
        self.reader.setFont(font)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("View:"))
        bar.addWidget(self.view)
        bar.addWidget(QLabel("Script:"))
        bar.addWidget(self.script)
        bar.addStretch(1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.addLayout(bar)
        column.addWidget(self.reader)
        splitter = QSplitter()
        splitter.addWidget(self.years)
        splitter.addWidget(right)
        splitter.setSizes([260, 1020])
        self.setCentralWidget(splitter)

        self.view.setCurrentIndex(self.view.findData("side-by-side"))
        self.years.currentRowChanged.connect(self.refresh)
        self.view.currentIndexChanged.connect(self.refresh)
        self.script.currentIndexChanged.connect(self.refresh)
        if archive.statements:
            self.years.setCurrentRow(len(archive.statements) - 1)
        else:
            self.reader.setPlainText("The archive holds no statements.")
        self._build_menus()

    def _build_menus(self) -> None:
        from archive_app.gui.extensions import installers

        bar = self.menuBar()
        for name, title in (
            ("menu_file", "&File"),
            ("menu_view", "&View"),
            ("menu_tools", "&Tools"),
            ("menu_help", "&Help"),
        ):
            menu = bar.addMenu(title)
            menu.setObjectName(name)
        file_menu = bar.findChild(QMenu, "menu_file")
        assert file_menu is not None
        file_menu.addAction("&Quit", self.close)
        for install in installers():
            install(self)

    def select(
        self, *, year: int | None = None, view: str | None = None, script: str | None = None
    ) -> None:
        if view is not None:
            self.view.setCurrentIndex(self.view.findData(view))
        if script is not None:
            self.script.setCurrentIndex(self.script.findData(script))
        if year is not None:
            self.years.setCurrentRow(self.archive.years.index(year))

    def refresh(self) -> None:
        row = self.years.currentRow()
        if row < 0:
            return
        statement = self.archive.statements[row]
        self.reader.setHtml(
            statement_html(statement, self.view.currentData(), self.script.currentData())
        )
