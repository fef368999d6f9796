"""gui.dashboard: bounded curves, rate-limited redraws, curves of a past run from its events."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import QObject, Signal

from gui.dashboard import REDRAW_INTERVAL_MS, Dashboard, RingSeries
from so8t.events import event_from_object, read_events
from so8t.store.run_model import RunModel
from so8t.telemetry import GpuReading, TelemetrySample
from tests.sample_run import write_sample_run
from workers.run_binding import RunBinding


def test_ring_series_is_bounded_and_spans_the_whole_run():
    s = RingSeries(capacity=100)
    for i in range(10_000):
        s.append(float(i), float(i) * 2)
    x, y = s.view()
    assert 50 <= s.n <= 100 and s.total == 10_000
    assert x[0] == 0.0 and x[-1] == 9_999.0  # first and newest points kept
    assert np.all(np.diff(x) > 0) and np.array_equal(y, 2 * x)
    assert s.x.nbytes == 100 * 8  # preallocated once, never grown


def test_append_step_replaces_redone_steps_after_a_resume():
    s = RingSeries(capacity=100)
    for step in range(1, 28):
        s.append_step(step, 1.0)
    for step in range(21, 31):  # resumed from ckpt-20
        s.append_step(step, 2.0)
    x, y = s.view()
    assert list(x) == list(range(1, 31))
    assert set(y[x >= 21]) == {2.0} and set(y[x < 21]) == {1.0}


@pytest.fixture
def dashboard(qtbot):
    d = Dashboard(RunBinding(RunModel(capacity=500)))
    qtbot.addWidget(d)
    return d


def _metric(model: RunModel, name: str, value: float, step: float, t: float = 0.0) -> None:
    model.apply(event_from_object({"kind": "metric", "t": t, "stage": "train", "name": name, "value": value,
                                   "step": step}))


def test_contract_names_and_plot_settings(dashboard):
    for name in ("vramPlot", "gpuUtilPlot", "lossPlot", "klPlot"):
        plot = dashboard.findChild(type(dashboard.vram_plot), name)
        assert plot is not None, name
        item = plot.getPlotItem()
        assert item.ctrl.clipToViewCheck.isChecked()
        assert item.ctrl.downsampleCheck.isChecked() and item.ctrl.peakRadio.isChecked()


def test_metrics_reach_curves_on_the_timer_not_per_point(dashboard, qtbot):
    curve = dashboard.curves["loss"]
    for step in range(1, 2001):
        _metric(dashboard.model, "loss", 3.0 / step, step)
        _metric(dashboard.model, "kl_to_base", step * 1e-3, step)
    assert curve.xData is None or len(curve.xData) == 0  # nothing drawn by the model
    with qtbot.waitSignal(dashboard.redrawn, timeout=2 * REDRAW_INTERVAL_MS + 1000):
        pass
    assert dashboard.redraws["loss"] + dashboard.redraws["kl"] == 1  # plots take turns
    qtbot.waitUntil(lambda: dashboard.redraws["kl"] == 1 and dashboard.redraws["loss"] == 1,
                    timeout=2 * REDRAW_INTERVAL_MS + 1000)
    assert len(curve.xData) == dashboard.series["loss"].n <= 500
    assert curve.yData[-1] == pytest.approx(3.0 / 2000)
    assert dashboard.curves["kl"].xData[-1] == 2000


def test_without_a_gpu_the_host_plots_replace_the_gpu_plots_with_a_plain_message(dashboard):
    dashboard.add_telemetry(TelemetrySample(time=1.0, available=False,
                                            message="no NVIDIA GPU (NVMLError_LibraryNotFound: NVML Shared Library Not Found)"))
    shown = dashboard.visible_plots()
    assert "rssPlot" in shown and "cpuPlot" in shown and "tokensPlot" in shown
    assert "vramPlot" not in shown and "gpuUtilPlot" not in shown
    assert "NVMLError" not in dashboard.status.text() and "No NVIDIA GPU" in dashboard.status.text()
    for name in ("rssPlot", "cpuPlot", "tokensPlot", "lossPlot", "klPlot"):
        axis = dashboard.findChild(type(dashboard.vram_plot), name).getPlotItem().getAxis("left")
        assert axis.labelText, name  # every axis says what it measures


def test_telemetry_from_the_model_draws_vram_against_the_card_limit(dashboard, qtbot):
    mib = 1024 * 1024
    gpu = GpuReading(index=0, name="NVIDIA GeForce RTX 3060", memory_used=3000 * mib, memory_total=12288 * mib)
    dashboard.add_telemetry(TelemetrySample(time=1000.0, available=True, gpus=[gpu]))
    assert "RTX 3060" in dashboard.status.text() and "vramPlot" in dashboard.visible_plots()
    for i in range(5):
        _metric(dashboard.model, "vram_used_mb", 3000 + i, i)
        _metric(dashboard.model, "vram_total_mb", 12288, i)
        _metric(dashboard.model, "gpu_power_w", 150.0, i)
    qtbot.waitUntil(lambda: all(dashboard.curves[k].yData is not None and len(dashboard.curves[k].yData) == 5
                                for k in ("vram", "power")))
    assert dashboard.vram_limit_line.isVisible() and dashboard.vram_limit_line.value() == 12288
    assert list(dashboard.curves["vram"].xData) == [0, 1, 2, 3, 4]


def test_a_past_run_is_redrawn_from_its_events(dashboard, tmp_path):
    run = write_sample_run(tmp_path)
    model = RunModel(str(run))
    model.load_history(read_events(run / "events.jsonl"))
    dashboard.binding.set_model(model)
    assert list(dashboard.curves["loss"].xData) == list(range(1, 61))
    assert dashboard.curves["vram"].yData[-1] == 3000 + 20 * 60
    assert dashboard.vram_limit_line.value() == 12288
    assert "vramPlot" in dashboard.visible_plots()  # a GPU run shows its card curves


def test_a_single_kl_point_gets_a_readable_axis(dashboard, qtbot):
    _metric(dashboard.model, "kl_to_base", 3.2e-6, 5)
    dashboard.redraw_all()
    (y0, y1) = dashboard.plot_items["kl"].viewRange()[1]
    assert y0 < 3.2e-6 < y1 and (y1 - y0) > 1e-6
    assert not dashboard.kl_plot.getPlotItem().getAxis("left").autoSIPrefix


class _RunningStage(QObject):
    """The stage process as the session sees it: running (telemetry is taken only then)."""

    event = Signal(object)
    state_changed = Signal(str)
    completed = Signal(object)

    def is_running(self) -> bool:
        return True

    def pid(self) -> int:
        return 0


def _gpu_curves(dashboard: Dashboard, group: str) -> dict[str, int]:
    """The curves a plot shows with points: legend text (or curve key) → points."""
    item = dashboard.plot_items[group]
    labels = {id(sample.item): label.text for sample, label in (item.legend.items if item.legend else [])}
    return {labels.get(id(c), key): len(c.yData) for key, c in dashboard.curves.items()
            if c.getViewBox() is item.getViewBox() and c.yData is not None and len(c.yData)}


@pytest.mark.parametrize("count", [2, 1])
def test_each_gpu_has_its_own_curve_in_every_card_plot(qtbot, tmp_path, count):
    from so8t.telemetry import Telemetry
    from tests.gui.fake_nvml import FakeNvml
    from workers.run_session import RunSession

    session = RunSession(_RunningStage(), tmp_path)  # type: ignore[arg-type]
    session.model = RunModel(capacity=500)
    telemetry = Telemetry(pids=[], nvml=FakeNvml(count=count))
    for i in range(4):
        sample = telemetry.sample()
        session.add_telemetry(dataclasses.replace(sample, time=1000.0 + i))
    d = Dashboard(RunBinding(session.model))
    qtbot.addWidget(d)
    d.add_telemetry(sample)
    d.redraw_all()
    for group in ("util", "temp", "power"):
        curves = _gpu_curves(d, group)
        if count == 2:
            assert curves == {"GPU 0": 4, "GPU 1": 4}, (group, curves)
        else:
            assert list(curves.values()) == [4], (group, curves)  # one GPU: one curve, no legend
            assert d.plot_items[group].legend is None
    vram = _gpu_curves(d, "vram")
    if count == 2:
        assert vram == {"used, GPU 0": 4, "this run, GPU 0": 4, "used, GPU 1": 4, "this run, GPU 1": 4}, vram
        colours = {d.curves[k].opts["pen"].color().name() for k in ("temp", "temp.gpu1")}
        assert len(colours) == 2  # told apart by colour, not only by the legend
    else:
        assert vram == {"used (card)": 4, "this run": 4}, vram
    assert len(d.curves["util"].yData) == 4
    if count == 2:
        assert list(d.curves["util.gpu1"].yData) == [87.0] * 4 and list(d.curves["util"].yData) == [97.0] * 4
        assert "GPU 0 NVIDIA GeForce RTX 3060" in d.status.text() and "GPU 1" in d.status.text()
