"""View → Reading settings…: text size, line spacing, column width, the face of the Chinese
(Sans or Serif), stored Chinese beside the converted. Every change shows at once in the reading
pane and is kept in the settings file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from archive_app.core.settings import Settings, setting_fields
from archive_app.gui import labels, tool_support
from archive_app.gui.i18n import _, on_language_changed

if TYPE_CHECKING:
    from archive_app.gui.main_window import MainWindow

__all__ = ["ReadingSettings", "open_reading_settings"]

_ATTR = "_reading_settings"


def _range(name: str) -> tuple[int, int]:
    for f, _kind in setting_fields():
        if f.name == name:
            low, high = f.metadata["range"]
            return int(low), int(high)
    raise KeyError(name)


class ReadingSettings(QDialog):
    """A small, non-modal panel; its spin boxes change the window as they change."""

    def __init__(self, window: MainWindow, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setObjectName("reading_settings")
        self.window_ = window
        settings: Settings = window.settings
        self.size_box = QSpinBox()
        self.size_box.setObjectName("reading_size")
        self.size_box.setSuffix(" %")
        self.size_box.setRange(*_range("zoom"))
        self.size_box.setSingleStep(10)
        self.size_box.setValue(window.zoom)
        self.spacing_box = QSpinBox()
        self.spacing_box.setObjectName("reading_spacing")
        self.spacing_box.setSuffix(" %")
        self.spacing_box.setRange(*_range("line_spacing"))
        self.spacing_box.setSingleStep(10)
        self.spacing_box.setValue(settings.line_spacing)
        self.width_box = QSpinBox()
        self.width_box.setObjectName("reading_width")
        self.width_box.setRange(*_range("column_width"))
        self.width_box.setSingleStep(5)
        self.width_box.setValue(settings.column_width)
        self.face_box = QComboBox()
        self.face_box.setObjectName("reading_face")
        for face in labels.face_labels():
            self.face_box.addItem("", face.value)
        self.face_box.setCurrentIndex(self.face_box.findData(window.reader.chinese_face.value))
        self.beside_box = QCheckBox()
        self.beside_box.setObjectName("reading_beside")
        self.beside_box.setChecked(settings.stored_beside_converted)
        self.row_labels = [QLabel() for _row in range(4)]
        form = QFormLayout()
        for label, box in zip(
            self.row_labels,
            (self.size_box, self.spacing_box, self.width_box, self.face_box),
            strict=True,
        ):
            label.setBuddy(box)
            form.addRow(label, box)
        form.addRow("", self.beside_box)
        self.note = QLabel()
        self.note.setWordWrap(True)
        # Close is Qt's own button (Qt's catalogs retranslate it); Defaults is ours.
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self.defaults_button = buttons.addButton("", QDialogButtonBox.ButtonRole.ResetRole)
        self.defaults_button.setObjectName("reading_defaults")
        self.defaults_button.clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.retranslate()
        on_language_changed(self.retranslate)  # held weakly: dropped with the panel
        self.size_box.valueChanged.connect(self._size)
        self.spacing_box.valueChanged.connect(self._apply)
        self.width_box.valueChanged.connect(self._apply)
        self.face_box.currentIndexChanged.connect(self._face)
        self.beside_box.toggled.connect(self._beside)

    def retranslate(self) -> None:
        """Every word of the panel in the interface language of the moment (also while open),
        in the face order of that language."""
        self.setFont(tool_support.cjk_font(self.font()))
        self.setWindowTitle(_("Reading settings"))
        for label, text in zip(
            self.row_labels,
            (
                _("Text &size:"),
                _("&Line spacing:"),
                _("&Column width (characters):"),
                _("Chinese &face:"),
            ),
            strict=True,
        ):
            label.setText(text)
        for index, name in enumerate(labels.face_labels().values()):
            self.face_box.setItemText(index, name)
        self.face_box.setToolTip(
            _(
                "The face of the Chinese paragraphs, on screen and on paper; headings and "
                "English keep theirs."
            )
        )
        self.beside_box.setText(_("Show the stored Chinese beside the converted text"))
        self.note.setText(
            _(
                "The column width applies to the English or Chinese view; side by side uses the "
                "whole width. Ctrl++ and Ctrl+- change the text size too."
            )
        )
        self.defaults_button.setText(_("&Defaults"))

    def _size(self, value: int) -> None:
        self.window_.set_zoom(value)

    def _face(self, _index: int) -> None:
        self.window_.set_chinese_face(str(self.face_box.currentData()))

    def _beside(self, on: bool) -> None:
        from archive_app.gui.ebook import reading_of

        reading = reading_of(self.window_)
        if reading is not None:
            reading.set_beside_stored(on)

    def _apply(self, *_args: Any) -> None:
        window = self.window_
        settings = window.settings
        settings.line_spacing = window.reader.line_spacing = self.spacing_box.value()
        settings.column_width = window.reader.measure_chars = self.width_box.value()
        window.refresh()

    def restore_defaults(self) -> None:
        defaults = Settings()
        self.size_box.setValue(100)
        self.spacing_box.setValue(defaults.line_spacing)
        self.width_box.setValue(defaults.column_width)
        self.face_box.setCurrentIndex(self.face_box.findData(defaults.chinese_face.value))
        self.beside_box.setChecked(defaults.stored_beside_converted)

    def sync(self) -> None:
        """Show the window's values (the zoom may have changed with Ctrl++ meanwhile)."""
        for box, value in (
            (self.size_box, self.window_.zoom),
            (self.spacing_box, self.window_.settings.line_spacing),
            (self.width_box, self.window_.settings.column_width),
        ):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self.face_box.blockSignals(True)
        self.face_box.setCurrentIndex(
            self.face_box.findData(self.window_.reader.chinese_face.value)
        )
        self.face_box.blockSignals(False)


def open_reading_settings(window: MainWindow) -> ReadingSettings:
    dialog = window.session.tools.get(_ATTR)
    if not isinstance(dialog, ReadingSettings):
        dialog = ReadingSettings(window)
        window.session.tools[_ATTR] = dialog
    dialog.sync()
    tool_support.show_tool(dialog)
    return dialog
