"""TelemetrySampler: readings arrive as signals from its own thread; no GPU is said once."""

from __future__ import annotations

import os
import threading

from tests.so8t.fake_nvml import FakeNvml, NoDriver
from workers.telemetry_sampler import TelemetrySampler

WAIT_MS = 10_000


def test_without_a_driver_it_says_so_once_and_keeps_sampling(qtbot):
    sampler = TelemetrySampler(rate_hz=20, nvml=NoDriver())
    messages, samples = [], []
    sampler.unavailable.connect(messages.append)
    sampler.sampled.connect(samples.append)
    with qtbot.waitSignal(sampler.unavailable, timeout=WAIT_MS):
        sampler.start()
    qtbot.waitUntil(lambda: len(samples) >= 3, timeout=WAIT_MS)
    sampler.stop()
    assert not sampler.isRunning()
    assert len(messages) == 1 and messages[0].startswith("no NVIDIA GPU")
    assert all(not s.available for s in samples)


def test_readings_arrive_on_the_gui_thread_from_a_sampling_thread(qtbot):
    threads = []
    sampler = TelemetrySampler(rate_hz=20, nvml=FakeNvml(own_pid=os.getpid()))
    sampler.sampled.connect(lambda s: threads.append((threading.get_ident(), s)))
    sampler.start()
    qtbot.waitUntil(lambda: len(threads) >= 2, timeout=WAIT_MS)
    sampler.set_pids([424242])
    n = len(threads)
    qtbot.waitUntil(lambda: len(threads) >= n + 2, timeout=WAIT_MS)
    sampler.stop()
    assert {t for t, _ in threads} == {threading.get_ident()}  # queued to the receiver's thread
    first, last = threads[0][1], threads[-1][1]
    assert first.available and first.gpus[0].process_memory == 700 << 20
    assert last.gpus[0].process_memory == 0  # the new pid has no memory on the GPU


def test_stop_returns_promptly_even_at_a_slow_rate(qtbot):
    sampler = TelemetrySampler(rate_hz=0.05, nvml=NoDriver())  # one reading every 20 s
    with qtbot.waitSignal(sampler.sampled, timeout=WAIT_MS):
        sampler.start()
    sampler.stop()
    assert sampler.isFinished()
