"""GRPO's arithmetic: advantages normalised within each group, the clipped objective with an optional k3 KL term
to the starting policy, and the "rewards stuck" diagnostics (tie share and its warning)."""

from __future__ import annotations

from dataclasses import dataclass

import torch

#: Added to a group's reward std before dividing (DeepSeekMath's GRPO and TRL use the same): a group whose
#: rewards all tie has advantage 0 everywhere instead of 0 / 0.
ADVANTAGE_EPS = 1e-4
#: PPO's clip range ε: the ratio π/π_old counts only within [1 − ε, 1 + ε] where moving it further helps.
CLIP_EPSILON = 0.2
#: A group "ties" when its rewards differ by no more than this (no learning signal from it).
TIE_TOLERANCE = 1e-9
#: The tie warning: more than TIE_WARN_SHARE of the groups tied for TIE_WARN_STEPS steps in a row.
TIE_WARN_SHARE = 0.9
TIE_WARN_STEPS = 10


def group_advantages(rewards: torch.Tensor, group_size: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(advantages, tied): each reward minus its group's mean, over the group's std (Bessel) + ADVANTAGE_EPS.

    `rewards` holds the groups one after another (group g is rows g·G … g·G + G − 1); `tied` says per
    group whether all its rewards are equal (those groups' advantages are exactly 0).
    """
    grouped = rewards.float().reshape(-1, group_size)
    mean = grouped.mean(dim=1, keepdim=True)
    std = grouped.std(dim=1, keepdim=True) if group_size > 1 else torch.zeros_like(mean)
    tied = (grouped.max(dim=1).values - grouped.min(dim=1).values) <= TIE_TOLERANCE
    advantages = (grouped - mean) / (std + ADVANTAGE_EPS)
    advantages = torch.where(tied[:, None], torch.zeros_like(advantages), advantages)
    return advantages.reshape(-1), tied


@dataclass
class ObjectiveTerms:
    """The clipped objective of one group: the loss to minimise and its figures (token means)."""

    loss: torch.Tensor
    clip_ratio: float
    kl: float


def clipped_objective(logp: torch.Tensor, old_logp: torch.Tensor, advantages: torch.Tensor, mask: torch.Tensor,
                      *, ref_logp: torch.Tensor | None = None, beta: float = 0.0,
                      epsilon: float = CLIP_EPSILON) -> ObjectiveTerms:
    """−min(r·A, clip(r, 1−ε, 1+ε)·A) + β·k3(π_ref ‖ π) per completion token, averaged per completion, then
    over completions (r = π/π_old; k3 = e^(ref−logp) − (ref−logp) − 1, Schulman's unbiased low-variance KL).

    `logp`, `old_logp`, `ref_logp`, `mask`: (completions, tokens); `advantages`: (completions,). The clip
    ratio is the share of completion tokens whose clipped side is the one taken (0 when π = π_old).
    """
    mask = mask.to(logp.dtype)
    ratio = torch.exp(logp - old_logp)
    adv = advantages.to(logp.dtype)[:, None]
    unclipped = ratio * adv
    clipped = torch.clamp(ratio, 1.0 - epsilon, 1.0 + epsilon) * adv
    per_token = -torch.minimum(unclipped, clipped)
    kl_token = None
    if ref_logp is not None and beta > 0:
        delta = ref_logp - logp
        kl_token = torch.exp(delta) - delta - 1.0
        per_token = per_token + beta * kl_token
    tokens = mask.sum(dim=1).clamp(min=1.0)
    loss = ((per_token * mask).sum(dim=1) / tokens).mean()
    with torch.no_grad():
        engaged = ((ratio < 1.0 - epsilon) & (adv < 0)) | ((ratio > 1.0 + epsilon) & (adv > 0))
        total = float(mask.sum().clamp(min=1.0))
        clip_ratio = float((engaged.to(mask.dtype) * mask).sum()) / total
        kl = float((kl_token * mask).sum()) / total if kl_token is not None else 0.0
    return ObjectiveTerms(loss, clip_ratio, kl)


class TieWatch:
    """Counts steps in a row whose tie share is above TIE_WARN_SHARE; says so once per such stretch."""

    def __init__(self, share: float = TIE_WARN_SHARE, steps: int = TIE_WARN_STEPS) -> None:
        self.share, self.steps = share, steps
        self.streak = 0

    def update(self, tie_share: float, step: int) -> str | None:
        """The warning to log at this step, or None."""
        self.streak = self.streak + 1 if tie_share > self.share else 0
        if self.streak != self.steps:
            return None
        return (f"rewards tie within {tie_share:.0%} of the groups at step {step}, and above {self.share:.0%} for "
                f"{self.steps} steps in a row: those groups teach nothing. Check the rewards' mean and std per "
                "function (reward/<name>): a reward that is always 0 or always 1 needs a different function, "
                "more --generations, or a higher --temperature")
