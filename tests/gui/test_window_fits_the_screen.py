"""The window fits a laptop's screen whatever the run shows: the dashboard scrolls instead of growing it."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSize

from gui.main_window import INITIAL_SIZE, initial_size

#: A 1366 x 768 laptop screen less its taskbar.
LAPTOP = QSize(1366, 728)
#: The height a plot keeps (gui/chart.py gives each plot this minimum).
PLOT_MIN_HEIGHT = 150


def test_the_first_size_is_made_smaller_on_a_smaller_screen():
    assert initial_size(None) == INITIAL_SIZE
    assert initial_size(QSize(2560, 1400)) == INITIAL_SIZE
    width, height = initial_size(LAPTOP)
    assert width <= LAPTOP.width() and height <= LAPTOP.height()


@pytest.mark.slow
def test_a_whole_demo_run_on_the_dashboard_still_fits_a_laptop_screen(make_window, qtbot, demo_run):
    window = make_window(demo_run.parent.parent)
    window.show()
    window.run_list.select(str(demo_run))
    window.tabs.setCurrentWidget(window.dashboard_page)
    plots = lambda: [p for p in window.dashboard.findChildren(pg.PlotWidget) if p.isVisible()]  # noqa: E731
    qtbot.waitUntil(lambda: len(plots()) >= 10, timeout=20_000)  # training, align and telemetry plots
    assert window.minimumSizeHint().height() <= LAPTOP.height(), window.minimumSizeHint()
    window.resize(LAPTOP)
    qtbot.waitUntil(lambda: window.height() <= LAPTOP.height(), timeout=5_000)
    qtbot.wait(100)
    assert min(p.height() for p in plots()) >= PLOT_MIN_HEIGHT  # each plot keeps its height; the page scrolls
    assert window.dashboard_page.verticalScrollBar().maximum() > 0
