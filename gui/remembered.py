"""The settings a person chose last time (model, data, workspace, options), kept in QSettings between starts."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from gui.i18n import settings

#: QSettings group of the form's values; one JSON object, so a new field never breaks an old file.
FORM_KEY = "form/values"


def widget_value(widget: QWidget) -> Any:
    if isinstance(widget, QComboBox):
        # The item's value where it has one (its shown text may be translated), else the text.
        data = widget.currentData()
        return data if isinstance(data, (str, int, float, bool)) else widget.currentText()
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.value()
    if isinstance(widget, QLineEdit):
        return widget.text()
    return None


def set_widget_value(widget: QWidget, value: Any) -> None:
    """Set a remembered value; one that no longer fits (a removed choice, a wrong type) is left out."""
    try:
        if isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index < 0:
                index = widget.findText(str(value))
            if index >= 0:
                widget.setCurrentIndex(index)
            elif widget.isEditable():  # text typed in (a list of names), not one of the items
                widget.setEditText(str(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QDoubleSpinBox):
            widget.setValue(float(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))
    except (TypeError, ValueError):
        pass


def save_values(values: dict[str, Any]) -> None:
    settings().setValue(FORM_KEY, json.dumps(values, ensure_ascii=False))


def load_values() -> dict[str, Any]:
    raw = settings().value(FORM_KEY, "")
    try:
        values = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        return {}
    return values if isinstance(values, dict) else {}
