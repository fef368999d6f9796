"""GPU telemetry through NVML: memory, load, temperature, power and this run's own memory, per GPU."""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from so8t.events import EventSink

#: One reading a second: smooth enough for a live VRAM plot, cheap enough to leave on (< 1 % of
#: training throughput, measured by bench/telemetry.py).
DEFAULT_RATE_HZ = 1.0
#: Faster than this only measures NVML itself; slower than this the plot stops being live.
MIN_RATE_HZ, MAX_RATE_HZ = 0.05, 20.0

NO_GPU_MESSAGE = "no NVIDIA GPU"

log = logging.getLogger(__name__)


@dataclass
class GpuReading:
    """One GPU at one moment. A field the driver does not report is None."""

    index: int
    name: str
    memory_used: int | None = None  # bytes
    memory_total: int | None = None  # bytes
    utilization: float | None = None  # percent, GPU core
    temperature: float | None = None  # degrees Celsius
    power: float | None = None  # watts
    process_memory: int | None = None  # bytes used by the watched processes (None: not reported)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class HostReading:
    """The watched processes (and their children) on the host: what a run without a GPU is watched by."""

    rss: int  # bytes, resident memory summed over the processes
    cpu_percent: float  # percent of one core, summed (two busy cores read 200)


@dataclass
class TelemetrySample:
    """All GPUs at one moment; `available` is False (and `gpus` empty) without an NVIDIA driver.

    `host` holds the watched processes' memory and CPU use (None when no process is watched)."""

    time: float
    available: bool
    gpus: list[GpuReading] = field(default_factory=list)
    message: str = ""
    host: HostReading | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"time": self.time, "available": self.available, "message": self.message,
                "gpus": [g.to_dict() for g in self.gpus],
                "host": asdict(self.host) if self.host is not None else None}


#: How often the watched processes' children are listed again (a stage may start llama.cpp tools).
CHILDREN_REFRESH_S = 5.0


class HostSampler:
    """RSS and CPU % of a set of processes and their children, through psutil.

    psutil measures CPU % between two calls on the same Process object, so the objects are kept
    from one sample to the next; a process seen for the first time counts from its second sample.
    """

    def __init__(self) -> None:
        self._procs: dict[int, Any] = {}
        self._children_listed = 0.0

    def sample(self, pids: Iterable[int]) -> HostReading | None:
        import psutil

        wanted = {p for p in pids if p}
        if not wanted:
            self._procs.clear()
            return None
        # Listing children scans every process of the machine: done every few seconds, not per sample.
        now = time.monotonic()
        list_children = now - self._children_listed >= CHILDREN_REFRESH_S or not wanted <= set(self._procs)
        found: dict[int, Any] = {} if list_children else dict(self._procs)
        for pid in wanted:
            try:
                root = self._procs.get(pid) or psutil.Process(pid)
                found[pid] = root
                if list_children:
                    for child in root.children(recursive=True):
                        found[child.pid] = self._procs.get(child.pid) or child
            except psutil.Error:
                continue
        if list_children:
            self._children_listed = now
        rss, cpu = 0, 0.0
        for pid, proc in found.items():
            try:
                with proc.oneshot():
                    rss += proc.memory_info().rss
                    percent = proc.cpu_percent(None)
            except psutil.Error:
                continue
            if pid in self._procs:
                cpu += percent
        self._procs = found
        return HostReading(rss=rss, cpu_percent=cpu) if found else None


def check_rate(rate_hz: float) -> float:
    """A sampling rate in range, or a ValueError naming the range."""
    rate = float(rate_hz)
    if not MIN_RATE_HZ <= rate <= MAX_RATE_HZ:
        raise ValueError(f"telemetry rate {rate} Hz is outside {MIN_RATE_HZ}–{MAX_RATE_HZ} Hz")
    return rate


def _import_nvml() -> Any:
    import pynvml  # nvidia-ml-py

    return pynvml


class Telemetry:
    """Reads NVML. Without a driver it says "no NVIDIA GPU" once (log and events) and keeps answering.

    `pids` are the processes whose GPU memory is reported as `process_memory` (default: this
    process); the GUI passes the stage worker's pid. `nvml` replaces the pynvml module (tests).
    """

    def __init__(self, *, pids: Iterable[int] | None = None, events: EventSink | None = None,
                 nvml: Any = None) -> None:
        self.pids: set[int] = set(pids) if pids is not None else {os.getpid()}
        self.events = events or EventSink()
        self._nvml = nvml
        self._handles: list[Any] | None = None
        self._names: list[str] = []
        self.message = ""
        self._said_unavailable = False
        #: Processes whose host memory and CPU are read: only those named (none by default, so a
        #: script sampling the GPU does not also scan its own process tree).
        self.host_pids: set[int] = set(pids) if pids is not None else set()
        self.host_sampler = HostSampler()

    @property
    def available(self) -> bool:
        return bool(self._open())

    def _open(self) -> list[Any]:
        if self._handles is not None:
            return self._handles
        try:
            nvml = self._nvml if self._nvml is not None else _import_nvml()
            nvml.nvmlInit()
            count = nvml.nvmlDeviceGetCount()
            handles = [nvml.nvmlDeviceGetHandleByIndex(i) for i in range(count)]
            self._nvml = nvml
            self._names = [self._name(h) for h in handles]
            self._handles = handles
            if not handles:
                self._unavailable(f"{NO_GPU_MESSAGE} (the driver lists none)")
        except Exception as exc:  # noqa: BLE001 - any NVML failure means "no GPU telemetry", never a crash
            self._handles = []
            self._unavailable(f"{NO_GPU_MESSAGE} ({type(exc).__name__}: {exc})" if str(exc) else NO_GPU_MESSAGE)
        return self._handles

    def _unavailable(self, message: str) -> None:
        self.message = message
        if not self._said_unavailable:
            self._said_unavailable = True
            log.info("%s", message)
            self.events.log(message, "warning")

    def _name(self, handle: Any) -> str:
        try:
            name = self._nvml.nvmlDeviceGetName(handle)
        except Exception:  # noqa: BLE001
            return "NVIDIA GPU"
        return name.decode() if isinstance(name, bytes) else str(name)

    def _read(self, fn: str, *args: Any) -> Any:
        """One NVML query; None where the GPU or driver does not support it."""
        try:
            return getattr(self._nvml, fn)(*args)
        except Exception:  # noqa: BLE001 - NVMLError_NotSupported and friends: field stays empty
            return None

    def _watched_pids(self) -> set[int]:
        """The named processes and their children: a `--nproc` run's ranks are the stage process's children."""
        import psutil

        pids = set(self.pids)
        for pid in self.pids:
            with contextlib.suppress(psutil.Error):
                pids.update(c.pid for c in psutil.Process(pid).children(recursive=True))
        return pids

    def _process_memory(self, handle: Any) -> int | None:
        procs = self._read("nvmlDeviceGetComputeRunningProcesses", handle)
        if procs is None:
            return None
        watched = self._watched_pids()
        used = [p.usedGpuMemory for p in procs if p.pid in watched]
        if not used:
            return 0
        # Windows (WDDM) reports no per-process memory: usedGpuMemory is None there.
        if any(u is None for u in used):
            return None
        return int(sum(used))

    def sample(self) -> TelemetrySample:
        """Every GPU now; never raises."""
        now = time.time()
        handles = self._open()
        host = self.host_sampler.sample(self.host_pids)
        if not handles:
            return TelemetrySample(time=now, available=False, message=self.message, host=host)
        gpus = []
        for index, handle in enumerate(handles):
            reading = GpuReading(index=index, name=self._names[index])
            memory = self._read("nvmlDeviceGetMemoryInfo", handle)
            if memory is not None:
                reading.memory_used, reading.memory_total = int(memory.used), int(memory.total)
            rates = self._read("nvmlDeviceGetUtilizationRates", handle)
            if rates is not None:
                reading.utilization = float(rates.gpu)
            temperature = self._read("nvmlDeviceGetTemperature", handle, 0)  # NVML_TEMPERATURE_GPU
            if temperature is not None:
                reading.temperature = float(temperature)
            power = self._read("nvmlDeviceGetPowerUsage", handle)  # milliwatts
            if power is not None:
                reading.power = power / 1000.0
            reading.process_memory = self._process_memory(handle)
            gpus.append(reading)
        return TelemetrySample(time=now, available=True, gpus=gpus, host=host)

    def close(self) -> None:
        if self._handles:
            self._read("nvmlShutdown")
        self._handles = None
