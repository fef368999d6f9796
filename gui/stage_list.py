"""The stage list: each stage of the shown run with its state icon and, while it runs, its progress."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QStyle, QWidget

from gui.names import stage_name, stage_state_name, unit_name
from so8t.store.run_model import Change, StageState
from workers.run_binding import RunBinding

#: Which standard icon shows which state.
STATE_ICONS = {
    StageState.PENDING: QStyle.StandardPixmap.SP_FileIcon,
    StageState.RUNNING: QStyle.StandardPixmap.SP_MediaPlay,
    StageState.FINISHED: QStyle.StandardPixmap.SP_DialogApplyButton,
    StageState.SKIPPED: QStyle.StandardPixmap.SP_DialogApplyButton,
    StageState.FAILED: QStyle.StandardPixmap.SP_MessageBoxCritical,
    StageState.INTERRUPTED: QStyle.StandardPixmap.SP_MessageBoxWarning,
}


class StageList(QListWidget):
    """One row per stage of the bound run; rows elide to the pane's width, the whole text is the tooltip."""

    def __init__(self, binding: RunBinding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageList")
        self.setAccessibleName(self.tr("Stages"))
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.binding = binding
        binding.changed.connect(self._on_change)
        binding.model_changed.connect(lambda _m: self.refresh())
        self.refresh()

    def _on_change(self, change: Change) -> None:
        if change in (Change.STAGES, Change.PROGRESS, Change.RUN):
            self.refresh()

    def row_text(self, stage: str) -> str:
        model = self.binding.model
        state = model.stages.get(stage, StageState.PENDING)
        text = f"{stage_name(stage)} — {stage_state_name(state)}"
        progress = model.progress.get(stage)
        if state is StageState.RUNNING and progress is not None and progress.total > 0:
            text += f" ({progress.done}/{progress.total} {unit_name(progress.unit)})"
        return text

    def refresh(self) -> None:
        stages = list(self.binding.model.stages)
        if [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())] != stages:
            self.clear()
            for stage in stages:
                item = QListWidgetItem()
                item.setData(Qt.ItemDataRole.UserRole, stage)
                self.addItem(item)
        for i in range(self.count()):
            item = self.item(i)
            stage = item.data(Qt.ItemDataRole.UserRole)
            text = self.row_text(stage)
            if item.text() != text:
                item.setText(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
                state = self.binding.model.stages.get(stage, StageState.PENDING)
                item.setIcon(self.style().standardIcon(STATE_ICONS[state]))

    def state_of(self, stage: str) -> str:
        """The shown state's word in run.json's terms ("finished", "running", …), for scripts and tests."""
        return self.binding.model.stages.get(stage, StageState.PENDING).value

    def texts(self) -> list[str]:
        """What a person reads, row by row."""
        return [self.item(i).text() for i in range(self.count())]
