"""A stand-in for the pynvml module with the calls so8t.telemetry makes (this machine has no GPU).

The real module is exercised on a GPU by bench/telemetry.py (bench/results/telemetry_cuda.json).
"""

from __future__ import annotations

from types import SimpleNamespace


class NVMLError(Exception):
    pass


class FakeNvml:
    """Two GPUs; GPU 1 reports no power and no per-process memory (as WDDM drivers do)."""

    def __init__(self, used=(1 << 30, 2 << 30), own_pid=None) -> None:
        self.used = list(used)
        self.own_pid = own_pid
        self.init_calls = 0

    def nvmlInit(self):
        self.init_calls += 1

    def nvmlShutdown(self):
        pass

    def nvmlDeviceGetCount(self):
        return 2

    def nvmlDeviceGetHandleByIndex(self, i):
        return i

    def nvmlDeviceGetName(self, h):
        return b"NVIDIA GeForce RTX 3060" if h == 0 else "NVIDIA T400"

    def nvmlDeviceGetMemoryInfo(self, h):
        return SimpleNamespace(used=self.used[h], total=12 << 30, free=(12 << 30) - self.used[h])

    def nvmlDeviceGetUtilizationRates(self, h):
        return SimpleNamespace(gpu=87 if h == 0 else 3, memory=40)

    def nvmlDeviceGetTemperature(self, h, sensor):
        assert sensor == 0
        return 66

    def nvmlDeviceGetPowerUsage(self, h):
        if h == 1:
            raise NVMLError("Not Supported")
        return 151_250  # mW

    def nvmlDeviceGetComputeRunningProcesses(self, h):
        if h == 1:
            return [SimpleNamespace(pid=self.own_pid, usedGpuMemory=None)]
        return [SimpleNamespace(pid=self.own_pid, usedGpuMemory=700 << 20),
                SimpleNamespace(pid=999_999_999, usedGpuMemory=300 << 20)]


class NoDriver:
    """What pynvml does on a machine without the NVIDIA driver."""

    def nvmlInit(self):
        raise NVMLError("NVML Shared Library Not Found")
