"""Tiny models of every supported family, built from configs with a fixed seed (no downloads)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from so8t.model.folder import copy_tokenizer_files
from so8t.resources import TINY_MODEL_DIR

#: Vocabulary of the built-in tokenizer in resources/tiny_model (BPE, 1024 tokens).
TINY_VOCAB = 1024
BOS_ID, PAD_ID, EOS_ID = 0, 0, 2  # <|endoftext|>, <|endoftext|>, <|im_end|>

_COMMON: dict[str, Any] = {
    "vocab_size": TINY_VOCAB,
    "hidden_size": 64,
    "intermediate_size": 128,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "max_position_embeddings": 512,
    "bos_token_id": BOS_ID,
    "eos_token_id": EOS_ID,
    "pad_token_id": PAD_ID,
    "tie_word_embeddings": False,
}

#: Per family: the overrides that make a valid tiny config of that family.
TINY_CONFIGS: dict[str, dict[str, Any]] = {
    "llama": {},
    "mistral": {"sliding_window": None},
    "qwen2": {"use_sliding_window": False},
    "phi3": {"num_key_value_heads": 4, "original_max_position_embeddings": 512},
    "gemma": {"head_dim": 16, "num_key_value_heads": 1, "tie_word_embeddings": True, "hidden_activation": "gelu_pytorch_tanh"},
}


def tiny_config(model_type: str, **overrides: Any):
    """A transformers config of `model_type` with tiny dimensions (overrides win)."""
    from transformers import AutoConfig

    if model_type not in TINY_CONFIGS:
        raise ValueError(f"no tiny config for {model_type!r}; known: {', '.join(TINY_CONFIGS)}")
    values = {**_COMMON, **TINY_CONFIGS[model_type], **overrides}
    return AutoConfig.for_model(model_type, **values)


def build_tiny_model(
    model_type: str,
    out_dir: str | os.PathLike[str],
    *,
    seed: int = 0,
    dtype: Any = None,
    with_tokenizer: bool = True,
    **overrides: Any,
) -> Path:
    """Write a randomly initialised tiny model (same seed → same weights) as a plain HF folder."""
    import torch
    from transformers import AutoModelForCausalLM

    config = tiny_config(model_type, **overrides)
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(config)
    if dtype is not None:
        model.to(dtype)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out), safe_serialization=True)
    if with_tokenizer:
        copy_tokenizer_files(TINY_MODEL_DIR, out)
    return out
