"""The demo's path end to end: a model trained on the demo corpus, gates baked in, GGUF checked by llama.cpp.

A trained model has peaked next-token distributions, so agreement and perplexity are sharper tests
here than on the random tiny models. The full demo model (300 pretraining steps) gives the figures
in the closing report; this test trains the same recipe for fewer steps to stay within the budget.
"""

from __future__ import annotations

import pytest

from so8t.gguf.check import CheckConfig, check_gguf
from so8t.gguf.export import ExportConfig, export_gguf
from so8t.gguf.quantize import QuantizeConfig, quantize_gguf

#: Pretraining steps: enough for a clearly non-uniform model (loss far below ln(1024) = 6.9).
DEMO_STEPS = 60


@pytest.mark.slow
def test_trained_and_baked_demo_model_matches_in_llama_cpp(tmp_path):
    from so8t.bake.exact import BakeConfig, bake
    from so8t.demo import PretrainConfig, pretrain

    trained = pretrain(PretrainConfig(out=str(tmp_path / "pretrained"), steps=DEMO_STEPS, hidden_size=64, layers=2))
    assert trained.loss_last < 5.0
    baked = bake(BakeConfig(model=trained.out, out=str(tmp_path / "baked"), random_gates=True, seed=3))
    assert baked.passed
    f16 = export_gguf(ExportConfig(model=baked.out, out=str(tmp_path / "gguf" / "demo-f16.gguf")))
    check = check_gguf(CheckConfig(gguf=f16.out, hf_model=baked.out))
    assert check.positions >= 200 and check.top1_agreement >= 0.99, check.verdict
    assert abs(check.ppl_rel_diff_hf) <= 0.005 and check.tokenizer_agreement == 1.0
    assert check.passed

    q8 = quantize_gguf(QuantizeConfig(gguf=f16.out, out=str(tmp_path / "gguf" / "demo-Q8_0.gguf"), quant_type="Q8_0"))
    q8_check = check_gguf(CheckConfig(gguf=q8.out, hf_model=baked.out, reference_gguf=f16.out))
    assert abs(q8_check.ppl_rel_diff_reference) <= 0.01 and q8_check.passed, q8_check.verdict
