"""Results of a stage without a view of its own: its record's labelled fields as a table, under its title."""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import shown_language
from gui.names import stage_name


class StageRecordView(QGroupBox):
    """A record that is a table: one row per field that has a value, read by its label (translated)."""

    def __init__(self, stage: str, parent: QWidget | None = None) -> None:
        super().__init__(stage_name(stage), parent)
        self.setObjectName(f"{stage}Results")
        self.table = QTableWidget(0, 2)
        self.table.setObjectName(f"{stage}RecordTable")
        self.table.setHorizontalHeaderLabels([self.tr("Metric"), self.tr("Value")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        QVBoxLayout(self).addWidget(self.table)

    def show_record(self, record: Any) -> None:
        from so8t.report.content import record_rows
        from so8t.report.words import speaking

        # Values that are words (yes/no, verdicts) read in the window's language, as its labels do.
        with speaking(shown_language()):
            rows = record_rows(record)
        self.table.setRowCount(len(rows))
        for r, (label, text) in enumerate(rows):
            for c, cell in enumerate((QCoreApplication.translate("Names", label), text)):
                item = QTableWidgetItem(cell)
                item.setToolTip(cell)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + sum(self.table.rowHeight(i) for i in range(len(rows))) + 4
        self.table.setMinimumHeight(height)

    def texts(self) -> list[list[str]]:
        """What a person reads, row by row."""
        return [[self.table.item(r, c).text() for c in range(2)] for r in range(self.table.rowCount())]


def stage_view(stage: str) -> QWidget:
    """The stage's own Results view where its STAGE names one ("module:Class", figures), else the table view."""
    from so8t.stage_contract import all_stages

    declared = getattr(all_stages().get(stage), "results_view", None)
    if declared:
        module, _, name = declared.partition(":")
        return getattr(importlib.import_module(module), name)()
    return StageRecordView(stage)
