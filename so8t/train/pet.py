"""PET regulariser: penalise the second difference of the final hidden states along the tokens, in three phases."""

from __future__ import annotations

from dataclasses import dataclass

import torch

PHASE_NAMES = ("exploration", "transition", "stabilisation")


@dataclass(frozen=True)
class PETSchedule:
    """λ by training progress: exploration until ends[0], transition until ends[1], then stabilisation."""

    lambdas: tuple[float, float, float] = (0.01, 0.05, 0.1)
    ends: tuple[float, float] = (0.2, 0.6)

    def phase(self, step: int, max_steps: int) -> int:
        """0, 1 or 2 (PHASE_NAMES) for optimizer step `step` (1-based) of `max_steps`."""
        progress = (step - 1) / max_steps
        if progress < self.ends[0]:
            return 0
        if progress < self.ends[1]:
            return 1
        return 2

    def lam(self, step: int, max_steps: int) -> float:
        return self.lambdas[self.phase(step, max_steps)]


def pet_triples(attention_mask: torch.Tensor) -> torch.Tensor:
    """1 where the triple (t, t+1, t+2) is three real tokens, else 0: shape (batch, tokens − 2)."""
    return attention_mask[:, 2:] * attention_mask[:, 1:-1] * attention_mask[:, :-2]


def pet_loss(hidden: torch.Tensor, attention_mask: torch.Tensor | None = None, *,
             triples: torch.Tensor | None = None) -> torch.Tensor:
    """mean over valid tokens t of ‖x[t+2] − 2x[t+1] + x[t]‖² / d, in float32.

    Divided by the hidden size d so that one λ schedule fits models of any width (the per-token
    squared norm grows with d). A triple counts only where all three tokens are real (masked), or,
    given `triples` (packed rows, so8t.train.packing), where it is 1: inside one sample.
    """
    if hidden.shape[1] < 3:
        return hidden.new_zeros((), dtype=torch.float32)
    x = hidden.float()
    second = x[:, 2:] - 2 * x[:, 1:-1] + x[:, :-2]
    if triples is not None:
        valid = triples.to(device=x.device, dtype=x.dtype)
    else:
        assert attention_mask is not None
        valid = pet_triples(attention_mask.to(x.dtype))
    per_token = second.pow(2).mean(dim=-1)
    # No `if count == 0`: that would make the host wait for the GPU in every micro-batch. With no triple
    # the numerator is 0 and the loss 0, as before.
    return (per_token * valid).sum() / valid.sum().clamp_min(1)
