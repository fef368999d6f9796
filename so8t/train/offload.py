"""Activation offloading: tensors saved for backward wait in pinned CPU memory instead of on the GPU.

With gradient checkpointing, what a step keeps between forward and backward is each decoder
layer's input plus the few tensors outside the layers. `so8t.train.recompute` moves the layer
inputs with `Offloaded`: the copies run on a side stream of their own, so they overlap the layers'
kernels instead of queueing between them, and in backward each layer's input comes back while the
layer after it recomputes (docs/architecture.md, "Training memory"). The hooks here move
the tensors outside the layers to pinned host memory and back on the compute stream. Either way the
host never waits for a copy, and the tensors come back bit for bit, so gradients are the same.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import torch

_SIDE_STREAMS: dict[int, torch.cuda.Stream] = {}


def to_host(tensor: torch.Tensor) -> torch.Tensor:
    """A pinned CPU copy of a CUDA tensor, queued on the current stream without the host waiting (torch
    pins the destination of a non-blocking copy to the CPU)."""
    return tensor.detach().to("cpu", non_blocking=True)


def to_device(tensor: torch.Tensor, device: torch.device) -> torch.Tensor:
    """`tensor` back on `device`, queued after the copy that brought it to the host."""
    return tensor.to(device, non_blocking=True) if tensor.device != device else tensor


def side_stream(device: torch.device) -> torch.cuda.Stream:
    """The stream the offload copies of `device` run on, made once per card."""
    index = device.index if device.index is not None else torch.cuda.current_device()
    if index not in _SIDE_STREAMS:
        _SIDE_STREAMS[index] = torch.cuda.Stream(device=index)
    return _SIDE_STREAMS[index]


class Offloaded:
    """A CUDA tensor's pinned host copy, made on the side stream, and its way back (`prefetch`, `load`).

    Stream order keeps it exact: the copy out waits for the kernels queued before it, the tensor's
    GPU memory is not reused until the copy has read it (`record_stream`), the copy back follows the
    copy out on the same stream, and the compute stream waits for the copy back before reading it.
    """

    def __init__(self, tensor: torch.Tensor) -> None:
        self.device = tensor.device
        main, side = torch.cuda.current_stream(self.device), side_stream(self.device)
        side.wait_stream(main)
        with torch.cuda.stream(side):
            self.host: torch.Tensor | None = to_host(tensor)
        tensor.record_stream(side)
        self.back: torch.Tensor | None = None
        self.ready: torch.cuda.Event | None = None

    def prefetch(self) -> None:
        """Queue the copy back to the GPU on the side stream (once; nothing if it is loaded already)."""
        if self.host is None:
            return
        side = side_stream(self.device)
        with torch.cuda.stream(side):
            self.back = to_device(self.host, self.device)
            self.ready = side.record_event()
        self.host = None  # the host allocator keeps the block until the copy back has read it

    def load(self) -> torch.Tensor:
        """The tensor on its GPU, for the compute stream (the copy back queued here if not prefetched)."""
        self.prefetch()
        if self.back is None or self.ready is None:
            raise RuntimeError("an offloaded tensor was loaded twice")
        main = torch.cuda.current_stream(self.device)
        main.wait_event(self.ready)
        back, self.back, self.ready = self.back, None, None
        back.record_stream(main)
        return back


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
