"""The session's optimizer and learning-rate schedule (linear warm-up, then cosine), and JSON-ready state."""

from __future__ import annotations

import math
from typing import Any

import torch

from so8t.train.config import TrainConfig


def lr_factor(step_index: int, config: TrainConfig) -> float:
    """Learning-rate multiplier for the (0-based) optimizer step: linear warm-up, then cosine to min_lr_ratio."""
    if step_index < config.warmup_steps:
        return (step_index + 1) / config.warmup_steps
    span = max(1, config.max_steps - config.warmup_steps)
    progress = min(1.0, (step_index - config.warmup_steps) / span)
    return config.min_lr_ratio + (1 - config.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * progress))


def alpha_lr_factor(step_index: int, config: TrainConfig) -> float:
    """α's multiplier: 0 (α frozen at its init) during the α warm-up, then the common schedule."""
    return 0.0 if step_index < config.alpha_warmup_steps else lr_factor(step_index, config)


def make_optimizer(groups: list[dict[str, Any]], config: TrainConfig) -> torch.optim.Optimizer:
    """AdamW over the parameter groups (LoRA, gates, α), or its paged 8-bit form when the config asks."""
    if config.optimizer == "paged_adamw_8bit":
        import bitsandbytes as bnb

        return bnb.optim.PagedAdamW8bit(groups, lr=config.learning_rate)
    return torch.optim.AdamW(groups, lr=config.learning_rate)


def make_scheduler(optimizer: torch.optim.Optimizer, config: TrainConfig) -> torch.optim.lr_scheduler.LambdaLR:
    """One multiplier per group: LoRA and gates follow the common schedule, α waits for its warm-up."""
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        [lambda i: lr_factor(i, config), lambda i: lr_factor(i, config), lambda i: alpha_lr_factor(i, config)],
    )


def json_ready(value: Any) -> Any:
    """`value` with only JSON types (sets sorted, other objects as strings), for trainer_state.json."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, set):  # sorted: a set's order changes from process to process
        return sorted((json_ready(v) for v in value), key=str)
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return str(value)
