"""Whether this machine could run the fused kernels, found without importing them or torch.

The memory estimate (`so8t estimate`, the pre-flight and the window's Settings label) resolves the
fused kernels as the run will, and the window asks it on the GUI thread: importing triton and
liger-kernel there would load torch and hold the window for seconds. So the estimate looks for the
packages and asks NVML for the card's compute capability; the run itself imports them
(`so8t.train.kernels.fast_kernels_unavailable`) and says in its log when a found package fails to
import (docs/architecture.md, "Training memory").
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec

TRITON_INSTALL = "on Windows: pip install triton-windows"
LIGER_INSTALL = "pip install liger-kernel"
#: Triton generates code for GPUs of this compute capability (major) or newer.
TRITON_MIN_CAPABILITY = 7


@cache
def _card_capability() -> int | None:
    """The first GPU's compute capability (major) as NVML reports it, or None where NVML cannot say; asked
    once per process (the window estimates on every change of a field)."""
    try:
        import pynvml

        pynvml.nvmlInit()
        try:
            major, _ = pynvml.nvmlDeviceGetCudaComputeCapability(pynvml.nvmlDeviceGetHandleByIndex(0))
            return int(major)
        finally:
            pynvml.nvmlShutdown()
    except Exception:  # noqa: BLE001 - no NVML (no NVIDIA driver): the card is unknown
        return None


def fast_kernels_not_installed() -> str | None:
    """Why the fused kernels would not run on this machine's GPU (a package missing, too old a card), or None."""
    if find_spec("triton") is None:
        return f"triton is not installed ({TRITON_INSTALL})"
    major = _card_capability()
    if major is not None and major < TRITON_MIN_CAPABILITY:
        return f"Triton needs a GPU of compute capability {TRITON_MIN_CAPABILITY}.0 or newer"
    if find_spec("liger_kernel") is None:
        return f"liger-kernel is not installed ({LIGER_INSTALL})"
    return None
