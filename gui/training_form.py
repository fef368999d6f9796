"""The training hyper-parameters of the settings: the shown fields of TrainConfig (type, default and help
from the config itself), starting from a preset's values."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QSpinBox, QWidget

from gui.option_labels import choice_label, option_label
from so8t.config import FieldSpec, fields_of
from so8t.model.lora_targets import KEYWORDS as LORA_TARGET_KEYWORDS

#: Hyper-parameters shown in the form (the rest keep the preset's or TrainConfig's values), in display order.
SHOWN_TRAIN_FIELDS = (
    "max_steps", "learning_rate", "lora_rank", "lora_targets", "batch_size", "grad_accum", "max_length", "packing",
    "ckpt_every_steps", "ckpt_every_seconds", "seed",
)


def train_fields() -> dict[str, FieldSpec]:
    """The shown training fields (type, default, help) from TrainConfig itself."""
    from so8t.train.config import TrainConfig

    specs = {f.name: f for f in fields_of(TrainConfig)}
    return {name: specs[name] for name in SHOWN_TRAIN_FIELDS}


def preset_train_values(name: str) -> dict[str, Any]:
    """The shown training values under a preset: its [train] table over TrainConfig's defaults."""
    from so8t.presets import load_preset

    table = load_preset(name).table("train")
    return {n: table.get(n, spec.default) for n, spec in train_fields().items()}


def preset_device(name: str) -> str:
    """The device a preset trains on ("cpu", "cuda"), or "" where it leaves the choice to the machine."""
    from so8t.presets import load_preset

    return str(load_preset(name).table("train").get("device") or "") if name else ""


class TrainingForm(QGroupBox):
    """The "Training" group: one box per shown field; `changed()` whenever a value changes."""

    changed = Signal()

    def __init__(self, start_values: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Training"), parent)
        #: The rows; the settings add the preset above them and the memory estimate below.
        self.form = QFormLayout(self)
        self.boxes: dict[str, QSpinBox | QDoubleSpinBox | QComboBox] = {}
        for name, spec in train_fields().items():
            default, help_text = start_values[name], spec.help
            if spec.choices is not None:  # one of a few words (--packing)
                choice = QComboBox()
                for value in spec.choices:
                    choice.addItem(choice_label(value), value)
                choice.setCurrentIndex(max(0, choice.findData(default)))
                choice.setObjectName(f"{name}Combo")
                choice.setToolTip(help_text)
                choice.setAccessibleName(name)
                self.form.addRow(option_label(name), choice)
                self.boxes[name] = choice
                choice.currentIndexChanged.connect(lambda _i: self.changed.emit())
                continue
            if spec.base_type is str:  # a keyword or names typed in (--lora-targets)
                combo = QComboBox()
                combo.setEditable(True)
                combo.addItems(LORA_TARGET_KEYWORDS)
                combo.setCurrentText(str(default))
                combo.setObjectName(f"{name}Combo")
                combo.setToolTip(help_text)
                combo.setAccessibleName(name)
                self.form.addRow(option_label(name), combo)
                self.boxes[name] = combo
                combo.currentTextChanged.connect(lambda _t: self.changed.emit())
                continue
            if spec.base_type is float:
                box: QSpinBox | QDoubleSpinBox = QDoubleSpinBox()
                box.setDecimals(6 if default < 0.01 else 1)
                box.setRange(float(spec.minimum or 0), 1e7)
                box.setSingleStep(default / 2 if 0 < default < 0.01 else 10.0)
            else:
                box = QSpinBox()
                box.setRange(int(spec.minimum or 0), 10_000_000)
            box.setValue(default)
            box.setObjectName(f"{name}Spin")
            box.setToolTip(help_text)
            box.setAccessibleName(name)
            self.form.addRow(option_label(name), box)
            self.boxes[name] = box
            box.valueChanged.connect(lambda _v: self.changed.emit())

    def values(self) -> dict[str, Any]:
        """The shown training values by field name."""
        return {name: (box.currentData() if box.currentData() is not None else box.currentText().strip())
                if isinstance(box, QComboBox) else box.value() for name, box in self.boxes.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        """Show these values (names not shown are left out)."""
        for name, value in values.items():
            box = self.boxes.get(name)
            if isinstance(box, QComboBox):
                index = box.findData(value)
                if index >= 0:
                    box.setCurrentIndex(index)
                else:
                    box.setCurrentText(str(value))
            elif box is not None:
                box.setValue(value)
