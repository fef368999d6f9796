"""The card a training runs on: how much memory it offers (NVML, or what the user says), and what NVML
counts beyond torch's peak (the CUDA context, the caching allocator's reserve and workspaces)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

GIB = 2**30
#: NVML sees more than torch hands out: the caching allocator's reserve and cuBLAS / Triton
#: workspaces, ≈ allocated × slack + slack GiB beyond the context, per allocator. "expandable"
#: (torch's expandable segments, which training switches on under Linux) is fitted to the rows of
#: bench/results/vram_estimate.json; "default" (Windows, or a PYTORCH_CUDA_ALLOC_CONF of the
#: user's) to the earlier rows measured with the default allocator (vram_raw/default-allocator).
ALLOCATOR_SLACK = {"expandable": (0.08, 0.20), "default": (0.03, 0.42)}
#: What NVML counts beyond torch's reserved memory: the CUDA context and cuBLAS workspaces, per
#: platform. Measured: 0.60 GiB on an H200 under Linux (torch 2.11, CUDA 13; 619 MiB). Windows
#: (WDDM) is not measured here; the same constant is used until it is.
CUDA_CONTEXT_GIB = {"linux": 0.60, "windows": 0.60, "darwin": 0.60}


def context_gib(platform: str | None = None) -> float:
    import sys

    name = platform or ("windows" if sys.platform.startswith("win") else sys.platform)
    return CUDA_CONTEXT_GIB.get("linux" if name.startswith("linux") else name, CUDA_CONTEXT_GIB["linux"])


def expandable_segments_apply(platform: str | None = None) -> bool:
    """Whether training runs torch's CUDA allocator with expandable segments: on Linux, unless the user
    set PYTORCH_CUDA_ALLOC_CONF (so8t.train.memory.grow_cuda_memory_in_pages acts on this)."""
    import os
    import sys

    name = platform or sys.platform
    user_set = os.environ.get("PYTORCH_CUDA_ALLOC_CONF") or os.environ.get("PYTORCH_ALLOC_CONF")
    return name.startswith("linux") and not user_set


def allocator_in_use() -> str:
    """The ALLOCATOR_SLACK key of the allocator training runs with here."""
    return "expandable" if expandable_segments_apply() else "default"


def allocator_slack(allocator: str | None = None) -> tuple[float, float]:
    """(share of the peak, GiB) that `allocator` (default: the one in use) adds to torch's peak, as NVML sees it."""
    return ALLOCATOR_SLACK[allocator or allocator_in_use()]


def nvml_gib_of(peak_gib: float, allocator: str | None = None) -> float:
    """The card's used memory at torch's peak: allocator reserve, workspaces and the CUDA context added."""
    share, gib = allocator_slack(allocator)
    return peak_gib * (1 + share) + gib + context_gib()


T = TypeVar("T")


def ask_nvml(question: Callable[[Any], T], default: T) -> T:
    """`question(pynvml)` between nvmlInit and nvmlShutdown, without torch (the estimate runs on the window's
    thread); `default` when any part of that fails."""
    try:
        import pynvml  # nvidia-ml-py

        pynvml.nvmlInit()
        try:
            return question(pynvml)
        finally:
            pynvml.nvmlShutdown()
    except Exception:  # noqa: BLE001 - no driver, no library, no GPU: all mean "NVML cannot say"
        return default


@dataclass
class Card:
    """How much GPU memory (as NVML counts it) a run may use, and where that figure came from."""

    gib: float
    source: str  # "nvml", "--card-gb" or "cuda_memory_limit_gb"


def detect_card(card_gb: float | None = None, memory_limit_gb: float = 0.0) -> Card | None:
    """--card-gb, else the run's CUDA memory cap (+ the context it excludes), else NVML total − in use now."""
    if card_gb:
        return Card(float(card_gb), "--card-gb")
    if memory_limit_gb:
        return Card(float(memory_limit_gb) + context_gib(), "cuda_memory_limit_gb")

    def free(nvml: Any) -> Card:
        info = nvml.nvmlDeviceGetMemoryInfo(nvml.nvmlDeviceGetHandleByIndex(0))
        return Card((int(info.total) - int(info.used)) / GIB, "nvml")

    return ask_nvml(free, None)  # no NVML (no NVIDIA driver): the card is unknown
