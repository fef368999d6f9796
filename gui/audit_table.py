"""The Playground's audit table: one row per chat turn of the run's audit log; an answer held for review
stays behind "Show held answer", as in the chat."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

#: The audit table's column of the answer (a held one stays behind "Show held answer").
AUDIT_ANSWER_COLUMN = 6


class AuditTable(QTableWidget):
    """Time, model, verdicts, held, thinking sections (their sha256) and answer of each audited turn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 7, parent)
        #: Rows whose held answer was asked for.
        self.revealed: set[int] = set()
        self.setObjectName("auditTable")
        self.setAccessibleName(self.tr("Audit log"))
        self.setHorizontalHeaderLabels([
            self.tr("Time"), self.tr("Model"), self.tr("Verdict"), self.tr("Final verdict"), self.tr("Held"),
            self.tr("Thinking sections (sha256)"), self.tr("Answer")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        for col in range(5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(5, 300)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)

    def show_records(self, records: list[dict[str, Any]]) -> None:
        """Show the audit log's records (`so8t.chat.audit.read_audit`), the newest in sight."""
        self.setRowCount(len(records))
        for row, r in enumerate(records):
            sections = ", ".join(f"{s['name']} {s['sha256'][:12]}…" for s in r.get("sections", []))
            final = (r.get("final_verdict") or {}).get("label") or ""
            values = [time.strftime("%H:%M:%S", time.localtime(float(r.get("time", 0)))), Path(r.get("model", "")).name,
                      (r.get("verdict") or {}).get("label", ""), final, self.tr("yes") if r.get("held") else "",
                      sections, r.get("answer") or ""]
            held = bool(r.get("held")) and bool(r.get("answer")) and row not in self.revealed
            if held:
                values[AUDIT_ANSWER_COLUMN] = ""
            for col, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if col == 5:
                    item.setToolTip("\n".join(f"{s['name']}: {s['sha256']}" for s in r.get("sections", [])))
                self.setItem(row, col, item)
            self.removeCellWidget(row, AUDIT_ANSWER_COLUMN)
            if held:
                # As in the chat: an answer held for review is shown only when asked for.
                button = QPushButton(self.tr("Show held answer"))
                button.setObjectName("showHeldAnswerButton")
                answer = str(r.get("answer"))
                button.clicked.connect(lambda _c=False, n=row, a=answer: self._reveal_held(n, a))
                self.setCellWidget(row, AUDIT_ANSWER_COLUMN, button)
        self.scrollToBottom()

    def _reveal_held(self, row: int, answer: str) -> None:
        self.revealed.add(row)
        self.removeCellWidget(row, AUDIT_ANSWER_COLUMN)
        self.setItem(row, AUDIT_ANSWER_COLUMN, QTableWidgetItem(answer))
