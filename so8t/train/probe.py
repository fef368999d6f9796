"""KL to the base model on a fixed probe set, in bounded memory.

Full-vocabulary logits of a probe batch are samples × length × vocabulary floats: for a
128k-vocabulary model, 4 samples of 2048 tokens are 4 GiB per fp32 copy, and the KL needs several
copies, far past a 12 GB card. Here each sample runs on its own, only the final hidden states are
kept (logits for one position), and the vocabulary projection runs a chunk of positions at a time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import nn

from so8t.train.loss import vocab_logits
from so8t.train.model import final_hidden_states

#: Positions whose vocabulary logits exist at once (per view): 256 × 128k × 4 bytes = 128 MiB.
KL_CHUNK_POSITIONS = 256


def _final_hidden(model: nn.Module, ids: torch.Tensor) -> torch.Tensor:
    """The final-norm hidden states of one unpadded sample, (length, hidden), without its full logits."""
    return final_hidden_states(model, input_ids=ids[None], attention_mask=torch.ones_like(ids)[None])[0]


def probe_kl(
    model: nn.Module,
    samples: Sequence[torch.Tensor],
    base_view: Callable[[], contextlib.AbstractContextManager[Any]],
    chunk: int = KL_CHUNK_POSITIONS,
) -> float:
    """KL(p_base ‖ p_now) per token over `samples` (1-D id tensors), the base being `model` inside `base_view()`.

    Call under torch.no_grad() (and autocast, as training uses). Equals the KL of the full
    logits of the padded batch, up to float rounding.
    """
    total = torch.zeros((), dtype=torch.float64)
    tokens = 0
    for ids in samples:
        now_hidden = _final_hidden(model, ids)
        with base_view():
            base_hidden = _final_hidden(model, ids)
        for start in range(0, ids.shape[0], chunk):
            log_now = torch.log_softmax(vocab_logits(model, now_hidden[start:start + chunk]), -1)
            with base_view():
                log_base = torch.log_softmax(vocab_logits(model, base_hidden[start:start + chunk]), -1)
            total += (log_base.exp() * (log_base - log_now)).sum().double().cpu()
            del log_now, log_base
        tokens += ids.shape[0]
    return float(total / max(tokens, 1))
