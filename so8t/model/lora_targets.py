"""Which linear layers get LoRA adapters: `auto` (the family's list), `all-linear`, `attention`, or names."""

from __future__ import annotations

from collections.abc import Sequence

from so8t.errors import ConfigError

AUTO, ALL_LINEAR, ATTENTION = "auto", "all-linear", "attention"
KEYWORDS = (AUTO, ALL_LINEAR, ATTENTION)
#: `auto`: attention q/k/v/o and the MLP projections, as each family names them (Phi-3 fuses qkv and gate_up).
FAMILY_TARGETS: dict[str, tuple[str, ...]] = {
    "phi3": ("qkv_proj", "o_proj", "gate_up_proj", "down_proj"),
}
DEFAULT_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
#: What `--lora-targets` takes, for its help and the window's form.
HELP = ("linear layers that get LoRA adapters: auto (attention q/k/v/o and the MLP projections, as the family "
        "names them), all-linear (every linear layer of the decoder), attention (the attention projections), "
        "or module names separated by commas (e.g. q_proj,v_proj)")


def parse_targets(spec: str) -> str | tuple[str, ...]:
    """A keyword, or the module names of a comma-separated list; a ConfigError for an empty or malformed one."""
    spec = str(spec).strip()
    if spec in KEYWORDS:
        return spec
    names = tuple(part.strip() for part in spec.split(","))
    bad = [n for n in names if not n or not n.replace("_", "").replace(".", "").isalnum()]
    if not spec or bad:
        raise ConfigError(f"lora_targets {spec!r} is neither {', '.join(KEYWORDS)} nor a list of module names",
                          "use e.g. --lora-targets auto, all-linear, attention or q_proj,v_proj")
    return tuple(dict.fromkeys(names))


def family_targets(model_type: str) -> list[str]:
    """The `auto` targets of a model family."""
    return list(FAMILY_TARGETS.get(model_type, DEFAULT_TARGETS))


def resolve_targets(spec: str, model_type: str, linear: Sequence[str], attention: Sequence[str]) -> list[str]:
    """The module names to adapt, given the names of the model's linear layers (all, and those in attention).

    A listed name the model lacks is refused by name, with the names the model has, so a typo or
    another family's name (Phi-3 has `qkv_proj`, not `q_proj`) never trains nothing silently.
    """
    choice = parse_targets(spec)
    if choice == AUTO:
        return family_targets(model_type)
    if choice == ALL_LINEAR:
        return list(dict.fromkeys(linear))
    if choice == ATTENTION:
        return list(dict.fromkeys(attention))
    missing = [name for name in choice if name not in linear]
    if missing:
        raise ConfigError(
            f"lora_targets names {', '.join(missing)}, which this {model_type} model does not have; "
            f"its linear layers are {', '.join(dict.fromkeys(linear))}",
            "pick from those, or use auto, all-linear or attention")
    return list(choice)
