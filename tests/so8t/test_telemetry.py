"""Telemetry: no GPU here means one clear message and empty samples; NVML values are read per GPU."""

from __future__ import annotations

import logging
import os

import pytest

from so8t.events import EventSink
from so8t.store.event_log import read_events
from so8t.telemetry import DEFAULT_RATE_HZ, NO_GPU_MESSAGE, Telemetry, check_rate
from tests.so8t.fake_nvml import FakeNvml, NoDriver


def test_on_this_cpu_machine_it_reports_no_gpu_without_error(tmp_path, caplog):
    events = EventSink(log_path=tmp_path / "events.jsonl")
    telemetry = Telemetry(events=events)  # the real pynvml: no driver on this machine
    with caplog.at_level(logging.INFO, logger="so8t.telemetry"):
        samples = [telemetry.sample() for _ in range(3)]
    if samples[0].available:  # pragma: no cover - only on a machine with a GPU
        pytest.skip("this machine has an NVIDIA GPU")
    assert all(not s.available and s.gpus == [] for s in samples)
    assert samples[0].message.startswith(NO_GPU_MESSAGE)
    said = [e for e in read_events(tmp_path / "events.jsonl") if e["kind"] == "log"]
    assert len(said) == 1 and said[0]["msg"].startswith(NO_GPU_MESSAGE)  # once, not per sample
    assert sum(NO_GPU_MESSAGE in r.getMessage() for r in caplog.records) == 1
    telemetry.close()


def test_a_missing_driver_is_said_once_and_sampling_carries_on(tmp_path):
    events = EventSink(log_path=tmp_path / "events.jsonl")
    telemetry = Telemetry(events=events, nvml=NoDriver())
    assert not telemetry.available
    assert [telemetry.sample().available for _ in range(4)] == [False] * 4
    assert len(read_events(tmp_path / "events.jsonl")) == 1
    assert "NVML Shared Library Not Found" in telemetry.message


def test_readings_per_gpu_with_this_process_memory():
    nvml = FakeNvml(own_pid=os.getpid())
    telemetry = Telemetry(nvml=nvml)
    sample = telemetry.sample()
    assert sample.available
    g0, g1 = sample.gpus
    assert (g0.name, g0.memory_used, g0.memory_total) == ("NVIDIA GeForce RTX 3060", 1 << 30, 12 << 30)
    assert (g0.utilization, g0.temperature, g0.power) == (87.0, 66.0, 151.25)
    assert g0.process_memory == 700 << 20  # only our pid, not the other process on the GPU
    assert g1.name == "NVIDIA T400" and g1.power is None  # not supported there: empty, no error
    assert g1.process_memory is None  # the driver does not say
    nvml.used[0] = 5 << 30
    assert telemetry.sample().gpus[0].memory_used == 5 << 30
    assert nvml.init_calls == 1  # NVML is opened once, not per sample
    assert sample.to_dict()["gpus"][0]["power"] == 151.25


def test_watched_pids_can_be_another_process():
    telemetry = Telemetry(nvml=FakeNvml(own_pid=os.getpid()), pids=[12345])
    assert telemetry.sample().gpus[0].process_memory == 0


def test_rate_defaults_to_one_hertz_and_is_range_checked():
    assert DEFAULT_RATE_HZ == 1.0
    assert check_rate(5) == 5.0
    with pytest.raises(ValueError, match="outside"):
        check_rate(0)


def test_host_readings_of_the_watched_process_and_its_children():
    """Without a GPU the window plots the stage's own RSS and CPU use: they are read from psutil."""
    import subprocess
    import sys

    from so8t.telemetry import Telemetry

    busy = "import time\nx = bytearray(64 * 1024 * 1024)\nt = time.time()\nwhile time.time() - t < 20: pass\n"
    proc = subprocess.Popen([sys.executable, "-c", busy])
    try:
        telemetry = Telemetry(pids=[proc.pid], nvml=None)
        first = telemetry.sample()
        import time

        time.sleep(0.5)
        second = telemetry.sample()
        assert first.host is not None and second.host is not None
        assert second.host.rss > 64 * 1024 * 1024  # the child's 64 MiB buffer is resident
        assert second.host.cpu_percent > 10  # it spins
        assert Telemetry(pids=[]).sample().host is None
    finally:
        proc.kill()
        proc.wait()
