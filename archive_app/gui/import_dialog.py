"""File → Import statement…: read a saved page or captured text, let the curator check it, add it.

The dialog shows everything the importer read (title, year and how it was known, paragraphs,
the whole signature block, the Chinese section, what it did not take, the proposed alignment
with the reason for each pair) and lets the curator confirm or correct the alignment in a
table of English ¶ ↔ Chinese ¶ pairs before anything is written. The statement then goes
into the user's own archive (:class:`~archive_app.core.record.userarchive.UserArchive`),
never into the shipped one, and the window is given the combined library so the new
statement shows at once, marked "added locally, not signed".

An :class:`ImportFailure` (a page the importer cannot read, an impossible pairing) is shown in
the dialog with its file and line; nothing is written.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.errors import ArchiveAppError
from archive_app.core.paths import is_default_archive
from archive_app.core.record import (
    ALREADY,
    AddResult,
    Archive,
    ImportResult,
    Library,
    Origin,
    PairReason,
    Statement,
    StatementKey,
    UserArchive,
    curated_alignment,
    import_file,
)
from archive_app.gui import tool_support
from archive_app.gui.i18n import _, ngettext
from archive_app.gui.plaintext import plain_labels, plain_tooltip

if TYPE_CHECKING:
    from archive_app.gui.main_window import MainWindow
    from archive_app.gui.session import Session

__all__ = ["ImportDialog", "open_import_dialog"]

_PREVIEW_CHARS = 60


def _preview(text: str) -> str:
    return text if len(text) <= _PREVIEW_CHARS else text[: _PREVIEW_CHARS - 1] + "…"


class ImportDialog(QDialog):
    """Choose a source, check what was read, confirm the alignment, add to your archive."""

    statementAdded = Signal(object)  # AddResult

    def __init__(self, archive: Archive, user_archive: UserArchive, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.archive = archive
        self.user_archive = user_archive
        self.source_path: Path | None = None
        self.parsed: ImportResult | None = None
        self.last_added: AddResult | None = None
        self.setWindowTitle(_("Import statement"))
        self.setFont(tool_support.cjk_font(self.font()))
        self.resize(1180, 780)

        self.path_label = QLabel(_("No file chosen."))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(_("Choose file…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.year_box = QSpinBox()
        self.year_box.setRange(1989, 2199)
        self.year_box.setSpecialValueText(_("from the text"))
        self.year_box.setValue(1989)
        self.year_box.setAccessibleName(_("Year"))
        self.year_box.setToolTip(
            _("Give the year only when the text names no anniversary to derive it from.")
        )
        self.reread_button = QPushButton(_("Read again"))
        self.reread_button.clicked.connect(self.reread)
        self.reread_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Source:")))
        top.addWidget(self.path_label, 1)
        top.addWidget(self.choose_button)
        top.addWidget(QLabel(_("Year:")))
        top.addWidget(self.year_box)
        top.addWidget(self.reread_button)

        self.error_label = QLabel()
        self.error_label.setObjectName("import_error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet("color: #a00000; font-weight: bold;")
        self.error_label.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("import_status")
        self.status_label.setWordWrap(True)
        self.status_label.hide()

        self.facts = QFormLayout()
        self.title_value = QLabel()
        self.year_value = QLabel()
        self.basis_value = QLabel()
        self.script_value = QLabel()
        self.ignored_value = QLabel()
        self.ignored_value.setObjectName("import_ignored")
        self.ignored_value.setTextFormat(Qt.TextFormat.PlainText)
        self.counts_value = QLabel()
        for value in (self.title_value, self.basis_value, self.ignored_value):
            value.setWordWrap(value is not self.basis_value)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        plain_labels(  # the file's name, its text and errors quoting it: data, never markup
            self.path_label,
            self.error_label,
            self.status_label,
            self.title_value,
            self.year_value,
            self.basis_value,
            self.script_value,
            self.counts_value,
        )
        self.facts.addRow(_("Title:"), self.title_value)
        self.facts.addRow(_("Year:"), self.year_value)
        self.facts.addRow(_("How it was known:"), self.basis_value)
        self.facts.addRow(_("Chinese script:"), self.script_value)
        self.facts.addRow(_("Contents:"), self.counts_value)
        self.facts.addRow(_("Not taken:"), self.ignored_value)
        facts_box = QGroupBox(_("What the importer read"))
        facts_box.setLayout(self.facts)
        facts_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.text_view = QTextBrowser()
        self.text_view.setObjectName("import_text")
        self.text_view.setOpenLinks(False)
        self.text_view.setOpenExternalLinks(False)
        self.text_view.setAccessibleName(_("Parsed statement"))

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("alignment_table")
        self.table.setHorizontalHeaderLabels([_("English ¶"), _("Chinese ¶"), _("Why")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 150)
        header.resizeSection(1, 150)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAccessibleName(_("Alignment"))
        self.add_pair_button = QPushButton(_("Add pair"))
        self.add_pair_button.clicked.connect(lambda: self.add_pair_row(1, 1, _("added by you")))
        self.remove_pair_button = QPushButton(_("Remove pair"))
        self.remove_pair_button.clicked.connect(self.remove_selected_pair)
        self.alignment_note = QLabel()
        self.alignment_note.setWordWrap(True)
        plain_labels(self.alignment_note)
        self.curator_edit = QLineEdit()
        self.curator_edit.setPlaceholderText(_("your name (optional)"))
        self.curator_edit.setAccessibleName(_("Curator"))
        pair_buttons = QHBoxLayout()
        pair_buttons.addWidget(self.add_pair_button)
        pair_buttons.addWidget(self.remove_pair_button)
        pair_buttons.addStretch(1)
        pair_buttons.addWidget(QLabel(_("Confirmed by:")))
        pair_buttons.addWidget(self.curator_edit)
        align_box = QGroupBox(
            _("Alignment: which Chinese ¶ translates which English ¶ (confirm or correct)")
        )
        align_layout = QVBoxLayout(align_box)
        align_layout.addWidget(self.alignment_note)
        align_layout.addWidget(self.table, 1)
        align_layout.addLayout(pair_buttons)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(facts_box)
        left_layout.addWidget(align_box, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.text_view)
        splitter.setSizes([600, 560])

        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton(
            _("Add to my archive"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.add_button.setObjectName("add_to_archive")
        self.add_button.setEnabled(False)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.add_button.clicked.connect(self.add_to_archive)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_label)
        note = QLabel(
            _(
                "The statement goes into your own archive ({path}), never into the shipped "
                "one. It is shown as “added locally, not signed”."
            ).format(path=user_archive.root)
        )
        note.setWordWrap(True)
        plain_labels(note)  # holds a folder name
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._set_parsed_enabled(False)

    # --- reading ------------------------------------------------------------------------

    def choose_file(self) -> None:
        path = tool_support.choose_open_file(
            self,
            _("Import statement"),
            _(
                "Saved web pages and captured text (*.html *.htm *.mhtml *.mht *.txt);;"
                "All files (*)"
            ),
        )
        if path is not None:
            self.year_box.setValue(self.year_box.minimum())  # a new file: its own year first
            self.load_file(path)

    def given_year(self) -> int | None:
        value = self.year_box.value()
        return None if value == self.year_box.minimum() else value

    def reread(self) -> None:
        if self.source_path is not None:
            self.load_file(self.source_path)

    def load_file(self, path: Path) -> bool:
        """Parse ``path``; show the result, or the importer's error (file:line)."""
        self.source_path = Path(path)
        self.path_label.setText(str(path))
        self.reread_button.setEnabled(True)
        self.status_label.hide()
        try:
            result = import_file(self.source_path, year=self.given_year())
        except ArchiveAppError as exc:
            self.parsed = None
            self._show_error(str(exc))
            self._clear()
            return False
        self.parsed = result
        self.error_label.hide()
        self._show(result)
        try:
            planned = self.user_archive.plan(result, shipped=self.archive)
        except ArchiveAppError as exc:
            self._show_error(str(exc))
            self.add_button.setEnabled(False)
            return True
        self.status_label.setText(plan_message(planned))
        self.status_label.show()
        self.add_button.setEnabled(planned.added)
        return True

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _set_parsed_enabled(self, enabled: bool) -> None:
        for widget in (self.table, self.add_pair_button, self.remove_pair_button):
            widget.setEnabled(enabled)
        self.add_button.setEnabled(enabled)

    def _clear(self) -> None:
        for value in (
            self.title_value,
            self.year_value,
            self.basis_value,
            self.script_value,
            self.ignored_value,
            self.counts_value,
            self.alignment_note,
        ):
            value.clear()
        self.text_view.clear()
        self.table.setRowCount(0)
        self._set_parsed_enabled(False)

    def _show(self, result: ImportResult) -> None:
        s = result.statement
        self.title_value.setText(s.title)
        basis = s.year_basis
        how = str(basis.get("method") or _("unknown"))
        evidence = basis.get("evidence") or []
        detail = ", ".join(f"“{e}”" for e in evidence)
        if basis.get("rule"):
            detail += f" → {basis['rule']}"
        if detail:
            how += "\n" + detail
        self.year_value.setText(str(s.year))
        self.basis_value.setText(how)
        self.script_value.setText(
            {"traditional": _("Traditional"), "simplified": _("Simplified")}.get(
                s.zh_script, s.zh_script
            )
            if s.zh
            else _("no Chinese section")
        )
        self.counts_value.setText(
            _("{en} English ¶, {zh} Chinese ¶, {sig} signatories").format(
                en=len(s.en), zh=len(s.zh), sig=len(s.signatories)
            )
        )
        self.text_view.setHtml(_statement_preview_html(s))
        self.alignment_note.setText(_("Alignment {by}.").format(by=s.alignment.by))
        self.alignment_note.setToolTip(plain_tooltip(s.alignment.note))
        self.table.setRowCount(0)
        self._set_parsed_enabled(True)
        has_zh = bool(s.zh)
        self.table.setEnabled(has_zh)
        self.add_pair_button.setEnabled(has_zh)
        self.remove_pair_button.setEnabled(has_zh)
        for en_no, zh_no in s.alignment.pairs:
            self.add_pair_row(en_no, zh_no, pair_reason_text(result.reasons, en_no, zh_no))
        self.table.resizeRowsToContents()
        self.ignored_value.setText(ignored_text(result))

    # --- alignment table ----------------------------------------------------------------

    def add_pair_row(self, en_no: int, zh_no: int, why: str = "") -> None:
        if self.parsed is None:
            return
        s = self.parsed.statement
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, (paragraphs, number) in enumerate(((s.en, en_no), (s.zh, zh_no))):
            combo = QComboBox()
            for n, text in enumerate(paragraphs, 1):
                combo.addItem(f"¶{n} — {_preview(text)}", n)
            combo.setCurrentIndex(max(0, combo.findData(number)))
            self.table.setCellWidget(row, column, combo)
        reason = QTableWidgetItem(why)  # plain text: an item, never a rich-text label
        reason.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        reason.setToolTip(why)
        self.table.setItem(row, 2, reason)

    def reason_of_row(self, row: int) -> str:
        item = self.table.item(row, 2)
        return item.text() if item is not None else ""

    def remove_selected_pair(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.rowCount():
            rows = [self.table.rowCount() - 1]
        for row in rows:
            self.table.removeRow(row)

    def set_pair(self, row: int, en_no: int, zh_no: int) -> None:
        for column, number in ((0, en_no), (1, zh_no)):
            combo = self.table.cellWidget(row, column)
            assert isinstance(combo, QComboBox)
            combo.setCurrentIndex(combo.findData(number))

    def pairs(self) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for row in range(self.table.rowCount()):
            en = self.table.cellWidget(row, 0)
            zh = self.table.cellWidget(row, 1)
            assert isinstance(en, QComboBox) and isinstance(zh, QComboBox)
            found.append((int(en.currentData()), int(zh.currentData())))
        return found

    # --- adding -------------------------------------------------------------------------

    def add_to_archive(self) -> AddResult | None:
        """Store the statement with the curator's alignment; ``None`` when nothing was added."""
        if self.parsed is None or self.source_path is None:
            return None
        try:
            alignment = curated_alignment(
                self.parsed.statement,
                self.pairs(),
                curator=self.curator_edit.text(),
                path=self.source_path,
            )
            added = self.user_archive.add(self.parsed, shipped=self.archive, alignment=alignment)
        except ArchiveAppError as exc:
            self._show_error(str(exc))
            return None
        self.error_label.hide()
        self.last_added = added
        self.status_label.setText(add_message(added))
        self.status_label.show()
        if added.added:
            self.add_button.setEnabled(False)
            self.statementAdded.emit(added)
        return added


def pair_reason_text(reasons: tuple[PairReason, ...], en_no: int, zh_no: int) -> str:
    """Why the importer proposed English ¶en_no ↔ Chinese ¶zh_no, in plain words."""
    reason = next((r for r in reasons if en_no in r.en and zh_no in r.zh), None)
    if reason is None:
        return ""
    parts: list[str] = []
    if len(reason.en) > 1:
        parts.append(_("one Chinese paragraph for two English ones"))
    elif len(reason.zh) > 1:
        parts.append(_("two Chinese paragraphs for one English one"))
    if reason.anchors:
        parts.append(_("both name {anchors}").format(anchors=", ".join(reason.anchors)))
    fit = (
        _("the length of a translation ({ratio:.2f} Chinese characters per English character)")
        if reason.length_fits
        else _(
            "a length unusual for a translation ({ratio:.2f} Chinese characters per English "
            "character)"
        )
    )
    parts.append(fit.format(ratio=reason.ratio))
    return "; ".join(parts)


IGNORED_LABELS = {
    "hidden paragraph": lambda n: ngettext("{n} hidden paragraph", "{n} hidden paragraphs", n),
    "hidden element": lambda n: ngettext(
        "{n} hidden element with text", "{n} hidden elements with text", n
    ),
    "embedded object": lambda n: ngettext("{n} embedded object", "{n} embedded objects", n),
    "navigation": lambda n: ngettext("{n} navigation block", "{n} navigation blocks", n),
    "header": lambda n: ngettext("{n} page header", "{n} page headers", n),
    "footer": lambda n: ngettext("{n} page footer", "{n} page footers", n),
    "aside": lambda n: ngettext("{n} sidebar", "{n} sidebars", n),
    "marked section": lambda n: ngettext("{n} marked section", "{n} marked sections", n),
    "unclosed comment": lambda n: ngettext(
        "{n} comment never closed", "{n} comments never closed", n
    ),
    "unfinished tag": lambda n: ngettext("{n} unfinished tag", "{n} unfinished tags", n),
    "frame": lambda n: ngettext("{n} frame", "{n} frames", n),
    "noscript": lambda n: ngettext(
        "{n} text shown only without scripts", "{n} texts shown only without scripts", n
    ),
    "template": lambda n: ngettext("{n} template", "{n} templates", n),
    "form": lambda n: ngettext("{n} form or control", "{n} forms or controls", n),
    "graphic": lambda n: ngettext("{n} drawing with text", "{n} drawings with text", n),
    "mhtml part": lambda n: ngettext(
        "{n} other part of the MHTML file (image, style, frame)",
        "{n} other parts of the MHTML file (images, styles, frames)",
        n,
    ),
}


def ignored_text(result: ImportResult) -> str:
    """What the page held that is not in the statement, by name; "nothing" when all was taken."""
    if not result.ignored:
        return _("nothing")
    parts = []
    for item in result.ignored:
        label = IGNORED_LABELS.get(item.kind)
        what = label(item.count).format(n=item.count) if label else item.describe()
        parts.append(_("{what} (line {line})").format(what=what, line=item.first_line))
    return "; ".join(parts)


def plan_message(planned: AddResult) -> str:
    """What adding will do, shown as soon as the source is read."""
    if planned.outcome == ALREADY:
        return already_message(planned) + " " + _("Nothing will be written.")
    if planned.version > 1:
        return _(
            "A different text for {year} is already held: this one will be kept beside it as "
            "version {version}, added locally, not signed."
        ).format(year=planned.year, version=planned.version)
    return _("New: {year} will be added to your archive, added locally, not signed.").format(
        year=planned.year
    )


def already_message(result: AddResult) -> str:
    """Why a source is not added: the same source, or the same text, is already held."""
    where = _("your archive") if result.where == "your archive" else _("the shipped archive")
    if result.reason == "same text":
        return _(
            "Already in {where}: the statement for {label} has the same text (another capture "
            "of the same page)."
        ).format(where=where, label=result.label)
    return _("Already in {where}: this source (same SHA-256) is the statement for {label}.").format(
        where=where, label=result.label
    )


def add_message(result: AddResult) -> str:
    """What adding did, in the UI language (the core's ``AddResult.message`` is for the CLI)."""
    if result.outcome == ALREADY:
        return already_message(result) + " " + _("Nothing was written.")
    if result.version > 1:
        return _(
            "Added {label} to your archive: added locally, not signed. A different text for "
            "{year} is already held; this one is kept beside it as version {version}."
        ).format(label=result.label, year=result.year, version=result.version)
    return _("Added {label} to your archive: added locally, not signed.").format(label=result.label)


def _statement_preview_html(s: Statement) -> str:
    """The parsed statement, numbered, for the curator to read (escaped; nothing remote)."""
    e = html.escape
    english = e(_("English"))
    signatories = e(_("Signatories"))
    chinese = e(_("Chinese section"))
    no_chinese = e(_("The source has no Chinese section."))
    parts = [f"<h3>{e(s.title)}</h3>", f"<h4>{english}</h4>"]
    parts += [f"<p><b>¶{n}</b> {e(t)}</p>" for n, t in enumerate(s.en, 1)]
    parts.append(f"<h4>{signatories}</h4>")
    parts.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in s.signatories) + "</ul>")
    parts.append(f"<h4>{chinese}</h4>")
    if s.zh:
        parts += [f"<p><b>¶{n}</b> {e(t)}</p>" for n, t in enumerate(s.zh, 1)]
    else:
        parts.append(f"<p><i>{no_chinese}</i></p>")
    return "".join(parts)


# --- the window ---------------------------------------------------------------------------


def open_import_dialog(window: MainWindow) -> ImportDialog:
    session = window.session
    user = session.user_archive()
    dialog = ImportDialog(session.library, user, window)

    def added(result: AddResult) -> None:
        if not _show_in_window(session, result):
            dialog.status_label.setText(
                add_message(result)
                + "\n"
                + _("It will show in the list of years the next time the archive is opened.")
            )

    dialog.statementAdded.connect(added)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def _show_in_window(session: Session, result: AddResult) -> bool:
    """Read the user's archive again and open the new statement (by its key: it is local).

    False when the window shows an archive named with ``--archive``, which is shown alone.
    """
    library = session.library
    if not isinstance(library, Library) and not is_default_archive(library.root):
        return False
    session.reload_user_archive()
    session.open_statement(StatementKey(result.year, result.version, Origin.LOCAL))
    return True
