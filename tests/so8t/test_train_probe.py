"""The KL-to-base probe in bounded memory equals the KL of the full padded logits."""

from __future__ import annotations

import pytest
import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoConfig, AutoModelForCausalLM

from so8t.tiny import tiny_config
from so8t.train.probe import probe_kl


def _model(config) -> torch.nn.Module:
    torch.manual_seed(0)
    base = AutoModelForCausalLM.from_config(config).eval()
    lora = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "o_proj", "down_proj"], init_lora_weights=False)
    return get_peft_model(base, lora).eval()  # random B: the adapted model differs from its base


def _reference_kl(model, samples: list[torch.Tensor]) -> float:
    """KL(p_base ‖ p_now) per real token from the whole padded batch's full logits (the plain way)."""
    width = max(len(s) for s in samples)
    ids = torch.zeros(len(samples), width, dtype=torch.long)
    mask = torch.zeros_like(ids)
    for row, s in enumerate(samples):
        ids[row, :len(s)], mask[row, :len(s)] = s, 1
    now = model(input_ids=ids, attention_mask=mask).logits.double()
    with model.disable_adapter():
        base = model(input_ids=ids, attention_mask=mask).logits.double()
    log_base, log_now = torch.log_softmax(base, -1), torch.log_softmax(now, -1)
    kl = (log_base.exp() * (log_base - log_now)).sum(-1)
    return float((kl * mask).sum() / mask.sum())


CONFIGS = {
    "llama": lambda: tiny_config("llama"),
    "gemma (tied embeddings)": lambda: tiny_config("gemma"),
    "gemma2 (final logit soft-capping)": lambda: AutoConfig.for_model(
        "gemma2", vocab_size=1024, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, head_dim=16, final_logit_softcapping=2.0,
        pad_token_id=0, bos_token_id=1, eos_token_id=2),
}


@pytest.mark.parametrize("family", list(CONFIGS))
def test_chunked_probe_kl_equals_the_full_logit_kl(family):
    model = _model(CONFIGS[family]())
    generator = torch.Generator().manual_seed(1)
    samples = [torch.randint(3, 1000, (n,), generator=generator) for n in (37, 9, 20)]
    with torch.no_grad():
        expected = _reference_kl(model, samples)
        chunked = probe_kl(model, samples, model.disable_adapter, chunk=8)  # 8 < every length but one
        whole = probe_kl(model, samples, model.disable_adapter, chunk=64)
    assert expected > 1e-4  # the adapters move the model, so the comparison means something
    assert chunked == pytest.approx(expected, rel=1e-5)
    assert whole == pytest.approx(expected, rel=1e-5)
