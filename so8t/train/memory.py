"""The training stage's memory decisions: the estimate of this run, offloading and fused kernels resolved,
and the one-line out-of-memory error with settings that fit."""

from __future__ import annotations

from typing import Any

from so8t.errors import ConfigError, GPUMemoryError, ModelFolderError
from so8t.train.card import GIB, Card, detect_card, expandable_segments_apply
from so8t.train.estimate import Estimate, describe_settings, estimate, estimate_train_config
from so8t.train.kernels_installed import fast_kernels_not_installed

#: torch's caching-allocator switch that maps CUDA memory in 2 MiB pages into one growing segment.
EXPANDABLE_SEGMENTS = "expandable_segments:True"


def grow_cuda_memory_in_pages() -> bool:
    """On Linux, let torch's CUDA allocator grow one segment page by page; True when it was switched on.

    The default allocator keeps freed blocks of many sizes reserved, so what the card shows used
    (NVML) runs 0.1–1.2 GiB above torch's peak, by how the step's transients fragment: the margin
    a 12 GB card lacks. Expandable segments keep it 0.1–0.5 GiB above the peak (measured on an
    H200). Not on Windows (torch does not support it there), and never over a
    PYTORCH_CUDA_ALLOC_CONF the user set.
    Call before the process allocates CUDA memory (docs/architecture.md, "Training memory").
    """
    import torch

    if not expandable_segments_apply() or not torch.cuda.is_available():
        return False
    # torch ≥ 2.9 names the setter for every accelerator; older releases only have the CUDA one.
    setter = getattr(torch._C, "_accelerator_setAllocatorSettings", None) or getattr(
        torch.cuda.memory, "_set_allocator_settings", None)
    if setter is None:
        return False
    setter(EXPANDABLE_SEGMENTS)
    return True


#: 'auto' checkpointing is turned off only when the estimate without it fits the card with this
#: share to spare (the estimate is within 10 % of the measured peak: bench/results/vram_estimate.md).
CHECKPOINTING_OFF_MARGIN = 0.10


def fast_kernels_wanted(config: Any, device: str) -> tuple[bool, str | None]:
    """(use the fused kernels, why not) for the config's fast_kernels on `device`; 'on' where impossible is an error."""
    if config.fast_kernels == "off":
        return False, None
    from so8t.train.kernels import (
        fast_kernels_unavailable,  # imports torch, triton and liger: the run's check
    )

    why = fast_kernels_unavailable(device)
    if why is not None and config.fast_kernels == "on":
        raise ConfigError(f"fast kernels were asked for, but {why}", "use --fast-kernels auto or off")
    return why is None, why


def checkpointing_wanted(config: Any, est: Estimate | None) -> tuple[bool, Estimate | None]:
    """Whether a CUDA run recomputes activations ('auto': unless the run fits the card without it, with
    CHECKPOINTING_OFF_MARGIN to spare), and the estimate of the run as it will go.

    With the fused kernels 'auto' keeps checkpointing on: their compiled layers were measured with it
    (1.3–1.5× plain PEFT QLoRA at a third of the memory), not yet without it."""
    if (config.gradient_checkpointing != "auto" or est is None or est.card is None or est.offload
            or est.settings.fast_kernels):
        return config.gradient_checkpointing != "off", est
    plain = estimate(est.shape, est.settings.replace(gradient_checkpointing=False), est.card, offload="off",
                     nproc=est.nproc)
    plain.global_batch_size = est.global_batch_size
    if plain.nvml_gib * (1 + CHECKPOINTING_OFF_MARGIN) <= est.card.gib:
        return False, plain
    return True, est


def estimate_for_run(config: Any, card: Card | None) -> Estimate:
    """The estimate of this config's run on CUDA, with fused kernels as training would resolve them.

    Their packages are looked for, not imported (so8t.train.kernels_installed): the window asks this on
    its GUI thread."""
    fast = config.fast_kernels == "on" or (config.fast_kernels == "auto" and fast_kernels_not_installed() is None)
    return estimate_train_config(config, card, fast_kernels=fast)


def estimate_under_preset(preset: str, values: dict[str, Any], card: Card | None) -> Estimate:
    """The estimate of the run `so8t train --preset PRESET` starts with `values` over the preset's [train]
    table: `so8t estimate`'s, so the window's pre-flight says what the CLI says (packing, fused kernels and
    offloading resolved as the run resolves them)."""
    from so8t.train.config import TrainConfig, preset_values

    config = TrainConfig.from_dict({**preset_values(preset), **values}, source=f"preset {preset}")
    return estimate_for_run(config, card)


def offload_wanted(config: Any, device: str) -> tuple[bool, Estimate | None]:
    """Whether to offload activations ('auto': when the estimate says the run does not fit otherwise),
    and the estimate of the run on CUDA (None elsewhere, or for a family the estimator does not know)."""
    if device != "cuda":
        return False, None
    try:
        est = estimate_for_run(config, detect_card(None, config.cuda_memory_limit_gb))
    except ModelFolderError:
        est = None
    if config.offload_activations == "auto":
        return (est.offload if est is not None else False), est
    return config.offload_activations == "on", est


def out_of_memory(config: Any, step: int, peak_bytes: int | None, card: Card | None,
                  checkpointing_skipped: bool = False) -> GPUMemoryError:
    """The one-line error for an OOM met at `step`: the peak reached, and the settings the estimate says fit.

    `checkpointing_skipped`: 'auto' had turned gradient checkpointing off; turning it on is the fix.
    """
    peak = f", peak {peak_bytes / GIB:.1f} GiB allocated" if peak_bytes else ""
    where = f" of a {card.gib:.1f} GiB card" if card is not None else ""
    change = {"gradient_checkpointing": "on"} if checkpointing_skipped else _change_that_fits(config, card)
    packed = bool(getattr(config, "packed", False))
    if packed and change and "max_length" in change:
        # With packing, max_length is part of the plan: a resume keeps it, so offer the other settings.
        change = {k: v for k, v in change.items() if k != "max_length"} or (
            {"offload_activations": "on"} if getattr(config, "offload_activations", "auto") != "on" else None)
    fix = (f"resume with {describe_settings(change)}: so8t train --resume RUN {describe_settings(change)}"
           if change else "resume with a smaller --batch-size, or use a larger card" if packed else
           "resume with a smaller --max-length or --batch-size, or use a larger card")
    error = GPUMemoryError(f"out of GPU memory at step {step + 1}{peak}{where}", fix)
    error.settings_that_fit = change  # type: ignore[attr-defined]
    return error


def _change_that_fits(config: Any, card: Card | None) -> dict[str, Any] | None:
    """The settings the estimate says fit, or the next step down of what costs memory."""
    try:
        est = estimate_for_run(config, card)
        change = est.settings_that_fit()
        if change is None and est.fits:
            # The estimate thought it fits: ask for the next smaller step down of what costs memory.
            change = ({"offload_activations": "on"} if not est.offload else
                      {"max_length": max(256, config.max_length // 2)})
        return change
    except Exception:  # noqa: BLE001 - the OOM line matters more than the suggestion
        return None
