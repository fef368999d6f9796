"""gui.dashboard: bounded curves, rate-limited redraws, curves of a past run from its events."""

from __future__ import annotations

import numpy as np
import pytest

from gui.dashboard import REDRAW_INTERVAL_MS, Dashboard, RingSeries
from so8t.events import read_events
from so8t.telemetry import GpuReading, TelemetrySample
from tests.sample_run import write_sample_run


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
    d = Dashboard(capacity=500)
    qtbot.addWidget(d)
    return d


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
        dashboard.add_metric("train", "loss", 3.0 / step, step)
        dashboard.add_metric("train", "kl", step * 1e-3, step)
    assert curve.xData is None or len(curve.xData) == 0  # nothing drawn inside the slot
    with qtbot.waitSignal(dashboard.redrawn, timeout=2 * REDRAW_INTERVAL_MS + 1000):
        pass
    assert dashboard.redraws["loss"] + dashboard.redraws["kl"] == 1  # plots take turns
    assert len(curve.xData) == dashboard.series["loss"].n <= 500
    assert curve.yData[-1] == pytest.approx(3.0 / 2000)
    qtbot.waitUntil(lambda: dashboard.redraws["kl"] == 1 and dashboard.redraws["loss"] == 1,
                    timeout=2 * REDRAW_INTERVAL_MS + 1000)
    assert dashboard.curves["kl"].xData[-1] == 2000


def test_telemetry_draws_vram_against_the_card_limit(dashboard, qtbot):
    mib = 1024 * 1024
    for i in range(5):
        gpu = GpuReading(index=0, name="NVIDIA GeForce RTX 3060", memory_used=(3000 + i) * mib,
                         memory_total=12288 * mib, utilization=90.0, temperature=65.0, power=150.0,
                         process_memory=2500 * mib)
        dashboard.add_telemetry(TelemetrySample(time=1000.0 + i, available=True, gpus=[gpu]))
    qtbot.waitUntil(lambda: all(dashboard.curves[k].yData is not None and len(dashboard.curves[k].yData) == 5
                                for k in ("vram", "vram_process", "util", "temp", "power")))
    assert dashboard.vram_limit_line.isVisible() and dashboard.vram_limit_line.value() == 12288
    assert list(dashboard.curves["vram"].xData) == [0, 1, 2, 3, 4]
    assert dashboard.curves["power"].yData[-1] == 150.0
    assert "RTX 3060" in dashboard.status.text()
    dashboard.add_telemetry(TelemetrySample(time=1.0, available=False, message="no NVIDIA GPU (driver)"))
    assert "no NVIDIA GPU" in dashboard.status.text()


def test_a_past_run_is_redrawn_from_its_events(dashboard, tmp_path):
    run = write_sample_run(tmp_path)
    dashboard.load_events(read_events(run / "events.jsonl"))
    assert list(dashboard.curves["loss"].xData) == list(range(1, 61))
    assert dashboard.curves["vram"].yData[-1] == 3000 + 20 * 60
    assert dashboard.vram_limit_line.value() == 12288
