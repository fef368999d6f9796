"""Fused kernels for training on CUDA: compiled decoder layers and Liger's fused linear cross-entropy.

Each decoder layer is compiled by torch.compile (Inductor writes Triton kernels that fuse the
norms, RoPE, the SwiGLU product, the LoRA scaling and the residual adds, forward and backward).
The layers share one compiled graph, so the compile cost is that of one layer, paid in the first
step. On a fast GPU a QLoRA step waits on the CPU launching hundreds of small kernels per layer;
the compiled layer launches far fewer, each from generated code. The SO(8) gates sit inside the
layer (a pre-hook on `o_proj`) and are compiled with it, so they still act. The loss becomes
Liger's fused linear cross-entropy, which never holds a chunk of vocabulary logits.

Anywhere else (CPU, Windows without triton-windows, liger-kernel missing) training runs the plain
PyTorch path, with one log line saying why (docs/architecture.md, "Training memory").
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterator
from typing import Any

import torch
from torch import nn

from so8t.model.architectures import decoder_layers
from so8t.train.kernels_installed import (
    CARD_TOO_OLD,
    LIGER_INSTALL,
    TRITON_INSTALL,
    TRITON_MIN_CAPABILITY,
    not_installed,
)


def _import_problem(module: str, name: str, install: str) -> str | None:
    """Why `module` cannot be imported (naming `name` and how to install it), or None when it can."""
    try:
        importlib.import_module(module)
    except ImportError:
        return not_installed(name, install)
    except Exception as exc:  # noqa: BLE001 - a broken optional install must not stop training
        return f"{name} does not import ({type(exc).__name__}: {exc})"
    return None


def fast_kernels_unavailable(device: str) -> str | None:
    """Why the fused kernels cannot run here, or None when they can."""
    if device != "cuda":
        return "they need CUDA"
    why = _import_problem("triton", "triton", TRITON_INSTALL)
    if why is None and torch.cuda.is_available() and torch.cuda.get_device_capability()[0] < TRITON_MIN_CAPABILITY:
        why = CARD_TOO_OLD
    return why or _import_problem("liger_kernel.transformers", "liger-kernel", LIGER_INSTALL)


def compile_decoder_layers(model: nn.Module, backend: str | Callable[..., Any] = "inductor",
                           fall_back: bool = False) -> int:
    """Compile every decoder layer in place (state dict and module names unchanged); returns how many.

    Lazy: the first forward pass compiles, so PEFT may still wrap the layers' linears and the gates
    may still be attached after this call. `fall_back`: a layer that fails to compile runs eagerly
    (torch logs why) instead of failing the step, for 'auto', where the user did not ask for them.
    """
    config = torch._dynamo.config
    if hasattr(config, "suppress_errors"):
        config.suppress_errors = fall_back
    layers = decoder_layers(model)
    for layer in layers:
        layer.compile(backend=backend)
    return len(layers)


@contextlib.contextmanager
def uncompiled() -> Iterator[None]:
    """Inside the block compiled layers run eagerly: evaluation passes (no grad, eval mode, adapters
    off) would otherwise each compile the layer once more for a few forward passes."""
    set_stance = getattr(torch.compiler, "set_stance", None)  # torch ≥ 2.6
    if set_stance is None:
        yield
        return
    with set_stance("force_eager"):
        yield


def fused_linear_cross_entropy() -> Any:
    """Liger's fused linear cross-entropy as a function (weight, states, targets) → summed loss."""
    from liger_kernel.transformers import LigerFusedLinearCrossEntropyLoss

    return LigerFusedLinearCrossEntropyLoss(reduction="sum")


def compile_totals() -> tuple[int, float]:
    """(graphs Dynamo compiled in this process so far, seconds spent compiling them): the record's
    `recompiles` and `compile_s` are their growth over a session."""
    try:
        from torch._dynamo.utils import compilation_time_metrics, counters
    except ImportError:  # pragma: no cover - torch without Dynamo
        return 0, 0.0
    graphs = int(counters["stats"]["unique_graphs"])
    # Dynamo's own tracing and the backend's compile of the forward graph; the backward graph is
    # compiled during the first backward pass, under the backend's compiler timers.
    seconds = sum(sum(times) for name, times in compilation_time_metrics.items()
                  if name in ("_compile.compile_inner",) or name.endswith("bw_compiler"))
    return graphs, float(seconds)
