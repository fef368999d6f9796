"""A path field of the settings: a line edit, a Browse button and the error line under them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


class PathField(QWidget):
    """A path line edit, a Browse button and the error line under them."""

    changed = Signal(str)

    def __init__(self, object_name: str, placeholder: str, *, folder: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.edit = QLineEdit()
        self.edit.setObjectName(object_name)
        self.edit.setAccessibleName(placeholder)
        self.edit.setPlaceholderText(placeholder)
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.setObjectName(object_name.replace("Edit", "Browse"))
        self.error = QLabel()
        self.error.setObjectName(object_name.replace("Edit", "Error"))
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setVisible(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.browse.clicked.connect(self._on_browse)
        self.edit.textChanged.connect(self.changed)

    def _on_browse(self) -> None:
        if self.folder:
            path = QFileDialog.getExistingDirectory(self, self.edit.placeholderText(), self.edit.text())
        else:
            path, _ = QFileDialog.getOpenFileName(self, self.edit.placeholderText(), self.edit.text(),
                                                  self.tr("JSON Lines (*.jsonl *.json);;All files (*)"))
        if path:
            self.edit.setText(path)

    def set_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.edit.setStyleSheet("border: 1px solid #b3261e;" if text else "")
        self.edit.setToolTip(text)

    def text(self) -> str:
        return self.edit.text().strip()
