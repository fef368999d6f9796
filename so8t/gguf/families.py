"""How each supported model family is laid out in GGUF: architecture, hyper-parameters, tensor fixes.

The facts mirror what llama.cpp's own converter writes for each family, so llama.cpp's loader
reads our files exactly as it reads its own:
- Llama and Mistral (llama.cpp arch "llama") use the interleaved rotary layout, so the rows of
  q_proj/k_proj are permuted from the Hugging Face half-split layout; the other families use the
  NeoX layout and keep them as they are.
- Gemma stores RMSNorm weights as (w + 1) because HF computes x * (1 + w); llama.cpp multiplies
  the embeddings by sqrt(hidden_size) itself, so the embedding table is written unscaled.
- Phi-3 keeps its fused qkv_proj (attn_qkv) and gate_up_proj (ffn_up) tensors.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gguf
import numpy as np

from so8t.errors import GGUFError, UnsupportedArchitectureError
from so8t.model.architectures import supported_model_types


@dataclass(frozen=True)
class Family:
    """One model family's GGUF layout."""

    model_type: str
    arch: gguf.MODEL_ARCH
    permute_qk: bool = False  # interleaved rotary layout in llama.cpp: permute q/k rows
    norm_offset: float = 0.0  # added to every *norm.weight (Gemma's 1 + w)

    @property
    def arch_name(self) -> str:
        return gguf.MODEL_ARCH_NAMES[self.arch]


FAMILIES: dict[str, Family] = {
    f.model_type: f
    for f in (
        Family("llama", gguf.MODEL_ARCH.LLAMA, permute_qk=True),
        Family("mistral", gguf.MODEL_ARCH.LLAMA, permute_qk=True),
        Family("qwen2", gguf.MODEL_ARCH.QWEN2),
        Family("phi3", gguf.MODEL_ARCH.PHI3),
        Family("gemma", gguf.MODEL_ARCH.GEMMA, norm_offset=1.0),
    )
}


def family_for(model_type: str | None, where: str) -> Family:
    """The family of `model_type`, or an error naming the supported ones."""
    if model_type not in FAMILIES:
        raise UnsupportedArchitectureError(
            f"model type {model_type!r} in {where} cannot be exported to GGUF",
            f"use a model of a supported family: {supported_model_types()}",
        )
    return FAMILIES[model_type]


def rope_settings(config: dict[str, Any]) -> tuple[float, dict[str, Any] | None]:
    """(rope theta, rope scaling dict or None) from either config style.

    transformers 5 writes `rope_parameters` (theta inside); older folders have `rope_theta`
    and `rope_scaling` at the top level.
    """
    params = config.get("rope_parameters") or {}
    theta = params.get("rope_theta", config.get("rope_theta", 10000.0))
    scaling = config.get("rope_scaling")
    if scaling is None and params.get("rope_type", "default") not in ("default", None):
        scaling = params
    if scaling is not None and scaling.get("rope_type", scaling.get("type", "default")) == "default":
        scaling = None
    return float(theta), scaling


def head_dim(config: dict[str, Any]) -> int:
    return int(config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"])


def write_hparams(writer: gguf.GGUFWriter, family: Family, config: dict[str, Any]) -> list[tuple[str, np.ndarray]]:
    """Write the family's hyper-parameters; returns extra tensors it needs (rope factor tables)."""
    n_head = int(config["num_attention_heads"])
    n_head_kv = int(config.get("num_key_value_heads") or n_head)
    hd = head_dim(config)
    theta, scaling = rope_settings(config)
    writer.add_context_length(int(config["max_position_embeddings"]))
    writer.add_embedding_length(int(config["hidden_size"]))
    writer.add_block_count(int(config["num_hidden_layers"]))
    writer.add_feed_forward_length(int(config["intermediate_size"]))
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_head_kv)
    writer.add_layer_norm_rms_eps(float(config.get("rms_norm_eps", 1e-6)))
    writer.add_rope_freq_base(theta)
    if hd * n_head != int(config["hidden_size"]) or family.model_type == "gemma":
        writer.add_key_length(hd)
        writer.add_value_length(hd)
    extra: list[tuple[str, np.ndarray]] = []
    if family.arch == gguf.MODEL_ARCH.LLAMA:
        writer.add_vocab_size(int(config["vocab_size"]))
        writer.add_rope_dimension_count(hd)
        extra += _llama_rope_scaling(writer, scaling, theta, hd)
    elif family.arch == gguf.MODEL_ARCH.QWEN2:
        _plain_rope_scaling(writer, scaling, family)
    elif family.arch == gguf.MODEL_ARCH.PHI3:
        rot = float((config.get("rope_parameters") or {}).get("partial_rotary_factor", config.get("partial_rotary_factor", 1.0)))
        rope_dims = int(rot * int(config["hidden_size"])) // n_head
        writer.add_rope_dimension_count(rope_dims)
        orig = int(config.get("original_max_position_embeddings") or config["max_position_embeddings"])
        writer.add_rope_scaling_orig_ctx_len(orig)
        # llama.cpp reads 0 as "no sliding window"
        writer.add_sliding_window(int(config.get("sliding_window") or 0))
        extra += _phi3_rope_scaling(writer, scaling, int(config["max_position_embeddings"]), orig, rope_dims)
    elif family.arch == gguf.MODEL_ARCH.GEMMA:
        _plain_rope_scaling(writer, scaling, family)
    return extra


def _unsupported_rope(family_name: str, scaling: dict[str, Any]) -> GGUFError:
    kind = scaling.get("rope_type", scaling.get("type"))
    return GGUFError(
        f"rope scaling {kind!r} of this {family_name} model is not exported",
        "export a model without rope scaling, or one with linear/llama3 (Llama), yarn (Qwen2) or longrope (Phi-3) scaling",
    )


def _plain_rope_scaling(writer: gguf.GGUFWriter, scaling: dict[str, Any] | None, family: Family) -> None:
    if scaling is None:
        return
    kind = scaling.get("rope_type", scaling.get("type"))
    if kind == "linear":
        writer.add_rope_scaling_type(gguf.RopeScalingType.LINEAR)
        writer.add_rope_scaling_factor(float(scaling["factor"]))
    elif kind == "yarn" and family.arch == gguf.MODEL_ARCH.QWEN2:
        writer.add_rope_scaling_type(gguf.RopeScalingType.YARN)
        writer.add_rope_scaling_factor(float(scaling["factor"]))
        writer.add_rope_scaling_orig_ctx_len(int(scaling["original_max_position_embeddings"]))
    else:
        raise _unsupported_rope(family.model_type, scaling)


def _llama_rope_scaling(
    writer: gguf.GGUFWriter, scaling: dict[str, Any] | None, theta: float, hd: int
) -> list[tuple[str, np.ndarray]]:
    if scaling is None:
        return []
    kind = scaling.get("rope_type", scaling.get("type"))
    if kind == "linear":
        writer.add_rope_scaling_type(gguf.RopeScalingType.LINEAR)
        writer.add_rope_scaling_factor(float(scaling["factor"]))
        return []
    if kind != "llama3":
        raise _unsupported_rope("llama", scaling)
    # Llama 3 frequency-dependent scaling: llama.cpp reads it as one factor per rotary pair.
    factor = float(scaling["factor"])
    low = float(scaling.get("low_freq_factor", 1.0))
    high = float(scaling.get("high_freq_factor", 4.0))
    old_ctx = float(scaling.get("original_max_position_embeddings", 8192))
    low_wavelen, high_wavelen = old_ctx / low, old_ctx / high
    factors = []
    for i in range(0, hd, 2):
        freq = 1.0 / theta ** (i / hd)
        wavelen = 2 * math.pi / freq
        if wavelen < high_wavelen:
            factors.append(1.0)
        elif wavelen > low_wavelen:
            factors.append(factor)
        else:
            smooth = (old_ctx / wavelen - low) / (high - low)
            factors.append(1.0 / ((1 - smooth) / factor + smooth))
    return [("rope_freqs.weight", np.asarray(factors, dtype=np.float32))]


def _phi3_rope_scaling(
    writer: gguf.GGUFWriter, scaling: dict[str, Any] | None, max_pos: int, orig: int, rope_dims: int
) -> list[tuple[str, np.ndarray]]:
    if scaling is None:
        return []
    kind = str(scaling.get("rope_type", scaling.get("type", ""))).lower()
    if kind not in ("longrope", "su"):
        raise _unsupported_rope("phi3", scaling)
    scale = max_pos / orig
    attn_factor = math.sqrt(1 + math.log(scale) / math.log(orig)) if scale > 1.0 else 1.0
    writer.add_rope_scaling_attn_factors(attn_factor)
    long_f, short_f = scaling.get("long_factor"), scaling.get("short_factor")
    if long_f is None or short_f is None or len(long_f) != rope_dims // 2 or len(short_f) != rope_dims // 2:
        raise GGUFError(
            "the Phi-3 rope scaling needs long_factor and short_factor lists of length "
            f"{rope_dims // 2} in config.json",
            "restore config.json from the model's source",
        )
    return [
        ("rope_factors_long.weight", np.asarray(long_f, dtype=np.float32)),
        ("rope_factors_short.weight", np.asarray(short_f, dtype=np.float32)),
    ]


def permute_rows(w: np.ndarray, n_head: int) -> np.ndarray:
    """HF half-split rotary rows -> llama.cpp interleaved rows, per head (weights and biases)."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def whole_tensor_fix(family: Family, config: dict[str, Any], hf_name: str) -> Callable[[np.ndarray], np.ndarray] | None:
    """A transform that needs the whole tensor (q/k permutation, norm offset), or None."""
    if family.permute_qk:
        n_head = int(config["num_attention_heads"])
        n_head_kv = int(config.get("num_key_value_heads") or n_head)
        if ".self_attn.q_proj." in hf_name:
            return lambda w: permute_rows(w, n_head)
        if ".self_attn.k_proj." in hf_name:
            return lambda w: permute_rows(w, n_head_kv)
    if family.norm_offset and hf_name.endswith("norm.weight"):
        offset = family.norm_offset
        return lambda w: w + np.float32(offset)
    return None
