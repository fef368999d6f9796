"""Which stages a new run goes through: one switch per stage, apart from the folds that show its options."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from gui.names import stage_name

#: Stages the window always runs when they apply (the demo's pretraining comes with the demo model).
ALWAYS = ("pretrain",)


def pipeline_stage_names() -> list[str]:
    """The pipeline's stages in order (the engine's own list)."""
    from so8t.pipeline.stages import stage_order

    return list(stage_order())


class StageSwitches(QWidget):
    """A checkbox per stage: "run this stage". Turning a stage off also turns off the stages that need it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageSwitches")
        from so8t.pipeline.stages import STAGES

        names = pipeline_stage_names()
        self._needs = {name: tuple(getattr(STAGES[name], "requires_stages", ()) or ()) for name in names}
        self.boxes: dict[str, QCheckBox] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        shown = [n for n in names if n not in ALWAYS]
        for i, name in enumerate(shown):
            box = QCheckBox(stage_name(name))
            box.setObjectName(f"{name}StageSwitch")
            box.setAccessibleName(self.tr("Run the stage {0}").format(stage_name(name)))
            box.setToolTip(self.tr("Run this stage in the new run; off skips it (and the stages that need it)."))
            box.setChecked(True)
            box.toggled.connect(lambda on, n=name: self._on_toggled(n, on))
            layout.addWidget(box, i // 3, i % 3)
            self.boxes[name] = box

    def _on_toggled(self, name: str, on: bool) -> None:
        for other, needs in self._needs.items():
            box = self.boxes.get(other)
            if box is None or name not in needs:
                continue
            if not on:
                box.setChecked(False)
            box.setEnabled(on)
        self.changed.emit()

    def chosen(self) -> list[str]:
        return [name for name, box in self.boxes.items() if box.isChecked()]

    def set_chosen(self, names: list[str]) -> None:
        for name, box in self.boxes.items():
            box.setChecked(name in names)

    def all_on(self) -> bool:
        return all(box.isChecked() for box in self.boxes.values())
