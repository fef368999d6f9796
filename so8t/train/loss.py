"""Next-token loss from the final hidden states, a chunk of positions at a time.

The plain loss builds the logits of every position (sequence × vocabulary) and keeps fp32
copies of them for backward: measured on an H100, about 30 bytes per logit, so 2048 tokens of a
152k-vocabulary model need 9 GiB for the loss alone, more than the rest of QLoRA training. Here
only labelled positions are projected, a chunk at a time, and no chunk's logits are kept for
backward (`token_logps`, also the align stage's log-probs): the loss needs one chunk's logits at a time.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.checkpoint import checkpoint

from so8t.train.estimate import chunk_positions

#: Labelled positions projected onto the vocabulary at once by the checkpointed path (a head that is not a
#: plain frozen Linear): 512 × 152k × ~30 bytes ≈ 2.2 GiB at most (Qwen2's vocabulary).
LOSS_CHUNK_POSITIONS = 512
IGNORE_INDEX = -100


def vocab_logits(model: nn.Module, hidden: torch.Tensor) -> torch.Tensor:
    """Vocabulary logits of final hidden states, in fp32, with the model's final soft-capping if any."""
    logits = model.get_output_embeddings()(hidden).float()
    cap = getattr(model.config, "final_logit_softcapping", None)
    if cap:
        logits = torch.tanh(logits / cap) * cap
    return logits


def _frozen_plain_head(model: nn.Module) -> nn.Linear | None:
    """The output layer when it is a bias-free nn.Linear with a frozen weight (QLoRA's), else None."""
    head = model.get_output_embeddings()
    if type(head) is nn.Linear and head.bias is None and not head.weight.requires_grad:
        return head
    return None


class _TokenLogProbs(torch.autograd.Function):
    """log p(target | state) per position through a frozen output matrix, a chunk of positions at a time.

    log p = z[y] − logsumexp(z) with z = cap·tanh(W·h / cap) (or W·h), so its gradient by h is
    (onehot(y) − softmax(z)) ⊙ dz/d(W·h) · W: a vector per position that does not depend on the loss
    above. Forward computes it with the logits already at hand and keeps only it (positions × hidden,
    fp32); backward scales it by each position's incoming gradient. No chunk's logits outlive the
    chunk, and nothing is recomputed (docs/architecture.md, "Training memory").
    """

    @staticmethod
    def forward(ctx, states, weight, targets, chunk, cap, need_grad):  # type: ignore[override]
        out = torch.empty(states.shape[0], dtype=torch.float32, device=states.device)
        grads = torch.empty(states.shape, dtype=torch.float32, device=states.device) if need_grad else None
        for start in range(0, states.shape[0], chunk):
            piece = slice(start, start + chunk)
            z = F.linear(states[piece].to(weight.dtype), weight).float()
            squash = None
            if cap:
                squash = torch.tanh(z / cap)
                z = squash * cap
            lse = torch.logsumexp(z, dim=-1)
            y = targets[piece, None]
            out[piece] = z.gather(-1, y).squeeze(-1) - lse
            if grads is None:
                continue
            probs = z.sub_(lse[:, None]).exp_()  # softmax, in place of the logits
            delta = probs.neg_().scatter_add_(-1, y, torch.ones_like(y, dtype=probs.dtype))
            if squash is not None:
                delta.mul_(1 - squash * squash)
            grads[piece] = (delta.to(weight.dtype) @ weight).float()
            del z, probs, delta, squash
        ctx.dtype = states.dtype
        ctx.save_for_backward(grads if grads is not None else out.new_empty(0))
        return out

    @staticmethod
    def backward(ctx, grad_out):  # type: ignore[override]
        (grads,) = ctx.saved_tensors
        if grads.numel() == 0:
            raise RuntimeError("token_logps ran without a gradient but one was asked for")
        return (grads * grad_out[:, None]).to(ctx.dtype), None, None, None, None, None


def token_logps(model: nn.Module, states: torch.Tensor, targets: torch.Tensor, chunk: int | None = None) -> torch.Tensor:
    """fp32 log p(targets[i] | states[i]) for states (positions, hidden) under the model's output layer.

    With a frozen plain head (QLoRA) the logits exist one chunk at a time in forward and backward alike
    (`_TokenLogProbs`); any other head runs each chunk under activation checkpointing. `chunk` defaults
    to `chunk_positions` of the vocabulary.
    """
    cap = getattr(model.config, "final_logit_softcapping", None) or 0.0
    targets = targets.to(states.device)
    head = _frozen_plain_head(model)
    if head is not None:
        size = chunk or chunk_positions(head.weight.shape[0])
        need = torch.is_grad_enabled() and states.requires_grad
        return _TokenLogProbs.apply(states, head.weight, targets, size, float(cap), need)

    def chunk_logps(h: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        logits = vocab_logits(model, h)
        return logits.gather(-1, y[:, None]).squeeze(-1) - torch.logsumexp(logits, dim=-1)

    size = chunk or LOSS_CHUNK_POSITIONS
    pieces = []
    for start in range(0, states.shape[0], size):
        h, y = states[start:start + size], targets[start:start + size]
        pieces.append(checkpoint(chunk_logps, h, y, use_reentrant=False) if torch.is_grad_enabled()
                      else chunk_logps(h, y))
    return torch.cat(pieces) if pieces else states.new_zeros(0, dtype=torch.float32)


def predicted_positions(labels: torch.Tensor) -> int:
    """The labelled positions `causal_lm_loss` averages over (labels[:, 1:] that are not IGNORE_INDEX)."""
    return int((labels[:, 1:] != IGNORE_INDEX).sum())


def causal_lm_loss(
    model: nn.Module, hidden: torch.Tensor, labels: torch.Tensor, chunk: int | None = None,
    fused: Callable[..., torch.Tensor] | None = None,
) -> torch.Tensor:
    """Mean cross-entropy of predicting labels[:, t+1] from hidden[:, t] over labelled positions.

    The same value and gradients as transformers' causal-LM loss (up to float rounding); -100
    labels are ignored. With no labelled position the loss is 0 (not NaN), so a step stays finite.
    `fused` (weight, states, targets) → summed loss replaces the chunked projection where the
    output layer is a plain Linear without soft-capping (so8t.train.kernels); without it the loss is
    −Σ `token_logps`, whose logits live one chunk at a time.
    """
    width = hidden.shape[-1]
    states = hidden[:, :-1].reshape(-1, width)
    targets = labels[:, 1:].reshape(-1).to(states.device)
    keep = (targets != IGNORE_INDEX).nonzero().squeeze(1)  # one wait for the GPU, not one per boolean index
    states, targets = states.index_select(0, keep), targets.index_select(0, keep)
    count = targets.numel()
    if count == 0:
        return hidden.sum() * 0.0

    head = model.get_output_embeddings()
    plain_head = type(head) is nn.Linear and head.bias is None
    if fused is not None and plain_head and not getattr(model.config, "final_logit_softcapping", None):
        return fused(head.weight, states.to(head.weight.dtype), targets) / count

    return -token_logps(model, states, targets, chunk).sum() / count
