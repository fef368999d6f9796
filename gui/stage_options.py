"""The options of the later stages in the settings: one fold per stage, built from the stage's own
option list (its `STAGE`'s config fields), so every knob of `so8t run --config` is in the window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.names import stage_name
from gui.option_labels import choice_label, option_label
from so8t.config import FieldSpec

#: Stage options the main form already shows in its own way (or the pipeline sets).
HANDLED_ELSEWHERE = {
    "quantize": ("types",),
}
#: Stages with a form of their own above (training) or none (the demo's pretraining, the report).
NO_OPTIONS_FORM = ("pretrain", "train", "report")


class StageOptionsForm(QWidget):
    """One group per later stage, built from the pipeline's own option list (type, default, help),
    so every knob of `so8t run --config` is here without a second list to keep in step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageOptionsForm")
        self.fields: dict[str, dict[str, tuple[Any, QWidget]]] = {}
        self.folds: dict[str, QToolButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        from so8t.pipeline.stages import STAGES

        for name, stage in STAGES.items():
            if name in NO_OPTIONS_FORM:
                continue
            shown = {f.name: f for f in stage.option_fields() if f.name not in HANDLED_ELSEWHERE.get(name, ())}
            if not shown:
                continue
            # A fold, not a checkbox: whether a stage runs is chosen under "Stages to run".
            fold = QToolButton()
            fold.setObjectName(f"{name}OptionsFold")
            fold.setText(self.tr("{0}: options").format(stage_name(name)))
            fold.setCheckable(True)
            fold.setAutoRaise(True)
            fold.setArrowType(Qt.ArrowType.RightArrow)
            fold.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            form = QFormLayout()
            inner = QWidget()
            inner.setObjectName(f"{name}OptionsBox")
            inner.setLayout(form)
            inner.setVisible(False)  # folded: the defaults fit; unfold to change a value
            fold.toggled.connect(lambda on, b=fold, w=inner: (w.setVisible(on), b.setArrowType(
                Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)))
            self.folds[name] = fold
            self.fields[name] = {}
            for key, option in shown.items():
                widget = self._widget_for(option)
                widget.setObjectName(f"{name}_{key}")
                widget.setToolTip(option.help)
                widget.setAccessibleName(f"{name} {key}")
                form.addRow(option_label(key), widget)
                self.fields[name][key] = (option.default, widget)
            layout.addWidget(fold)
            layout.addWidget(inner)

    @staticmethod
    def _widget_for(option: FieldSpec) -> QWidget:
        default = option.default
        if option.choices is not None:
            combo = QComboBox()
            if default is None and None not in option.choices:
                combo.addItem(choice_label("default"), None)  # an optional choice: none is the default
            for choice in option.choices:
                combo.addItem(choice_label(choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(default)))
            return combo
        if isinstance(default, bool):
            box = QComboBox()
            box.addItem(choice_label(True), True)
            box.addItem(choice_label(False), False)
            box.setCurrentIndex(0 if default else 1)
            return box
        if isinstance(default, int):
            spin = QSpinBox()
            spin.setRange(-1_000_000 if option.minimum is None else int(option.minimum), 10_000_000)
            spin.setValue(default)
            return spin
        if isinstance(default, float):
            dspin = QDoubleSpinBox()
            dspin.setDecimals(6)
            dspin.setRange(-1e9 if option.minimum is None else float(option.minimum), 1e9)
            dspin.setSingleStep(abs(default) / 10 or 0.01)
            dspin.setValue(default)
            return dspin
        edit = QLineEdit("" if default is None else ", ".join(default) if isinstance(default, list) else str(default))
        edit.setPlaceholderText(choice_label("default") if default is None else "")
        return edit

    @staticmethod
    def _value_of(default: Any, widget: QWidget) -> Any:
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            return widget.value()
        text = widget.text().strip()
        if isinstance(default, list):
            return [part.strip() for part in text.split(",") if part.strip()]
        return text or None

    def values(self) -> dict[str, dict[str, Any]]:
        """{stage: {option: value}} for the options changed from their defaults (the TOML stays short)."""
        out: dict[str, dict[str, Any]] = {}
        for stage, fields in self.fields.items():
            for key, (default, widget) in fields.items():
                value = self._value_of(default, widget)
                if value != default and not (value is None and default in (None, "")):
                    out.setdefault(stage, {})[key] = value
        return out
