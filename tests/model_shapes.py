"""Model folders of a public shape for tests that read only headers and config.json."""

from __future__ import annotations

import json
from pathlib import Path


def sparse_weights(model: Path, config: dict) -> None:
    """A safetensors file with the shapes of `config`'s model (from the meta device) whose data is a sparse
    hole: the model folder passes the check of config.json against the weights' headers, and no
    16 GB of weights are written (the estimate reads config.json only)."""
    import struct

    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    with torch.device("meta"):
        shaped = AutoModelForCausalLM.from_config(AutoConfig.for_model(**config), dtype=torch.bfloat16)
    header, offset = {}, 0
    for name, tensor in shaped.state_dict().items():
        size = tensor.numel() * 2
        header[name] = {"dtype": "BF16", "shape": list(tensor.shape), "data_offsets": [offset, offset + size]}
        offset += size
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    path = model / "model.safetensors"
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw)
        f.truncate(8 + len(raw) + offset)
