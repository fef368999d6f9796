"""Next-token loss from the final hidden states, a chunk of positions at a time.

The plain loss builds the logits of every position (sequence × vocabulary) and keeps fp32
copies of them for backward: measured on an H100, about 30 bytes per logit, so 2048 tokens of a
152k-vocabulary model need 9 GiB for the loss alone, more than the rest of QLoRA training. Here
only labelled positions are projected, `LOSS_CHUNK_POSITIONS` at a time, and each chunk's logits
are recomputed in backward instead of kept: the loss needs one chunk's logits at a time.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.checkpoint import checkpoint

#: Labelled positions projected onto the vocabulary at once: 512 × 152k × ~30 bytes ≈ 2.2 GiB at
#: most (Qwen2's vocabulary); fewer positions save little more and cost extra launches.
LOSS_CHUNK_POSITIONS = 512
IGNORE_INDEX = -100


def vocab_logits(model: nn.Module, hidden: torch.Tensor) -> torch.Tensor:
    """Vocabulary logits of final hidden states, in fp32, with the model's final soft-capping if any."""
    logits = model.get_output_embeddings()(hidden).float()
    cap = getattr(model.config, "final_logit_softcapping", None)
    if cap:
        logits = torch.tanh(logits / cap) * cap
    return logits


def predicted_positions(labels: torch.Tensor) -> int:
    """The labelled positions `causal_lm_loss` averages over (labels[:, 1:] that are not IGNORE_INDEX)."""
    return int((labels[:, 1:] != IGNORE_INDEX).sum())


def causal_lm_loss(
    model: nn.Module, hidden: torch.Tensor, labels: torch.Tensor, chunk: int = LOSS_CHUNK_POSITIONS,
    fused: Callable[..., torch.Tensor] | None = None,
) -> torch.Tensor:
    """Mean cross-entropy of predicting labels[:, t+1] from hidden[:, t] over labelled positions.

    The same value and gradients as transformers' causal-LM loss (up to float rounding); -100
    labels are ignored. With no labelled position the loss is 0 (not NaN), so a step stays finite.
    `fused` (weight, states, targets) → summed loss replaces the chunked projection where the
    output layer is a plain Linear without soft-capping (so8t.train.kernels).
    """
    width = hidden.shape[-1]
    states = hidden[:, :-1].reshape(-1, width)
    targets = labels[:, 1:].reshape(-1).to(states.device)
    keep = targets != IGNORE_INDEX
    states, targets = states[keep], targets[keep]
    count = targets.numel()
    if count == 0:
        return hidden.sum() * 0.0

    head = model.get_output_embeddings()
    plain_head = type(head) is nn.Linear and head.bias is None
    if fused is not None and plain_head and not getattr(model.config, "final_logit_softcapping", None):
        return fused(head.weight, states.to(head.weight.dtype), targets) / count

    def chunk_sum(h: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return F.cross_entropy(vocab_logits(model, h), y, reduction="sum")

    total = hidden.new_zeros((), dtype=torch.float32)
    for start in range(0, count, chunk):
        total = total + checkpoint(chunk_sum, states[start:start + chunk], targets[start:start + chunk],
                                   use_reentrant=False)
    return total / count
