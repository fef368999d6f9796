"""GGUF export of every family, verified by llama.cpp, by transformers' GGUF reader and by GGUFReader."""

from __future__ import annotations

import dataclasses
import json

import gguf
import numpy as np
import pytest
import torch
from safetensors.numpy import load_file

from so8t.gguf import families
from so8t.gguf.check import TOP1_MIN, CheckConfig, check_gguf
from so8t.gguf.export import ExportConfig, export_gguf
from so8t.store.layout import check_record_path as check_json_path
from so8t.store.layout import modelfile_path

pytestmark = pytest.mark.slow  # builds GGUF files

ARCHS = ("llama", "mistral", "qwen2", "phi3", "gemma")
#: transformers 5 has a GGUF reader for these families; it has none for Gemma (v1) files.
TRANSFORMERS_READS = ("llama", "mistral", "qwen2", "phi3")


@pytest.fixture(scope="module")
def exported(tiny_model_dirs, tmp_path_factory):
    """Each tiny model exported once to f16, named after its folder ("phi3", "mistral": see safe_model_name)."""
    root = tmp_path_factory.mktemp("gguf")
    return {
        arch: export_gguf(ExportConfig(model=str(tiny_model_dirs[arch]), out=str(root / f"tiny-{arch}-f16.gguf")))
        for arch in ARCHS
    }


@pytest.mark.parametrize("arch", ARCHS)
def test_f16_export_runs_in_llama_cpp_like_hf(arch, exported, tiny_model_dirs):
    result = check_gguf(CheckConfig(gguf=exported[arch].out, hf_model=str(tiny_model_dirs[arch])))
    assert result.positions >= 200
    assert result.top1_agreement >= TOP1_MIN
    assert abs(result.ppl_rel_diff_hf) <= 0.005
    assert result.tokenizer_agreement == 1.0, result.tokenizer_mismatch
    # f16 weights and f16 activations in llama.cpp's matmuls: errors of order 1e-4 on logits of ~0.2
    assert result.max_abs_dlogit < 5e-3
    assert result.passed, result.verdict
    saved = json.loads(check_json_path(exported[arch].out).read_text(encoding="utf-8"))
    assert saved["top1_agreement"] == pytest.approx(result.top1_agreement)
    assert modelfile_path(exported[arch].out).is_file()


@pytest.mark.parametrize(("arch", "fault"), [("llama", {"permute_qk": False}), ("gemma", {"norm_offset": 0.0})])
def test_check_catches_a_wrong_layout(arch, fault, tiny_model_dirs, tmp_path, monkeypatch):
    """Negative control: without the q/k permutation or Gemma's norm offset llama.cpp computes something else."""
    monkeypatch.setitem(families.FAMILIES, arch, dataclasses.replace(families.FAMILIES[arch], **fault))
    out = export_gguf(ExportConfig(model=str(tiny_model_dirs[arch]), out=str(tmp_path / "bad.gguf"), modelfile=False))
    result = check_gguf(CheckConfig(gguf=out.out, hf_model=str(tiny_model_dirs[arch]), write=False))
    assert not result.passed
    assert result.max_abs_dlogit > 5e-3


@pytest.mark.parametrize("arch", TRANSFORMERS_READS)
def test_transformers_reads_back_the_baked_weights(arch, exported, tiny_model_dirs):
    from transformers import AutoModelForCausalLM

    path = exported[arch].out
    model = AutoModelForCausalLM.from_pretrained(str(path.rsplit("/", 1)[0]), gguf_file=path.rsplit("/", 1)[1],
                                                 dtype=torch.float32)
    loaded = model.state_dict()
    original = load_file(str(tiny_model_dirs[arch] / "model.safetensors"))
    for name, value in original.items():
        want = torch.from_numpy(value)
        if want.dim() >= 2:
            want = want.to(torch.float16).to(torch.float32)  # the f16 rounding of the export, nothing more
        torch.testing.assert_close(loaded[name], want, rtol=0, atol=0, msg=f"{arch}: {name}")


def _undo_layout(arch: str, config: dict, hf_name: str, data: np.ndarray) -> np.ndarray:
    family = families.FAMILIES[arch]
    if family.permute_qk and (".q_proj." in hf_name or ".k_proj." in hf_name):
        heads = config["num_attention_heads"] if ".q_proj." in hf_name else config["num_key_value_heads"]
        d = data.shape[0] // heads // 2
        return data.reshape(heads, d, 2, *data.shape[1:]).swapaxes(1, 2).reshape(data.shape)
    if family.norm_offset and hf_name.endswith("norm.weight"):
        return data - family.norm_offset
    return data


@pytest.mark.parametrize("arch", ARCHS)
def test_gguf_reader_lists_every_tensor_with_type_shape_and_values(arch, exported, tiny_model_dirs):
    folder = tiny_model_dirs[arch]
    config = json.loads((folder / "config.json").read_text())
    original = load_file(str(folder / "model.safetensors"))
    name_map = gguf.get_tensor_name_map(families.FAMILIES[arch].arch, config["num_hidden_layers"])
    expected = {}
    for hf_name, value in original.items():
        if hf_name == "lm_head.weight" and config.get("tie_word_embeddings"):
            continue
        expected[name_map.get_name(hf_name, try_suffixes=(".weight", ".bias"))] = (hf_name, value)
    reader = gguf.GGUFReader(exported[arch].out)
    assert {t.name for t in reader.tensors} == set(expected)
    for tensor in reader.tensors:
        hf_name, value = expected[tensor.name]
        want_type = gguf.GGMLQuantizationType.F32 if value.ndim == 1 else gguf.GGMLQuantizationType.F16
        assert tensor.tensor_type == want_type, tensor.name
        assert tuple(int(d) for d in tensor.shape) == tuple(reversed(value.shape)), tensor.name  # GGUF lists ne0 first
        data = _undo_layout(arch, config, hf_name, np.asarray(tensor.data, dtype=np.float32).reshape(value.shape))
        want = value.astype(np.float16).astype(np.float32) if value.ndim >= 2 else value
        np.testing.assert_array_equal(data, want, err_msg=f"{arch}: {tensor.name}")
    assert reader.fields["tokenizer.chat_template"].contents().startswith("{% for message in messages %}")
    assert reader.fields["general.file_type"].contents() == int(gguf.LlamaFileType.MOSTLY_F16)


@pytest.mark.parametrize("out_type", ["bf16", "f32"])
def test_bf16_and_f32_exports_load_and_f32_is_closer(out_type, exported, tiny_model_dirs, tmp_path):
    arch = "qwen2"
    out = export_gguf(ExportConfig(model=str(tiny_model_dirs[arch]), out=str(tmp_path / f"m-{out_type}.gguf"),
                                   out_type=out_type, modelfile=False))
    reader = gguf.GGUFReader(out.out)
    kinds = {t.tensor_type for t in reader.tensors}
    assert kinds == {gguf.GGMLQuantizationType.F32} | ({gguf.GGMLQuantizationType.BF16} if out_type == "bf16" else set())
    result = check_gguf(CheckConfig(gguf=out.out, hf_model=str(tiny_model_dirs[arch]), write=False))
    f16 = check_gguf(CheckConfig(gguf=exported[arch].out, hf_model=str(tiny_model_dirs[arch]), write=False))
    if out_type == "f32":
        assert result.max_abs_dlogit < f16.max_abs_dlogit
    else:  # bf16 keeps 8 mantissa bits against f16's 11
        assert result.max_abs_dlogit > f16.max_abs_dlogit
    assert result.tokenizer_agreement == 1.0


def test_export_streams_progress_events(tiny_model_dirs, tmp_path):
    from so8t.events import EventSink, read_events

    log = tmp_path / "events.jsonl"
    result = export_gguf(ExportConfig(model=str(tiny_model_dirs["llama"]), out=str(tmp_path / "m.gguf")),
                         EventSink(stage="export", log_path=log))
    progress = [e for e in read_events(log) if e["kind"] == "progress"]
    assert [e["done"] for e in progress] == list(range(1, result.n_tensors + 1))
    assert {e["total"] for e in progress} == {result.n_tensors}
    assert not list(tmp_path.glob(".*partial"))


def test_names_that_readers_would_misread_are_altered(tiny_model_dirs):
    from so8t.gguf.export import safe_model_name

    assert safe_model_name("phi3", tiny_model_dirs["phi3"]) == "phi_3"  # the tiny vocabulary lacks </s>, <unk>, <s>
    assert safe_model_name("My-Phi-3-mini", tiny_model_dirs["phi3"]) == "My-Phi_3-mini"
    assert safe_model_name("mistral", tiny_model_dirs["mistral"]) == "mistral-model"
    assert safe_model_name("qwen2-tiny", tiny_model_dirs["qwen2"]) == "qwen2-tiny"


@pytest.mark.parametrize("rope", [
    {"rope_type": "llama3", "rope_theta": 10000.0, "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
     "original_max_position_embeddings": 64},
    {"rope_type": "linear", "rope_theta": 10000.0, "factor": 4.0},
], ids=["llama3", "linear"])
def test_rope_scaling_is_exported(rope, tmp_path, monkeypatch):
    """Llama 3 (rope_freqs tensor) and linear rope scaling; without them the logits drift tenfold."""
    from so8t.gguf.check import FLOAT_DLOGIT_REL_WARN
    from so8t.model.tiny import build_tiny_model

    folder = build_tiny_model("llama", tmp_path / "m", seed=2, rope_parameters=rope, max_position_embeddings=2048)
    good = export_gguf(ExportConfig(model=str(folder), out=str(tmp_path / "good.gguf"), modelfile=False))
    if rope["rope_type"] == "llama3":
        assert "rope_freqs.weight" in {t.name for t in gguf.GGUFReader(good.out).tensors}
    ok = check_gguf(CheckConfig(gguf=good.out, hf_model=str(folder), write=False))
    assert ok.passed and ok.mean_abs_dlogit_rel < FLOAT_DLOGIT_REL_WARN / 2, ok.verdict

    real = families.rope_settings
    monkeypatch.setattr(families, "rope_settings", lambda config: (real(config)[0], None))  # negative control
    bad = export_gguf(ExportConfig(model=str(folder), out=str(tmp_path / "bad.gguf"), modelfile=False))
    drift = check_gguf(CheckConfig(gguf=bad.out, hf_model=str(folder), write=False))
    assert drift.mean_abs_dlogit_rel > FLOAT_DLOGIT_REL_WARN and "WARNING" in drift.verdict
