"""Exact-resume state as safetensors + JSON (never pickle): optimizer, RNG streams, trainable weights."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.torch import load as load_safetensors_bytes

from so8t.errors import CheckpointError
from so8t.fileio import safetensors_bytes


def write_bytes(path: Path, data: bytes) -> None:
    """Plain write + fsync (the checkpoint store writes into a temp folder renamed as a whole)."""
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def write_tensors(path: Path, tensors: dict[str, torch.Tensor], metadata: dict[str, str] | None = None) -> None:
    """safetensors through Python's own file writes, so a full disk raises an OSError we can name."""
    tensors = {k: v.detach().to("cpu").contiguous() for k, v in tensors.items()}
    write_bytes(path, safetensors_bytes(tensors, metadata))


def write_json_file(path: Path, obj: Any) -> None:
    write_bytes(path, (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def read_tensors(path: Path) -> dict[str, torch.Tensor]:
    try:
        return load_safetensors_bytes(path.read_bytes())
    except Exception as exc:  # safetensors raises its own error types for corrupt headers
        raise CheckpointError(f"{path} is not readable safetensors ({exc})", "pick another checkpoint") from exc


def read_json_file(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CheckpointError(f"{path} is not readable JSON ({exc})", "pick another checkpoint") from exc


# -- optimizer -----------------------------------------------------------------------------------
def _json_scalar(value: Any) -> Any:
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_json_scalar(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_scalar(v) for k, v in value.items()}
    raise TypeError(f"cannot store {type(value).__name__} in a checkpoint")


def _flatten(prefix: str, value: Any, tensors: dict[str, torch.Tensor], scalars: dict[str, Any]) -> None:
    if isinstance(value, torch.Tensor):
        tensors[prefix] = value
    elif isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}/{key}", item, tensors, scalars)
    else:
        scalars[prefix] = _json_scalar(value)


def flatten_optimizer(state_dict: dict[str, Any]) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """optimizer.state_dict() → (tensors "<param>/<key>[/<key>…]", JSON: param_groups + scalar state).

    Nested dicts (bitsandbytes keeps some) are flattened with "/" paths, so any optimizer's state
    goes to safetensors + JSON without pickle.
    """
    tensors: dict[str, torch.Tensor] = {}
    scalars: dict[str, Any] = {}
    for index, entry in state_dict["state"].items():
        _flatten(str(index), entry, tensors, scalars)
    return tensors, {"param_groups": _json_scalar(state_dict["param_groups"]), "scalar_state": scalars}


def _unflatten_into(state: dict[int, Any], path: str, value: Any) -> None:
    index, *keys = path.split("/")
    node = state.setdefault(int(index), {})
    for key in keys[:-1]:
        node = node.setdefault(key, {})
    node[keys[-1]] = value


def unflatten_optimizer(tensors: dict[str, torch.Tensor], meta: dict[str, Any]) -> dict[str, Any]:
    """The inverse of flatten_optimizer: a dict for optimizer.load_state_dict()."""
    state: dict[int, Any] = {}
    for path, value in tensors.items():
        _unflatten_into(state, path, value)
    for path, value in meta.get("scalar_state", {}).items():
        _unflatten_into(state, path, value)
    groups = meta["param_groups"]
    for group in groups:
        if "betas" in group and isinstance(group["betas"], list):
            group["betas"] = tuple(group["betas"])
    return {"state": state, "param_groups": groups}


# -- RNG streams ---------------------------------------------------------------------------------
def capture_rng() -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """Python, numpy, torch CPU and CUDA generator states: (tensors, JSON)."""
    tensors = {"torch_cpu": torch.get_rng_state()}
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        for i, s in enumerate(torch.cuda.get_rng_state_all()):
            tensors[f"torch_cuda.{i}"] = s
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    tensors["numpy_keys"] = torch.from_numpy(np.asarray(keys, dtype=np.int64))
    version, internal, gauss = random.getstate()
    meta = {
        "python": {"version": version, "state": list(internal), "gauss": gauss},
        "numpy": {"kind": kind, "pos": int(pos), "has_gauss": int(has_gauss), "cached_gaussian": float(cached)},
    }
    return tensors, meta


def restore_rng(tensors: dict[str, torch.Tensor], meta: dict[str, Any]) -> None:
    """Set every generator back to the captured state."""
    torch.set_rng_state(tensors["torch_cpu"])
    cuda = sorted((k for k in tensors if k.startswith("torch_cuda.")), key=lambda k: int(k.split(".")[1]))
    if cuda and torch.cuda.is_available():
        torch.cuda.set_rng_state_all([tensors[k] for k in cuda])
    n = meta["numpy"]
    keys = tensors["numpy_keys"].numpy().astype(np.uint32)
    np.random.set_state((n["kind"], keys, n["pos"], n["has_gauss"], n["cached_gaussian"]))
    p = meta["python"]
    random.setstate((p["version"], tuple(p["state"]), p["gauss"]))


def trainable_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """PEFT's adapter state dict (LoRA + trainable token rows), as save_pretrained would write it."""
    from peft import get_peft_model_state_dict

    # The embeddings were only resized (new rows: a deterministic mean), never trained as a whole:
    # the trained new-token rows are in the trainable-token tensors, so the full matrices stay out.
    state = get_peft_model_state_dict(model, save_embedding_layers=False)
    return {k: v.detach().to("cpu").contiguous() for k, v in state.items()}


def load_trainable_state(model: torch.nn.Module, state: dict[str, torch.Tensor], source: str) -> None:
    """Load adapter weights; every trainable adapter tensor must be found (no silent partial load)."""
    from peft import set_peft_model_state_dict

    from so8t.model.architectures import unwrap_model

    result = set_peft_model_state_dict(model, state)
    # With tied embeddings the output layer's new-token rows are the input layer's (not saved twice).
    tied = bool(getattr(unwrap_model(model).config, "tie_word_embeddings", False))
    missing = [k for k in getattr(result, "missing_keys", [])
               if ("lora_" in k or "trainable_tokens" in k) and not (tied and "lm_head.token_adapter" in k)]
    unexpected = list(getattr(result, "unexpected_keys", []))
    if missing or unexpected:
        raise CheckpointError(
            f"{source} does not fit the model (missing {missing[:2]}, unexpected {unexpected[:2]})",
            "resume with the model and LoRA settings the run was started with",
        )
