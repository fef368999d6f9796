"""The chunked next-token loss equals transformers' own loss, value and gradients."""

from __future__ import annotations

import pytest
import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoConfig, AutoModelForCausalLM

from so8t.tiny import tiny_config
from so8t.train.loss import IGNORE_INDEX, causal_lm_loss

CONFIGS = {
    "llama": lambda: tiny_config("llama"),
    "gemma (tied embeddings)": lambda: tiny_config("gemma"),
    "gemma2 (final logit soft-capping)": lambda: AutoConfig.for_model(
        "gemma2", vocab_size=1024, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, head_dim=16, final_logit_softcapping=2.0,
        pad_token_id=0, bos_token_id=1, eos_token_id=2),
}


def _model(config) -> torch.nn.Module:
    torch.manual_seed(0)
    base = AutoModelForCausalLM.from_config(config)
    lora = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "o_proj", "down_proj"], init_lora_weights=False)
    return get_peft_model(base, lora).eval()


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
    model = _model(CONFIGS[family]())
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
    model = _model(tiny_config("llama"))
    ids, mask, labels = _batch()
    out = model(input_ids=ids, attention_mask=mask, output_hidden_states=True, logits_to_keep=1)
    loss = causal_lm_loss(model, out.hidden_states[-1], torch.full_like(labels, IGNORE_INDEX))
    loss.backward()
    assert float(loss) == 0.0
