"""Live plots of a run: VRAM against the card's limit, GPU load, temperature, power, loss and KL."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from so8t.events import KL_METRICS, LOSS_METRICS, Event, MetricEvent, Metrics

#: Each plot redraws at most 10 times a second: smooth to the eye, and the GUI thread stays free
#: for input. The plots take turns, so the timer ticks every REDRAW_INTERVAL_MS / number of plots.
REDRAW_INTERVAL_MS = 100
#: Points kept per curve. When a buffer fills, every other point is dropped, so a curve always
#: spans the whole run at bounded memory (a 1M-step run keeps 20k points, ~320 KiB per curve).
CURVE_CAPACITY = 20_000
BYTES_PER_MIB = 1024 * 1024
#: Stepped axis ranges: the x axis grows by this factor when the data reaches its end, the y axis
#: gets this much padding, and a range is refitted when the data fills less than this fraction of it.
RANGE_GROWTH = 1.5
RANGE_Y_PADDING = 0.1
RANGE_SHRINK_FRACTION = 0.3
#: Room for tick labels such as "12000" or "0.0035" beside each plot.
AXIS_WIDTH_PX = 64

#: The demo's pretraining loss: its own curve on the loss plot (its steps are not training steps).
PRETRAIN_LOSS_METRICS = (Metrics.PRETRAIN_LOSS,)
#: Telemetry written into metric events (by the stage or saved from the sampler) also draws here.
TELEMETRY_METRICS = {
    Metrics.VRAM_USED_MB: "vram",
    Metrics.VRAM_TOTAL_MB: "vram_total",
    Metrics.GPU_UTIL: "util",
    Metrics.GPU_TEMP_C: "temp",
    Metrics.GPU_POWER_W: "power",
}


class RingSeries:
    """A curve's points in preallocated arrays; when full, halved by keeping every other point."""

    def __init__(self, capacity: int = CURVE_CAPACITY) -> None:
        self.capacity = capacity
        self.x = np.zeros(capacity, dtype=np.float64)
        self.y = np.zeros(capacity, dtype=np.float64)
        self.n = 0
        self.total = 0  # points ever appended (for tests and the status line)
        self.dirty = False

    def append(self, x: float, y: float) -> None:
        if self.n == self.capacity:
            half = self.capacity // 2
            self.x[:half] = self.x[0 : self.capacity : 2]
            self.y[:half] = self.y[0 : self.capacity : 2]
            self.n = half
        self.x[self.n] = x
        self.y[self.n] = y
        self.n += 1
        self.total += 1
        self.dirty = True

    def append_step(self, x: float, y: float) -> None:
        """Append by training step: a step at or before the last one (a run resumed from an earlier
        checkpoint redoes those steps) replaces the points from that step on, so the curve stays a function."""
        if self.n and x <= self.x[self.n - 1]:
            self.n = int(np.searchsorted(self.x[: self.n], x, side="left"))
        self.append(x, y)

    def clear(self) -> None:
        self.n = 0
        self.total = 0
        self.dirty = True

    def view(self) -> tuple[np.ndarray, np.ndarray]:
        return self.x[: self.n], self.y[: self.n]


def _make_plot(object_name: str, title: str, y_label: str, x_label: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(title=title)
    plot.setObjectName(object_name)
    plot.setAccessibleName(title)
    plot.setBackground("w")
    item = plot.getPlotItem()
    item.setLabel("left", y_label)
    item.setLabel("bottom", x_label)
    item.showGrid(x=True, y=True, alpha=0.3)
    # A fixed axis width: tick labels changing width while data streams would otherwise re-lay out
    # (and repaint) the whole dashboard on every redraw.
    item.getAxis("left").setWidth(AXIS_WIDTH_PX)
    # Long runs: draw at most ~a pixel's worth of points, keeping spikes, and only what is visible.
    item.setDownsampling(auto=True, mode="peak")
    item.setClipToView(True)
    plot.setMinimumHeight(150)
    return plot


class Dashboard(QWidget):
    """The plots; slots only append to buffers, a QTimer redraws what changed (≤ 10 times a second)."""

    redrawn = Signal()

    def __init__(self, parent: QWidget | None = None, *, capacity: int = CURVE_CAPACITY) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.series: dict[str, RingSeries] = {
            key: RingSeries(capacity)
            for key in ("vram", "vram_process", "util", "temp", "power", "loss", "pretrain_loss", "kl")
        }
        self._t0: float | None = None
        self.vram_total_mib: float | None = None

        self.vram_plot = _make_plot("vramPlot", self.tr("VRAM"), self.tr("MiB"), self.tr("seconds"))
        self.gpu_util_plot = _make_plot("gpuUtilPlot", self.tr("GPU utilisation"), "%", self.tr("seconds"))
        self.temp_plot = _make_plot("gpuTempPlot", self.tr("GPU temperature"), "°C", self.tr("seconds"))
        self.power_plot = _make_plot("gpuPowerPlot", self.tr("GPU power"), "W", self.tr("seconds"))
        self.loss_plot = _make_plot("lossPlot", self.tr("Loss"), self.tr("loss"), self.tr("step"))
        self.kl_plot = _make_plot("klPlot", self.tr("KL to base"), self.tr("nats"), self.tr("step"))

        self.vram_plot.addLegend(offset=(-10, 10))
        self.loss_plot.addLegend(offset=(-10, 10))
        # Curves are created once and fed with setData; never re-plotted.
        self.curves = {
            "vram": self.vram_plot.plot(pen=pg.mkPen("#1a73e8", width=2), name=self.tr("used (card)")),
            "vram_process": self.vram_plot.plot(pen=pg.mkPen("#34a853", width=2), name=self.tr("this run")),
            "util": self.gpu_util_plot.plot(pen=pg.mkPen("#e37400", width=2)),
            "temp": self.temp_plot.plot(pen=pg.mkPen("#d93025", width=2)),
            "power": self.power_plot.plot(pen=pg.mkPen("#9334e6", width=2)),
            "loss": self.loss_plot.plot(pen=pg.mkPen("#1a73e8", width=2), name=self.tr("training")),
            "pretrain_loss": self.loss_plot.plot(pen=pg.mkPen("#9aa0a6", width=2), name=self.tr("demo pretraining")),
            "kl": self.kl_plot.plot(pen=pg.mkPen("#188038", width=2)),
        }
        self.vram_limit_line = pg.InfiniteLine(
            angle=0, movable=False, pen=pg.mkPen("#b3261e", width=2, style=pg.QtCore.Qt.PenStyle.DashLine),
            label=self.tr("card limit"), labelOpts={"position": 0.05, "color": "#b3261e"},
        )
        self.vram_limit_line.setVisible(False)
        self.vram_plot.addItem(self.vram_limit_line)
        # Said inside the GPU plots too, so an empty plot is not taken for a stalled one.
        self.no_gpu_labels = []
        for plot in (self.vram_plot, self.gpu_util_plot, self.temp_plot, self.power_plot):
            label = pg.TextItem(self.tr("no NVIDIA GPU"), color="#888888", anchor=(0.5, 0.5))
            label.setPos(0.5, 0.5)
            label.setVisible(False)
            plot.addItem(label, ignoreBounds=True)
            self.no_gpu_labels.append(label)

        self.status = QLabel(self.tr("No GPU telemetry yet."))
        self.status.setObjectName("telemetryStatus")
        layout = QGridLayout(self)
        layout.addWidget(self.vram_plot, 0, 0)
        layout.addWidget(self.gpu_util_plot, 0, 1)
        layout.addWidget(self.loss_plot, 1, 0)
        layout.addWidget(self.kl_plot, 1, 1)
        layout.addWidget(self.temp_plot, 2, 0)
        layout.addWidget(self.power_plot, 2, 1)
        layout.addWidget(self.status, 3, 0, 1, 2)

        #: Curves drawn on each plot (redrawn together).
        self.groups = {
            "vram": ("vram", "vram_process"), "util": ("util",), "temp": ("temp",), "power": ("power",),
            "loss": ("loss", "pretrain_loss"), "kl": ("kl",),
        }
        self.redraws = {name: 0 for name in self.groups}
        self.plot_items = {
            "vram": self.vram_plot.getPlotItem(), "util": self.gpu_util_plot.getPlotItem(),
            "temp": self.temp_plot.getPlotItem(), "power": self.power_plot.getPlotItem(),
            "loss": self.loss_plot.getPlotItem(), "kl": self.kl_plot.getPlotItem(),
        }
        self._user_view = {name: False for name in self.groups}
        for name, item in self.plot_items.items():
            item.disableAutoRange()
            item.getViewBox().sigRangeChangedManually.connect(lambda *_a, n=name: self._on_user_view(n, True))
            item.autoBtn.clicked.connect(lambda *_a, n=name: self._on_user_view(n, False))
        self._next_group = -1
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, REDRAW_INTERVAL_MS // len(self.groups)))
        self._timer.timeout.connect(self._on_redraw_timer)
        self._timer.start()

    # -- feeding ----------------------------------------------------------------------------

    def clear(self) -> None:
        for s in self.series.values():
            s.clear()
        self._t0 = None
        self.vram_total_mib = None
        self.vram_limit_line.setVisible(False)

    def _seconds(self, t: float) -> float:
        if self._t0 is None:
            self._t0 = t
        return t - self._t0

    def add_metric(self, stage: str, name: str, value: float, step: int) -> None:
        """Slot for StageProcess.metric: loss and KL by step; telemetry metrics by their step (seconds)."""
        if name in LOSS_METRICS:
            self.series["loss"].append_step(step, value)
        elif name in PRETRAIN_LOSS_METRICS:
            self.series["pretrain_loss"].append_step(step, value)
        elif name in KL_METRICS:
            self.series["kl"].append_step(step, value)
        elif name in TELEMETRY_METRICS:
            key = TELEMETRY_METRICS[name]
            if key == "vram_total":
                self._set_vram_total(value)
            else:
                self.series[key].append(step, value)

    def _set_vram_total(self, mib: float) -> None:
        if mib and mib != self.vram_total_mib:
            self.vram_total_mib = mib
            self.vram_limit_line.setValue(mib)
            self.vram_limit_line.label.setFormat(self.tr("card limit {0:.0f} MiB").format(mib))
            self.vram_limit_line.setVisible(True)

    def add_telemetry(self, sample: Any) -> None:
        """Slot for TelemetrySampler.sampled: the first GPU's readings against wall time."""
        if not getattr(sample, "available", False) or not sample.gpus:
            self.status.setText(getattr(sample, "message", "") or self.tr("No NVIDIA GPU: telemetry is off."))
            for label in self.no_gpu_labels:
                label.setVisible(True)
            return
        for label in self.no_gpu_labels:
            label.setVisible(False)
        gpu = sample.gpus[0]
        x = self._seconds(sample.time)
        if gpu.memory_used is not None:
            self.series["vram"].append(x, gpu.memory_used / BYTES_PER_MIB)
        if gpu.process_memory is not None:
            self.series["vram_process"].append(x, gpu.process_memory / BYTES_PER_MIB)
        if gpu.memory_total:
            self._set_vram_total(gpu.memory_total / BYTES_PER_MIB)
        for key, value in (("util", gpu.utilization), ("temp", gpu.temperature), ("power", gpu.power)):
            if value is not None:
                self.series[key].append(x, value)
        used = f"{gpu.memory_used / BYTES_PER_MIB:.0f}" if gpu.memory_used is not None else "?"
        total = f"{gpu.memory_total / BYTES_PER_MIB:.0f}" if gpu.memory_total else "?"
        self.status.setText(self.tr("{0}: {1} / {2} MiB").format(gpu.name, used, total))

    def load_events(self, events: Iterable[Event]) -> None:
        """Redraw a past run's curves from its events (events.jsonl, telemetry.jsonl)."""
        self.clear()
        for ev in events:
            if isinstance(ev, MetricEvent):
                self.add_metric(ev.stage, ev.name, ev.value, ev.step)
        self.redraw_all()

    def prepend_history(self, events: Iterable[Event]) -> None:
        """A resumed run's earlier loss/KL points, put before the points already streamed live."""
        live = {key: self.series[key].view() for key in ("loss", "pretrain_loss", "kl")}
        live = {key: (x.copy(), y.copy()) for key, (x, y) in live.items()}
        for key in live:
            self.series[key].clear()
        for ev in events:
            if isinstance(ev, MetricEvent) and ev.name in (*LOSS_METRICS, *PRETRAIN_LOSS_METRICS, *KL_METRICS):
                self.add_metric(ev.stage, ev.name, ev.value, ev.step)
        for key, (x, y) in live.items():
            for xi, yi in zip(x, y, strict=True):
                self.series[key].append_step(float(xi), float(yi))

    # -- drawing ----------------------------------------------------------------------------

    def _redraw_group(self, name: str) -> bool:
        changed = False
        for key in self.groups[name]:
            series = self.series[key]
            if series.dirty:
                series.dirty = False
                x, y = series.view()
                self.curves[key].setData(x, y)
                changed = True
        if changed:
            self.redraws[name] += 1
            if not self._user_view[name]:
                self._fit_view(name)
        return changed

    def _fit_view(self, name: str) -> None:
        """Move a plot's axes only when the data leaves them (or fills a small part of them).

        pyqtgraph's auto-range moves the axes on every redraw while data streams, and redrawing
        the axis labels is most of what a redraw costs; stepped ranges keep them cached.
        """
        xs = [self.series[k].view()[0] for k in self.groups[name] if self.series[k].n]
        ys = [self.series[k].view()[1] for k in self.groups[name] if self.series[k].n]
        if not xs:
            return
        x0, x1 = min(float(x[0]) for x in xs), max(float(x[-1]) for x in xs)
        y0, y1 = min(float(y.min()) for y in ys), max(float(y.max()) for y in ys)
        if name == "vram" and self.vram_total_mib:
            y0, y1 = min(y0, 0.0), max(y1, self.vram_total_mib)
        (vx0, vx1), (vy0, vy1) = self.plot_items[name].viewRange()
        if x1 > vx1 or x0 < vx0 or (x1 - x0) < RANGE_SHRINK_FRACTION * (vx1 - vx0):
            span = max(x1 - x0, 1.0)
            self.plot_items[name].setXRange(x0, x0 + span * RANGE_GROWTH, padding=0)
        yspan = max(y1 - y0, abs(y1) * 1e-3, 1e-9)
        if y1 > vy1 or y0 < vy0 or yspan < RANGE_SHRINK_FRACTION * (vy1 - vy0):
            pad = yspan * RANGE_Y_PADDING
            self.plot_items[name].setYRange(y0 - pad, y1 + pad, padding=0)

    def _on_user_view(self, name: str, manual: bool) -> None:
        """The user zoomed or panned a plot: leave its axes alone until they press its auto-range button."""
        self._user_view[name] = manual
        if not manual:
            self._fit_view(name)

    def _on_redraw_timer(self) -> None:
        """One plot per tick, in turn: each plot redraws at most every REDRAW_INTERVAL_MS, and one
        pass of the event loop never paints more than one plot (painting is what costs)."""
        names = list(self.groups)
        self._next_group = (self._next_group + 1) % len(names)
        if self._redraw_group(names[self._next_group]):
            self.redrawn.emit()

    def redraw_all(self) -> None:
        """Every dirty plot now (a past run just loaded)."""
        if any([self._redraw_group(name) for name in self.groups]):
            self.redrawn.emit()

    def point_counts(self) -> dict[str, int]:
        """Points currently drawn per curve (bounded by the capacity)."""
        return {key: s.n for key, s in self.series.items()}
