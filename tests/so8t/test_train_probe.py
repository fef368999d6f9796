"""The KL-to-base probe in bounded memory equals the KL of the full padded logits."""

from __future__ import annotations

import pytest
import torch

from so8t.train.probe import probe_kl
from tests.so8t.lora_models import CONFIGS, lora_model


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




@pytest.mark.parametrize("family", list(CONFIGS))
def test_chunked_probe_kl_equals_the_full_logit_kl(family):
    model = lora_model(CONFIGS[family]())
    generator = torch.Generator().manual_seed(1)
    samples = [torch.randint(3, 1000, (n,), generator=generator) for n in (37, 9, 20)]
    with torch.no_grad():
        expected = _reference_kl(model, samples)
        chunked = probe_kl(model, samples, model.disable_adapter, chunk=8)  # 8 < every length but one
        whole = probe_kl(model, samples, model.disable_adapter, chunk=64)
    assert expected > 1e-4  # the adapters move the model, so the comparison means something
    # A KL of ~1e-3 is a sum of differences of fp32 log-probabilities of size ~7: summed in another
    # order it moves by a few 1e-5 relative (gemma's tied head: 1.5e-5 with transformers 5.24).
    assert chunked == pytest.approx(expected, rel=1e-4)
    assert whole == pytest.approx(expected, rel=1e-4)
