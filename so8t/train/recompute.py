"""Gradient checkpointing of the decoder layers: forward without autograd, the layer again in backward.

Each decoder layer runs its forward pass under no_grad and keeps only its input (in pinned CPU
memory when offloading, copied on a side stream while the layers go on); backward loads it, runs
the layer again with autograd and back-propagates through that one layer, while the input of the
layer whose backward comes next is copied back. Compared with torch's
non-reentrant checkpoint (what transformers' `gradient_checkpointing_enable` installs) the first
forward runs the compiled layer's inference graph, no per-tensor hooks fire inside the layer and
the host never waits for an offload copy; it was where a QLoRA micro-batch's host time went at
2048 tokens (docs/architecture.md, "Training memory").

Independent of the transformers version: 5.24 and later checkpoint inside `forward` (so inside the
compiled layer), earlier ones around `__call__`. Gradients equal an un-checkpointed pass (the
gates' add up across layers in another order, so within rounding): the recompute sees the same
inputs, RNG state and autocast settings.

The SO(8) gates' rotation blocks are computed once per micro-batch outside the layers
(`rotations_batched`); the layer reads its gate's block through a closure, so the block is passed to
the recompute as an input of its own, and its gradient flows back to the one batched matrix_exp.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import torch
from torch import nn
from torch.utils.checkpoint import checkpoint

from so8t.model.architectures import decoder_layers
from so8t.model.gates import SO8Gate
from so8t.train.offload import Offloaded

#: The instance attribute a recomputed layer keeps its settings in.
SETTINGS_ATTR = "_so8t_recompute"


class LayerSettings:
    """What a recomputed layer needs at call time: whether to offload its input, and the gates inside it."""

    def __init__(self, offload: bool, gates: list[SO8Gate]) -> None:
        self.offload = offload
        self.gates = gates


def recompute_decoder_layers(model: nn.Module, offload: bool) -> int:
    """Make every decoder layer recompute itself in backward (see the module docstring); returns how many.

    Call after the gates are attached, with transformers' own checkpointing off. The layer's class
    gains a `__call__` around the (possibly compiled) call; state dict and module names stay.
    """
    layers = decoder_layers(model)
    for layer in layers:
        gates = [m for m in layer.modules() if isinstance(m, SO8Gate)]
        object.__setattr__(layer, SETTINGS_ATTR, LayerSettings(offload, gates))
        layer.__class__ = _recomputed_class(type(layer))
    return len(layers)


_CLASSES: dict[type, type] = {}


def _recomputed_class(cls: type) -> type:
    if cls in _CLASSES.values():
        return cls
    if cls not in _CLASSES:
        _CLASSES[cls] = type(cls.__name__, (cls,), {"__call__": _call, "__module__": cls.__module__,
                                                    "__qualname__": cls.__qualname__})
    return _CLASSES[cls]


def _call(self: nn.Module, *args: Any, **kwargs: Any) -> Any:
    """The layer's call: recomputed in backward while training with grad, as before otherwise."""
    settings: LayerSettings | None = getattr(self, SETTINGS_ATTR, None)
    run = partial(nn.Module.__call__, self, **kwargs)
    if settings is None or not (self.training and torch.is_grad_enabled()) or not args or _has_cache(kwargs):
        # A cache would be written twice (forward and recompute): the layer keeps its activations instead.
        return run(*args)
    hidden, rest = args[0], args[1:]
    rots = [g.precomputed for g in settings.gates if g.precomputed is not None]
    connected = isinstance(hidden, torch.Tensor) and (hidden.requires_grad or any(r.requires_grad for r in rots))
    elsewhere = any(t.requires_grad for t in _tensors((*rest, *kwargs.values())))
    if elsewhere or not connected:
        # A gradient the recompute could not hand back (an input other than the hidden states, or
        # only the layer's own weights): torch's checkpoint, which follows any input.
        return checkpoint(run, *args, use_reentrant=False)
    structure: list[Any] = []
    tensors = _Recompute.apply(lambda h: run(h, *rest), settings, structure, hidden, *rots)
    if structure[0] is None:
        return tensors[0]
    it = iter(tensors)
    return tuple(None if empty else next(it) for empty in structure[0])


#: The names decoder layers take a KV cache under, across transformers versions and families.
CACHE_ARGUMENTS = ("past_key_values", "past_key_value", "cache", "layer_past")


def _has_cache(kwargs: dict[str, Any]) -> bool:
    return any(kwargs.get(name) is not None for name in CACHE_ARGUMENTS)


def _tensors(values: tuple[Any, ...]) -> Iterator[torch.Tensor]:
    """The tensors among `values`, one level of tuples and lists deep (position embeddings are a pair)."""
    for v in values:
        if isinstance(v, torch.Tensor):
            yield v
        elif isinstance(v, (tuple, list)):
            yield from (t for t in v if isinstance(t, torch.Tensor))


def _flatten(out: Any) -> tuple[tuple[torch.Tensor, ...], tuple[bool, ...] | None]:
    """A layer's output as its tensors, and where the Nones were (None: the output is one tensor)."""
    if isinstance(out, torch.Tensor):
        return (out,), None
    if isinstance(out, tuple) and all(o is None or isinstance(o, torch.Tensor) for o in out):
        return tuple(o for o in out if o is not None), tuple(o is None for o in out)
    raise TypeError(f"a decoder layer returned {type(out).__name__}; the recompute handles a tensor or a tuple")


@contextlib.contextmanager
def _rotations(gates: list[SO8Gate], rots: list[torch.Tensor]) -> Iterator[None]:
    """Inside the block the gates that had a precomputed block use `rots` instead, in order."""
    before = [g.precomputed for g in gates]
    it = iter(rots)
    for gate in gates:
        if gate.precomputed is not None:
            gate.precomputed = next(it)
    try:
        yield
    finally:
        for gate, rot in zip(gates, before, strict=True):
            gate.precomputed = rot


class _Chain(threading.local):
    """The offloaded input of the layer that ran last: the next layer's backward comes just before its own."""

    last: Offloaded | None = None


_CHAIN = _Chain()


class _Recompute(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, run: Callable[[torch.Tensor], Any], settings: LayerSettings, structure: list[Any],
                hidden: torch.Tensor, *rots: torch.Tensor) -> tuple[torch.Tensor, ...]:
        device = hidden.device
        ctx.run, ctx.settings, ctx.device = run, settings, device
        ctx.autocast = (torch.is_autocast_enabled(device.type), torch.get_autocast_dtype(device.type),
                        torch.is_autocast_cache_enabled())
        ctx.cpu_rng = torch.get_rng_state()
        ctx.cuda_rng = torch.cuda.get_rng_state(device) if device.type == "cuda" else None
        ctx.before = None
        if settings.offload and hidden.is_cuda:
            ctx.hidden = Offloaded(hidden)
            ctx.before, _CHAIN.last = _CHAIN.last, ctx.hidden
        else:
            ctx.hidden = hidden.detach()
        ctx.hidden_grad = hidden.requires_grad
        ctx.rots = [r.detach() for r in rots]
        ctx.rots_grad = [r.requires_grad for r in rots]
        ctx.set_materialize_grads(False)
        tensors, shape = _flatten(run(hidden))  # autograd runs Function.forward without grad
        structure.append(shape)
        return tensors

    @staticmethod
    def backward(ctx: Any, *grads: torch.Tensor | None) -> tuple[torch.Tensor | None, ...]:
        device = ctx.device
        hidden = ctx.hidden.load() if isinstance(ctx.hidden, Offloaded) else ctx.hidden
        hidden = hidden.detach().requires_grad_(ctx.hidden_grad)
        if ctx.before is not None:
            ctx.before.prefetch()  # the layer before this one goes next: its input comes back meanwhile
        rots = [r.detach().requires_grad_(g) for r, g in zip(ctx.rots, ctx.rots_grad, strict=True)]
        enabled, dtype, cache = ctx.autocast
        cuda = [device] if device.type == "cuda" else []
        with torch.random.fork_rng(devices=cuda, device_type=device.type if cuda else "cuda"):
            torch.set_rng_state(ctx.cpu_rng)
            if ctx.cuda_rng is not None:
                torch.cuda.set_rng_state(ctx.cuda_rng, device)
            with torch.enable_grad(), _rotations(ctx.settings.gates, rots), \
                    torch.autocast(device.type, dtype=dtype, enabled=enabled, cache_enabled=cache):
                tensors, _ = _flatten(ctx.run(hidden))
        pairs = [(t, g) for t, g in zip(tensors, grads, strict=True) if g is not None and t.requires_grad]
        if pairs:
            torch.autograd.backward([t for t, _ in pairs], [g for _, g in pairs])
        ctx.hidden = ctx.run = ctx.before = None
        return (None, None, None, hidden.grad if ctx.hidden_grad else None,
                *[r.grad if g else None for r, g in zip(rots, ctx.rots_grad, strict=True)])
