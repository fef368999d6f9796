"""The align stage's pre-flight memory estimate: the training estimate for the sequences one step holds.

DPO runs each pair's chosen and rejected answers as one batch (twice the rows of SFT); GRPO holds
prompts × generations sequences of prompt + completion, and its rollouts a KV cache of the same size.
"""

from __future__ import annotations

from typing import Any

from so8t.align.config import AlignConfig
from so8t.errors import GPUMemoryError
from so8t.events import EventSink


def rows_per_micro_batch(config: AlignConfig) -> int:
    """Sequences in one forward: 2 per DPO pair, a GRPO rollout's whole group."""
    if config.method == "dpo":
        return 2 * config.batch_size
    return config.prompts_per_step * config.generations


def align_estimate(config: AlignConfig, train_config: Any, card: Any) -> Any:
    """The estimate of the align run on `card` (so8t.train.estimate), with its rows and lengths."""
    from so8t.train.estimate import estimate_train_config

    changes: dict[str, Any] = {"batch_size": rows_per_micro_batch(config)}
    if config.method == "grpo":
        # A completion follows its prompt: the longest sequence is about max_length + max_completion_tokens.
        changes["max_length"] = min(train_config.max_length, config.max_length) + config.max_completion_tokens
    return estimate_train_config(train_config.replace(**changes), card)


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
