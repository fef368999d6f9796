"""Per-sequence log-probabilities of the labelled tokens, from the final hidden states a chunk of positions at a time.

DPO needs, per sequence, the sum of log p(token) over the answer's tokens. The full logits
(sequence × vocabulary, fp32) would be the largest tensor of the step; here only labelled positions
are projected, `LOGP_CHUNK_POSITIONS` at a time, and each chunk's logits are recomputed in backward.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.utils.checkpoint import checkpoint

from so8t.train.loss import IGNORE_INDEX, LOSS_CHUNK_POSITIONS, vocab_logits
from so8t.train.model import final_hidden_states

#: As the causal-LM loss's chunk (so8t.train.loss): the same bound on the logits alive at once.
LOGP_CHUNK_POSITIONS = LOSS_CHUNK_POSITIONS


def _chunk_logps(model: nn.Module, states: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    logits = vocab_logits(model, states)
    return logits.gather(-1, targets[:, None]).squeeze(-1) - torch.logsumexp(logits, dim=-1)


def labelled_logps(model: nn.Module, hidden: torch.Tensor, labels: torch.Tensor,
                   chunk: int = LOGP_CHUNK_POSITIONS) -> tuple[torch.Tensor, torch.Tensor]:
    """(sum of log p(labels[:, t+1] | hidden[:, t]) per row, labelled positions per row); IGNORE_INDEX skipped."""
    rows, width = hidden.shape[0], hidden.shape[-1]
    states = hidden[:, :-1].reshape(-1, width)
    targets = labels[:, 1:].reshape(-1).to(states.device)
    row_of = torch.arange(rows, device=states.device).repeat_interleave(hidden.shape[1] - 1)
    keep = targets != IGNORE_INDEX
    states, targets, row_of = states[keep], targets[keep], row_of[keep]
    sums = hidden.new_zeros(rows, dtype=torch.float32)
    counts = torch.bincount(row_of, minlength=rows).to(torch.float32)
    for start in range(0, targets.numel(), chunk):
        piece = slice(start, start + chunk)
        if torch.is_grad_enabled():
            logp = checkpoint(_chunk_logps, model, states[piece], targets[piece], use_reentrant=False)
        else:
            logp = _chunk_logps(model, states[piece], targets[piece])
        sums = sums.index_add(0, row_of[piece], logp.float())
    return sums, counts


def sequence_logps(model: nn.Module, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                   labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The model's summed log-probs of each row's labelled tokens, and their counts (one forward, gates as set)."""
    hidden = final_hidden_states(model, input_ids=input_ids, attention_mask=attention_mask)
    return labelled_logps(model, hidden, labels)
