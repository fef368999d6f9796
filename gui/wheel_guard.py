"""Spin boxes and combo boxes take the mouse wheel only when focused: scrolling a form scrolls the form."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox, QWidget

#: The widgets whose value a stray wheel turn would change.
GUARDED_TYPES = (QAbstractSpinBox, QComboBox)


class WheelGuard(QObject):
    """Event filter: a wheel event over an unfocused value widget goes to the enclosing scroll area.

    The widget never sees it, so no value changes, and the page keeps scrolling under the pointer.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or watched.hasFocus():
            return False
        parent = watched.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            QCoreApplication.sendEvent(parent.viewport(), event)
        event.accept()  # handled here: Qt must not pass it on to the parents a second time
        return True


_GUARD: WheelGuard | None = None


def guard_wheel(root: QWidget) -> None:
    """Guard every spin box and combo box under `root` (call again after adding widgets; idempotent)."""
    global _GUARD
    if _GUARD is None:
        _GUARD = WheelGuard()
    for widget in root.findChildren(QWidget):
        if isinstance(widget, GUARDED_TYPES) and not widget.property("wheelGuarded"):
            # Strong focus: a wheel turn never focuses the widget (WheelFocus, the default, would).
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            widget.installEventFilter(_GUARD)
            widget.setProperty("wheelGuarded", True)
