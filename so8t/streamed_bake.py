"""Bake and verify without the whole model in memory: the bake a shard at a time, the verification a layer at a time.

Peak host memory is about one shard (plus its dtype-converted copy) for the bake and a few decoder
layers for the verification (one in float64), never the model. See docs/architecture.md, "Bake".
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import save_file
from torch import nn

from so8t.architectures import architecture_for
from so8t.errors import So8tError
from so8t.gates import SO8Gate
from so8t.layer_stream import INDEX_FILE, StreamedModel, weight_index
from so8t.model_io import copy_tokenizer_files, read_config
from so8t.rotation import fold_into_weight

DTYPE_NAMES = {torch.float32: "float32", torch.bfloat16: "bfloat16", torch.float16: "float16"}
#: A GPU runs the fp32 passes when its free memory holds this many copies of one layer (weights,
#: the float64 round trip staying on the CPU, activations and allocator slack).
GPU_LAYER_COPIES = 4

Progress = Callable[[int, int], None]


def o_proj_tensor_name(model_type: str, layer: int) -> str:
    """The safetensors name of layer `layer`'s o_proj weight (from the architecture registry)."""
    arch = architecture_for(model_type)
    return f"{arch.layers}.{layer}.{arch.attention}.{arch.o_proj}.weight"


def bake_shards(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    gates: list[SO8Gate],
    dtype: torch.dtype,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Write `src`'s shards to `dst` in `dtype`, each o_proj folded with its gate in float64.

    One shard is in memory at a time. Returns (layers baked, blocks). The index file, config.json
    (with the new dtype) and the tokenizer files are written beside the shards.
    """
    src, dst = Path(src), Path(dst)
    config = read_config(src)
    index = weight_index(src)
    by_name = {o_proj_tensor_name(config["model_type"], g.layer): g for g in gates}
    files = sorted(set(index.values()))
    folded: set[str] = set()
    total_size = 0
    for n, path in enumerate(files):
        with safe_open(str(path), framework="pt") as f:
            names = list(f.keys())
            shard = {}
            for name in names:
                tensor = f.get_tensor(name)
                if tensor.is_floating_point():
                    tensor = tensor.to(dtype)
                gate = by_name.get(name)
                if gate is not None:
                    baked = fold_into_weight(tensor, gate.rotations(dtype=torch.float64))
                    if not torch.isfinite(baked).all():
                        raise So8tError(f"baking layer {gate.layer} produced non-finite weights", "check the gate file")
                    tensor = baked.to(dtype)
                    folded.add(name)
                shard[name] = tensor.contiguous()
        total_size += sum(t.numel() * t.element_size() for t in shard.values())
        save_file(shard, str(dst / path.name), metadata={"format": "pt"})
        del shard
        if progress is not None:
            progress(n + 1, len(files))
    missing = sorted(set(by_name) - folded)
    if missing:
        raise So8tError(f"the weight files lack {len(missing)} o_proj tensors ({missing[0]} …)",
                        "re-save the model with save_pretrained (safetensors)")
    if (src / INDEX_FILE).is_file():
        data = json.loads((src / INDEX_FILE).read_text(encoding="utf-8"))
        data.setdefault("metadata", {})["total_size"] = total_size
        (dst / INDEX_FILE).write_text(json.dumps(data, indent=2), encoding="utf-8")
    out_config = {k: v for k, v in config.items() if k != "torch_dtype"}
    out_config["dtype"] = DTYPE_NAMES[dtype]
    (dst / "config.json").write_text(json.dumps(out_config, indent=2), encoding="utf-8")
    copy_tokenizer_files(src, dst)
    return len(folded), sum(g.num_blocks for g in gates)


@dataclass
class StreamedLogits:
    """The four passes of a streamed verification, (positions, vocab) each, on the CPU."""

    gated: torch.Tensor
    reference: torch.Tensor  # the gated model in float64
    baked: torch.Tensor
    reloaded: torch.Tensor  # the written folder read back


def fp32_pass_device(model: str | os.PathLike[str], dtype: torch.dtype) -> str:
    """'cuda' when a GPU has room for a few copies of one layer in `dtype`, else 'cpu'."""
    if not torch.cuda.is_available():
        return "cpu"
    config = read_config(Path(model))
    hidden = int(config["hidden_size"])
    inter = int(config.get("intermediate_size") or 4 * hidden)
    layer_bytes = (4 * hidden * hidden + 3 * hidden * inter) * torch.finfo(dtype).bits // 8
    free, _total = torch.cuda.mem_get_info()
    return "cuda" if free >= GPU_LAYER_COPIES * layer_bytes else "cpu"


def _attach(layer: nn.Module, arch_attention: str, arch_o_proj: str, gate: SO8Gate) -> torch.utils.hooks.RemovableHandle:
    """The gate in front of this layer's o_proj, as `attach_gates` puts it (a forward pre-hook)."""
    o_proj = getattr(getattr(layer, arch_attention), arch_o_proj)
    return o_proj.register_forward_pre_hook(lambda _m, args: (gate(args[0]), *args[1:]))


@torch.no_grad()
def streamed_logits(
    model: str | os.PathLike[str],
    baked_folder: str | os.PathLike[str],
    gates: list[SO8Gate],
    batches: list[torch.Tensor],
    dtype: torch.dtype,
    device: str = "cpu",
    *,
    fold: bool = True,
    progress: Progress | None = None,
) -> StreamedLogits:
    """Gated, float64-reference, baked and reloaded logits, one decoder layer in memory at a time.

    Per layer: the weights are read once, run gated in `dtype` on `device`, converted to float64
    on the CPU for the reference (the conversion is exact and so is the way back), then the gate is
    folded into o_proj (on the CPU, as the written shards were) and the layer runs again without it.
    The written folder's layer is read separately and run as a vanilla reload. `fold=False` removes
    the gates without folding them (the negative control).
    """
    src = StreamedModel(model)
    out = StreamedModel(baked_folder)
    arch = src.arch
    by_layer = {g.layer: g for g in gates}
    if set(by_layer) != set(range(src.num_layers)):
        raise So8tError(f"{len(gates)} gates for {src.num_layers} decoder layers", "this is a bug; please report it")
    gated = src.start(batches, dtype, device)
    reference = src.start(batches, torch.float64, "cpu")
    baked = src.start(batches, dtype, device)
    reloaded = out.start(batches, dtype, device)
    for i in range(src.num_layers):
        layer = src.load_layer(i, dtype).to(device)
        hook = _attach(layer, arch.attention, arch.o_proj, by_layer[i])
        try:
            src.run_layer(layer, gated, i)
            layer.to(device="cpu", dtype=torch.float64)
            src.run_layer(layer, reference, i)
        finally:
            hook.remove()
        layer.to(dtype)
        if fold:
            o_proj = getattr(getattr(layer, arch.attention), arch.o_proj)
            o_proj.weight.copy_(fold_into_weight(o_proj.weight, by_layer[i].rotations(torch.float64)).to(dtype))
        layer.to(device)
        src.run_layer(layer, baked, i)
        src.release_layer(i)
        written = out.load_layer(i, dtype).to(device)
        out.run_layer(written, reloaded, i)
        out.release_layer(i)
        if progress is not None:
            progress(i + 1, src.num_layers)
    return StreamedLogits(
        gated=src.finish(gated, dtype, device),
        reference=src.finish(reference, torch.float64, "cpu"),
        baked=src.finish(baked, dtype, device),
        reloaded=out.finish(reloaded, dtype, device),
    )
