"""The selected run's settings on the Settings page, read-only, with "Use these settings" to start from them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.names import stage_name
from gui.option_labels import CHOICES, choice_label, option_label
from gui.tables import fill_table as _fill
from gui.tables import make_table as _table
from so8t.compare.gather import stage_settings
from so8t.compare.report import setting_text


class RunSettingsPanel(QGroupBox):
    """Every stage option the selected run ran with (defaults filled in); hidden while no run is selected."""

    use_settings = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runSettingsPanel")
        self.run_dir: str | None = None
        self.note = QLabel(self.tr("Read-only: what this run ran with. Change the form below for a new run."))
        self.note.setWordWrap(True)
        self.table = _table("runSettingsTable", [self.tr("stage"), self.tr("setting"), self.tr("value")])
        self.use_button = QPushButton(self.tr("Use these settings"))
        self.use_button.setObjectName("useRunSettingsButton")
        self.use_button.setToolTip(self.tr("Copy this run's settings into the form below"))
        self.use_button.clicked.connect(lambda: self.run_dir and self.use_settings.emit(self.run_dir))
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addWidget(self.use_button)
        self.setVisible(False)

    def show_run(self, run_dir: str | None) -> None:
        """Show `run_dir`'s settings (None: hide the panel)."""
        self.run_dir = run_dir
        if not run_dir:
            self.setVisible(False)
            return
        settings = stage_settings(run_dir)
        rows = [[stage_name(stage), option_label(key), self.value_text(value)]
                for stage, values in settings.items() for key, value in values.items()]
        self.setTitle(self.tr("Settings of run {0}").format(Path(run_dir).name))
        _fill(self.table, rows)
        self.setVisible(True)

    @staticmethod
    def value_text(value: object) -> str:
        """A value as the form shows it: its choice word where the form has one (yes, no, CPU …)."""
        if isinstance(value, bool) or (isinstance(value, str) and value in CHOICES):
            return choice_label(value)
        return setting_text(value)

    def texts(self) -> list[list[str]]:
        """The table as a person reads it."""
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]
