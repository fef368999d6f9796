"""Streamed bake and verification: same verdict and figures as the whole-model path, same baked weights."""

import json

import pytest
import torch
from safetensors.torch import load_file
from transformers import AutoModelForCausalLM

from so8t.bake.exact import BakeConfig, bake, bake_gates_into_model, streaming_gates
from so8t.bake.streamed import bake_shards, streamed_logits
from so8t.bake.verify import (
    VerifyReport,
    compare_logits,
    decide,
    float64_logits,
    model_logits,
    prompt_batches,
)
from so8t.errors import ConfigError
from so8t.model.folder import inspect_model_folder, load_model
from so8t.model.gates import attach_gates, randomize_gates
from so8t.model.tiny import build_tiny_model
from tests.conftest import ARCHITECTURES

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("one_torch_thread")]  # bakes every family, streamed and whole

ANGLE, SEED = 0.5, 0
#: Acceptance bounds: float64 reference logits within 1e-12 relative, fp32 logits within 1e-5.
FLOAT64_RTOL, FP32_RTOL = 1e-12, 1e-5
#: Figures of the verdict compared between the paths (the criteria must be identical).
FIGURES = ("max_abs_err", "mean_abs_err", "kl", "top1_agreement", "noise_floor", "bake_err", "orth_err_max",
           "det_err_max", "reload_max_abs_err")


@pytest.fixture(scope="module")
def deep_model(tmp_path_factory):
    """The 24-layer test model of the acceptance list (narrow, so the suite stays fast)."""
    return build_tiny_model("llama", tmp_path_factory.mktemp("deep") / "deep", num_hidden_layers=24,
                            hidden_size=128, intermediate_size=256, seed=3)


def _models(tiny_model_dirs, deep_model):
    return {**tiny_model_dirs, "llama-24-layers": deep_model}


def _whole_model_logits(folder):
    """gated, float64 reference and baked logits the whole-model way, built without bake()."""
    model = load_model(folder)
    randomize_gates(attach_gates(model, seed=SEED), ANGLE, SEED)
    batches = prompt_batches(folder, model.config.vocab_size, seed=SEED)
    gated = model_logits(model, batches)
    reference = float64_logits(model, batches)
    bake_gates_into_model(model)
    return batches, gated, reference, model_logits(model, batches)


def _assert_rel(actual, expected, rtol):
    scale = expected.abs().max().item()
    err = (actual.double() - expected.double()).abs().max().item()
    assert err <= rtol * scale, f"max |Δ| {err:.3g} exceeds {rtol:g} × {scale:.3g}"


@pytest.mark.parametrize("name", [*ARCHITECTURES, "llama-24-layers"])
def test_streamed_and_whole_model_verification_agree(name, tiny_model_dirs, deep_model, tmp_path):
    folder = _models(tiny_model_dirs, deep_model)[name]
    results = {}
    for path in ("whole", "streamed"):
        results[path] = bake(BakeConfig(model=str(folder), out=str(tmp_path / path), random_gates=True, angle=ANGLE,
                                        seed=SEED, verify=True, streaming=path))
    whole, streamed = results["whole"], results["streamed"]
    assert (whole.reference_path, streamed.reference_path) == ("whole-model", "streamed")
    assert whole.passed and streamed.passed, (whole.verify["criteria"], streamed.verify["criteria"])
    assert streamed.verify["criteria"] == whole.verify["criteria"]
    assert streamed.verify["original_criteria"] == whole.verify["original_criteria"]
    assert streamed.verify["positions"] == whole.verify["positions"]
    for figure in FIGURES:
        torch.testing.assert_close(streamed.verify[figure], whole.verify[figure], rtol=FP32_RTOL, atol=0,
                                   msg=lambda m, f=figure: f"{f}: {m}")
    assert streamed.peak_rss_mib is not None and whole.peak_rss_mib is not None

    # The logits themselves: float64 reference within 1e-12 relative, fp32 passes within 1e-5.
    batches, gated, reference, baked = _whole_model_logits(folder)
    gates, _ = streaming_gates(BakeConfig(model=str(folder), out=str(tmp_path / "x"), random_gates=True,
                                          angle=ANGLE, seed=SEED), inspect_model_folder(folder))
    logits = streamed_logits(folder, tmp_path / "streamed", gates, batches, torch.float32)
    _assert_rel(logits.reference, reference, FLOAT64_RTOL)
    _assert_rel(logits.gated, gated, FP32_RTOL)
    _assert_rel(logits.baked, baked, FP32_RTOL)
    _assert_rel(logits.reloaded, baked, FP32_RTOL)

    # Both paths write the same weights.
    a = load_file(str(tmp_path / "whole" / "model.safetensors"))
    b = load_file(str(tmp_path / "streamed" / "model.safetensors"))
    for key in b:
        torch.testing.assert_close(b[key], a[key], rtol=0, atol=0)


def test_negative_control_streamed_gate_removal_without_folding_fails(tiny_model_dirs, tmp_path):
    folder = tiny_model_dirs["qwen2"]
    config = BakeConfig(model=str(folder), out=str(tmp_path / "o"), random_gates=True, angle=ANGLE, seed=SEED)
    gates, _ = streaming_gates(config, inspect_model_folder(folder))
    (tmp_path / "unbaked").mkdir()
    bake_shards(folder, tmp_path / "unbaked", gates, torch.float32)
    batches = prompt_batches(folder, 1024, seed=SEED)
    logits = streamed_logits(folder, tmp_path / "unbaked", gates, batches, torch.float32, fold=False)
    cmp = compare_logits(logits.gated, logits.baked)
    report = decide(VerifyReport(
        positions=logits.gated.shape[0], max_abs_err=cmp.max_abs_err, mean_abs_err=cmp.mean_abs_err,
        kl=cmp.kl, top1_agreement=cmp.top1_agreement,
        noise_floor=compare_logits(logits.reference, logits.gated).max_abs_err,
        bake_err=compare_logits(logits.reference, logits.baked).max_abs_err, orth_err_max=0.0, det_err_max=0.0,
    ))
    assert cmp.max_abs_err > 100 * 1e-5
    assert not report.passed
    assert not report.criteria["bake_err_within_noise_floor"]


def test_sharded_bf16_model_bakes_shard_by_shard_to_float32(tmp_path):
    folder = tmp_path / "sharded"
    build_tiny_model("mistral", folder, num_hidden_layers=4, dtype=torch.bfloat16, seed=1)
    model = AutoModelForCausalLM.from_pretrained(str(folder))
    for f in folder.glob("model*.safetensors"):
        f.unlink()
    model.save_pretrained(str(folder), max_shard_size="200KB")
    shards = sorted(p.name for p in folder.glob("*.safetensors"))
    assert len(shards) > 2
    result = bake(BakeConfig(model=str(folder), out=str(tmp_path / "baked"), random_gates=True, dtype="float32",
                             streaming="streamed", verify=True))
    assert result.passed, result.verify["criteria"]
    assert result.dtype == "float32" and result.layers_baked == 4
    out = tmp_path / "baked"
    assert sorted(p.name for p in out.glob("*.safetensors")) == shards
    assert json.loads((out / "config.json").read_text())["dtype"] == "float32"
    index = json.loads((out / "model.safetensors.index.json").read_text())
    reloaded = AutoModelForCausalLM.from_pretrained(str(out))
    assert index["metadata"]["total_size"] == sum(t.numel() * 4 for t in reloaded.state_dict().values())
    assert next(reloaded.parameters()).dtype == torch.float32
    record = json.loads((out / "so8t_bake.json").read_text())["result"]
    assert record["reference_path"] == "streamed" and record["fp32_device"] == "cpu"
    assert record["peak_rss_mib"] > 0 and "peak_gpu_allocated_mib" in record


def test_streamed_bake_of_a_training_checkpoint_is_refused_clearly(tiny_model_dirs, tmp_path):
    ckpt = tmp_path / "run" / "ckpt"
    ckpt.mkdir(parents=True)
    (ckpt / "gates.safetensors").write_bytes(b"")
    (ckpt / "adapter_config.json").write_text("{}")
    with pytest.raises(ConfigError, match="training checkpoint"):
        bake(BakeConfig(model=str(tiny_model_dirs["llama"]), out=str(tmp_path / "o"), gates=str(ckpt),
                        streaming="streamed"))


def test_unknown_streaming_choice_is_a_config_error(tiny_model_dirs, tmp_path):
    with pytest.raises(ConfigError, match="streaming must be one of .auto., .whole., .streamed."):
        BakeConfig(model=str(tiny_model_dirs["llama"]), out=str(tmp_path / "o"), random_gates=True, streaming="maybe")

