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

from so8t.train.card import ask_nvml

TRITON_INSTALL = "on Windows: pip install triton-windows"
LIGER_INSTALL = "pip install liger-kernel"
#: Triton generates code for GPUs of this compute capability (major) or newer.
TRITON_MIN_CAPABILITY = 7
CARD_TOO_OLD = f"Triton needs a GPU of compute capability {TRITON_MIN_CAPABILITY}.0 or newer"


def not_installed(name: str, install: str) -> str:
    """Why the fused kernels cannot run when package `name` is missing, with how to install it."""
    return f"{name} is not installed ({install})"


@cache
def _card_capability() -> int | None:
    """The first GPU's compute capability (major) as NVML reports it, or None where NVML cannot say; asked
    once per process (the window estimates on every change of a field)."""
    return ask_nvml(lambda nvml: int(nvml.nvmlDeviceGetCudaComputeCapability(nvml.nvmlDeviceGetHandleByIndex(0))[0]),
                    None)


def fast_kernels_not_installed() -> str | None:
    """Why the fused kernels would not run on this machine's GPU (a package missing, too old a card), or None."""
    if find_spec("triton") is None:
        return not_installed("triton", TRITON_INSTALL)
    major = _card_capability()
    if major is not None and major < TRITON_MIN_CAPABILITY:
        return CARD_TOO_OLD
    if find_spec("liger_kernel") is None:
        return not_installed("liger-kernel", LIGER_INSTALL)
    return None
