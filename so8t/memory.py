"""Peak host and GPU memory of one stage, for its result record (fields named in docs/architecture.md, "Result records")."""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

MIB = 2**20
#: Host RSS is sampled this often between the exact end points; a spike shorter than this can be
#: missed only when the process had an even higher peak earlier (ru_maxrss covers the other case).
SAMPLE_SECONDS = 0.05


@dataclass(kw_only=True)
class PeakMemoryFields:
    """The four memory figures every stage result carries; None where not measured (no GPU, say)."""

    peak_rss_mib: float | None = field(default=None, metadata={"label": "peak host memory (MiB)"})
    peak_gpu_allocated_mib: float | None = field(default=None, metadata={"label": "peak GPU memory allocated (MiB)"})
    peak_gpu_reserved_mib: float | None = field(default=None, metadata={"label": "peak GPU memory reserved (MiB)"})
    peak_nvml_mib: float | None = field(default=None, metadata={"label": "peak GPU memory, NVML (MiB)"})

    def set_peak_memory(self, figures: PeakMemoryFields) -> None:
        """Copy the figures of a meter's `figures()` into this record."""
        for name, value in asdict(figures).items():
            setattr(self, name, value)


def _max_rss_bytes() -> int | None:
    """The process's lifetime peak RSS (Linux ru_maxrss is KiB, macOS bytes; Windows: peak working set)."""
    if sys.platform == "win32":
        try:
            import psutil

            return int(getattr(psutil.Process().memory_info(), "peak_wset", 0)) or None
        except (ImportError, OSError):
            return None
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _rss_bytes() -> int:
    import psutil

    return psutil.Process().memory_info().rss


class PeakMemoryMeter:
    """Measures one stage: host RSS (sampled, and exact through ru_maxrss when the stage set the
    process's peak), torch's CUDA allocator peaks, and this process's memory as NVML reports it.

    Use as a context manager; `figures()` may be read inside the block (before a record is written).
    """

    def __init__(self, sample_seconds: float = SAMPLE_SECONDS) -> None:
        self.sample_seconds = sample_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._rss_peak = 0
        self._max_rss_start: int | None = None
        self._nvml: NvmlProcessPeak | None = None

    def __enter__(self) -> PeakMemoryMeter:
        self._max_rss_start = _max_rss_bytes()
        self._rss_peak = _rss_bytes()
        self._reset_torch_peaks()
        self._nvml = NvmlProcessPeak()
        self._thread = threading.Thread(target=self._sample_loop, name="so8t-peak-memory", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._sample()

    # -- sampling ------------------------------------------------------------------------------
    def _sample_loop(self) -> None:
        while not self._stop.wait(self.sample_seconds):
            self._sample()

    def _sample(self) -> None:
        try:
            self._rss_peak = max(self._rss_peak, _rss_bytes())
        except OSError:
            pass
        if self._nvml is not None:
            self._nvml.sample()

    @staticmethod
    def _reset_torch_peaks() -> None:
        if _cuda_in_use():
            import torch

            for i in range(torch.cuda.device_count()):
                torch.cuda.reset_peak_memory_stats(i)

    # -- result --------------------------------------------------------------------------------
    def figures(self) -> PeakMemoryFields:
        """The peaks so far, in MiB."""
        self._sample()
        rss = self._rss_peak
        max_rss = _max_rss_bytes()
        if max_rss is not None and self._max_rss_start is not None and max_rss > self._max_rss_start:
            rss = max(rss, max_rss)  # the process's peak was set inside this stage: exact
        out = PeakMemoryFields(peak_rss_mib=round(rss / MIB, 1))
        if _cuda_in_use():
            import torch

            n = torch.cuda.device_count()
            out.peak_gpu_allocated_mib = round(sum(torch.cuda.max_memory_allocated(i) for i in range(n)) / MIB, 1)
            out.peak_gpu_reserved_mib = round(sum(torch.cuda.max_memory_reserved(i) for i in range(n)) / MIB, 1)
        if self._nvml is not None:
            out.peak_nvml_mib = self._nvml.peak_mib()
        return out


class NvmlProcessPeak:
    """The peak of `peak_nvml_mib`: this process's compute memory on every card, as NVML reports it
    (docs/architecture.md, "Result records"). torch's counters miss the CUDA context and the allocator's
    cache; NVML's per-process figure has both and leaves out other processes on the card.

    `PeakMemoryMeter` samples it in its thread; `start()` gives it a thread of its own (training).
    `nvml` replaces the pynvml module (tests).
    """

    def __init__(self, nvml: Any = None) -> None:
        self.peak: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        try:
            if nvml is None:
                import pynvml as nvml
            nvml.nvmlInit()
            self._nvml = nvml
            self._handles = [nvml.nvmlDeviceGetHandleByIndex(i) for i in range(nvml.nvmlDeviceGetCount())]
        except Exception:  # noqa: BLE001 - no driver or no NVML: the figure stays None
            self._nvml, self._handles = None, []

    def sample(self) -> None:
        """Raise the peak to what this process holds now."""
        used = self._process_bytes()
        if used is not None:
            self.peak = max(self.peak or 0, used)

    def _process_bytes(self) -> int | None:
        if self._nvml is None:
            return None
        pid, total, seen = os.getpid(), 0, False
        for handle in self._handles:
            try:
                procs = self._nvml.nvmlDeviceGetComputeRunningProcesses(handle)
            except Exception:  # noqa: BLE001 - a card that does not report processes (WDDM) is skipped
                continue
            for p in procs:
                if p.pid == pid and p.usedGpuMemory is not None:
                    total += int(p.usedGpuMemory)
                    seen = True
        return total if seen else None

    def peak_mib(self) -> float | None:
        """The peak so far in MiB, or None where NVML reported nothing for this process."""
        self.sample()
        return None if self.peak is None else round(self.peak / MIB, 1)

    def start(self) -> NvmlProcessPeak:
        """Sample every SAMPLE_SECONDS in a thread until `stop()`."""
        if self._nvml is not None and self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="so8t-nvml-peak", daemon=True)
            self._thread.start()
        return self

    def _loop(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self.sample()

    def stop(self) -> float | None:
        """Stop sampling; the peak in MiB (None without NVML)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(1)
            self._thread = None
        return self.peak_mib()


def _cuda_in_use() -> bool:
    """True when torch is imported and sees a CUDA GPU (never imports torch or starts CUDA for it)."""
    torch = sys.modules.get("torch")
    if torch is None:
        return False
    try:
        return bool(torch.cuda.is_available())
    except Exception:
        return False


#: glibc's M_MMAP_THRESHOLD parameter number, and the size from which blocks get their own mapping.
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 1 << 20


def release_large_blocks_promptly() -> bool:
    """Give blocks of 1 MiB and more their own mapping, so freeing a layer returns its memory at once.

    glibc raises its mmap threshold each time a large block is freed (up to 32 MiB); after that,
    layer-sized tensors come from the heap, whose freed space is fragmented and stays resident: a
    streamed pass then grows by about one layer per layer. A fixed threshold turns that off (Linux
    glibc only; elsewhere nothing changes). Returns whether the setting was applied.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
    except (OSError, AttributeError):
        return False
