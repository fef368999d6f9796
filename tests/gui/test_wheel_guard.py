"""gui.wheel_guard: the mouse wheel changes no setting unless that widget has the keyboard focus."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QScrollArea, QWidget


def _value(widget: QWidget):
    return widget.currentIndex() if isinstance(widget, QComboBox) else widget.text()


def _wheel(widget: QWidget, steps: int) -> None:
    """A real wheel turn over the middle of the widget, as the window system delivers it."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    for _ in range(abs(steps)):
        event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                            QPoint(0, 120 if steps > 0 else -120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(widget, event)


def _settings_value_widgets(window) -> list[QWidget]:
    page = window.findChild(QScrollArea, "settingsScroll")
    assert page is not None
    widgets = [w for w in page.findChildren(QWidget) if isinstance(w, (QAbstractSpinBox, QComboBox))]
    for fold in window.settings.stage_options.folds.values():
        fold.setChecked(True)  # unfold every stage's options, so hidden ones are turned too
    return widgets


def test_the_wheel_changes_nothing_on_unfocused_settings(make_window, qtbot, tmp_path):
    window = make_window(tmp_path)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.tabs.setCurrentIndex(0)
    widgets = _settings_value_widgets(window)
    assert len(widgets) >= 10  # the training spin boxes, the quantization and language combos, stage options
    window.run_button.setFocus()
    before = [_value(w) for w in widgets]
    for widget in widgets:
        for steps in (3, -6):
            _wheel(widget, steps)
    changed = [w.objectName() for w, b in zip(widgets, before, strict=True) if _value(w) != b]
    assert changed == []


def test_a_focused_spin_box_still_takes_the_wheel(make_window, qtbot, tmp_path):
    """The positive control: the same events do change a widget that has the focus."""
    window = make_window(tmp_path)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    spin = next(w for w in _settings_value_widgets(window) if isinstance(w, QAbstractSpinBox) and w.isEnabled())
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=2000)
    before = spin.text()
    _wheel(spin, 2)
    assert spin.text() != before


def test_a_wheel_turn_over_a_spin_box_scrolls_the_settings_page(make_window, qtbot, tmp_path):
    window = make_window(tmp_path)
    window.resize(900, 400)  # short enough that the page scrolls
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    page = window.findChild(QScrollArea, "settingsScroll")
    bar = page.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    spin = next(w for w in _settings_value_widgets(window) if isinstance(w, QAbstractSpinBox) and w.isVisible())
    window.run_button.setFocus()
    _wheel(spin, -3)
    assert bar.value() > 0
