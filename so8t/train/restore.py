"""Rebuild a trained model from a checkpoint: base + merged LoRA + gates with their trained values (bake's input)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

from so8t.errors import CheckpointError
from so8t.model.folder import load_model
from so8t.model.gates import attach_gates, load_gates_into
from so8t.store.checkpoints import checkpoint_file, verify_checkpoint
from so8t.store.layout import ADAPTER_CONFIG_FILE, ADAPTER_FILE, GATES_FILE
from so8t.store.layout import TRAIN_CONFIG_FILE as RUN_CONFIG_FILE
from so8t.train.config import TrainConfig
from so8t.train.model import peft_wrap, resize_for_tokenizer
from so8t.train.state import load_trainable_state, read_json_file, read_tensors


def load_trained_model(
    checkpoint_dir: str | os.PathLike[str],
    dtype: Any = None,
    device: str = "cpu",
    model_dir: str | os.PathLike[str] | None = None,
):
    """(model, tokenizer): the base in full precision with the LoRA merged and gates attached, trained values.

    The checkpoint is verified against its manifest first; only the safetensors and JSON files it
    lists are read. `model_dir` overrides the base model folder recorded in the checkpoint (moved).
    """
    from peft import LoraConfig
    from transformers import AutoTokenizer

    checkpoint_dir = Path(checkpoint_dir)
    if not checkpoint_dir.is_dir():
        raise CheckpointError(f"checkpoint {checkpoint_dir} does not exist",
                              "pass a folder like RUN/checkpoints/ckpt-<step> (see `so8t checkpoints RUN`)")
    reason, manifest = verify_checkpoint(checkpoint_dir)
    if manifest is None:
        raise CheckpointError(f"checkpoint {checkpoint_dir} is not valid: {reason}", "pick another checkpoint")
    config = TrainConfig.from_dict(read_json_file(checkpoint_file(checkpoint_dir, RUN_CONFIG_FILE, manifest)))
    base_dir = Path(model_dir) if model_dir is not None else Path(config.model)
    model = load_model(base_dir, dtype=torch.float32 if dtype is None else dtype, device="cpu")
    tokenizer_source = checkpoint_dir if "tokenizer.json" in manifest["files"] or "tokenizer_config.json" in manifest["files"] else base_dir
    tokenizer = AutoTokenizer.from_pretrained(str(tokenizer_source), local_files_only=True)
    resize_for_tokenizer(model, len(tokenizer))
    adapter = read_json_file(checkpoint_file(checkpoint_dir, ADAPTER_CONFIG_FILE, manifest))
    known = set(LoraConfig.__dataclass_fields__)
    lora = LoraConfig(**{k: v for k, v in adapter.items() if k in known and k not in ("peft_type", "revision")})
    lora.inference_mode = False
    peft_model = peft_wrap(model, lora)
    load_trainable_state(peft_model, read_tensors(checkpoint_file(checkpoint_dir, ADAPTER_FILE, manifest)),
                         f"checkpoint {checkpoint_dir.name}")
    merged = peft_model.merge_and_unload()
    gates = attach_gates(merged, seed=config.seed)
    load_gates_into(gates, read_tensors(checkpoint_file(checkpoint_dir, GATES_FILE, manifest)),
                    f"checkpoint {checkpoint_dir.name}")
    merged.to(device)
    merged.eval()
    return merged, tokenizer
