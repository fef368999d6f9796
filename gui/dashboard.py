"""Live plots of the shown run: loss, KL, tokens/s; the card (VRAM, load, temperature, power) or, without an
NVIDIA GPU, the stage process's memory and CPU use."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.chart import ChartCard, make_plot
from so8t.store.run_model import CURVE_CAPACITY, Change, RingSeries, RunModel, split_gpu_name
from workers.run_binding import RunBinding

__all__ = ["CURVE_CAPACITY", "REDRAW_INTERVAL_MS", "Dashboard", "RingSeries"]

#: Each plot redraws at most 10 times a second: smooth to the eye, and the GUI thread stays free
#: for input. The plots take turns, so the timer ticks every REDRAW_INTERVAL_MS / number of plots.
REDRAW_INTERVAL_MS = 100
BYTES_PER_MIB = 1024 * 1024
#: Stepped axis ranges: the x axis grows by this factor when the data reaches its end, the y axis
#: gets this much padding, and a range is refitted when the data fills less than this fraction of it.
RANGE_GROWTH = 1.5
RANGE_Y_PADDING = 0.1
RANGE_SHRINK_FRACTION = 0.3
#: A plot with a single point (or a flat curve) is shown this much above and below its value
#: (relative), so its tick labels stay readable instead of collapsing onto one value.
FLAT_SPAN = 0.5

#: The axes of a plot without points (a new run's, before its first reading).
EMPTY_RANGE = (0.0, 1.0)

#: Plot groups: which curves each plot draws (curve keys of the run model).
GROUPS: dict[str, tuple[str, ...]] = {
    "loss": ("loss",), "kl": ("kl",), "pretrain": ("pretrain_loss",), "tokens": ("tokens_per_s",),
    "vram": ("vram", "vram_process"), "util": ("util",), "temp": ("temp",), "power": ("power",),
    "rss": ("rss",), "cpu": ("cpu",),
    # The align stage (so8t.store.metric_names.ALIGN_CURVES): shown once its curves have points.
    "align_loss": ("align_loss",), "reward": ("reward",), "align_kl": ("align_kl",),
    "dpo_accuracy": ("dpo_accuracy",), "dpo_margin": ("dpo_margin",), "tie_share": ("tie_share",),
    "completion_length": ("completion_length",), "clip_ratio": ("clip_ratio",),
}
ALIGN_GROUPS = ("align_loss", "dpo_accuracy", "dpo_margin", "reward", "align_kl", "tie_share", "completion_length",
                "clip_ratio")
#: Each reward function's mean (`reward/<function>`) joins the reward plot beside the weighted sum.
REWARD_PREFIX = "reward/"
GPU_GROUPS = ("vram", "util", "temp", "power")
#: Pens of GPU 1, 2, … when a run uses several GPUs (GPU 0 keeps its plot's own pen).
GPU_PENS = ("#d93025", "#188038", "#9334e6", "#e37400", "#00897b", "#c2185b", "#5f6368")
HOST_GROUPS = ("rss", "cpu")


def _reward_text(value: float | None) -> str:
    """A reward as the rollout table shows it ("—": the function abstained)."""
    return "—" if value is None else f"{value:.3g}"


class Dashboard(QWidget):
    """Draws the bound run model's curves; a QTimer redraws what changed (≤ 10 times a second per plot)."""

    redrawn = Signal()

    def __init__(self, binding: RunBinding | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.binding = binding or RunBinding(parent=self)
        #: Whether this machine has an NVIDIA GPU (None until the sampler says): picks the hardware plots.
        self.gpu_present: bool | None = None
        seconds, step = self.tr("seconds since the run began"), self.tr("training step")
        self.loss_plot = make_plot("lossPlot", self.tr("Training loss"), self.tr("loss (nats/token)"), step)
        self.kl_plot = make_plot("klPlot", self.tr("KL to the base model"), self.tr("KL (nats)"), step)
        self.pretrain_plot = make_plot("pretrainPlot", self.tr("Demo pretraining loss"),
                                        self.tr("loss (nats/token)"), self.tr("pretraining step"))
        self.tokens_plot = make_plot("tokensPlot", self.tr("Training speed"), self.tr("tokens/s"), step)
        self.vram_plot = make_plot("vramPlot", self.tr("VRAM"), self.tr("MiB"), seconds)
        self.gpu_util_plot = make_plot("gpuUtilPlot", self.tr("GPU utilisation"), self.tr("% busy"), seconds)
        self.temp_plot = make_plot("gpuTempPlot", self.tr("GPU temperature"), "°C", seconds)
        self.power_plot = make_plot("gpuPowerPlot", self.tr("GPU power"), "W", seconds)
        self.rss_plot = make_plot("rssPlot", self.tr("Stage process memory (RSS)"), self.tr("MiB"), seconds)
        self.cpu_plot = make_plot("cpuPlot", self.tr("Stage process CPU"), self.tr("% of one core"), seconds)
        align_step = self.tr("align step")
        self.align_loss_plot = make_plot("alignLossPlot", self.tr("Align loss (DPO / GRPO)"), self.tr("loss"),
                                          align_step)
        self.reward_plot = make_plot("rewardPlot", self.tr("Reward"), self.tr("mean over the group"), align_step)
        self.align_kl_plot = make_plot("alignKlPlot", self.tr("KL to the starting policy"), self.tr("KL (nats)"),
                                        align_step)
        self.dpo_accuracy_plot = make_plot("dpoAccuracyPlot", self.tr("Preference accuracy"),
                                            self.tr("share of pairs"), align_step)
        self.dpo_margin_plot = make_plot("dpoMarginPlot", self.tr("Reward margin (chosen − rejected)"),
                                          self.tr("β · log-ratio"), align_step)
        self.tie_share_plot = make_plot("tieSharePlot", self.tr("Groups whose rewards all tie"),
                                         self.tr("share of groups"), align_step)
        self.completion_length_plot = make_plot("completionLengthPlot", self.tr("Completion length"),
                                                 self.tr("tokens"), align_step)
        self.clip_ratio_plot = make_plot("clipRatioPlot", self.tr("Clipped share"), self.tr("share of tokens"),
                                          align_step)
        plots = {
            "loss": self.loss_plot, "kl": self.kl_plot, "pretrain": self.pretrain_plot, "tokens": self.tokens_plot,
            "vram": self.vram_plot, "util": self.gpu_util_plot, "temp": self.temp_plot, "power": self.power_plot,
            "rss": self.rss_plot, "cpu": self.cpu_plot, "align_loss": self.align_loss_plot,
            "reward": self.reward_plot, "align_kl": self.align_kl_plot, "dpo_accuracy": self.dpo_accuracy_plot,
            "dpo_margin": self.dpo_margin_plot, "tie_share": self.tie_share_plot,
            "completion_length": self.completion_length_plot, "clip_ratio": self.clip_ratio_plot,
        }
        self.plots = plots
        self.cards = {name: ChartCard(plot, plot.accessibleName(), self) for name, plot in plots.items()}

        self.vram_plot.addLegend(offset=(-10, 10))
        pens = {"loss": "#1a73e8", "kl": "#188038", "pretrain_loss": "#9aa0a6", "tokens_per_s": "#e37400",
                "vram": "#1a73e8", "vram_process": "#34a853", "util": "#e37400", "temp": "#d93025",
                "power": "#9334e6", "rss": "#1a73e8", "cpu": "#e37400", "align_loss": "#1a73e8", "reward": "#202124",
                "align_kl": "#188038", "dpo_accuracy": "#9334e6", "dpo_margin": "#e37400", "tie_share": "#d93025",
                "completion_length": "#00897b", "clip_ratio": "#c2185b"}
        names = {"vram": self.tr("used (card)"), "vram_process": self.tr("this run"), "reward": self.tr("weighted sum")}
        self.reward_plot.addLegend(offset=(-10, 10))
        self._pens = pens
        # Curves are created once and fed with setData; never re-plotted.
        self.curves = {}
        for group, keys in GROUPS.items():
            for key in keys:
                self.curves[key] = plots[group].plot(pen=pg.mkPen(pens[key], width=2), name=names.get(key))
        self.vram_limit_line = pg.InfiniteLine(
            angle=0, movable=False, pen=pg.mkPen("#b3261e", width=2, style=Qt.PenStyle.DashLine),
            label=self.tr("card limit"), labelOpts={"position": 0.05, "color": "#b3261e"},
        )
        self.vram_limit_line.setVisible(False)
        self.vram_plot.addItem(self.vram_limit_line)
        self._vram_total: float | None = None

        self.rollout_title = QLabel()
        self.rollout_title.setObjectName("rolloutTitle")
        self.rollout_table = QTableWidget(0, 0, self)
        self.rollout_table.setObjectName("rolloutTable")
        self.rollout_table.setAccessibleName(self.tr("Latest GRPO group"))
        self.rollout_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rollout_table.verticalHeader().setVisible(False)
        self.rollout_table.setFixedHeight(180)  # about six rows: the page scrolls, so plots never squeeze it
        self.show_reasoning = QCheckBox(self.tr("Show reasoning"))
        self.show_reasoning.setObjectName("rolloutReasoningCheck")
        self.show_reasoning.setToolTip(self.tr("Also show the thinking of the latest group's completions, from the "
                                               "next step on. It comes from the running stage only and is never "
                                               "written to the run's files."))
        self.show_reasoning.toggled.connect(self._on_show_reasoning)
        self.rollout_title.setVisible(False)
        self.rollout_table.setVisible(False)
        self.show_reasoning.setVisible(False)
        self._rollout_shown: tuple[Any, Any] = (None, None)  # the rollout and reasoning events shown

        self.status = QLabel(self.tr("Waiting for the first hardware reading."))
        self.status.setObjectName("telemetryStatus")
        self.status.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        layout = QVBoxLayout(self)
        layout.addLayout(self.grid, 1)
        title_row = QHBoxLayout()
        title_row.addWidget(self.rollout_title, 1)
        title_row.addWidget(self.show_reasoning)
        layout.addLayout(title_row)
        layout.addWidget(self.rollout_table)
        layout.addWidget(self.status)

        self.redraws = {name: 0 for name in GROUPS}
        self.plot_items = {name: plot.getPlotItem() for name, plot in plots.items()}
        self._user_view = {name: False for name in GROUPS}
        for name, item in self.plot_items.items():
            item.disableAutoRange()
            item.getViewBox().sigRangeChangedManually.connect(lambda *_a, n=name: self._on_user_view(n, True))
            item.autoBtn.clicked.connect(lambda *_a, n=name: self._on_user_view(n, False))
        self._visible: tuple[str, ...] = ()
        self._arrange()
        self._next_group = -1
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, REDRAW_INTERVAL_MS // len(GROUPS)))
        self._timer.timeout.connect(self._on_redraw_timer)
        self._timer.start()
        self.binding.model_changed.connect(self._on_model_changed)
        self.binding.changed.connect(self._on_change)

    # -- the model -------------------------------------------------------------------------------

    @property
    def model(self) -> RunModel:
        return self.binding.model

    @property
    def series(self) -> dict[str, RingSeries]:
        return self.binding.model.series

    def _on_model_changed(self, _model: RunModel) -> None:
        self._on_show_reasoning(self.show_reasoning.isChecked())
        self._user_view = {name: False for name in GROUPS}
        for key, curve in self.curves.items():
            if key not in self.series:  # another GPU of the run shown before
                curve.setData([], [])
        for series in self.series.values():
            series.dirty = True  # every curve shows this run's points (none, for a new run)
        for name, item in self.plot_items.items():
            if not any(self.series[k].n for k in self._keys(name) if k in self.series):
                # An empty plot starts from the empty axes, not the run shown before.
                item.setXRange(*EMPTY_RANGE, padding=0)
                item.setYRange(*EMPTY_RANGE, padding=0)
        self.redraw_all()

    def _on_change(self, change: Any) -> None:
        if change is Change.ROLLOUT or change is Change.RUN:
            self.show_rollout()

    def _on_show_reasoning(self, on: bool) -> None:
        """The run model keeps the stream's thinking only while the box is ticked; unticked, it drops it."""
        self.model.keep_reasoning = on
        if not on:
            self.model.reasoning = None
        self.show_rollout()

    def show_rollout(self) -> None:
        """The latest GRPO group as rows: prompt id, final answer, weighted reward, each function's reward, and
        with "show reasoning" on each completion's thinking (from the stream; never from a file)."""
        event = self.model.rollout
        reasoning = self.model.reasoning if self.show_reasoning.isChecked() else None
        if reasoning is not None and (event is None or reasoning.step != event.step
                                      or len(reasoning.rows) != len(event.rows)):
            reasoning = None  # another group's thinking
        if self._rollout_shown[0] is event and self._rollout_shown[1] is reasoning:
            return
        self._rollout_shown = (event, reasoning)
        shown = event is not None and bool(event.rows)
        self.rollout_title.setVisible(shown)
        self.rollout_table.setVisible(shown)
        self.show_reasoning.setVisible(shown)
        if not shown:
            self.rollout_table.setRowCount(0)
            return
        functions = list(dict.fromkeys(name for row in event.rows for name in row.rewards))
        title = (self.tr("Latest GRPO group (step {0}) with its reasoning") if reasoning is not None
                 else self.tr("Latest GRPO group (step {0}): final answers only"))
        self.rollout_title.setText(title.format(event.step))
        header = [self.tr("prompt"), self.tr("final answer"), self.tr("reward"), *functions]
        if reasoning is not None:
            header.append(self.tr("reasoning"))
        self.rollout_table.setColumnCount(len(header))
        self.rollout_table.setHorizontalHeaderLabels(header)
        self.rollout_table.setRowCount(len(event.rows))
        for r, row in enumerate(event.rows):
            final = row.final if row.final is not None else self.tr("(no final answer)")
            cells = [row.prompt_id, final, _reward_text(row.reward),
                     *(_reward_text(row.rewards.get(name)) for name in functions)]
            if reasoning is not None:
                cells.append(reasoning.rows[r][1])
            for c, text in enumerate(cells):
                self.rollout_table.setItem(r, c, QTableWidgetItem(text))
        self.rollout_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _keys(self, group: str) -> list[str]:
        """The curve keys a plot draws: its own, and the same readings of GPU 1, 2, … where the run has them."""
        keys = list(GROUPS[group])
        if group == "reward":
            keys += sorted(k for k in self.series if k.startswith(REWARD_PREFIX))
        if group in GPU_GROUPS:
            keys += [k for k in self.series if split_gpu_name(k)[1] and split_gpu_name(k)[0] in GROUPS[group]]
        return keys

    def _curve(self, group: str, key: str) -> Any:
        """The curve of `key`, created (once) the first time a second GPU's reading arrives."""
        curve = self.curves.get(key)
        if curve is not None:
            return curve
        if key.startswith(REWARD_PREFIX):  # one reward function's mean, named as the user named it
            own = [k for k in self.curves if k.startswith(REWARD_PREFIX)]
            pen = pg.mkPen(GPU_PENS[len(own) % len(GPU_PENS)], width=2)
            self.curves[key] = curve = self.reward_plot.plot(pen=pen, name=key.removeprefix(REWARD_PREFIX))
            return curve
        base, gpu = split_gpu_name(key)
        item = self.plots[group].getPlotItem()
        if item.legend is None:
            item.addLegend(offset=(-10, 10))
            item.legend.addItem(self.curves[base], self._gpu_label(base, 0))
        else:  # the VRAM plot's "used (card)" and "this run" become GPU 0's
            for sample, label in item.legend.items:
                for own in GROUPS[group]:
                    if sample.item is self.curves[own]:
                        label.setText(self._gpu_label(own, 0))
        style = Qt.PenStyle.DashLine if base == "vram_process" else Qt.PenStyle.SolidLine
        colours = [c for c in GPU_PENS if c != self._pens[base]]
        pen = pg.mkPen(colours[(gpu - 1) % len(colours)], width=2, style=style)
        self.curves[key] = curve = item.plot(pen=pen, name=self._gpu_label(base, gpu))
        return curve

    def _gpu_label(self, key: str, gpu: int) -> str:
        if key == "vram":
            return self.tr("used, GPU {0}").format(gpu)
        if key == "vram_process":
            return self.tr("this run, GPU {0}").format(gpu)
        return self.tr("GPU {0}").format(gpu)

    def set_gpu_present(self, present: bool, message: str = "") -> None:
        """The sampler's verdict: GPU plots when there is an NVIDIA GPU, else the process's RSS and CPU."""
        if present == self.gpu_present:
            return
        self.gpu_present = present
        if not present:
            self.status.setText(self.tr("No NVIDIA GPU found: the plots show the stage process's memory and CPU "
                                        "use instead of the card's."))
            self.status.setToolTip(message)
        self._arrange()

    def add_telemetry(self, sample: Any) -> None:
        """Slot for TelemetrySampler.sampled: the status line (the curves come from the run model)."""
        available = bool(getattr(sample, "available", False) and sample.gpus)
        self.set_gpu_present(available, getattr(sample, "message", ""))
        if not available:
            return
        parts = []
        for gpu in sample.gpus:
            used = f"{gpu.memory_used / BYTES_PER_MIB:,.0f}" if gpu.memory_used is not None else "?"
            total = f"{gpu.memory_total / BYTES_PER_MIB:,.0f}" if gpu.memory_total else "?"
            name = gpu.name if len(sample.gpus) == 1 else f"{self.tr('GPU {0}').format(gpu.index)} {gpu.name}"
            parts.append(self.tr("{0}: {1} / {2} MiB in use").format(name, used, total))
        self.status.setText("; ".join(parts))

    def _wanted(self) -> tuple[str, ...]:
        """The plots worth showing: the run's curves that have points (loss and KL always), then the hardware."""
        model = self.model
        shown = ["loss", "kl"]
        if model.series["pretrain_loss"].n:
            shown.append("pretrain")
        shown.append("tokens")
        shown += [g for g in ALIGN_GROUPS if any(model.series[k].n for k in self._keys(g) if k in model.series)]
        has_gpu_data = model.series["vram"].n > 0 or model.vram_total_mib is not None
        if self.gpu_present or has_gpu_data:
            shown += list(GPU_GROUPS)
        else:
            shown += list(HOST_GROUPS)
        return tuple(shown)

    def _arrange(self) -> None:
        wanted = self._wanted()
        if wanted == self._visible:
            return
        for card in self.cards.values():
            self.grid.removeWidget(card)
            card.setVisible(False)
        for i, name in enumerate(wanted):
            self.grid.addWidget(self.cards[name], i // 2, i % 2)
            self.cards[name].setVisible(True)
        self._visible = wanted

    def visible_plots(self) -> list[str]:
        """Object names of the plots shown now."""
        return [self.plots[name].objectName() for name in self._visible]

    # -- drawing ---------------------------------------------------------------------------------

    def _redraw_group(self, name: str) -> bool:
        changed = False
        for key in self._keys(name):
            series = self.series[key]
            if series.dirty:
                series.dirty = False
                x, y = series.view()
                # NaN points are breaks between processes (so8t.store.run_model.TIME_GAP_S): no line across them.
                self._curve(name, key).setData(x, y, connect="finite")
                changed = True
        if name == "vram":
            changed = self._show_vram_total() or changed
        if changed:
            self.redraws[name] += 1
            if not self._user_view[name]:
                self._fit_view(name)
        return changed

    def _show_vram_total(self) -> bool:
        total = self.model.vram_total_mib
        if total == self._vram_total:
            return False
        self._vram_total = total
        self.vram_limit_line.setVisible(bool(total))
        if total:
            self.vram_limit_line.setValue(total)
            self.vram_limit_line.label.setFormat(self.tr("card limit {0:,.0f} MiB").format(total))
        return True

    def _fit_view(self, name: str) -> None:
        """Move a plot's axes only when the data leaves them (or fills a small part of them).

        pyqtgraph's auto-range moves the axes on every redraw while data streams, and redrawing
        the axis labels is most of what a redraw costs; stepped ranges keep them cached.
        """
        keys = [k for k in self._keys(name) if self.series[k].n]
        if not keys:
            return
        xs = [self.series[k].view()[0] for k in keys]
        ys = [r for r in (self.series[k].y_range() for k in keys) if r is not None]
        if not ys:
            return
        x0, x1 = min(float(x[0]) for x in xs), max(float(x[-1]) for x in xs)
        y0, y1 = min(r[0] for r in ys), max(r[1] for r in ys)
        if name == "vram" and self.model.vram_total_mib:
            y0, y1 = min(y0, 0.0), max(y1, self.model.vram_total_mib)
        if name in ("util", "cpu"):
            y0 = min(y0, 0.0)
        (vx0, vx1), (vy0, vy1) = self.plot_items[name].viewRange()
        if x1 > vx1 or x0 < vx0 or (x1 - x0) < RANGE_SHRINK_FRACTION * (vx1 - vx0):
            span = max(x1 - x0, 1.0)
            self.plot_items[name].setXRange(x0, x0 + span * RANGE_GROWTH, padding=0)
        if y1 - y0 < abs(y1) * 1e-3 or y1 == y0:
            half = max(abs(y1) * FLAT_SPAN, 1e-9)
            y0, y1 = y0 - half, y1 + half
        yspan = y1 - y0
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
        names = list(GROUPS)
        self._next_group = (self._next_group + 1) % len(names)
        if self._next_group == 0:
            self._arrange()  # a curve that got its first points, or a GPU found: show its card
        if self._redraw_group(names[self._next_group]):
            self.redrawn.emit()

    def redraw_all(self) -> None:
        """Every dirty plot now (another run just shown)."""
        self._arrange()
        if any([self._redraw_group(name) for name in GROUPS]):
            self.redrawn.emit()

    def point_counts(self) -> dict[str, int]:
        """Points currently drawn per curve (bounded by the capacity)."""
        return {key: s.n for key, s in self.series.items()}
