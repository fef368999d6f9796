"""Read-only tables of figures, shared by the Results page, the compare view and the run settings: one look, one fill."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from so8t.report.format import format_value

#: Rows a metrics table shows without scrolling (its height fits them).
VISIBLE_ROWS = 8


def make_table(object_name: str, header: list[str], stretch_last: bool = True) -> QTableWidget:
    """A read-only table with these column headers, columns fitted to their contents."""
    table = QTableWidget(0, len(header))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(header)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(stretch_last)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def fit_height(table: QTableWidget, rows: int = VISIBLE_ROWS) -> None:
    """Tall enough for `rows` rows (or all of them), so a short table is not a three-row slot."""
    table.resizeRowsToContents()
    shown = min(max(table.rowCount(), 1), rows)
    height = table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(shown)) + 4
    if table.rowCount() == 0:
        height += 24
    table.setMinimumHeight(height)
    table.setMaximumHeight(height if table.rowCount() <= rows else 16_777_215)


def fill_table(table: QTableWidget, rows: list[list[Any]]) -> None:
    """Replace the rows (a non-text value written as the report writes it) and fit the height to them."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            text = value if isinstance(value, str) else format_value(value)
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    fit_height(table)
