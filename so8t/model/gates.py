"""SO(8) rotation gates in front of every attention o_proj: attach, detach, save, load."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import torch
from safetensors import SafetensorError, safe_open
from torch import nn

from so8t.errors import GateShapeError, So8tError
from so8t.fileio import safetensors_bytes
from so8t.model.architectures import attention_sites, o_proj_in_features
from so8t.model.rotation import BLOCK, GENERATOR_PARAMS, random_generator, rotation_blocks, skew_from_params

#: α of a fresh gate: s = sigmoid(−5) ≈ 0.0067, so a new gate is almost the identity.
ALPHA_INIT = -5.0
#: Std of a fresh gate's generator entries; with s ≈ 0.0067 the blocks turn by ~0.02 rad.
GENERATOR_INIT_STD = 1.0
GATE_ATTR = "so8t_gate"
#: The 8×8 exponentials are computed in float64 and rounded once to the activation dtype: the blocks
#: the model uses are then orthogonal to the last bit of that dtype (fp32 matrix_exp alone is ~5e-7
#: off), and the cost is negligible next to the matmuls (k tiny 8×8 matrices per layer).
ROTATION_DTYPE = torch.float64
GATES_FORMAT = "so8t-gates"


class SO8Gate(nn.Module):
    """Rotates each 8-wide block of its input: x_j ↦ x_j · R_jᵀ, R_j = exp(sigmoid(α)·(A_j − A_jᵀ))."""

    def __init__(self, in_features: int, layer: int = 0) -> None:
        super().__init__()
        if in_features % BLOCK != 0:
            raise GateShapeError(
                f"o_proj of layer {layer} has {in_features} input features, not a multiple of {BLOCK}",
                "SO(8) gates need num_attention_heads × head_dim divisible by 8; pick another model",
            )
        self.in_features = in_features
        self.layer = layer
        self.num_blocks = in_features // BLOCK
        self.alpha = nn.Parameter(torch.tensor(ALPHA_INIT))
        self.skew = nn.Parameter(torch.zeros(self.num_blocks, GENERATOR_PARAMS))
        self._hook: torch.utils.hooks.RemovableHandle | None = None
        #: Rotation blocks computed elsewhere for this forward (see `rotations_batched`), else None.
        self.precomputed: torch.Tensor | None = None
        #: When set the gate passes its input through unchanged (the base model's path, `gates_bypassed`).
        self.bypass = False

    def reset_parameters(self, generator: torch.Generator, alpha: float = ALPHA_INIT) -> None:
        """Fresh-gate init: α, and generator entries ~ N(0, GENERATOR_INIT_STD²) from `generator`."""
        with torch.no_grad():
            self.alpha.fill_(alpha)
            values = torch.randn(self.skew.shape, generator=generator, dtype=torch.float32)
            self.skew.copy_(values * GENERATOR_INIT_STD)

    def randomize(self, angle: float, generator: torch.Generator) -> None:
        """Random rotations of at most `angle` radians per block (bake self-check), α = 0."""
        with torch.no_grad():
            self.alpha.fill_(0.0)
            scale = torch.sigmoid(torch.tensor(0.0, dtype=torch.float64)).item()
            self.skew.copy_(random_generator(self.num_blocks, angle / scale, generator))

    def rotations(self, dtype: torch.dtype | None = None) -> torch.Tensor:
        """The (k, 8, 8) rotation blocks, computed in `dtype` (default: the parameters' dtype)."""
        skew, alpha = self.skew, self.alpha
        if dtype is not None:
            skew, alpha = skew.to(dtype), alpha.to(dtype)
        return rotation_blocks(skew, alpha)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.bypass:
            return x
        rot = self.precomputed if self.precomputed is not None else self.rotations(ROTATION_DTYPE)
        return _BlockRotation.apply(x, rot.to(x.dtype))

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, blocks={self.num_blocks}, layer={self.layer}"


class _BlockRotation(torch.autograd.Function):
    """y_j = R_j·x_j for every 8-wide block j of the last dimension, with a hand-written backward.

    One batched matmul each way instead of einsum's chain of views and permutes: a gate runs three
    times a step under checkpointing, and on a fast GPU each small op is CPU time the step waits for.
    """

    @staticmethod
    def forward(ctx, x: torch.Tensor, rot: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(x, rot)
        blocks = x.reshape(-1, rot.shape[0], BLOCK).transpose(0, 1)  # (k, tokens, 8)
        return torch.bmm(blocks, rot.transpose(1, 2)).transpose(0, 1).reshape(x.shape)

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> tuple[torch.Tensor | None, torch.Tensor | None]:
        x, rot = ctx.saved_tensors
        g = grad.reshape(-1, rot.shape[0], BLOCK).transpose(0, 1)  # (k, tokens, 8)
        grad_x = grad_rot = None
        if ctx.needs_input_grad[0]:  # ∂L/∂x_j = R_jᵀ g_j
            grad_x = torch.bmm(g, rot).transpose(0, 1).reshape(x.shape)
        if ctx.needs_input_grad[1]:  # ∂L/∂R_j = Σ_tokens g_j x_jᵀ
            grad_rot = torch.bmm(g.transpose(1, 2), x.reshape(-1, rot.shape[0], BLOCK).transpose(0, 1))
        return grad_x, grad_rot


@contextlib.contextmanager
def rotations_batched(gates: list[SO8Gate]) -> Iterator[None]:
    """Inside the block every gate uses rotation blocks computed for all layers in one matrix_exp.

    Same formula as `SO8Gate.rotations`, in the parameters' dtype, but one batched call per forward
    instead of one per layer, and outside any gradient-checkpointed layer, so it is not recomputed in
    the backward pass: on CUDA each small matrix_exp costs kernel launches and a host sync, which
    made the per-layer form a large share of a QLoRA step.
    """
    if not gates:
        yield
        return
    skews = torch.cat([g.skew for g in gates])
    scale = torch.cat([torch.sigmoid(g.alpha).expand(g.num_blocks) for g in gates])
    blocks = torch.linalg.matrix_exp(scale[:, None, None] * skew_from_params(skews))
    for gate, rot in zip(gates, blocks.split([g.num_blocks for g in gates]), strict=True):
        gate.precomputed = rot
    try:
        yield
    finally:
        for gate in gates:
            gate.precomputed = None


@contextlib.contextmanager
def gates_bypassed(gates: list[SO8Gate]) -> Iterator[None]:
    """Inside the block every gate passes its input through unchanged (the base model's path)."""
    for gate in gates:
        gate.bypass = True
    try:
        yield
    finally:
        for gate in gates:
            gate.bypass = False


def _pre_hook(gate: SO8Gate):
    def hook(_module: nn.Module, args: tuple) -> tuple:
        return (gate(args[0]), *args[1:])

    return hook


def attach_gates(model: nn.Module, *, seed: int = 0) -> list[SO8Gate]:
    """Put a fresh SO(8) gate in front of every attention o_proj; returns them in layer order.

    Attach after PEFT has wrapped o_proj, so the gate feeds the LoRA path too. The gate lives on
    the attention block as `so8t_gate` (it moves with `.to()` and shows in the state dict).
    """
    if gates_of(model):
        raise So8tError("this model already has SO(8) gates attached", "detach them first")
    sites = attention_sites(model)
    generator = torch.Generator().manual_seed(seed)
    gates = []
    for site in sites:
        gate = SO8Gate(o_proj_in_features(site.o_proj), layer=site.layer)
        gate.reset_parameters(generator)
        weight = getattr(getattr(site.o_proj, "base_layer", site.o_proj), "weight", None)
        if weight is not None and weight.is_floating_point():
            gate.to(device=weight.device)
        site.attention.add_module(GATE_ATTR, gate)
        gate._hook = site.o_proj.register_forward_pre_hook(_pre_hook(gate))
        gates.append(gate)
    return gates


def gates_of(model: nn.Module) -> list[SO8Gate]:
    """The gates attached to `model`, in layer order (empty if none)."""
    return sorted((m for m in model.modules() if isinstance(m, SO8Gate)), key=lambda g: g.layer)


def detach_gates(model: nn.Module) -> list[SO8Gate]:
    """Remove every gate and its hook; the model computes as before attaching. Returns the gates."""
    gates = gates_of(model)
    for site in attention_sites(model):
        gate = site.attention._modules.pop(GATE_ATTR, None)
        if gate is not None and gate._hook is not None:
            gate._hook.remove()
            gate._hook = None
    return gates


def randomize_gates(gates: Iterable[SO8Gate], angle: float, seed: int) -> None:
    """Random rotations of at most `angle` radians in every block of every gate (deterministic in `seed`)."""
    generator = torch.Generator().manual_seed(seed)
    for gate in gates:
        gate.randomize(angle, generator)


def gate_state(gates: Iterable[SO8Gate]) -> dict[str, torch.Tensor]:
    """Gate parameters as a flat tensor dict: layers.<i>.alpha, layers.<i>.skew (float32, CPU)."""
    state = {}
    for gate in gates:
        state[f"layers.{gate.layer}.alpha"] = gate.alpha.detach().to("cpu", torch.float32).reshape(1).clone()
        state[f"layers.{gate.layer}.skew"] = gate.skew.detach().to("cpu", torch.float32).contiguous().clone()
    return state


def save_gates(gates: Iterable[SO8Gate], path: str | os.PathLike[str]) -> Path:
    """Write gate parameters as safetensors (never pickle)."""
    path = Path(path)
    path.write_bytes(gates_file_bytes(gates))
    return path


def gates_file_bytes(gates: Iterable[SO8Gate]) -> bytes:
    """A gates file's bytes, tensors and metadata (format, SO(8) block size, gated layers): the one place
    that spells that metadata, for `save_gates` and the training checkpoints alike."""
    gates = list(gates)
    metadata = {"format": GATES_FORMAT, "version": "1", "block_size": str(BLOCK),
                "layers": json.dumps([g.layer for g in gates])}
    return safetensors_bytes(gate_state(gates), metadata)


def load_gate_state(path: str | os.PathLike[str]) -> dict[str, torch.Tensor]:
    """Read a gates safetensors file written by `save_gates`, with a clear error if it is not one."""
    path = Path(path)
    if not path.is_file():
        raise So8tError(f"gate file {path} does not exist", "pass a gates.safetensors file or a run folder")
    try:
        with safe_open(str(path), framework="pt") as f:
            metadata = f.metadata() or {}
            state = {k: f.get_tensor(k) for k in f.keys()}
    except (SafetensorError, OSError, ValueError) as exc:
        raise So8tError(f"gate file {path} is not readable safetensors ({exc})", "re-save the gates") from exc
    if metadata.get("format") != GATES_FORMAT:
        raise So8tError(f"{path} is not an SO8T gate file (format {metadata.get('format')!r})",
                        "pass the gates.safetensors written by training")
    return state


def load_gates_into(gates: list[SO8Gate], state: dict[str, torch.Tensor], source: str = "gate file") -> None:
    """Copy saved parameters into attached gates; every layer must be present with matching shape."""
    for gate in gates:
        alpha = state.get(f"layers.{gate.layer}.alpha")
        skew = state.get(f"layers.{gate.layer}.skew")
        if alpha is None or skew is None:
            raise GateShapeError(f"{source} has no gate for layer {gate.layer}",
                                 "the gates were trained on a model with fewer layers; use the matching model")
        if tuple(skew.shape) != tuple(gate.skew.shape):
            raise GateShapeError(
                f"{source} gate for layer {gate.layer} has shape {tuple(skew.shape)}, "
                f"the model needs {tuple(gate.skew.shape)}",
                "the gates were trained on another model; use the matching model",
            )
        with torch.no_grad():
            gate.alpha.copy_(alpha.reshape(()).to(gate.alpha))
            gate.skew.copy_(skew.to(gate.skew))
    extra = {int(k.split(".")[1]) for k in state} - {g.layer for g in gates}
    if extra:
        raise GateShapeError(f"{source} has gates for layers {sorted(extra)} that the model lacks",
                             "use the model the gates were trained on")
