"""Quantization with llama.cpp's own quantizer: every type loads, Q8_0 stays close, fallbacks are named."""

from __future__ import annotations

import gguf
import pytest

from so8t.gguf.check import CheckConfig, check_gguf
from so8t.gguf.export import ExportConfig, export_gguf
from so8t.gguf.quantize import QUANT_TYPES, QuantizeConfig, parse_fallbacks, quantize_gguf
from so8t.model.tiny import build_tiny_model

pytestmark = pytest.mark.slow  # builds and quantizes GGUF files

#: llama.cpp's name (lower case, as in its log) of what each requested type is made of.
K_TYPES = {"Q6_K": "q6_K", "Q5_K_M": "q5_K", "Q4_K_M": "q4_K"}


@pytest.fixture(scope="module")
def f16(tiny_model_dirs, tmp_path_factory):
    root = tmp_path_factory.mktemp("quant")
    return export_gguf(ExportConfig(model=str(tiny_model_dirs["llama"]), out=str(root / "tiny-f16.gguf"))).out


@pytest.fixture(scope="module")
def quantized(f16):
    root = f16.rsplit("/", 1)[0]
    return {q: quantize_gguf(QuantizeConfig(gguf=f16, out=f"{root}/tiny-{q}.gguf", quant_type=q)) for q in QUANT_TYPES}


@pytest.mark.parametrize("quant_type", list(QUANT_TYPES))
def test_every_type_loads_in_llama_cpp_and_is_judged_against_f16(quant_type, quantized, f16, tiny_model_dirs):
    q = quantized[quant_type]
    assert q.size_bytes < q.input_size_bytes
    result = check_gguf(CheckConfig(gguf=q.out, hf_model=str(tiny_model_dirs["llama"]), reference_gguf=f16,
                                    fallback_summary=q.fallback_summary, write=False))
    assert result.gguf_type == quant_type
    assert result.ppl_reference is not None and result.top1_agreement_reference is not None
    if quant_type == "Q8_0":
        assert abs(result.ppl_rel_diff_reference) <= 0.01
        assert result.top1_agreement_reference >= 0.95
    assert result.passed == (result.ppl_rel_diff_reference <= (0.01 if quant_type == "Q8_0" else 0.05))


@pytest.mark.parametrize("quant_type", list(K_TYPES))
def test_k_quant_fallbacks_on_rows_of_64_are_named_and_match_the_file(quant_type, quantized):
    """Tiny rows (64, 128 values) are no multiple of 256: llama.cpp falls back and says so in its log."""
    q = quantized[quant_type]
    assert q.fallbacks, "rows of 64 values cannot hold a 256-value K-quant block"
    assert all(f["ncols"] % f["block"] != 0 and f["block"] == 256 for f in q.fallbacks)
    wanted = {f["wanted"] for f in q.fallbacks}
    assert K_TYPES[quant_type] in wanted
    got = [f["got"].upper() for f in q.fallbacks]
    for kind in set(got):  # every fallback type llama.cpp announced is in the written file, as often
        assert q.tensor_types.get(kind, 0) >= got.count(kind)
    assert "fell back" in q.fallback_summary and "256" in q.fallback_summary


def test_rows_of_256_take_the_k_quant_without_fallback(tmp_path):
    folder = build_tiny_model("llama", tmp_path / "wide", seed=1, hidden_size=256, intermediate_size=512,
                              num_attention_heads=4, num_key_value_heads=4)
    f16 = export_gguf(ExportConfig(model=str(folder), out=str(tmp_path / "wide-f16.gguf"), modelfile=False)).out
    q = quantize_gguf(QuantizeConfig(gguf=f16, out=str(tmp_path / "wide-Q5_K_M.gguf"), quant_type="Q5_K_M",
                                     modelfile=False))
    assert q.fallbacks == []
    assert q.tensor_types.get("Q5_K", 0) > 0
    assert q.fallback_summary.startswith("no fallbacks")
    # auto reads the same rows of 256/512 values and takes the K-quant, saying why.
    auto = quantize_gguf(QuantizeConfig(gguf=f16, out=str(tmp_path / "wide-auto.gguf"), modelfile=False))
    assert auto.requested_type == "auto" and auto.quant_type == "Q4_K_M" and auto.fallbacks == []
    assert "multiple of 256" in auto.choice_reason


def test_auto_on_rows_of_64_takes_q8_0_with_no_fallbacks(f16, tmp_path):
    """The default: rows of 64 values would make a K-quant fall back, so auto writes Q8_0 and records why."""
    auto = quantize_gguf(QuantizeConfig(gguf=f16, out=str(tmp_path / "tiny-auto.gguf"), modelfile=False))
    assert QuantizeConfig(gguf="a", out="b").quant_type == "auto"
    assert auto.quant_type == "Q8_0" and auto.requested_type == "auto"
    assert auto.fallbacks == [] and auto.tensor_types.get("Q8_0", 0) > 0
    assert "64" in auto.choice_reason and "not multiples of the 256-value K-quant block" in auto.choice_reason


def test_parse_fallbacks_reads_llama_cpp_lines():
    lines = [
        "llama_model_quantize_impl: something else",
        "warning: blk.0.attn_q.weight                   - ncols     64 not divisible by 256 (required for type    q5_K) -> falling back to    q5_1",
    ]
    (fb,) = parse_fallbacks(lines)
    assert (fb.tensor, fb.ncols, fb.block, fb.wanted, fb.got) == ("blk.0.attn_q.weight", 64, 256, "q5_K", "q5_1")


def test_quantized_file_metadata_keeps_tokenizer_and_template(quantized):
    reader = gguf.GGUFReader(quantized["Q4_K_M"].out)
    assert reader.fields["tokenizer.ggml.model"].contents() == "gpt2"
    assert "<|im_start|>" in reader.fields["tokenizer.chat_template"].contents()
    assert reader.fields["general.file_type"].contents() == QUANT_TYPES["Q4_K_M"]


def test_a_missed_bound_is_explained_by_the_fallbacks():
    from so8t.gguf.check import CheckResult, _judge

    summary = "132 of 290 tensors fell back (132 x q5_K->q5_1) because their rows of 576 values ..."
    r = CheckResult(gguf="m-Q5_K_M.gguf", gguf_type="Q5_K_M", size_bytes=1, positions=300, ppl_tokens=200,
                    ppl_gguf=22.2, ppl_reference=20.0, ppl_rel_diff_reference=0.11, fallback_summary=summary)
    _judge(r)
    assert not r.passed and "MISSED" in r.verdict and summary in r.verdict and "+11.00%" in r.verdict
    r.ppl_gguf, r.ppl_rel_diff_reference = 20.4, 0.02
    _judge(r)
    assert r.passed and r.verdict.endswith("holds")


def test_export_and_quantize_record_their_peak_memory(tmp_path, tiny_model_dirs):
    """Both results carry the memory figures every stage records; the host peak is at least the
    process's resident size when the stage ran, and the GPU figures stay empty on a CPU run."""
    import psutil
    import torch

    rss_mib = psutil.Process().memory_info().rss / 2**20
    exported = export_gguf(ExportConfig(model=str(tiny_model_dirs["llama"]), out=str(tmp_path / "m-f16.gguf"),
                                        modelfile=False))
    quantized = quantize_gguf(QuantizeConfig(gguf=exported.out, out=str(tmp_path / "m-Q8_0.gguf"), quant_type="Q8_0",
                                             modelfile=False))
    for result in (exported, quantized):
        record = result.to_dict()
        assert record["peak_rss_mib"] >= 0.9 * rss_mib
        if not torch.cuda.is_available():
            assert record["peak_gpu_allocated_mib"] is None and record["peak_nvml_mib"] is None
