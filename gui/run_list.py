"""The run list: every run in the workspace with its state; interrupted runs are marked."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget

from so8t.runs import RunSummary, list_runs

_STATE_ICONS = {
    "running": QStyle.StandardPixmap.SP_MediaPlay,
    "finished": QStyle.StandardPixmap.SP_DialogApplyButton,
    "failed": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "interrupted": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "pending": QStyle.StandardPixmap.SP_FileIcon,
}


class RunList(QListWidget):
    """Newest run first; `run_selected(path)` when the user picks one."""

    run_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runList")
        self.setAccessibleName(self.tr("Runs"))
        self.runs: list[RunSummary] = []
        self.workspace: Path | None = None
        self.currentItemChanged.connect(self._on_current_changed)

    def _state_text(self, state: str) -> str:
        return {
            "running": self.tr("running"), "finished": self.tr("finished"), "failed": self.tr("failed"),
            "interrupted": self.tr("INTERRUPTED — can be resumed"), "pending": self.tr("pending"),
        }.get(state, state)

    def load(self, workspace: str | Path) -> list[RunSummary]:
        """Rescan the workspace (the run store's own scan: lock, pid, boot id, run.json)."""
        self.workspace = Path(workspace)
        current = self.current_path()
        self.runs = list(reversed(list_runs(self.workspace)))
        self.blockSignals(True)
        self.clear()
        for summary in self.runs:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(summary.created)) if summary.created else ""
            item = QListWidgetItem(f"{summary.id}\n{when} · {self._state_text(summary.state)}")
            item.setData(Qt.ItemDataRole.UserRole, summary.path)
            item.setIcon(self.style().standardIcon(
                _STATE_ICONS.get(summary.state, QStyle.StandardPixmap.SP_FileIcon)))
            if summary.interrupted:
                item.setForeground(QColor("#b06000"))
                item.setToolTip(self.tr("This run stopped before it finished (crash, power cut or reboot). "
                                        "Select it and press Resume."))
            self.addItem(item)
            if summary.path == current:
                self.setCurrentItem(item)
        self.blockSignals(False)
        return self.runs

    def summary(self, path: str) -> RunSummary | None:
        return next((s for s in self.runs if s.path == path), None)

    def current_path(self) -> str | None:
        item = self.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, path: str) -> None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == str(path):
                self.setCurrentRow(i)
                return

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.run_selected.emit(current.data(Qt.ItemDataRole.UserRole))
