"""The run list: every run in the workspace with its true state; the live run's state comes from its model."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget

from gui.names import run_state_name
from so8t.store.run_model import RunState
from so8t.store.runs import RunSummary, list_runs

STATE_ICONS = {
    RunState.RUNNING: QStyle.StandardPixmap.SP_MediaPlay,
    RunState.FINISHED: QStyle.StandardPixmap.SP_DialogApplyButton,
    RunState.FAILED: QStyle.StandardPixmap.SP_MessageBoxCritical,
    RunState.INTERRUPTED: QStyle.StandardPixmap.SP_MessageBoxWarning,
    RunState.PENDING: QStyle.StandardPixmap.SP_FileIcon,
    RunState.DAMAGED: QStyle.StandardPixmap.SP_MessageBoxCritical,
}


class RunList(QListWidget):
    """Newest run first; `run_selected(path)` when the user picks one."""

    run_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runList")
        self.setAccessibleName(self.tr("Runs"))
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.runs: list[RunSummary] = []
        self.workspace: Path | None = None
        #: The run this window runs or follows, and its state as its events tell it (fresher than run.json).
        self.live: tuple[str, RunState] | None = None
        self.currentItemChanged.connect(self._on_current_changed)

    def state(self, summary: RunSummary) -> RunState:
        if self.live is not None and self.live[0] == summary.path:
            return self.live[1]
        return RunState.of(summary.state)

    def set_live(self, path: str | None, state: RunState | None = None) -> None:
        self.live = (path, state) if path and state is not None else None
        self._show()

    def load(self, workspace: str | Path) -> list[RunSummary]:
        """Rescan the workspace (the run store's own scan: lock, pid, boot id, run.json)."""
        self.workspace = Path(workspace)
        self.runs = list(reversed(list_runs(self.workspace)))
        self._show()
        return self.runs

    def _show(self) -> None:
        current = self.current_path()
        self.blockSignals(True)
        self.clear()
        for summary in self.runs:
            state = self.state(summary)
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(summary.created)) if summary.created else ""
            text = f"{summary.id}\n{when} · {run_state_name(state)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, summary.path)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace("\n", " "))
            item.setIcon(self.style().standardIcon(STATE_ICONS[state]))
            tip = f"{summary.id}\n{summary.path}"
            if state is RunState.INTERRUPTED:
                item.setForeground(QColor("#b06000"))
                tip += "\n" + self.tr("This run stopped before it finished (crash, power cut or reboot). "
                                      "Select it and press Resume.")
            elif state is RunState.DAMAGED:
                item.setForeground(QColor("#b00020"))
                tip += "\n" + self.tr("Its run.json cannot be read: {0}. Its checkpoints stay in the folder; "
                                      "start a new run.").format(summary.reason)
            item.setToolTip(tip)
            self.addItem(item)
            if summary.path == current:
                self.setCurrentItem(item)
        self.blockSignals(False)

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

    def text_of(self, path: str) -> str:
        """The row a person reads for a run."""
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == str(path):
                return self.item(i).text()
        return ""

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.run_selected.emit(current.data(Qt.ItemDataRole.UserRole))
