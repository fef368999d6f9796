"""Bake and verify without the whole model in memory: the bake a tensor at a time, the verification a layer at a time.

Peak host memory is about one tensor (plus its float64 fold) for the bake and a few decoder
layers for the verification (one in float64), never the model. See docs/architecture.md, "Large models: streaming".
"""

from __future__ import annotations

import json
import math
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from safetensors import safe_open
from torch import nn

from so8t.errors import So8tError
from so8t.memory import release_large_blocks_promptly
from so8t.model.architectures import architecture_for
from so8t.model.folder import copy_tokenizer_files, read_config
from so8t.model.gates import SO8Gate
from so8t.model.layer_stream import INDEX_FILE, StreamedModel, weight_index
from so8t.model.rotation import fold_into_weight

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

    One tensor is in memory at a time (the shards are written tensor by tensor). Returns (layers baked, blocks). The index file, config.json
    (with the new dtype) and the tokenizer files are written beside the shards.
    """
    release_large_blocks_promptly()
    src, dst = Path(src), Path(dst)
    config = read_config(src)
    index = weight_index(src)
    by_name = {o_proj_tensor_name(config["model_type"], g.layer): g for g in gates}
    files = sorted(set(index.values()))
    folded: set[str] = set()
    total_size = 0
    for n, path in enumerate(files):
        with safe_open(str(path), framework="pt") as f:
            total_size += _write_shard(dst / path.name, f, by_name, dtype, folded)
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


_SAFETENSORS_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
                       torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
                       torch.uint8: "U8", torch.bool: "BOOL"}
_FROM_SAFETENSORS = {v: k for k, v in _SAFETENSORS_DTYPES.items()}


def _write_shard(out: Path, f: Any, by_name: dict[str, SO8Gate], dtype: torch.dtype, folded: set[str]) -> int:
    """Write one shard tensor by tensor (the header first: every size is known from the input's header).

    Memory: one tensor (and the float64 fold of an o_proj), not the shard. Returns the data bytes.
    """
    names = list(f.keys())
    header: dict[str, Any] = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name in names:
        piece = f.get_slice(name)
        stored = _FROM_SAFETENSORS[piece.get_dtype()]
        out_dtype = dtype if stored.is_floating_point else stored
        shape = list(piece.get_shape())
        nbytes = math.prod(shape) * torch.empty((), dtype=out_dtype).element_size()
        header[name] = {"dtype": _SAFETENSORS_DTYPES[out_dtype], "shape": shape, "data_offsets": [offset, offset + nbytes]}
        offset += nbytes
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)  # the data starts 8-byte aligned
    with open(out, "wb") as fout:
        fout.write(struct.pack("<Q", len(raw)))
        fout.write(raw)
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
                del baked
                folded.add(name)
            fout.write(tensor.contiguous().reshape(-1).view(torch.uint8).numpy().data)
            del tensor
        fout.flush()
        os.fsync(fout.fileno())
    return offset


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

    def hook(_module: nn.Module, args: tuple) -> tuple:
        # The gate follows the pass: on the GPU for the fp32 pass, back on the CPU for the float64
        # one (and so for the fold, which must match the shards folded on the CPU).
        return (gate.to(args[0].device)(args[0]), *args[1:])

    return o_proj.register_forward_pre_hook(hook)


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
        by_layer[i].to("cpu")
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
