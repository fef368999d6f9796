"""A chart as the window draws one: a plot in a titled card, its axes in plain numbers of a fixed width.

The live dashboard and the comparison of runs build their plots here, so both look and redraw alike.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

#: Room for tick labels such as "12000" or "0.0035" beside each plot.
AXIS_WIDTH_PX = 64


class ChartCard(QFrame):
    """One plot in a card: a title line above the plot, a light frame around both."""

    def __init__(self, plot: pg.PlotWidget, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(plot.objectName() + "Card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"#{self.objectName()} {{ background: white; border: 1px solid #dadce0; "
                           "border-radius: 6px; }")
        self.title = QLabel(title)
        self.title.setStyleSheet("font-weight: 600; padding: 4px 6px 0 6px; border: none;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(plot, 1)


def make_plot(object_name: str, title: str, y_label: str, x_label: str) -> pg.PlotWidget:
    """A white plot with plain-number axes of a fixed width, downsampled to what is visible (long runs)."""
    plot = pg.PlotWidget()
    plot.setObjectName(object_name)
    plot.setAccessibleName(title)
    plot.setBackground("w")
    item = plot.getPlotItem()
    item.setLabel("left", y_label)
    item.setLabel("bottom", x_label)
    for side in ("left", "bottom"):
        # Plain numbers with the unit in the label: no "(x1e-06)" prefix squeezed against the ticks.
        item.getAxis(side).enableAutoSIPrefix(False)
    item.showGrid(x=True, y=True, alpha=0.3)
    # A fixed axis width: tick labels changing width while data streams would otherwise re-lay out
    # (and repaint) the whole dashboard on every redraw.
    item.getAxis("left").setWidth(AXIS_WIDTH_PX)
    # Long runs: draw at most ~a pixel's worth of points, keeping spikes, and only what is visible.
    item.setDownsampling(auto=True, mode="peak")
    item.setClipToView(True)
    plot.setMinimumHeight(150)
    return plot
