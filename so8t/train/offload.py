"""Activation offloading: tensors saved for backward wait in pinned CPU memory instead of on the GPU.

With gradient checkpointing, what a step keeps between forward and backward is each decoder
layer's input (`so8t.train.recompute` offloads those itself) plus the few tensors outside the
layers. The hooks here move those to pinned host memory and back. The copies are queued on the
GPU's stream without the host waiting for them (torch's `save_on_cpu` waits for each): the copy
back is queued on the same stream, after the copy out, so it always reads a finished copy, and the
GPU memory a copy reads is only reused by kernels queued after it. Gradients are the same: the
tensors come back bit for bit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import torch


def to_host(tensor: torch.Tensor) -> torch.Tensor:
    """A pinned CPU copy of a CUDA tensor, queued on its stream without the host waiting (torch pins the
    destination of a non-blocking copy to the CPU)."""
    return tensor.detach().to("cpu", non_blocking=True)


def to_device(tensor: torch.Tensor, device: torch.device) -> torch.Tensor:
    """`tensor` back on `device`, queued after the copy that brought it to the host."""
    return tensor.to(device, non_blocking=True) if tensor.device != device else tensor


def _pack(tensor: torch.Tensor) -> tuple[torch.device, torch.Tensor]:
    if tensor.is_cuda:
        return tensor.device, to_host(tensor)
    return tensor.device, tensor.detach().clone()  # as save_on_cpu: later in-place changes do not reach it


def _unpack(packed: tuple[torch.device, torch.Tensor]) -> Any:
    return to_device(packed[1], packed[0])


@contextlib.contextmanager
def offloaded_activations(enabled: bool) -> Iterator[None]:
    """Inside the block (a forward pass), saved tensors go to CPU memory (pinned from CUDA) when `enabled`."""
    if not enabled:
        yield
        return
    with torch.autograd.graph.saved_tensors_hooks(_pack, _unpack):
        yield
