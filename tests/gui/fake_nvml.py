"""An NVML stand-in with RTX 3060-like GPUs (one unless told): this machine has no NVIDIA driver, the sampler code path is real."""

from __future__ import annotations

import time
from types import SimpleNamespace

MIB = 1024 * 1024


class FakeNvml:
    """The pynvml calls `so8t.telemetry.Telemetry` makes, answering with a slowly changing 12 GB card."""

    def __init__(self, count: int = 1) -> None:
        self.t0 = time.monotonic()
        self.calls = 0
        self.count = count

    def nvmlInit(self):  # noqa: N802 - pynvml's names
        pass

    def nvmlShutdown(self):  # noqa: N802
        pass

    def nvmlDeviceGetCount(self):  # noqa: N802
        return self.count

    def nvmlDeviceGetHandleByIndex(self, index):  # noqa: N802
        return index

    def nvmlDeviceGetName(self, handle):  # noqa: N802
        return "NVIDIA GeForce RTX 3060"

    def nvmlDeviceGetMemoryInfo(self, handle):  # noqa: N802
        self.calls += 1
        used = (3000 + 1000 * handle + 50 * ((time.monotonic() - self.t0) % 40)) * MIB
        return SimpleNamespace(used=int(used), total=12288 * MIB, free=int(12288 * MIB - used))

    def nvmlDeviceGetUtilizationRates(self, handle):  # noqa: N802
        return SimpleNamespace(gpu=97 - 10 * handle, memory=40)

    def nvmlDeviceGetTemperature(self, handle, sensor):  # noqa: N802
        return 66 + 3 * handle

    def nvmlDeviceGetPowerUsage(self, handle):  # noqa: N802
        return 160_000 + 20_000 * handle

    def nvmlDeviceGetComputeRunningProcesses(self, handle):  # noqa: N802
        return []
