"""Load an HF model and its tokenizer for scoring, and mean-pool its final hidden states over each text."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from so8t.errors import ConfigError, ModelFolderError
from so8t.events import EventSink

DEVICES = ("auto", "cpu", "cuda")


def resolve_device(device: str) -> str:
    """'auto' is CUDA when torch sees a GPU, else CPU; 'cuda' without a GPU is a ConfigError."""
    import torch

    if device not in DEVICES:
        raise ConfigError(f"device {device!r} is unknown", f"use one of: {', '.join(DEVICES)}")
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ConfigError("device 'cuda' was asked for but torch sees no CUDA GPU", "use --device cpu or auto")
    return device


def load_scoring_model(model_dir: str | os.PathLike[str], device: str) -> tuple[Any, Any]:
    """(model, tokenizer) of a plain HF folder, in eval mode; float32 on CPU, the folder's dtype on CUDA."""
    import torch
    from transformers import AutoTokenizer

    from so8t.model_io import load_model

    dtype = torch.float32 if device == "cpu" else None
    model = load_model(model_dir, dtype=dtype, device=device, for_gates=False)
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True, trust_remote_code=False)
    except Exception as exc:  # noqa: BLE001 - tokenizers raises plain Exception for a broken file
        raise ModelFolderError(
            f"model folder {model_dir} has no usable tokenizer ({' '.join(str(exc).split())[:200]})",
            "copy the tokenizer files (tokenizer.json, tokenizer_config.json) into the folder",
        ) from exc
    if tokenizer.pad_token_id is None:
        # Padding is masked out everywhere it is used; any id will do, EOS is always there.
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer


def mean_pooled_states(
    model: Any,
    tokenizer: Any,
    texts: Sequence[str],
    *,
    batch_size: int = 8,
    max_length: int = 256,
    events: EventSink | None = None,
) -> Any:
    """(N, hidden) float32 tensor on CPU: each text's final hidden states averaged over its real tokens."""
    import torch

    events = events or EventSink()
    device = next(model.parameters()).device
    # The decoder alone gives the final (normed) hidden states without the vocab-sized LM head.
    decoder = model.get_decoder() if hasattr(model, "get_decoder") else None
    pooled = []
    with torch.inference_mode():
        for start in range(0, len(texts), batch_size):
            batch = list(texts[start:start + batch_size])
            enc = tokenizer(batch, return_tensors="pt", padding=True, truncation=True, max_length=max_length)
            enc = {k: v.to(device) for k, v in enc.items() if k in ("input_ids", "attention_mask")}
            if decoder is not None:
                hidden = decoder(**enc).last_hidden_state
            else:
                hidden = model(**enc, output_hidden_states=True).hidden_states[-1]
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
            pooled.append(mean.float().cpu())
            events.progress(min(start + batch_size, len(texts)), len(texts), "text")
    return torch.cat(pooled, dim=0)
