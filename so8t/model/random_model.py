"""Random-weight models of any size and shape, written a shard at a time (benchmarks and memory tests).

The whole model is never in memory: shapes come from the model built on the meta device, and each
tensor is drawn when its shard is written. Same seed and device, same weights.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import save_file

from so8t.model.folder import copy_tokenizer_files
from so8t.model.layer_stream import INDEX_FILE
from so8t.resources import TINY_MODEL_DIR

#: Weights are N(0, INIT_STD²) like transformers' default init; norms are ones.
INIT_STD = 0.02
DEFAULT_SHARD_BYTES = 2 * 2**30


def write_random_model(
    config: Any,
    out_dir: str | os.PathLike[str],
    *,
    dtype: torch.dtype = torch.bfloat16,
    seed: int = 0,
    shard_bytes: int = DEFAULT_SHARD_BYTES,
    with_tokenizer: bool = True,
    device: str = "cpu",
) -> Path:
    """Write a transformers `config`'s model with random weights as a plain HF folder (sharded + index).

    `device` is where the weights are drawn: "cuda" draws an 8B model in seconds where the CPU takes
    minutes (each device's generator gives its own weights for a seed).
    """
    from transformers import AutoModelForCausalLM

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with torch.device("meta"):
        skeleton = AutoModelForCausalLM.from_config(config)
    shapes = {name: tuple(t.shape) for name, t in skeleton.state_dict().items()}
    if getattr(config, "tie_word_embeddings", False):
        shapes.pop("lm_head.weight", None)
    generator = torch.Generator(device=device).manual_seed(seed)
    element = torch.empty((), dtype=dtype).element_size()
    shards: list[list[str]] = [[]]
    size = 0
    for name, shape in shapes.items():
        nbytes = element * max(1, int(torch.Size(shape).numel()))
        if shards[-1] and size + nbytes > shard_bytes:
            shards.append([])
            size = 0
        shards[-1].append(name)
        size += nbytes
    weight_map, total = {}, 0
    for n, names in enumerate(shards):
        file = f"model-{n + 1:05d}-of-{len(shards):05d}.safetensors" if len(shards) > 1 else "model.safetensors"
        tensors = {}
        for name in names:
            shape = shapes[name]
            if name.endswith("norm.weight") or len(shape) == 1:
                tensors[name] = torch.ones(shape, dtype=dtype)
            else:
                drawn = torch.randn(shape, generator=generator, device=device).mul_(INIT_STD)
                tensors[name] = drawn.to(device="cpu", dtype=dtype)
                del drawn
            weight_map[name] = file
            total += tensors[name].numel() * element
        save_file(tensors, str(out / file), metadata={"format": "pt"})
        del tensors
    if len(shards) > 1:
        (out / INDEX_FILE).write_text(json.dumps({"metadata": {"total_size": total}, "weight_map": weight_map},
                                                 indent=2), encoding="utf-8")
    config_dict = config.to_dict()
    config_dict["dtype"] = str(dtype).replace("torch.", "")
    config_dict.pop("torch_dtype", None)
    config_dict["architectures"] = [type(skeleton).__name__]
    (out / "config.json").write_text(json.dumps(config_dict, indent=2), encoding="utf-8")
    if with_tokenizer:
        copy_tokenizer_files(TINY_MODEL_DIR, out)
    return out
