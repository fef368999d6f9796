"""The GUI thread never blocks: event-loop latency and memory while a stage streams metrics at full speed.

Figures are printed (pytest -s shows them). The latency bound is the acceptance target; memory is
asserted as a ratio against the same window's own footprint earlier in the same stream.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import psutil
import pytest
from PySide6.QtCore import QTimer

from gui.dashboard import REDRAW_INTERVAL_MS
from tests.gui.fake_nvml import FakeNvml

#: 100,000 metric points: 50,000 steps × (loss, kl).
STEPS = 50_000
#: Memory is compared between the first WARMUP_POINTS and the end: by then every curve buffer,
#: plot item and Qt cache exists, so what grows after is what the stream leaks.
WARMUP_POINTS = 10_000
PROBE_INTERVAL_MS = 5
P99_LATENCY_LIMIT_MS = 50.0
MEMORY_TOLERANCE = 0.10

#: A stage that streams through the engine's own EventSink as fast as it can write.
STREAMING_STAGE = f"""
import sys
from so8t.events import EventSink
sink = EventSink(run="r-latency", stage="train", stream=sys.stdout)
sink.state("started")
for step in range(1, {STEPS} + 1):
    sink.metric("loss", 3.0 / step ** 0.5, step)
    sink.metric("kl", step * 1e-6, step)
sink.result({{"steps": {STEPS}}})
sink.state("finished")
"""


@pytest.mark.slow
def test_event_loop_latency_and_memory_under_a_full_speed_metric_stream(make_window, qtbot, tmp_path):
    window = make_window(tmp_path, telemetry=True,
                         telemetry_kwargs={"rate_hz": 20.0, "nvml": FakeNvml()})
    window.show()
    window.tabs.setCurrentWidget(window.dashboard_page)
    process = psutil.Process()
    received = {"n": 0, "rss_warm": 0}

    def on_metric(*_args):
        received["n"] += 1
        if received["n"] == WARMUP_POINTS:
            received["rss_warm"] = process.memory_info().rss

    window.process.metric.connect(on_metric)
    ticks: list[float] = []
    held: list[float] = []  # the GUI thread's CPU time at each tick
    probe = QTimer()
    probe.setInterval(PROBE_INTERVAL_MS)
    probe.timeout.connect(lambda: (ticks.append(time.perf_counter()), held.append(time.thread_time())))
    probe.start()
    t0 = time.perf_counter()
    with qtbot.waitSignal(window.process.finished, timeout=300_000) as blocker:
        window.process.start_program(sys.executable, ["-c", STREAMING_STAGE])
    seconds = time.perf_counter() - t0
    probe.stop()
    rss_end = process.memory_info().rss
    qtbot.waitUntil(lambda: window.dashboard.series["loss"].dirty is False, timeout=2000)

    assert blocker.args[0] == "finished"
    assert received["n"] == 2 * STEPS
    lateness_ms = np.maximum(np.diff(np.array(ticks)) * 1000.0 - PROBE_INTERVAL_MS, 0.0)
    p50, p99, worst = np.percentile(lateness_ms, [50, 99, 100])
    held_ms = np.diff(np.array(held)) * 1000.0
    held_p50, held_p99, held_worst = np.percentile(held_ms, [50, 99, 100])
    growth = rss_end / received["rss_warm"] - 1.0
    counts = window.dashboard.point_counts()
    print(f"\n{2 * STEPS} metric points in {seconds:.1f} s ({2 * STEPS / seconds:.0f}/s), "
          f"{len(ticks)} probe ticks, redraws per plot {window.dashboard.redraws} "
          f"(≤ {seconds * 1000 / REDRAW_INTERVAL_MS + 1:.0f} each at 10/s)")
    print(f"event-loop lateness (wall): p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {worst:.1f} ms")
    print(f"GUI thread CPU between ticks: p50 {held_p50:.1f} ms, p99 {held_p99:.1f} ms, max {held_worst:.1f} ms")
    print(f"RSS after {WARMUP_POINTS} points {received['rss_warm'] / 2**20:.1f} MiB, after {2 * STEPS}: "
          f"{rss_end / 2**20:.1f} MiB ({growth:+.1%}); points drawn per curve {counts}")

    assert held_p99 < P99_LATENCY_LIMIT_MS
    assert abs(growth) <= MEMORY_TOLERANCE
    assert max(window.dashboard.redraws.values()) <= seconds * 1000 / REDRAW_INTERVAL_MS + 2
    assert counts["loss"] <= window.dashboard.series["loss"].capacity
    assert window.dashboard.series["loss"].total == STEPS
    assert window.dashboard.series["vram"].n > 0  # telemetry was drawn meanwhile
