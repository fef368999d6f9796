"""The stage list: each stage of the pipeline with its state icon and progress."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget


def pipeline_stages() -> tuple[str, ...]:
    """The stages a new run goes through, in the pipeline's own order (the demo's pretraining aside)."""
    from so8t.pipeline.stages import STAGES

    return tuple(s for s in STAGES if s != "pretrain")


#: Which standard icon shows which state.
_STATE_ICONS = {
    "pending": QStyle.StandardPixmap.SP_FileIcon,
    "started": QStyle.StandardPixmap.SP_MediaPlay,
    "running": QStyle.StandardPixmap.SP_MediaPlay,
    "finished": QStyle.StandardPixmap.SP_DialogApplyButton,
    "skipped": QStyle.StandardPixmap.SP_DialogApplyButton,
    "failed": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "interrupted": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "stopped": QStyle.StandardPixmap.SP_MediaPause,
}


class StageList(QListWidget):
    """One row per stage; `set_state` and `set_progress` are slots fed by the worker's signals."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageList")
        self.setAccessibleName(self.tr("Stages"))
        self._states: dict[str, str] = {}
        self._progress: dict[str, str] = {}
        self.show_stages()

    def _label(self, stage: str) -> str:
        names = {
            "pretrain": self.tr("Pretrain demo model"),
            "train": self.tr("Train gates (QLoRA)"),
            "bake": self.tr("Bake gates into weights"),
            "export": self.tr("Export GGUF"),
            "quantize": self.tr("Quantize GGUF"),
            "check": self.tr("Check GGUF fidelity"),
            "triality": self.tr("Triality safety head"),
            "calibrate": self.tr("Calibrate"),
            "report": self.tr("Report"),
        }
        return names.get(stage, stage)

    def _state_text(self, state: str) -> str:
        texts = {
            "pending": self.tr("pending"), "started": self.tr("running"), "running": self.tr("running"),
            "finished": self.tr("finished"), "skipped": self.tr("skipped (done before)"),
            "failed": self.tr("failed"), "interrupted": self.tr("interrupted"), "stopped": self.tr("stopped"),
        }
        return texts.get(state, state)

    def show_stages(self, stages: tuple[str, ...] | None = None) -> None:
        stages = tuple(stages) if stages else pipeline_stages()
        self.clear()
        self._states = {s: "pending" for s in stages}
        self._progress = {}
        for stage in stages:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, stage)
            self.addItem(item)
            self._refresh(stage)

    def _item(self, stage: str) -> QListWidgetItem | None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == stage:
                return self.item(i)
        return None

    def _refresh(self, stage: str) -> None:
        item = self._item(stage)
        if item is None:
            return
        state = self._states.get(stage, "pending")
        text = f"{self._label(stage)} — {self._state_text(state)}"
        if stage in self._progress and state in ("started", "running"):
            text += f" ({self._progress[stage]})"
        item.setText(text)
        item.setIcon(self.style().standardIcon(_STATE_ICONS.get(state, QStyle.StandardPixmap.SP_FileIcon)))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, text)

    def state_of(self, stage: str) -> str:
        return self._states.get(stage, "pending")

    def set_state(self, stage: str, state: str) -> None:
        """Slot for StageProcess.stage_state; unknown stages (e.g. "run") are ignored."""
        if stage not in self._states:
            return
        self._states[stage] = state
        self._refresh(stage)

    def set_progress(self, stage: str, done: int, total: int, unit: str) -> None:
        if stage not in self._states:
            return
        self._progress[stage] = f"{done}/{total} {unit}"
        if self._states[stage] == "pending":
            self._states[stage] = "running"
        self._refresh(stage)

    def set_states_only(self, states: dict[str, str]) -> None:
        """States of a stored run (run.json), e.g. when a past run is selected."""
        for stage, state in states.items():
            self.set_state(stage, state)

    def mark_running_as(self, state: str) -> None:
        """After a stop or crash: every stage still shown running gets `state`."""
        for stage, current in list(self._states.items()):
            if current in ("started", "running"):
                self.set_state(stage, state)
