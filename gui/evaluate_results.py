"""The evaluate stage's Results view: the A/B table (base against tuned) and the line that says it in plain words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.names import stage_name

#: The engine's report texts (row names, column names, the plain-words templates) live in this .ts context.
REPORT_CONTEXT = "Report"


def _report_tr(text: str) -> str:
    """An engine text in the window's language: the report's own translation of it."""
    return QCoreApplication.translate(REPORT_CONTEXT, text)


class EvaluationView(QGroupBox):
    """RUN/evaluation.json: the line in plain words above the A/B table (`abTable`), one row per metric."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(stage_name("evaluate"), parent)
        self.setObjectName("evaluateResults")
        self.summary = QLabel()
        self.summary.setObjectName("abSummaryLabel")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("abTable")
        self.table.setAccessibleName(self.tr("A/B table: base against tuned"))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.speed = QLabel()
        self.speed.setObjectName("ggufSpeedLabel")
        self.speed.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.speed)

    def show_record(self, record: Any) -> None:
        from so8t.evaluate.report import ab_cells, speed_rows, summary_line

        self.summary.setText(summary_line(record, _report_tr))
        header, rows = ab_cells(record, _report_tr)
        self.table.setColumnCount(len(header))
        self.table.setHorizontalHeaderLabels(header)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                item = QTableWidgetItem(cell)
                item.setToolTip(cell)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + sum(self.table.rowHeight(i) for i in range(len(rows))) + 4
        self.table.setMinimumHeight(height)
        speeds = [self.tr("{0}: prompt {1} tokens/s, generation {2} tokens/s in llama.cpp").format(name, p, g)
                  for name, p, g, _lp, _lg in speed_rows(record)]
        self.speed.setText("\n".join(speeds))
        self.speed.setVisible(bool(speeds))

    def texts(self) -> list[list[str]]:
        """What a person reads in the table, row by row (the header first)."""
        header = [self.table.horizontalHeaderItem(c).text() for c in range(self.table.columnCount())]
        return [header] + [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                           for r in range(self.table.rowCount())]
