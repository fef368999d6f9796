"""Per-sequence log-probabilities of the labelled tokens, from the final hidden states a chunk of positions at a time.

DPO needs, per sequence, the sum of log p(token) over the answer's tokens. The full logits
(sequence × vocabulary, fp32) would be the largest tensor of the step; here only labelled positions
are projected, through `so8t.train.loss.token_logps`, whose logits live one chunk at a time.
"""

from __future__ import annotations

import torch
from torch import nn

from so8t.train.loss import IGNORE_INDEX, token_logps
from so8t.train.model import final_hidden_states


def labelled_logps(model: nn.Module, hidden: torch.Tensor, labels: torch.Tensor,
                   chunk: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """(sum of log p(labels[:, t+1] | hidden[:, t]) per row, labelled positions per row); IGNORE_INDEX skipped."""
    rows, width = hidden.shape[0], hidden.shape[-1]
    states = hidden[:, :-1].reshape(-1, width)
    targets = labels[:, 1:].reshape(-1).to(states.device)
    row_of = torch.arange(rows, device=states.device).repeat_interleave(hidden.shape[1] - 1)
    keep = targets != IGNORE_INDEX
    states, targets, row_of = states[keep], targets[keep], row_of[keep]
    sums = hidden.new_zeros(rows, dtype=torch.float32)
    counts = torch.bincount(row_of, minlength=rows).to(torch.float32)
    return sums.index_add(0, row_of, token_logps(model, states, targets, chunk)), counts


def sequence_logps(model: nn.Module, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                   labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The model's summed log-probs of each row's labelled tokens, and their counts (one forward, gates as set)."""
    hidden = final_hidden_states(model, input_ids=input_ids, attention_mask=attention_mask)
    return labelled_logps(model, hidden, labels)
