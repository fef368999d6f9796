"""Activation offloading: tensors saved for backward wait in pinned CPU memory instead of on the GPU.

With gradient checkpointing (non-reentrant), what a step keeps between forward and backward is
each decoder layer's input (saved by the checkpoint itself, outside its recomputed region) plus
the few tensors outside the layers. torch's `save_on_cpu` hook moves exactly those to pinned host
memory; everything inside a layer is recomputed in backward as before, on the GPU. Gradients are
the same: the tensors come back bit for bit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import torch


@contextlib.contextmanager
def offloaded_activations(enabled: bool, device: torch.device) -> Iterator[None]:
    """Inside the block (a forward pass), saved tensors go to CPU memory (pinned on CUDA) when `enabled`."""
    if not enabled:
        yield
        return
    with torch.autograd.graph.save_on_cpu(pin_memory=device.type == "cuda"):
        yield
