"""The chunked next-token loss equals transformers' own loss, value and gradients."""

from __future__ import annotations

import pytest
import torch

from so8t.model.tiny import tiny_config
from so8t.train.loss import IGNORE_INDEX, causal_lm_loss
from tests.so8t.lora_models import CONFIGS, lora_model


def _batch() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(2)
    ids = torch.randint(3, 1000, (2, 30), generator=generator)
    mask = torch.ones_like(ids)
    mask[1, 22:] = 0  # right padding
    labels = ids.clone()
    labels[:, :9] = IGNORE_INDEX  # the prompt
    labels[mask == 0] = IGNORE_INDEX
    return ids, mask, labels


def _loss_and_grads(model, loss_fn) -> tuple[float, list[torch.Tensor]]:
    model.zero_grad(set_to_none=True)
    loss = loss_fn()
    loss.backward()
    grads = [p.grad.clone() for p in model.parameters() if p.requires_grad]
    return float(loss), grads


@pytest.mark.parametrize("family", list(CONFIGS))
def test_chunked_loss_equals_the_transformers_loss_and_its_gradients(family):
    model = lora_model(CONFIGS[family]())
    ids, mask, labels = _batch()
    expected, expected_grads = _loss_and_grads(
        model, lambda: model(input_ids=ids, attention_mask=mask, labels=labels).loss)

    def chunked():
        out = model(input_ids=ids, attention_mask=mask, output_hidden_states=True, logits_to_keep=1)
        return causal_lm_loss(model, out.hidden_states[-1], labels, chunk=7)  # 7 does not divide 34 positions

    got, grads = _loss_and_grads(model, chunked)
    assert got == pytest.approx(expected, rel=1e-6)
    assert len(grads) == len(expected_grads) > 0
    for g, e in zip(grads, expected_grads, strict=True):
        torch.testing.assert_close(g, e, rtol=1e-4, atol=1e-7)


def test_a_batch_without_labelled_tokens_gives_zero_not_nan():
    model = lora_model(tiny_config("llama"))
    ids, mask, labels = _batch()
    out = model(input_ids=ids, attention_mask=mask, output_hidden_states=True, logits_to_keep=1)
    loss = causal_lm_loss(model, out.hidden_states[-1], torch.full_like(labels, IGNORE_INDEX))
    loss.backward()
    assert float(loss) == 0.0
