"""Architecture registry: where each model family keeps its decoder layers and attention o_proj.

Adding a family is one entry in `ARCHITECTURES`; every stage (gates, bake, export) reads it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from so8t.errors import UnsupportedArchitectureError

if TYPE_CHECKING:  # the registry itself is read without torch (the window checks model folders with it)
    from torch import nn


@dataclass(frozen=True)
class Architecture:
    """How to reach the attention output projection of one model family."""

    model_type: str  # config.json "model_type"
    layers: str = "model.layers"  # dotted path from the causal LM to its list of decoder layers
    attention: str = "self_attn"  # attribute of a decoder layer holding the attention block
    o_proj: str = "o_proj"  # attribute of the attention block: the output projection


ARCHITECTURES: dict[str, Architecture] = {
    a.model_type: a
    for a in (
        Architecture("llama"),
        Architecture("mistral"),
        Architecture("qwen2"),
        Architecture("phi3"),
        Architecture("gemma"),
    )
}


def supported_model_types() -> str:
    """The registered model types, for error messages."""
    return ", ".join(sorted(ARCHITECTURES))


def architecture_for(model_type: str | None) -> Architecture:
    """The registry entry for `model_type`, or an error naming the supported ones."""
    if model_type not in ARCHITECTURES:
        raise UnsupportedArchitectureError(
            f"model type {model_type!r} has no SO(8) gate mapping (no attention o_proj known)",
            f"use one of the supported families: {supported_model_types()}",
        )
    return ARCHITECTURES[model_type]


def unwrap_model(model: nn.Module) -> nn.Module:
    """The causal LM under a PEFT wrapper (PeftModel → LoraModel → the HF model)."""
    if hasattr(model, "get_base_model"):
        model = model.get_base_model()
    return model


def _resolve(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


@dataclass
class AttentionSite:
    """One decoder layer's attention block and its output projection."""

    layer: int
    attention: nn.Module
    o_proj: nn.Module
    o_proj_name: str


def decoder_layers(model: nn.Module) -> nn.ModuleList:
    """The decoder layers of a causal LM (under PEFT or not), in order; an error if the registry's path is missing."""
    base = unwrap_model(model)
    model_type = getattr(getattr(base, "config", None), "model_type", None)
    arch = architecture_for(model_type)
    try:
        return _resolve(base, arch.layers)
    except AttributeError as exc:
        raise UnsupportedArchitectureError(
            f"{model_type} model has no decoder layers at {arch.layers!r}",
            "the model class differs from the registry entry; update so8t/model/architectures.py",
        ) from exc


def attention_sites(model: nn.Module) -> list[AttentionSite]:
    """Every decoder layer's attention o_proj, in layer order; an error if any is missing."""
    layers = decoder_layers(model)
    model_type = unwrap_model(model).config.model_type
    arch = architecture_for(model_type)
    sites = []
    for i, layer in enumerate(layers):
        attention = getattr(layer, arch.attention, None)
        o_proj = getattr(attention, arch.o_proj, None) if attention is not None else None
        if o_proj is None:
            raise UnsupportedArchitectureError(
                f"decoder layer {i} of the {model_type} model has no {arch.attention}.{arch.o_proj}",
                "the model class differs from the registry entry; update so8t/model/architectures.py",
            )
        sites.append(AttentionSite(i, attention, o_proj, f"{arch.layers}.{i}.{arch.attention}.{arch.o_proj}"))
    if not sites:
        raise UnsupportedArchitectureError(
            f"the {model_type} model has no decoder layers", "check num_hidden_layers in config.json"
        )
    return sites


def o_proj_in_features(o_proj: nn.Module) -> int:
    """Input width of an o_proj, also when PEFT has wrapped it (the base layer holds the weight)."""
    base = getattr(o_proj, "base_layer", o_proj)
    in_features = getattr(base, "in_features", None)
    if in_features is None:
        raise UnsupportedArchitectureError(
            f"o_proj of type {type(base).__name__} is not a linear layer",
            "SO(8) gates need a Linear o_proj",
        )
    return int(in_features)
