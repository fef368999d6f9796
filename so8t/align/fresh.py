"""`--fresh-adapters`: new LoRA adapters trained on top of the training stage's, which stay frozen.

Two LoRA adapters on one layer add up: B₁A₁x + B₂A₂x = [B₁ B₂]·[A₁; A₂]x. So the stage trains one adapter of
twice the rank whose first half is the training stage's (A rows and B columns, frozen by a gradient mask) and
whose second half is new (B zero: the start is exactly the trained policy). A checkpoint stays one plain
adapter: bake, export and resume read it as any other. The new-token rows stay the training stage's, frozen.
"""

from __future__ import annotations

from typing import Any

import torch

from so8t.train.state import load_trainable_state, trainable_state

LORA_A, LORA_B, TOKENS = ".lora_A.", ".lora_B.", "trainable_tokens"


def stacked_state(fresh: dict[str, torch.Tensor], trained: dict[str, torch.Tensor], rank: int,
                  source: str) -> dict[str, torch.Tensor]:
    """The adapter of rank 2r: the trained adapter's rank-r halves first, the fresh init's second halves after."""
    from so8t.errors import CheckpointError

    out = {}
    for key, value in fresh.items():
        if key not in trained:
            raise CheckpointError(f"{source} lacks {key}, which --fresh-adapters stacks under the new adapters",
                                  "align with the LoRA settings the run was trained with, or drop --fresh-adapters")
        old = trained[key]
        value = value.clone()
        if LORA_A in key:
            value[:rank] = old
        elif LORA_B in key:
            value[:, :rank] = old
        else:
            value = old.clone()
        out[key] = value
    return out


def stack_trained_adapters(model: Any, trained: dict[str, torch.Tensor], rank: int, source: str) -> None:
    """Load the training stage's adapters as the frozen first half of the session's adapter (a fresh start)."""
    load_trainable_state(model, stacked_state(trainable_state(model), trained, rank, source), source)


def freeze_trained_half(model: Any, rank: int) -> int:
    """Mask the gradient of the trained half (A's first r rows, B's first r columns) and freeze the token rows;
    returns the number of the model's parameters still trained (gates included)."""
    trained = 0
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        if TOKENS in name:
            p.requires_grad_(False)
            continue
        mask = torch.ones_like(p)
        if LORA_A in name:
            mask[:rank] = 0
        elif LORA_B in name:
            mask[:, :rank] = 0
        else:
            trained += p.numel()
            continue
        p.register_hook(lambda grad, m=mask: grad * m)
        trained += int(mask.sum())
    return trained
