"""Fused Triton kernels for training (Liger-Kernel), where CUDA, Triton and liger-kernel are present.

They replace RMSNorm, the SwiGLU MLP and RoPE inside the decoder layers of the loaded model (not
`o_proj`, where the SO(8) gates sit as a forward pre-hook, so the gates still act), and the loss
becomes Liger's fused linear cross-entropy, which never holds a chunk of vocabulary logits.
Anywhere else (CPU, Windows without triton-windows, liger-kernel missing) they are skipped with
one log line and training runs the plain PyTorch path.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from torch import nn

#: model_type → the liger-kernel function that patches a loaded model of that family.
LIGER_PATCHES = {
    "llama": "apply_liger_kernel_to_llama",
    "mistral": "apply_liger_kernel_to_mistral",
    "qwen2": "apply_liger_kernel_to_qwen2",
    "phi3": "apply_liger_kernel_to_phi3",
    "gemma": "apply_liger_kernel_to_gemma",
}


def fast_kernels_unavailable(device: str, model_type: str) -> str | None:
    """Why the fused kernels cannot run here, or None when they can."""
    if device != "cuda":
        return "they need CUDA"
    if model_type not in LIGER_PATCHES:
        return f"liger-kernel has no patch for model type {model_type!r}"
    try:
        importlib.import_module("triton")
    except ImportError:
        return "triton is not installed (on Windows: pip install triton-windows)"
    try:
        importlib.import_module("liger_kernel.transformers")
    except ImportError:
        return "liger-kernel is not installed (pip install liger-kernel)"
    except Exception as exc:  # noqa: BLE001 - a broken optional install must not stop training
        return f"liger-kernel does not import ({type(exc).__name__}: {exc})"
    return None


def apply_fast_kernels(model: nn.Module) -> None:
    """Patch the loaded (not yet PEFT-wrapped) causal LM in place with Liger's fused kernels."""
    import liger_kernel.transformers as liger

    patch = getattr(liger, LIGER_PATCHES[model.config.model_type])
    # The loss is ours (so8t.train.loss); Liger's loss forward of the whole model is not used.
    wanted = {"rope": True, "rms_norm": True, "swiglu": True, "geglu": True, "cross_entropy": False,
              "fused_linear_cross_entropy": False}
    accepted = inspect.signature(patch).parameters
    patch(model=model, **{k: v for k, v in wanted.items() if k in accepted})


def fused_linear_cross_entropy() -> Any:
    """Liger's fused linear cross-entropy as a function (weight, states, targets) → summed loss."""
    from liger_kernel.transformers import LigerFusedLinearCrossEntropyLoss

    return LigerFusedLinearCrossEntropyLoss(reduction="sum")
