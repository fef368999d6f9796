"""The align stage's pre-flight memory estimate: the training estimate for the sequences one step holds.

DPO runs each pair's chosen and rejected answers as one batch (twice the rows of SFT). GRPO samples and
trains one prompt's group at a time (so8t.align.grpo_objective: a rollout samples the step's prompts one
after another, and each group is one micro-batch with its own backward), so what is live at once is one
group's: its KV cache while it is sampled, its activations while it is trained, never both. Across the
whole step it holds every group's tokens and log-probs (prompts × generations × length), which is small.
"""

from __future__ import annotations

from typing import Any

from so8t.align.config import AlignConfig
from so8t.errors import GPUMemoryError
from so8t.events import EventSink

#: Bytes per held token of a GRPO step: its id (int64) in the group's ids, and its mask (int64).
HELD_TOKEN_BYTES = 16
#: Bytes per held log-prob (fp32): π_old's with several updates per rollout, the reference's with β > 0.
LOGPROB_BYTES = 4
#: Bytes per fp32 trainable parameter in a copy of the policy (the starting policy kept for β > 0, and the
#: current one swapped out during each reference pass).
PARAM_COPY_BYTES = 4
#: fp32 copies of the first token's logits a group's sampling holds at once (the kept logits, the softmax).
SAMPLING_LOGIT_COPIES = 2


def rows_per_micro_batch(config: AlignConfig) -> int:
    """Sequences in one forward: 2 per DPO pair, one GRPO group (its prompt's completions)."""
    if config.method == "dpo":
        return 2 * config.batch_size
    return config.generations


def grpo_length(config: AlignConfig, train_config: Any) -> int:
    """The longest GRPO sequence: the prompt (cut to max_length) and its completion after it."""
    return min(train_config.max_length, config.max_length) + config.max_completion_tokens


def grpo_terms(config: AlignConfig, shape: Any, length: int, compute_bytes: int,
               trainable_params: int) -> dict[str, float]:
    """GRPO's own terms, in bytes: what a group's sampling holds, and what the step holds for all its groups.

    `rollout_kv_cache`: keys and values of every layer for one group, generations × length tokens ×
    layers × 2 × kv_heads × head_dim in the compute dtype; `rollout_logits`: the first token's fp32 logits;
    `grpo_held`: the step's tokens (ids and masks) and log-probs, prompts × generations × length, and each
    group's first-token logits (prompts × generations × vocabulary, fp32); and `reference_policy`: two fp32
    copies of the trainable tensors when β > 0.
    """
    rows = config.generations
    tokens = rows * length
    kv = tokens * shape.layers * 2 * shape.kv_heads * shape.head_dim * compute_bytes
    logits = SAMPLING_LOGIT_COPIES * rows * shape.vocab * 4
    logprobs = int(config.updates_per_rollout > 1) + int(config.beta_value > 0)
    held = config.prompts_per_step * (tokens * (HELD_TOKEN_BYTES + logprobs * LOGPROB_BYTES) + rows * shape.vocab * 4)
    reference = 2 * trainable_params * PARAM_COPY_BYTES if config.beta_value > 0 else 0
    return {"rollout_kv_cache": float(kv), "rollout_logits": float(logits), "grpo_held": float(held),
            "reference_policy": float(reference)}


def align_estimate(config: AlignConfig, train_config: Any, card: Any) -> Any:
    """The estimate of the align run on `card` (so8t.train.estimate), with its rows and lengths.

    GRPO's peak is the static memory, plus the larger of a group's training step and a group's sampling
    (they never overlap), plus what the step holds for all its groups (`grpo_terms`).
    """
    from so8t.train.card import GIB, nvml_gib_of
    from so8t.train.estimate import STATIC_TERMS, Settings, estimate_train_config

    changes: dict[str, Any] = {"batch_size": rows_per_micro_batch(config)}
    if config.method == "grpo":
        changes["max_length"] = grpo_length(config, train_config)
    est = estimate_train_config(train_config.replace(**changes), card)
    if config.method != "grpo":
        return est
    settings = Settings.from_train_config(train_config)
    trainable = est.shape.lora_params(settings.lora_rank, settings.lora_targets) + est.shape.gate_params
    terms = grpo_terms(config, est.shape, changes["max_length"], settings.compute_bytes, trainable)
    extra = {k: v / GIB for k, v in terms.items()}
    static = sum(est.terms_gib[k] for k in STATIC_TERMS)
    step = est.peak_gib - static
    rollout = extra["rollout_kv_cache"] + extra["rollout_logits"]
    est.terms_gib.update(extra)
    est.peak_gib = static + max(step, rollout) + extra["grpo_held"] + extra["reference_policy"]
    est.nvml_gib = nvml_gib_of(est.peak_gib)
    return est


def check_fits(config: AlignConfig, train_config: Any, *, force: bool, events: EventSink) -> None:
    """Refuse an align run the estimate says will not fit the card, naming settings that do (unless --force)."""
    from so8t.train.card import detect_card
    from so8t.train.estimate import describe_settings

    card = detect_card(None, config.cuda_memory_limit_gb)
    if card is None:
        return
    est = align_estimate(config, train_config, card)
    if est.fits or force:
        if not est.fits:
            events.log(f"--force: the estimate ({est.nvml_gib:.1f} GiB) exceeds the {card.gib:.1f} GiB card",
                       level="warning")
        return
    change = est.settings_that_fit()
    fix = f"use {describe_settings(change)}" if change else "use a smaller model or a larger card"
    if config.method == "dpo" and config.batch_size > 1:
        fix += f", or --batch-size 1 --grad-accum {config.batch_size * config.grad_accum}"
    if config.method == "grpo":
        fix += ", or fewer --generations or --max-completion-tokens"
    raise GPUMemoryError(
        f"the estimate says this {config.method.upper()} run needs {est.nvml_gib:.1f} GiB of GPU memory and the card "
        f"has {card.gib:.1f} GiB ({card.source})", f"{fix}, or pass --force to try anyway")
